import { connect, type NatsConnection } from '@nats-io/transport-node';

/**
 * Connects to the fleet's server, reconnecting for good after a loss. The
 * token, if the server wants one, comes from `JARVIS_NATS_TOKEN` (never from
 * a flag, which any user could read in the process list).
 */
export function connectNats(
  url: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<NatsConnection> {
  const token = env.JARVIS_NATS_TOKEN;
  return connect({
    servers: url,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    timeout: 5_000,
    name: 'jarvis',
    ...(token === undefined || token === '' ? {} : { token }),
  });
}
