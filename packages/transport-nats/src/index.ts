export { FleetError, type FleetErrorKind } from './errors.js';
export { type BusBridge, bridgeBusToNats, type RunBinding } from './events/bridge-bus.js';
export type { BridgeOptions } from './events/bridge-options.js';
export { decodeEnvelope, type EventEnvelope, encodeEnvelope } from './events/event-envelope.js';
export { RemoteBus, type RemoteBusOptions, type RemoteBusStart } from './events/remote-bus.js';
export { eventSubject, FleetSubjects, runEventsFilter, subjectToken } from './events/subjects.js';
export { formatTraceparent, parseTraceparent, type TraceParent } from './events/traceparent.js';
