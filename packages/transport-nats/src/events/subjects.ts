/** Subjects and stream names of the fleet. One place, so every process agrees. */
export const FleetSubjects = {
  /** Stream of every event: `jarvis.events.<run>.<type>`. */
  eventStream: 'JARVIS_EVENTS',
  eventsAll: 'jarvis.events.>',
  /** Work-queue stream of tasks. */
  taskStream: 'JARVIS_TASKS',
  taskSubject: 'jarvis.tasks.queue',
  /** Tasks given up on, with the reason: `jarvis.tasks.dead.<taskId>`. */
  deadStream: 'JARVIS_DEAD',
  deadAll: 'jarvis.tasks.dead.>',
  /** Cancel requests, core NATS: `jarvis.tasks.cancel.<taskId>`. */
  cancelAll: 'jarvis.tasks.cancel.>',
  /** The durable consumer every worker pulls from. */
  workerConsumer: 'jarvis-workers',
  /**
   * The advisory the server publishes when a task of the worker consumer has
   * used up its deliveries (on the next pull after the last ack wait), kept
   * in a work-queue stream so it outlives a moment with no worker listening.
   */
  maxDeliveriesAdvisory: '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.JARVIS_TASKS.jarvis-workers',
  lostStream: 'JARVIS_TASKS_LOST',
  /** The durable consumer every worker pulls those advisories from. */
  lostConsumer: 'jarvis-lost-tasks',
  /** KV buckets. */
  resultsBucket: 'jarvis_results',
  workersBucket: 'jarvis_workers',
  cancelsBucket: 'jarvis_cancels',
} as const;

/**
 * A subject token for an arbitrary id: NATS tokens may not hold `.`, `*`,
 * `>` or whitespace. Other characters pass; the envelope keeps the real id,
 * so two ids sharing a token are still told apart by their receivers.
 */
export function subjectToken(id: string): string {
  const token = id.replace(/[.*>\s]/g, '_');
  return token === '' ? '_' : token;
}

export function eventSubject(runId: string, type: string): string {
  return `jarvis.events.${subjectToken(runId)}.${subjectToken(type)}`;
}

/** Every event of one run. */
export function runEventsFilter(runId: string): string {
  return `jarvis.events.${subjectToken(runId)}.>`;
}

export function deadLetterSubject(taskId: string): string {
  return `jarvis.tasks.dead.${subjectToken(taskId)}`;
}

export function cancelSubject(taskId: string): string {
  return `jarvis.tasks.cancel.${subjectToken(taskId)}`;
}
