import type { AgentErrorKind } from '@openjarvis/core';
import {
  type ModelReply,
  type ModelScript,
  markerScript,
  reply,
  turnScript,
} from '@openjarvis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type Rig, startRig } from './test-support/harness.js';

// The engine faults a run must survive, against the real opencode with the
// scripted stand-in model behind it. One agent and one opencode server serve
// every row: each row's run must end with its own errorKind within its bound,
// leave no engine request open, and leave the server able to run the next.

const stallTimeoutMs = 6_000;
// Generous bounds (the machine is shared): each fault row must end well before
// the run limit below, which would otherwise report it as `timeout`.
const faultBoundMs = 20_000;
const runLimitMs = 45_000;

const slowReply = 'slow but alive: one word at a time, never silent for long';
const sixteenWords =
  'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';

interface FaultRow {
  fault: string;
  /** What the engine does with the run's requests, in turn order. */
  engine?: ModelReply[];
  /** The engine is not listening at all during the run. */
  engineDown?: true;
  /** `undefined`: the run must succeed, with `content`. */
  errorKind: AgentErrorKind | undefined;
  content?: string;
  boundMs: number;
}

const rows: FaultRow[] = [
  { fault: 'refused', engineDown: true, errorKind: 'engine_unreachable', boundMs: faultBoundMs },
  {
    fault: '500',
    engine: [reply.httpError(500, 'the engine broke')],
    errorKind: 'engine_error',
    boundMs: faultBoundMs,
  },
  {
    fault: '503 loading',
    engine: [reply.loading()],
    errorKind: 'engine_loading',
    boundMs: faultBoundMs,
  },
  {
    fault: 'malformed SSE',
    engine: [reply.malformed()],
    errorKind: 'engine_malformed_response',
    boundMs: faultBoundMs,
  },
  {
    // Some frames, then the engine closes the connection (it died mid-reply).
    fault: 'stream cut',
    engine: [reply.text(sixteenWords, { fault: { kind: 'cut', afterBytes: 900 } })],
    errorKind: 'engine_error',
    boundMs: faultBoundMs,
  },
  {
    // 200, then the body stops inside a JSON value and the connection stays open.
    fault: 'truncated JSON',
    engine: [reply.text(sixteenWords, { fault: { kind: 'stall', afterBytes: 400 } })],
    errorKind: 'engine_stalled',
    boundMs: faultBoundMs,
  },
  { fault: 'hang', engine: [reply.hang()], errorKind: 'engine_stalled', boundMs: faultBoundMs },
  {
    // Every gap is below the stall bound, the whole reply well above it.
    fault: 'slow but alive',
    engine: [reply.text(slowReply, { delayMs: 1_000, chunkDelayMs: 800 })],
    errorKind: undefined,
    content: slowReply,
    boundMs: 30_000,
  },
  {
    // A tool that runs quietly for longer than the stall bound is opencode at
    // work, not a stalled engine.
    fault: 'quiet tool',
    engine: [
      reply.toolCall('bash', { command: 'sleep 8', description: 'Wait quietly' }),
      reply.text('Slept.'),
    ],
    errorKind: undefined,
    content: 'Slept.',
    boundMs: 30_000,
  },
];

const markerOf = (row: FaultRow) => `[[${row.fault}]]`;
const script: ModelScript = markerScript({
  '[[next]]': turnScript([reply.text('Recovered.')]),
  ...Object.fromEntries(
    rows.flatMap((row) =>
      row.engine === undefined ? [] : [[markerOf(row), turnScript(row.engine)]],
    ),
  ),
});

describe('fault matrix: engine faults through the real opencode (scripted model)', () => {
  let rig: Rig;
  const measured: string[] = [];

  beforeAll(async () => {
    rig = await startRig(script, { stallTimeoutMs, timeoutMs: runLimitMs, maxEngineRetries: 0 });
    // Starts the server and opencode's first-use work (provider, prompt), so
    // that no row's time includes them. Its result does not matter: on a loaded
    // machine that work alone can outlast this file's tight stall bound.
    await rig.agent.run('warm up [[next]]');
  });
  afterAll(async () => {
    await rig?.close();
    console.info(`fault matrix (stallTimeoutMs ${stallTimeoutMs}):\n${measured.join('\n')}`);
  });

  it.each(rows)(
    '$fault ends as $errorKind within its bound, closes its engine requests, and the next run succeeds',
    async (row) => {
      const pid = await rig.agent.serverPid();
      if (row.engineDown) await rig.model.refuseConnections();
      const started = Date.now();
      let result: Awaited<ReturnType<Rig['agent']['run']>>;
      try {
        result = await rig.agent.run(`go ${markerOf(row)}`);
      } finally {
        if (row.engineDown) await rig.model.acceptConnections();
      }
      const elapsedMs = Date.now() - started;
      measured.push(`  ${row.fault}: ${result.metadata.error?.kind ?? 'ok'} in ${elapsedMs} ms`);

      expect(result.metadata.error?.kind).toBe(row.errorKind);
      expect(elapsedMs).toBeLessThan(row.boundMs);
      if (row.errorKind === undefined) {
        expect(result.content).toBe(row.content);
        // The row proves something only if the run outlasted the stall bound.
        expect(elapsedMs).toBeGreaterThan(stallTimeoutMs);
      }
      await eventually(() => rig.model.openRequests === 0, 10_000);

      const next = await rig.agent.run('then [[next]]');
      expect(next.metadata.error).toBeUndefined();
      expect(next.content).toBe('Recovered.');
      expect(await rig.agent.serverPid()).toBe(pid);
    },
    120_000,
  );
});
