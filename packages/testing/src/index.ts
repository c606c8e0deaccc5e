export * from './scripted-model/index.js';
