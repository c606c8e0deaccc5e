export {
  type BusInstrumentation,
  INSTRUMENTATION_SCOPE,
  instrumentBus,
} from './instrument-bus.js';
export type { InstrumentBusOptions, ToolTypeQuery } from './instrument-bus-options.js';
export { MalformedEventError } from './malformed-event-error.js';
export {
  ERROR_TYPE,
  ERROR_TYPE_OTHER,
  ErrorTypes,
  GenAi,
  GenAiMetric,
  GenAiOperation,
  type GenAiOperationName,
  JarvisAttr,
  ServerAttr,
} from './semconv.js';
