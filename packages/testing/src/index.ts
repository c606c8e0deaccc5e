export * from './fake-engines/index.js';
export * from './scripted-model/index.js';
