/**
 * The delay before delivery `deliveries + 1` of a failed task: `base` doubled
 * per earlier delivery, capped. Never zero (a bare `nak` redelivers at once).
 */
export function retryDelay(deliveries: number, baseMs: number, capMs = 60_000): number {
  const exponent = Math.max(0, deliveries - 1);
  return Math.max(1, Math.min(capMs, baseMs * 2 ** Math.min(exponent, 30)));
}
