import { EngineInputError } from '@openjarvis/core';

/** Timeouts shared by every adapter. All are milliseconds. */
export interface EngineHttpOptions {
  /**
   * How long `health()`, `status()`, `listModels()` and `contextLength()` wait
   * for the engine's response headers. Probes should fail fast.
   * @default 5000
   */
  probeTimeoutMs?: number | undefined;
  /**
   * How long `generate()` and `stream()` wait for the response headers. Engines
   * send them only after the prompt is processed (and, for `generate()`, after
   * the whole reply), so this is long. Node's fetch gives up on headers after
   * 300 s by itself, so larger values have no effect.
   * @default 300000
   */
  requestTimeoutMs?: number | undefined;
  /**
   * The longest silence allowed while reading a response body: between two
   * chunks of a stream, or while a non-streamed reply arrives. A stalled engine
   * fails with core's `TimeoutError` instead of hanging. Time the consumer
   * spends between chunks does not count.
   * @default 60000
   */
  streamIdleTimeoutMs?: number | undefined;
}

export interface ResolvedHttpOptions {
  probeTimeoutMs: number;
  requestTimeoutMs: number;
  streamIdleTimeoutMs: number;
}

export const defaultHttpOptions: ResolvedHttpOptions = {
  probeTimeoutMs: 5_000,
  requestTimeoutMs: 300_000,
  streamIdleTimeoutMs: 60_000,
};

/** Largest delay `setTimeout` honours. */
const maxTimerMs = 2_147_483_647;

export function resolveHttpOptions(options: EngineHttpOptions): ResolvedHttpOptions {
  return {
    probeTimeoutMs: checkTimeout(options.probeTimeoutMs, 'probeTimeoutMs'),
    requestTimeoutMs: checkTimeout(options.requestTimeoutMs, 'requestTimeoutMs'),
    streamIdleTimeoutMs: checkTimeout(options.streamIdleTimeoutMs, 'streamIdleTimeoutMs'),
  };
}

function checkTimeout(value: number | undefined, field: keyof ResolvedHttpOptions): number {
  if (value === undefined) return defaultHttpOptions[field];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > maxTimerMs) {
    throw new EngineInputError({
      field,
      message: `${field} must be a positive number of milliseconds up to ${maxTimerMs}, got ${String(value)}`,
    });
  }
  return value;
}
