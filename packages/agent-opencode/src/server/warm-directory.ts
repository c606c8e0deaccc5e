import type { OpenCodeClient } from '../client/opencode-client.js';

/**
 * Readies the client's directory on its server before a first run: the
 * instance (config, plugins, file watcher), the agents and the providers,
 * which opencode otherwise loads lazily during the first prompt.
 */
export async function warmDirectory(client: OpenCodeClient, signal: AbortSignal): Promise<void> {
  await client.config(signal);
  await Promise.all([client.agents(signal), client.providers(signal)]);
}
