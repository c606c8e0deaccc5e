import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AnyJarvisEvent, EventBus } from '@openjarvis/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readJsonl } from './read-jsonl.js';
import { recordBusToJsonl } from './record-bus-to-jsonl.js';
import type { RecordedEvent } from './recorded-event.js';
import { removeTempDirs, tempPath } from './test-support/temp-files.js';

afterEach(removeTempDirs);

async function readAll(path: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of readJsonl(path)) events.push(event);
  return events;
}

/** A short opencode run, as the agent publishes it. */
function publishRun(bus: EventBus): AnyJarvisEvent[] {
  const identity = { agent: 'opencode', runId: 'run_1' };
  return [
    bus.publish('agent_status', { ...identity, status: 'server_starting' }),
    bus.publish('agent_turn_start', { ...identity, input: 'List the files', model: 'qwen3' }),
    bus.publish('tool_call_start', {
      ...identity,
      tool: 'bash',
      callId: 'call_1',
      input: { command: 'ls' },
    }),
    bus.publish('tool_call_end', {
      ...identity,
      tool: 'bash',
      callId: 'call_1',
      success: true,
      output: 'a.ts\nb.ts',
      durationMs: 12.5,
    }),
    bus.publish('agent_text_delta', { ...identity, delta: 'Two files.', kind: 'text' }),
    bus.publish('agent_turn_end', {
      ...identity,
      turns: 1,
      durationMs: 800,
      usage: { inputTokens: 100, outputTokens: 5 },
      result: { content: 'Two files.', toolResults: [], turns: 1, metadata: {} },
    }),
  ];
}

