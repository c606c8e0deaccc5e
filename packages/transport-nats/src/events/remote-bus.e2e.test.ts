import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { type AnyJarvisEvent, EventBus } from '@openjarvis/core';
import { recordBusToJsonl } from '@openjarvis/recorder';
import { instrumentBus } from '@openjarvis/telemetry-otel';
import {
  reply,
  type ScriptedModelServer,
  startNatsServer,
  startScriptedModelServer,
  type TestNatsServer,
  turnScript,
} from '@openjarvis/testing';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../test-support/until.js';
import { bridgeBusToNats } from './bridge-bus.js';
import { encodeEnvelope } from './event-envelope.js';
import { RemoteBus } from './remote-bus.js';
import { eventSubject } from './subjects.js';

let nats: TestNatsServer;
let model: ScriptedModelServer;
let nc: NatsConnection;
let workspace: string;
let agent: OpenCodeAgent;
const localBus = new EventBus();
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  nats = await startNatsServer();
  model = await startScriptedModelServer({
    modelId: 'stand-in',
    script: turnScript([
      reply.toolCall('bash', { command: 'echo hi', description: 'Say hi' }),
      reply.text('It printed hi.'),
    ]),
  });
  nc = await connect({ servers: nats.url, token: nats.token });
  workspace = mkdtempSync(join(tmpdir(), 'jarvis-remote-bus-'));
  agent = new OpenCodeAgent(undefined, 'stand-in', {
    providerBaseUrl: model.baseUrl,
    workspace,
    bus: localBus,
  });
}, 60_000);

afterAll(async () => {
  await agent?.close();
  await nc?.close();
  await model?.close();
  await nats?.dispose();
  rmSync(workspace, { recursive: true, force: true });
  context.disable();
});

function tracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, provider };
}

/** What two buses must agree on: every field, timestamps included. */
const comparable = (events: readonly AnyJarvisEvent[]) =>
  events.map((event) => JSON.parse(JSON.stringify(event)) as unknown);

describe('a bus bridged to JetStream and read by a remote bus', () => {
  it('delivers a real run live, in order, with telemetry and recorder working unchanged on the remote side, in the submitter trace', async () => {
    const bridge = await bridgeBusToNats(localBus, nc, { source: 'worker-1' });
    const remote = await RemoteBus.open(nc);
    const local: AnyJarvisEvent[] = [];
    const received: AnyJarvisEvent[] = [];
    localBus.events$.subscribe((event) => local.push(event));
    remote.events$.subscribe((event) => received.push(event));

    const remoteTracing = tracing();
    const localTracing = tracing();
    instrumentBus(remote, { tracerProvider: remoteTracing.provider });
    instrumentBus(localBus, { tracerProvider: localTracing.provider });
    const dir = mkdtempSync(join(tmpdir(), 'jarvis-remote-rec-'));
    const remoteRecorder = recordBusToJsonl(remote, join(dir, 'remote.jsonl'));
    const localRecorder = recordBusToJsonl(localBus, join(dir, 'local.jsonl'));

    // The submitter's span: the run continues its trace on the other side.
    const submitter = tracing().provider.getTracer('submitter').startSpan('submit');
    const runId = 'run-live-1';
    const parent = submitter.spanContext();
    bridge.bindRun(runId, {
      traceparent: `00-${parent.traceId}-${parent.spanId}-01`,
      taskId: 't1',
    });
    const result = await agent.run('Say hi', undefined, { runId });
    expect(result.metadata.error).toBeFalsy();
    await bridge.flush();
    await until(() => received.some((event) => event.type === 'agent_turn_end'));

    const ofRun = (events: AnyJarvisEvent[]) =>
      events.filter((event) => (event.data as { runId?: string }).runId === runId);
    expect(ofRun(received).length).toBeGreaterThan(4);
    expect(comparable(ofRun(received))).toEqual(comparable(ofRun(local)));

    const remoteSpans = remoteTracing.exporter.getFinishedSpans();
    const localSpans = localTracing.exporter.getFinishedSpans();
    expect(remoteSpans.map((span) => span.name).sort()).toEqual(
      localSpans.map((span) => span.name).sort(),
    );
    const invoke = remoteSpans.find((span) => span.name.startsWith('invoke_agent'));
    expect(invoke?.spanContext().traceId).toBe(parent.traceId);
    expect(invoke?.parentSpanContext?.spanId).toBe(parent.spanId);
    for (const span of remoteSpans) expect(span.spanContext().traceId).toBe(parent.traceId);

    await remoteRecorder.close();
    await localRecorder.close();
    const lines = (file: string) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .filter((line) => line.includes(runId));
    expect(lines('remote.jsonl').length).toBeGreaterThan(4);
    expect(lines('remote.jsonl')).toEqual(lines('local.jsonl'));
    rmSync(dir, { recursive: true, force: true });

    await remote.close();
    await bridge.close();
  }, 120_000);

  it('replays a finished run from its start, and drops copies of an event', async () => {
    const bridge = await bridgeBusToNats(localBus, nc, { source: 'worker-2' });
    const runId = 'run-replayed-1';
    const local: AnyJarvisEvent[] = [];
    localBus.events$.subscribe((event) => {
      if ((event.data as { runId?: string }).runId === runId) local.push(event);
    });
    await agent.run('Say hi', undefined, { runId });
    await bridge.flush();
    await bridge.close();

    // A copy of the run's first event, as a publisher retrying without
    // de-duplication by the server would store it.
    const first = local[0] as AnyJarvisEvent;
    const copy = encodeEnvelope({
      id: `worker-2:${runId}:1`,
      runId,
      seq: 1,
      timestamp: first.timestamp,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      source: 'worker-2',
      event: first,
    });
    await jetstream(nc).publish(eventSubject(runId, first.type), copy, { msgID: 'another-id' });

    const replay = await RemoteBus.open(nc, { runId });
    const received: AnyJarvisEvent[] = [];
    replay.events$.subscribe((event) => received.push(event));
    await until(() => received.length >= local.length && replay.duplicates >= 1);
    expect(comparable(received)).toEqual(comparable(local));
    expect(replay.duplicates).toBe(1);
    await replay.close();
  }, 120_000);

  it('puts a run back in order when a retry stored events late, and gives up on a gap after gapWaitMs', async () => {
    const runId = 'run-reordered-1';
    const envelopeOf = (seq: number) =>
      encodeEnvelope({
        id: `w3:${runId}:${seq}`,
        runId,
        seq,
        timestamp: 1_700_000_000_000 + seq,
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        source: 'w3',
        event: {
          type: 'agent_text_delta',
          timestamp: 1_700_000_000_000 + seq,
          data: { agent: 'opencode', runId, delta: String(seq), kind: 'text' },
        },
      });
    const js = jetstream(nc);
    // Stored as 2, 1, 3, 5: a retried 1 landed after 2; 4 never came.
    for (const seq of [2, 1, 3, 5]) {
      await js.publish(eventSubject(runId, 'agent_text_delta'), envelopeOf(seq), {
        msgID: `w3-${seq}`,
      });
    }
    const bus = await RemoteBus.open(nc, { runId, gapWaitMs: 300 });
    const deltas: string[] = [];
    bus.on$('agent_text_delta').subscribe((event) => deltas.push(event.data.delta));
    await until(() => deltas.length === 3);
    expect(deltas).toEqual(['1', '2', '3']);
    await until(() => deltas.length === 4, 5_000);
    expect(deltas).toEqual(['1', '2', '3', '5']);
    expect(bus.gaps).toBe(1);
    await bus.close();
  });
});
