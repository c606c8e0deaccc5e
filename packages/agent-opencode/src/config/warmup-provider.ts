import { warmupModelId, warmupProviderId } from '../server/warmup-model.js';
import type { OpenCodeConfig } from './build-opencode-config.js';

/** `config` with the in-process warm-up model as one more provider (see warmup-model.ts). */
export function withWarmupProvider(
  config: OpenCodeConfig,
  warmup: { baseUrl: string; apiKey: string },
): OpenCodeConfig {
  return {
    ...config,
    provider: {
      ...config.provider,
      [warmupProviderId]: {
        npm: '@ai-sdk/openai-compatible',
        name: 'OpenJarvis warm-up',
        options: { baseURL: warmup.baseUrl, apiKey: warmup.apiKey },
        models: { [warmupModelId]: { name: warmupModelId } },
      },
    },
    // Without a list every provider is enabled, the warm-up one included.
    ...(config.enabled_providers === undefined
      ? {}
      : { enabled_providers: [...config.enabled_providers, warmupProviderId] }),
  };
}
