import type { EngineHealthState, InferenceEngine, ModelInfo } from '@openjarvis/core';

/** What a probe found out about one engine. */
export interface EngineReport {
  state: EngineHealthState;
  detail: string;
  models: ModelInfo[];
}

export interface ProbeOptions {
  /** Bound on each request of the probe. */
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Ask for the context length of models whose listing lacks it (Ollama needs one request per model).
   * @default 8 models at most
   */
  maxContextLookups?: number;
}

/**
 * Asks an engine for its health, then (when it is ok) for its models and
 * their context lengths. Never throws for engine trouble: the report says it.
 */
export async function probeEngine(
  engine: InferenceEngine,
  options: ProbeOptions,
): Promise<EngineReport> {
  const bounded = () =>
    options.signal === undefined
      ? AbortSignal.timeout(options.timeoutMs)
      : AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  const status = await engine.status({ signal: bounded() }).catch((error: unknown) => ({
    state: 'unreachable' as const,
    detail: error instanceof Error ? error.message : String(error),
  }));
  if (status.state !== 'ok') return { state: status.state, detail: status.detail, models: [] };
  let models: ModelInfo[];
  try {
    models = await engine.listModels({ signal: bounded() });
  } catch (error) {
    return {
      state: 'ok',
      detail: `${status.detail}; listing models failed: ${error instanceof Error ? error.message : String(error)}`,
      models: [],
    };
  }
  let lookups = options.maxContextLookups ?? 8;
  for (const model of models) {
    if (model.contextLength !== undefined || engine.contextLength === undefined || lookups <= 0) {
      continue;
    }
    lookups--;
    const length = await engine
      .contextLength(model.id, { signal: bounded() })
      .catch(() => undefined);
    if (length !== undefined) model.contextLength = length;
  }
  return { state: 'ok', detail: status.detail, models };
}
