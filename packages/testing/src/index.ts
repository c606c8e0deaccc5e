// Everything, for tests that want one import; each kind of peer is also its own subpath
// (`@openjarvis/testing/fake-engines`, …), so a test loads only the peers it uses.
export * from './fake-engines/index.js';
export * from './gguf/index.js';
export * from './llama-server/index.js';
export * from './nats-server/index.js';
export * from './programs/index.js';
export * from './stand-in/index.js';
