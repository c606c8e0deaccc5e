import { describe, expect, it } from 'vitest';
import { readToolSupportProbe, toolSupportProbeBody } from './tool-support-probe.js';

describe('the vLLM tool-support probe', () => {
  it('asks for one token with one tool and tool_choice auto', () => {
    expect(toolSupportProbeBody('m')).toMatchObject({
      model: 'm',
      max_tokens: 1,
      tool_choice: 'auto',
      tools: [{ type: 'function', function: { name: 'probe' } }],
    });
  });

  it('reads 200 as yes, the tool-flags 400 as no, anything else as unknown', () => {
    expect(readToolSupportProbe(200, '{}')).toBe('yes');
    const flags = JSON.stringify({
      error: {
        message:
          '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
        code: 400,
      },
    });
    expect(readToolSupportProbe(400, flags)).toBe('no');
    expect(readToolSupportProbe(400, '{"error":{"message":"maximum context length is 4"}}')).toBe(
      'unknown',
    );
    expect(readToolSupportProbe(404, 'The model `x` does not exist.')).toBe('unknown');
    expect(readToolSupportProbe(401, '{"error":"Unauthorized"}')).toBe('unknown');
  });
});
