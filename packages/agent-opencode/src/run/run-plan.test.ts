import { describe, expect, it } from 'vitest';
import { planRun, type RunDefaults } from './run-plan.js';

const defaults: RunDefaults = {
  agent: 'build',
  providerId: 'openjarvis',
  providerBaseUrl: 'http://127.0.0.1:8080/v1',
  modelId: 'coder',
  models: ['coder-large'],
  systemPrompt: 'Be careful.',
  timeoutMs: 1_000,
};

describe('planRun', () => {
  it('uses the agent’s defaults when the run chooses nothing', () => {
    expect(planRun(defaults, {}, 5)).toEqual({
      agent: 'build',
      model: { providerID: 'openjarvis', modelID: 'coder' },
      systemPrompt: 'Be careful.',
      deadline: 1_005,
    });
  });

  it('applies the run’s model, agent, system and time limit', () => {
    expect(
      planRun(
        defaults,
        { model: 'coder-large', agent: 'reviewer', systemPrompt: 'Review only.', timeoutMs: 50 },
        5,
      ),
    ).toEqual({
      agent: 'reviewer',
      model: { providerID: 'openjarvis', modelID: 'coder-large' },
      systemPrompt: 'Review only.',
      deadline: 55,
    });
  });

  it('refuses a model opencode was not configured with', () => {
    expect(planRun(defaults, { model: 'other' }, 0)).toMatchObject({ kind: 'model_not_found' });
  });

  it('without a base URL, splits provider/model ids and refuses bare ones', () => {
    const known = { ...defaults, providerBaseUrl: '', modelId: 'anthropic/claude' };
    expect(planRun(known, {}, 0)).toMatchObject({
      model: { providerID: 'anthropic', modelID: 'claude' },
    });
    expect(planRun({ ...known, modelId: 'bare' }, {}, 0)).toMatchObject({ kind: 'no_provider' });
  });
});
