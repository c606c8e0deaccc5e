import { UsageError } from '../usage-error.js';

const unitMs = { ms: 1, s: 1_000, m: 60_000, min: 60_000, h: 3_600_000 } as const;

/**
 * Reads a duration flag: `90` (seconds), `90s`, `500ms`, `5m`, `5min`, `1h`,
 * or a sum such as `1m30s`. Throws `UsageError` naming the flag for anything
 * else, and for zero.
 */
export function parseDuration(text: string, flag: string): number {
  const trimmed = text.trim().toLowerCase();
  const bare = /^\d+(?:\.\d+)?$/.test(trimmed) ? `${trimmed}s` : trimmed;
  const parts = [...bare.matchAll(/(\d+(?:\.\d+)?)(ms|min|s|m|h)/g)];
  const consumed = parts.map((part) => part[0]).join('');
  if (parts.length === 0 || consumed !== bare) {
    throw new UsageError(
      `${flag} must be a duration such as 90s, 5m or 1h30m (a bare number is seconds), got "${text}"`,
    );
  }
  let ms = 0;
  for (const [, amount, unit] of parts) ms += Number(amount) * unitMs[unit as keyof typeof unitMs];
  if (ms <= 0) throw new UsageError(`${flag} must be longer than zero, got "${text}"`);
  return Math.round(ms);
}
