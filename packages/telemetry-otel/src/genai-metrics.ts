import type { Attributes, Histogram, Meter } from '@opentelemetry/api';
import { ERROR_TYPE, GenAi, GenAiMetric, type GenAiOperationName, ServerAttr } from './semconv.js';

// Bucket boundaries the GenAI metric conventions recommend.
const durationBuckets = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
const tokenBuckets = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** The attributes a GenAI client metric point may carry. */
export interface MetricFacts {
  operation: GenAiOperationName;
  provider?: string | undefined;
  model?: string | undefined;
  serverAddress?: string | undefined;
  serverPort?: number | undefined;
  errorType?: string | undefined;
}

/** The two GenAI client histograms. */
export class GenAiMetrics {
  readonly #tokenUsage: Histogram;
  readonly #duration: Histogram;

  constructor(meter: Meter) {
    this.#tokenUsage = meter.createHistogram(GenAiMetric.TOKEN_USAGE, {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      advice: { explicitBucketBoundaries: tokenBuckets },
    });
    this.#duration = meter.createHistogram(GenAiMetric.OPERATION_DURATION, {
      description: 'GenAI operation duration.',
      unit: 's',
      advice: { explicitBucketBoundaries: durationBuckets },
    });
  }

  recordTokens(facts: MetricFacts, input: number | undefined, output: number | undefined): void {
    const base = attributesOf({ ...facts, errorType: undefined });
    if (input !== undefined) {
      this.#tokenUsage.record(input, { ...base, [GenAi.TOKEN_TYPE]: 'input' });
    }
    if (output !== undefined) {
      this.#tokenUsage.record(output, { ...base, [GenAi.TOKEN_TYPE]: 'output' });
    }
  }

  recordDuration(facts: MetricFacts, seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    this.#duration.record(seconds, attributesOf(facts));
  }
}

function attributesOf(facts: MetricFacts): Attributes {
  const attributes: Attributes = { [GenAi.OPERATION_NAME]: facts.operation };
  if (facts.provider !== undefined) attributes[GenAi.PROVIDER_NAME] = facts.provider;
  if (facts.model !== undefined) attributes[GenAi.REQUEST_MODEL] = facts.model;
  if (facts.serverAddress !== undefined) attributes[ServerAttr.ADDRESS] = facts.serverAddress;
  if (facts.serverPort !== undefined) attributes[ServerAttr.PORT] = facts.serverPort;
  if (facts.errorType !== undefined) attributes[ERROR_TYPE] = facts.errorType;
  return attributes;
}
