import type { InferenceEngine } from '@openjarvis/core';
import type { EngineReport } from '../engines/probe-engine.js';
import type { Failure } from '../hints/failure.js';

/** Whether a run can start on this engine, and with which model. */
export type PreflightOutcome = { ok: true; model: string } | { ok: false; failure: Failure };

/**
 * Checks a probe's report before opencode is started, so that the common
 * first-run problems (engine not running, no model, unknown model, bad key)
 * fail in a second with a hint instead of after opencode's retries. An empty
 * `model` means "the engine's first model".
 */
export function preflight(
  engine: InferenceEngine,
  engineType: string,
  report: EngineReport,
  model: string,
): PreflightOutcome {
  const context = { engineType, ...(engine.host === undefined ? {} : { engineHost: engine.host }) };
  const fail = (errorKind: string, message: string, failedModel?: string): PreflightOutcome => ({
    ok: false,
    failure: {
      ...context,
      errorKind,
      message,
      ...(failedModel === undefined ? {} : { model: failedModel }),
    },
  });
  switch (report.state) {
    case 'unreachable':
      return fail('engine_unreachable', report.detail);
    case 'unauthorized':
      return fail('unauthorized', report.detail);
    case 'loading':
      return fail('engine_loading', report.detail);
    case 'unhealthy':
      return fail('engine_error', report.detail);
    case 'ok':
      break;
  }
  const ids = report.models.map((info) => info.id);
  if (model === '') {
    const first = ids[0];
    if (first === undefined)
      return fail('no_models', `${engine.engineId} at ${engine.host ?? '?'} serves no models`);
    return { ok: true, model: first };
  }
  // llama-server answers for any model id with the one it loaded.
  if (engineType === 'llamacpp' || ids.length === 0 || serves(ids, model))
    return { ok: true, model };
  return fail(
    'model_not_found',
    `${engine.engineId} does not serve "${model}"; it serves ${ids.join(', ')}`,
    model,
  );
}

function serves(ids: readonly string[], model: string): boolean {
  return ids.includes(model) || (!model.includes(':') && ids.includes(`${model}:latest`));
}