describe('recordBusToJsonl', () => {
  it('round-trips every event through the file, one JSON line each', async () => {
    const path = await tempPath('run.jsonl');
    const bus = new EventBus();
    const recorder = recordBusToJsonl(bus, path);
    const published = publishRun(bus);
    await recorder.close();

    const text = await readFile(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(published.length);
    const events = await readAll(path);
    expect(events).toEqual(
      published.map((event) => ({
        type: event.type,
        timestamp: event.timestamp,
        data: event.data,
      })),
    );
    expect(recorder.recorded).toBe(published.length);
    expect(recorder.dropped).toBe(0);
  });

  it('redacts secrets at depth before they reach the file', async () => {
    const path = await tempPath('secrets.jsonl');
    const bus = new EventBus();
    const recorder = recordBusToJsonl(bus, path, { redactValuePatterns: [/sk-[a-z0-9]{6,}/] });
    bus.publish('agent_status', {
      agent: 'opencode',
      runId: 'run_s',
      status: 'server_ready',
      message: 'started with key sk-abc123xyz',
    });
    bus.publish('permission_request', {
      agent: 'opencode',
      runId: 'run_s',
      requestId: 'per_1',
      sessionId: 'ses_1',
      permission: 'bash',
      patterns: ['curl'],
      metadata: {
        env: { OPENCODE_SERVER_PASSWORD: 'pw', PATH: '/usr/bin' },
        request: { headers: [{ authorization: 'Basic b3BlbmNvZGU6cHc=' }] },
        provider: { options: { apiKey: 'sk-live', api_key: 'k2' } },
      },
    });
    bus.publish('listener_error', { error: new Error('boom'), eventType: 'agent_status' });
    await recorder.close();

    const text = await readFile(path, 'utf8');
    for (const secret of ['sk-abc123xyz', 'pw"', 'b3BlbmNvZGU6cHc=', 'sk-live', 'k2']) {
      expect(text).not.toContain(secret);
    }
    const [status, permission, listenerError] = await readAll(path);
    expect(status?.data).toMatchObject({ message: 'started with key [REDACTED]' });
    expect(permission?.data).toMatchObject({
      metadata: {
        env: { OPENCODE_SERVER_PASSWORD: '[REDACTED]', PATH: '/usr/bin' },
        request: { headers: [{ authorization: '[REDACTED]' }] },
        provider: { options: { apiKey: '[REDACTED]', api_key: '[REDACTED]' } },
      },
    });
    expect(listenerError?.data).toEqual({
      error: { name: 'Error', message: 'boom' },
      eventType: 'agent_status',
    });
  });

  it('snapshots payloads at publish time, writes later, and never throws into the bus', async () => {
    const path = await tempPath('snapshot.jsonl');
    const bus = new EventBus();
    const listenerErrors: AnyJarvisEvent[] = [];
    bus.subscribe('listener_error', (event) => listenerErrors.push(event));
    const recorder = recordBusToJsonl(bus, path);
    const metadata: Record<string, unknown> = { step: 1 };
    bus.publish('agent_error', { agent: 'a', runId: 'r', kind: 'k', message: 'm' });
    const result = { content: 'x', toolResults: [], turns: 1, metadata };
    bus.publish('agent_turn_end', { agent: 'a', runId: 'r', turns: 1, durationMs: 1, result });
    metadata.step = 2;
    const hostile = {
      get agent(): string {
        throw new Error('getter exploded');
      },
    };
    bus.publish('agent_status', hostile as never);
    // Nothing is written synchronously inside publish.
    expect(await readFile(path, 'utf8').catch(() => '')).toBe('');
    await recorder.close();

    const events = await readAll(path);
    expect(events[1]?.data).toMatchObject({ result: { metadata: { step: 1 } } });
    expect(events[2]?.data).toBe('[Unserializable: getter exploded]');
    expect(listenerErrors).toEqual([]);
  });

  it('close flushes everything published, then stops recording', async () => {
    const path = await tempPath('many.jsonl');
    const bus = new EventBus();
    const recorder = recordBusToJsonl(bus, path);
    const count = 20_000;
    for (let i = 0; i < count; i += 1) {
      bus.publish('agent_text_delta', {
        agent: 'opencode',
        runId: 'run_big',
        delta: `chunk ${i} `.repeat(8),
        kind: 'text',
      });
    }
    const closing = recorder.close();
    expect(recorder.close()).toBe(closing);
    bus.publish('agent_status', { agent: 'opencode', runId: 'run_big', status: 'server_ready' });
    await closing;

    const events = await readAll(path);
    expect(events).toHaveLength(count);
    expect(events.at(-1)?.data).toMatchObject({ delta: `chunk ${count - 1} `.repeat(8) });
    expect(recorder.recorded).toBe(count);
  });

  it('appends when asked and records only the chosen types', async () => {
    const path = await tempPath('append.jsonl');
    const bus = new EventBus();
    const first = recordBusToJsonl(bus, path, { types: ['agent_status'] });
    bus.publish('agent_status', { agent: 'a', runId: 'r1', status: 'server_starting' });
    bus.publish('agent_error', { agent: 'a', runId: 'r1', kind: 'k', message: 'm' });
    await first.close();
    const second = recordBusToJsonl(bus, path, { append: true });
    bus.publish('agent_error', { agent: 'a', runId: 'r2', kind: 'k', message: 'm' });
    await second.close();

    expect((await readAll(path)).map((event) => event.type)).toEqual([
      'agent_status',
      'agent_error',
    ]);
  });

  it('rejects close with the write error and reports it', async () => {
    const path = join(await tempPath('missing-dir'), 'nested', 'run.jsonl');
    const bus = new EventBus();
    const onError = vi.fn();
    const recorder = recordBusToJsonl(bus, path, { onError });
    bus.publish('agent_status', { agent: 'a', runId: 'r', status: 'server_ready' });
    await expect(recorder.close()).rejects.toMatchObject({ code: 'ENOENT' });
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('drops and counts events past maxPendingChars instead of growing without bound', async () => {
    const path = await tempPath('bounded.jsonl');
    const bus = new EventBus();
    const onError = vi.fn();
    const recorder = recordBusToJsonl(bus, path, { maxPendingChars: 1_000, onError });
    for (let i = 0; i < 50; i += 1) {
      bus.publish('agent_text_delta', {
        agent: 'a',
        runId: 'r',
        delta: 'x'.repeat(50),
        kind: 'text',
      });
    }
    await recorder.close();
    expect(recorder.dropped).toBeGreaterThan(0);
    expect(recorder.recorded + recorder.dropped).toBe(50);
    expect(await readAll(path)).toHaveLength(recorder.recorded);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
