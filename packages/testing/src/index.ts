export * from './fake-engines/index.js';
