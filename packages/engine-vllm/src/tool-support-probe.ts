import type { ToolSupport } from '@openjarvis/core';

/**
 * The smallest chat request with a tool and `tool_choice: "auto"`, what opencode
 * sends. vLLM checks its tool flags before it generates, so a server started
 * without `--enable-auto-tool-choice --tool-call-parser …` rejects it at once;
 * a server with them generates the one token `max_tokens` allows.
 */
export function toolSupportProbeBody(model: string): Record<string, unknown> {
  return {
    model,
    messages: [{ role: 'user', content: 'ping' }],
    max_tokens: 1,
    tools: [
      {
        type: 'function',
        function: {
          name: 'probe',
          description: 'capability probe',
          parameters: { type: 'object', properties: {} },
        },
      },
    ],
    tool_choice: 'auto',
  };
}

const toolFlagsMissing = /enable-auto-tool-choice|tool-call-parser/i;

/** Reads vLLM's answer to the probe: 200 is yes, its 400 about the tool flags is no. */
export function readToolSupportProbe(status: number, body: string): ToolSupport {
  if (status >= 200 && status < 300) return 'yes';
  if (status === 400 && toolFlagsMissing.test(body)) return 'no';
  return 'unknown';
}
