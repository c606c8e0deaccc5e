// The argument that says most about a call, by the names opencode's tools use.
const telling = ['command', 'filePath', 'path', 'pattern', 'url', 'query', 'description'];
const maxLength = 72;

/** A one-line summary of a tool's input: its most telling argument, else compact JSON. */
export function describeToolInput(input: unknown): string {
  if (typeof input === 'string') return shorten(input);
  if (typeof input !== 'object' || input === null)
    return input === undefined ? '' : shorten(String(input));
  const record = input as Record<string, unknown>;
  for (const key of telling) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return shorten(value);
  }
  const json = JSON.stringify(record);
  return json === '{}' ? '' : shorten(json);
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1)}…` : oneLine;
}
