import { raceAbort } from '@openjarvis/core';
import type { OpenCodeEventHub } from '../client/event-hub.js';
import { newMessageId } from '../client/message-id.js';
import type { OpenCodeClient } from '../client/opencode-client.js';
import { warmupModelId, warmupProviderId } from './warmup-model.js';

export interface WarmDirectoryOptions {
  /** A client for the directory to ready. */
  client: OpenCodeClient;
  events: OpenCodeEventHub;
  /** The opencode agent the runs will use. */
  agent: string;
  /** Whether the server knows the warm-up model (servers this process started do). */
  warmupTurn: boolean;
  signal: AbortSignal;
}

/**
 * Readies a directory on its server before a first run. opencode loads the
 * directory's instance when asked for its config, but the provider, the
 * system prompt and the tools only during a first prompt, so a throwaway
 * session prompts the in-process warm-up model once (one no-op shell call,
 * then an answer) and is deleted.
 */
export async function warmDirectory(options: WarmDirectoryOptions): Promise<void> {
  const { client, events, signal } = options;
  await client.config(signal);
  if (!options.warmupTurn) {
    await Promise.all([client.agents(signal), client.providers(signal)]);
    return;
  }
  const sessionId = await client.createSession('openjarvis warm-up', signal);
  let idle: () => void = () => {};
  const idled = new Promise<void>((resolve) => {
    idle = resolve;
  });
  const subscription = events.events$.subscribe((event) => {
    if (event.type === 'session.idle' && event.properties.sessionID === sessionId) idle();
    // Where the shell needs a permission, the warm-up does without it: nobody is there to ask.
    if (event.type === 'permission.asked' && event.properties.sessionID === sessionId) {
      client
        .replyPermission(event.properties.id, 'reject', AbortSignal.timeout(5_000))
        .catch(() => {});
    }
  });
  try {
    await client.promptAsync(
      sessionId,
      {
        messageID: newMessageId(),
        agent: options.agent,
        model: { providerID: warmupProviderId, modelID: warmupModelId },
        parts: [{ type: 'text', text: 'Reply with ok.' }],
        tools: { question: false },
      },
      signal,
    );
    await raceAbort(idled, signal, 'warming the opencode server');
  } finally {
    subscription.unsubscribe();
    await client.deleteSession(sessionId, AbortSignal.timeout(5_000)).catch(() => {});
  }
}
