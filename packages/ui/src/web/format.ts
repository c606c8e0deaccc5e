/** `840 ms`, `3.2 s`, `2 min 05 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** A one-line digest of a tool's input: its most telling field, cut to `max` characters. */
export function shortInput(input: unknown, max = 60): string {
  let text: string;
  if (input === undefined || input === null) text = '';
  else if (typeof input === 'string') text = input;
  else if (typeof input === 'object') {
    const fields = input as { [key: string]: unknown };
    const telling = ['command', 'filePath', 'path', 'pattern', 'url', 'query', 'description'];
    const key = telling.find((name) => typeof fields[name] === 'string');
    text = key === undefined ? JSON.stringify(input) : String(fields[key]);
  } else text = String(input);
  return cut(text.replace(/\s+/g, ' ').trim(), max);
}

export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `1,234 in · 56 out`. */
export function formatTokens(usage: { inputTokens: number; outputTokens: number } | undefined) {
  if (usage === undefined) return '';
  return `${usage.inputTokens.toLocaleString('en')} in · ${usage.outputTokens.toLocaleString('en')} out tokens`;
}

/** The wall-clock time of an event, `14:03:27`. */
export function formatClock(timestamp: number): string {
  return new Date(timestamp).toLocaleTimeString('en-GB', { hour12: false });
}
