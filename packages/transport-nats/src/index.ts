export { FleetClient, type ResultOptions, type Submitted } from './client/fleet-client.js';
export { FleetError, type FleetErrorKind } from './errors.js';
export { type BusBridge, bridgeBusToNats, type RunBinding } from './events/bridge-bus.js';
export type { BridgeOptions } from './events/bridge-options.js';
export { decodeEnvelope, type EventEnvelope, encodeEnvelope } from './events/event-envelope.js';
export { RemoteBus, type RemoteBusOptions, type RemoteBusStart } from './events/remote-bus.js';
export { eventSubject, FleetSubjects, runEventsFilter, subjectToken } from './events/subjects.js';
export { formatTraceparent, parseTraceparent, type TraceParent } from './events/traceparent.js';
export {
  type FleetTask,
  parseWorkspace,
  type TaskWorkspace,
  validateTask,
} from './tasks/fleet-task.js';
export type { TaskOutcome, TaskStatus } from './tasks/task-outcome.js';
export { FleetWorker, type WorkerPresence } from './worker/fleet-worker.js';
export type { FleetWorkerOptions } from './worker/worker-options.js';
