import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus, exactClock } from '@openjarvis/core';
import { recordBusToJsonl, replayJsonl } from '@openjarvis/recorder';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toolEnd, toolStart, turnEnd, turnStart } from './test-support/fixtures.js';
import { harnessPerTest, hrToMs, parentId, spanId, T0 } from './test-support/otel-harness.js';

const newHarness = harnessPerTest();
let dir: string;

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a replayed recording', () => {
  it('yields the same spans, at the recorded times', async () => {
    const harness = newHarness();
    dir = await mkdtemp(join(tmpdir(), 'telemetry-replay-'));
    const path = join(dir, 'run.jsonl');

    // Record on a bus of its own, then replay into the instrumented one.
    const source = new EventBus({ clock: exactClock });
    const recorder = recordBusToJsonl(source, path);
    // The harness fakes Date, so the recorded timestamps are T0 + offset.
    const at = (offset: number, publish: () => void) => {
      vi.setSystemTime(T0 + offset);
      publish();
    };
    at(0, () => source.publish('agent_turn_start', turnStart('run_rec')));
    at(100, () => source.publish('tool_call_start', toolStart('run_rec', 'c1')));
    at(250, () => source.publish('tool_call_end', toolEnd('run_rec', 'c1')));
    at(900, () => source.publish('agent_turn_end', turnEnd('run_rec')));
    await recorder.close();

    vi.setSystemTime(T0 + 60_000);
    await replayJsonl(path, harness.bus);

    const turn = harness.span('invoke_agent opencode');
    const tool = harness.span('execute_tool bash');
    expect(parentId(tool)).toBe(spanId(turn));
    expect(hrToMs(turn.startTime)).toBe(T0);
    expect(hrToMs(turn.endTime)).toBe(T0 + 900);
    expect(hrToMs(tool.startTime)).toBe(T0 + 100);
    expect(hrToMs(tool.endTime)).toBe(T0 + 250);
  });
});
