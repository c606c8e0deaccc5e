import { checkEngineFit } from '@openjarvis/agent-opencode';
import type { InferenceEngine } from '@openjarvis/core';
import type { EngineReport } from '../engines/probe-engine.js';
import type { FailureReport } from '../hints/failure.js';

/** Whether a run can start on this engine, and with which model. */
export type PreflightOutcome = { ok: true; model: string } | { ok: false; failure: FailureReport };

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

/**
 * For an opencode agent: asks the engine whether the model can serve opencode
 * at all (its window, its tool support), the same check the agent makes
 * before it spawns opencode, so that the CLI fails before building the agent.
 * `options` are the agent's options from the config.
 */
export async function checkOpenCodeFit(
  engine: InferenceEngine,
  engineType: string,
  model: string,
  options: Readonly<Record<string, unknown>>,
  signal?: AbortSignal,
): Promise<PreflightOutcome> {
  const fit = await checkEngineFit(engine, model, {
    minContextTokens: numberOr(options.minContextTokens),
    requireToolSupport:
      typeof options.requireToolSupport === 'boolean' ? options.requireToolSupport : undefined,
    contextLength: numberOr(options.contextLength),
    signal,
  });
  if (fit.ok) return { ok: true, model };
  return {
    ok: false,
    failure: {
      errorKind: fit.kind,
      message: fit.message,
      engineType,
      model,
      ...(engine.host === undefined ? {} : { engineHost: engine.host }),
    },
  };
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
