import { randomBytes } from 'node:crypto';

/** A short unique id for a run: time-ordered prefix, random suffix. */
export function createRunId(): string {
  return `run_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
}
