export { buildWithTsc } from './build-with-tsc.js';
export {
  type NodeProgramOptions,
  type NodeProgramOutcome,
  runNodeProgram,
} from './run-node-program.js';
