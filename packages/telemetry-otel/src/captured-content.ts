/**
 * Content attributes in the JSON shapes the GenAI conventions give for
 * `gen_ai.input.messages` and `gen_ai.output.messages`.
 */
export function inputMessages(text: string): string {
  return JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: text }] }]);
}

export function outputMessages(text: string, finishReason: string): string {
  return JSON.stringify([
    { role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: finishReason },
  ]);
}

/** Tool arguments as a string: strings as they are, anything else as JSON when it can be. */
export function toolArguments(input: unknown): string {
  if (typeof input === 'string') return input;
  try {
    return JSON.stringify(input) ?? String(input);
  } catch {
    return String(input);
  }
}
