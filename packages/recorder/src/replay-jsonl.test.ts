import { writeFile } from 'node:fs/promises';
import { type AnyJarvisEvent, EventBus, type RunMetadata } from '@openjarvis/core';
import { afterEach, describe, expect, it } from 'vitest';
import { recordBusToJsonl } from './record-bus-to-jsonl.js';
import { replayJsonl } from './replay-jsonl.js';
import { removeTempDirs, tempPath } from './test-support/temp-files.js';

afterEach(removeTempDirs);

function line(type: string, timestamp: number, data: unknown): string {
  return `${JSON.stringify({ type, timestamp, data })}\n`;
}

describe('replayJsonl', () => {
  it('republishes a recording into a bus whose listeners see the recorded events', async () => {
    const path = await tempPath('replay.jsonl');
    const source = new EventBus();
    const recorder = recordBusToJsonl(source, path);
    const identity = { agent: 'opencode', runId: 'run_r' };
    const published = [
      source.publish('agent_turn_start', { ...identity, input: 'hi', provider: 'ollama' }),
      source.publish('tool_call_start', { ...identity, tool: 'read', callId: 'c1', input: {} }),
      source.publish('tool_call_end', {
        ...identity,
        tool: 'read',
        callId: 'c1',
        success: false,
        output: 'ENOENT',
        durationMs: 3,
        error: { kind: 'tool_error', message: 'ENOENT' },
      }),
      source.publish('agent_turn_end', {
        ...identity,
        turns: 1,
        durationMs: 10,
        result: {
          content: 'done',
          toolResults: [],
          turns: 1,
          metadata: { apiKey: 'sk-x' } as RunMetadata,
        },
      }),
    ];
    await recorder.close();

    const target = new EventBus();
    const tools: AnyJarvisEvent[] = [];
    const everything: AnyJarvisEvent[] = [];
    target.subscribe('tool_call_end', (event) => tools.push(event));
    target.events$.subscribe((event) => everything.push(event));
    const summary = await replayJsonl(path, target);

    expect(summary).toEqual({ published: 4 });
    expect(everything.map((event) => [event.type, event.timestamp])).toEqual(
      published.map((event) => [event.type, event.timestamp]),
    );
    expect(tools[0]?.data).toEqual(published[2]?.data);
    expect(everything[3]?.data).toMatchObject({ result: { metadata: { apiKey: '[REDACTED]' } } });
  });

  it('filters types and can stamp events with the replay time', async () => {
    const path = await tempPath('stamps.jsonl');
    await writeFile(
      path,
      line('agent_status', 1_000, { agent: 'a', runId: 'r', status: 'server_starting' }) +
        line('agent_error', 2_000, { agent: 'a', runId: 'r', kind: 'k', message: 'm' }) +
        line('agent_status', 3_000, { agent: 'a', runId: 'r', status: 'server_ready' }),
    );
    const bus = new EventBus();
    const seen: AnyJarvisEvent[] = [];
    bus.events$.subscribe((event) => seen.push(event));
    const before = Date.now();
    await replayJsonl(path, bus, { types: ['agent_status'], timestamps: 'replay' });
    expect(seen.map((event) => event.type)).toEqual(['agent_status', 'agent_status']);
    expect(seen.every((event) => event.timestamp >= before)).toBe(true);
  });

  it('keeps the recorded gaps with preserveTiming, scaled by speed', async () => {
    const path = await tempPath('timing.jsonl');
    const data = { agent: 'a', runId: 'r', status: 'retrying' };
    await writeFile(
      path,
      line('agent_status', 10_000, data) +
        line('agent_status', 10_100, data) +
        line('agent_status', 10_200, data),
    );
    const bus = new EventBus();
    const arrivals: number[] = [];
    bus.subscribe('agent_status', () => arrivals.push(performance.now()));

    const started = performance.now();
    await replayJsonl(path, bus, { preserveTiming: true, speed: 2 });
    const elapsed = performance.now() - started;
    expect(arrivals).toHaveLength(3);
    // 200 ms recorded at double speed: about 100 ms; timers never fire early.
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(2_000);

    const fast = performance.now();
    await replayJsonl(path, bus);
    expect(performance.now() - fast).toBeLessThan(95);
  });

  it('stops when the signal aborts', async () => {
    const path = await tempPath('abort.jsonl');
    const data = { agent: 'a', runId: 'r', status: 'retrying' };
    await writeFile(path, line('agent_status', 0, data) + line('agent_status', 60_000, data));
    const bus = new EventBus();
    let count = 0;
    bus.subscribe('agent_status', () => {
      count += 1;
    });
    const controller = new AbortController();
    const replay = replayJsonl(path, bus, { preserveTiming: true, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(replay).rejects.toMatchObject({ name: 'AbortError' });
    expect(count).toBe(1);
  });
});
