import type { AnyJarvisEvent } from '@openjarvis/core';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';

/** What `toolType` is asked about. */
export interface ToolTypeQuery {
  agent: string;
  tool: string;
  /** True when `agent` is one of `remoteAgents`. */
  remote: boolean;
}

export interface InstrumentBusOptions {
  /**
   * Where spans go.
   * @default the global provider, `trace.getTracerProvider()`
   */
  tracerProvider?: TracerProvider;
  /**
   * Where metrics go.
   * @default the global provider, `metrics.getMeterProvider()`
   */
  meterProvider?: MeterProvider;
  /**
   * Record prompts, answers, tool arguments and tool results as span
   * attributes (`gen_ai.input.messages`, `gen_ai.output.messages`,
   * `gen_ai.tool.call.arguments`, `gen_ai.tool.call.result`). They may hold
   * personal data or secrets, hence off unless asked for.
   * @default false
   */
  captureContent?: boolean;
  /**
   * Agent ids whose turns run in another process (opencode drives its own
   * server). Their `invoke_agent` spans are of kind CLIENT; every other
   * agent's are INTERNAL.
   * @default ['opencode']
   */
  remoteAgents?: readonly string[];
  /**
   * Open a `workflow_step {step}` span for each pipeline step, between the
   * `invoke_workflow` span and the step's `invoke_agent` span. The
   * conventions name no such operation, so the span has no
   * `gen_ai.operation.name`.
   * @default true
   */
  stepSpans?: boolean;
  /**
   * The `gen_ai.tool.type` of a tool call.
   * @default `extension` for remote agents (the agent runs the tool itself),
   * `function` otherwise
   */
  toolType?: (query: ToolTypeQuery) => string;
  /**
   * How many spans of each kind (workflow, step, turn, tool, inference) may
   * be open at once. Beyond it the oldest is ended as interrupted, so starts
   * that never see their end cannot grow memory without bound.
   * @default 10_000
   */
  maxOpenSpans?: number;
  /**
   * Told about events that could not be turned into telemetry (a malformed
   * payload, an end whose start is unknown). Nothing is ever thrown into the
   * bus.
   * @default logs through OpenTelemetry's `diag` logger at warn level
   */
  onError?: (error: unknown, event: AnyJarvisEvent) => void;
}
