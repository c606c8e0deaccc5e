import { randomBytes } from 'node:crypto';

/**
 * A new id for a user message, chosen by the driver so that it can tell the
 * prompt's own parts from the reply's. opencode orders messages by id, so it
 * starts with the time, as opencode's own ids do.
 */
export function newMessageId(): string {
  return `msg_${Date.now().toString(16)}${randomBytes(8).toString('hex')}`;
}
