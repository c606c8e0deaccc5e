export { cpuTimeNs } from './cpu-time.js';
export { formatCi, formatSpread } from './format.js';
export { type BenchArm, type InterleaveOptions, interleave, rotation } from './interleave.js';
export {
  type BootstrapOptions,
  bootstrapCi,
  type ConfidenceInterval,
  median,
  pairedRatios,
  quantile,
  type Spread,
  spread,
} from './statistics.js';
