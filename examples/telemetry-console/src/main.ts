// OpenTelemetry for an agent run: instrumentBus turns the bus's events into
// GenAI spans (invoke_agent, execute_tool), and the console exporter prints
// each span as it ends. Swap the exporter for OTLP to send them to a collector.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { EventBus } from '@openjarvis/core';
import { instrumentBus } from '@openjarvis/telemetry-otel';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { engineFromEnv } from './engine-from-env.js';

const task = 'Create hello.txt with a short greeting, then count its bytes with wc -c.';

const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
});
const bus = new EventBus();
const telemetry = instrumentBus(bus, { tracerProvider });

const { engine, model } = engineFromEnv();
const workspace = await mkdtemp(join(tmpdir(), 'jarvis-telemetry-'));
const agent = new OpenCodeAgent(engine, model, { workspace, bus });

try {
  const result = await agent.run(task);
  if (result.metadata.error !== undefined) {
    console.error(`run failed (${result.metadata.error.kind}): ${result.content}`);
    process.exitCode = 1;
  }
} finally {
  await agent.close();
  await engine.close();
  telemetry.dispose();
  await tracerProvider.shutdown();
  await rm(workspace, { recursive: true, force: true });
}
