import { EventBus } from './event-bus.js';

let defaultBus: EventBus | undefined;

/** The process-wide bus, created on first use. */
export function getEventBus(): EventBus {
  defaultBus ??= new EventBus();
  return defaultBus;
}

/** Detaches every listener of the process-wide bus and starts a new one (for tests). */
export function resetEventBus(): EventBus {
  defaultBus?.removeAllListeners();
  defaultBus = new EventBus();
  return defaultBus;
}
