import type { Failure } from '@openjarvis/core';
import type { OpenCodeRunOptions } from './run-options.js';

/** What the agent was configured with, that a run may override. */
export interface RunDefaults {
  agent: string;
  providerId: string;
  providerBaseUrl: string;
  modelId: string;
  /** Other models the engine serves, written into opencode's config. */
  models: readonly string[];
  systemPrompt: string | undefined;
  timeoutMs: number;
}

/** How one run talks to opencode. */
export interface RunPlan {
  agent: string;
  model: { providerID: string; modelID: string };
  systemPrompt: string | undefined;
  /** Epoch ms by which the run must be over. */
  deadline: number;
}

export type RunPlanError = Failure;

/** The agent's defaults with the run's options applied, or why the run cannot go ahead. */
export function planRun(
  defaults: RunDefaults,
  options: OpenCodeRunOptions,
  now: number,
): RunPlan | RunPlanError {
  const modelId = options.model ?? defaults.modelId;
  let model: RunPlan['model'];
  if (defaults.providerBaseUrl !== '') {
    if (modelId !== defaults.modelId && !defaults.models.includes(modelId)) {
      return {
        kind: 'model_not_found',
        message: `model "${modelId}" is not one this agent was configured with (${[defaults.modelId, ...defaults.models].join(', ')}); list it in the agent's "models" option`,
      };
    }
    model = { providerID: defaults.providerId, modelID: modelId };
  } else {
    const slash = modelId.indexOf('/');
    if (slash <= 0) {
      return {
        kind: 'no_provider',
        message: `could not determine an opencode provider for model "${modelId}": give the engine a host or base URL, set providerBaseUrl, or use a "provider/model" id that opencode knows`,
      };
    }
    model = { providerID: modelId.slice(0, slash), modelID: modelId.slice(slash + 1) };
  }
  return {
    agent: options.agent ?? defaults.agent,
    model,
    systemPrompt: options.systemPrompt ?? defaults.systemPrompt,
    deadline: now + (options.timeoutMs ?? defaults.timeoutMs),
  };
}

export function isPlanError(plan: RunPlan | RunPlanError): plan is RunPlanError {
  return 'kind' in plan;
}
