import {
  AbortedError,
  type EngineHealthState,
  type EngineStatus,
  JarvisError,
  TimeoutError,
} from '@openjarvis/core';
import { type ErrorBody, parseErrorBody } from '../errors/error-body.js';
import type { EngineHttpClient } from '../http/engine-http-client.js';
import type { EngineResponse } from '../http/engine-response.js';
import { describeCause } from '../http/transport-failure.js';

/** What a probe saw: a response (status and body read), or why there was none. */
export type ProbeOutcome =
  | { kind: 'response'; status: number; body: string; error: ErrorBody; url: string }
  | { kind: 'unreachable'; detail: string; url: string };

/**
 * Sends one GET for a health or status check and reads the whole body. Never
 * throws for engine trouble (that is what the outcome reports); only the
 * caller's abort rejects, with `AbortedError`.
 */
export async function probe(
  http: EngineHttpClient,
  path: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<ProbeOutcome> {
  const url = http.url(path);
  let response: EngineResponse;
  try {
    response = await http.send({
      method: 'GET',
      path,
      signal,
      timeoutMs,
      operation: `probe ${path}`,
    });
    const body = await response.text();
    return { kind: 'response', status: response.status, body, error: parseErrorBody(body), url };
  } catch (error) {
    if (AbortedError.isInstance(error)) throw error;
    return { kind: 'unreachable', detail: unreachableDetail(error, http.engineId, url), url };
  }
}

function unreachableDetail(error: unknown, engineId: string, url: string): string {
  if (TimeoutError.isInstance(error)) {
    return `${engineId} at ${url} did not answer within ${error.timeoutMs} ms`;
  }
  const cause = JarvisError.isInstance(error) && error.cause !== undefined ? error.cause : error;
  return `${describeCause(cause)} at ${url}; is ${engineId} running?`;
}

export function statusOf(
  state: EngineHealthState,
  detail: string,
  extra: { models?: string[]; version?: string } = {},
): EngineStatus {
  const status: EngineStatus = { state, detail };
  if (extra.models !== undefined) status.models = extra.models;
  if (extra.version !== undefined) status.version = extra.version;
  return status;
}

/** A one-line summary of a probe's HTTP answer for status details. */
export function describeAnswer(outcome: Extract<ProbeOutcome, { kind: 'response' }>): string {
  const said = outcome.error.message.replace(/\s+/g, ' ').trim();
  const shortened = said.length > 160 ? `${said.slice(0, 160)}…` : said;
  return `HTTP ${outcome.status}${shortened === '' ? '' : `: ${shortened}`}`;
}
