import { describe, expect, it } from 'vitest';
import { hintFor } from './hint-for.js';

describe('hintFor', () => {
  it('tells how to get opencode', () => {
    expect(
      hintFor({ errorKind: 'opencode_not_found', message: 'opencode was not found on PATH' }),
    ).toContain('npm install -g opencode-ai@1.18.33');
  });

  it('tells how to start the engine that did not answer', () => {
    const hint = hintFor({
      errorKind: 'engine_unreachable',
      message: 'connection refused',
      engineType: 'ollama',
      engineHost: 'http://localhost:11434',
    });
    expect(hint).toContain(
      'No inference engine answered at http://localhost:11434. Start Ollama with "ollama serve".',
    );
    expect(hint).toContain('jarvis demo');
  });

  it('names the pull command for a model Ollama lacks', () => {
    expect(
      hintFor({
        errorKind: 'model_not_found',
        message: 'x',
        engineType: 'ollama',
        model: 'qwen3:8b',
      }),
    ).toContain('"ollama pull qwen3:8b"');
  });

  it.each([
    [
      'ollama',
      'registry.ollama.ai/library/gemma:2b does not support tools',
      'whose template supports tools',
    ],
    [
      'vllm',
      '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
      '--enable-auto-tool-choice',
    ],
    ['llamacpp', 'tools param requires --jinja flag', '--jinja'],
  ])('recognises %s refusing tool calls, whatever the error kind', (engineType, message, fix) => {
    const hint = hintFor({ errorKind: 'engine_error', message, engineType });
    expect(hint).toContain('cannot call tools');
    expect(hint).toContain(fix);
  });

  it('tells Ollama users what raises the window opencode gets: not numCtx, which /v1 ignores', () => {
    const hint = hintFor({
      errorKind: 'context_length_exceeded',
      message: 'x',
      engineType: 'ollama',
    });
    expect(hint).toContain('OLLAMA_CONTEXT_LENGTH=');
    expect(hint).toContain('PARAMETER num_ctx');
    expect(hint).toContain('numCtx option does not reach it');
    expect(hint).not.toMatch(/use (the engine option )?"?numCtx/);
  });

  it.each([
    ['llamacpp', '-c '],
    ['vllm', '--max-model-len'],
  ])('tells %s users how to raise the window', (engineType, fix) => {
    expect(hintFor({ errorKind: 'context_length_exceeded', message: 'x', engineType })).toContain(
      fix,
    );
  });

  it('answers the other first-run kinds', () => {
    for (const errorKind of [
      'unauthorized',
      'context_length_exceeded',
      'no_models',
      'no_provider',
      'timeout',
    ]) {
      expect(hintFor({ errorKind, message: 'x' })).toBeDefined();
    }
  });

  it("tells how to widen Ollama's window where opencode cannot: server setting or Modelfile", () => {
    const hint = hintFor({ errorKind: 'context_length_exceeded', message: 'x' });
    expect(hint).toMatch(/OLLAMA_CONTEXT_LENGTH=\d+/);
    expect(hint).toMatch(/PARAMETER num_ctx \d+/);
    expect(hint).toMatch(/llama-server -c \d+/);
    expect(hint).toMatch(/--max-model-len \d+/);
  });

  it('has nothing to add for an error it does not know', () => {
    expect(hintFor({ errorKind: 'opencode_error', message: 'something odd' })).toBeUndefined();
  });
});
