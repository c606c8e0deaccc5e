import type { HrTime } from '@opentelemetry/api';

/**
 * Milliseconds since the epoch as an OpenTelemetry `HrTime`. A plain number
 * would be taken for a `performance.now()` reading when it is older than the
 * process (a replayed recording), so times are always passed in this form.
 */
export function epochMsToHrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}
