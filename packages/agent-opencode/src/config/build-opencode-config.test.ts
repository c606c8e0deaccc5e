import { deriveOpenAIBaseUrl } from '@openjarvis/core';
import { describe, expect, it } from 'vitest';
import { buildOpenCodeConfig } from './build-opencode-config.js';

// Cases 12–17 of the ancestor's test file, plus the limits this package adds.
describe('buildOpenCodeConfig', () => {
  it('with a derivable base URL, adds an openai-compatible provider with the model', () => {
    const baseUrl = deriveOpenAIBaseUrl({ _host: 'http://localhost:11434' });
    const config = buildOpenCodeConfig({ providerBaseUrl: baseUrl, modelId: 'qwen3:8b' });
    const provider = config.provider?.openjarvis;
    expect(provider?.npm).toBe('@ai-sdk/openai-compatible');
    expect(provider?.options.baseURL).toBe('http://localhost:11434/v1');
    expect(Object.keys(provider?.models ?? {})).toEqual(['qwen3:8b']);
    expect(config.model).toBe('openjarvis/qwen3:8b');
    expect(config.enabled_providers).toEqual(['openjarvis']);
  });

  it('with no base URL and a provider/model name, writes no provider block', () => {
    const config = buildOpenCodeConfig({ modelId: 'ollama/llama3' });
    expect(config.provider).toBeUndefined();
    expect(config.model).toBeUndefined();
  });

  it('build agent allows edit and bash', () => {
    const { permission } = buildOpenCodeConfig({ modelId: 'm', agent: 'build' });
    expect(permission).toMatchObject({ edit: 'allow', bash: 'allow' });
  });

  it('plan agent denies edit and bash', () => {
    const { permission } = buildOpenCodeConfig({ modelId: 'm', agent: 'plan' });
    expect(permission).toMatchObject({ edit: 'deny', bash: 'deny' });
  });

  it('a caller-supplied permission replaces the defaults entirely', () => {
    const { permission } = buildOpenCodeConfig({ modelId: 'm', permission: { bash: 'deny' } });
    expect(permission).toEqual({ bash: 'deny' });
  });

  it('writes the API key only when given', () => {
    const withKey = buildOpenCodeConfig({
      providerBaseUrl: 'http://h/v1',
      modelId: 'm',
      apiKey: 'sk-1',
    });
    const without = buildOpenCodeConfig({ providerBaseUrl: 'http://h/v1', modelId: 'm' });
    expect(withKey.provider?.openjarvis?.options.apiKey).toBe('sk-1');
    expect(without.provider?.openjarvis?.options).not.toHaveProperty('apiKey');
  });

  it('carries a known context length as limits, capping the output', () => {
    const config = buildOpenCodeConfig({
      providerBaseUrl: 'http://h/v1',
      modelId: 'm',
      contextLength: 2048,
      maxTokens: 4096,
    });
    expect(config.provider?.openjarvis?.models.m?.limit).toEqual({ context: 2048, output: 1024 });
  });

  it('passes temperature with the capability flag opencode requires', () => {
    const config = buildOpenCodeConfig({
      providerBaseUrl: 'http://h/v1',
      modelId: 'm',
      temperature: 0.2,
    });
    expect(config.provider?.openjarvis?.models.m?.temperature).toBe(true);
    expect(config.agent.build).toEqual({ temperature: 0.2 });
  });

  it('turns off the title request and snapshots', () => {
    const config = buildOpenCodeConfig({ modelId: 'm' });
    expect(config.agent.title).toEqual({ disable: true });
    expect(config.snapshot).toBe(false);
  });
});
