// Internal to the project's own test peers (`@openjarvis/testing`'s fake
// engines share it): not part of the stand-in's public API.
export type { TransportFault } from './transport-fault.js';
export { type BodyFault, writeBody } from './write-body.js';
