import type { AnyJarvisEvent, Usage, WorkflowTag, WorkspaceDiff } from '@openjarvis/core';

/** One tool call of a run: a bar from its start to its end. */
export interface ToolCallView {
  readonly callId: string;
  readonly tool: string;
  readonly input: unknown;
  readonly startedAt: number;
  endedAt?: number;
  success?: boolean;
  durationMs?: number;
  error?: string;
}

/** A permission the run asked for, and the answer once it came. */
export interface PermissionView {
  readonly requestId: string;
  readonly permission: string;
  readonly patterns: readonly string[];
  readonly askedAt: number;
  reply?: string;
  by?: string;
  answeredAt?: number;
}

/** Streamed text, consecutive deltas of one kind joined. */
export interface TextView {
  readonly kind: 'text' | 'reasoning';
  text: string;
}

/** Everything known about one agent run. */
export interface RunView {
  readonly runId: string;
  agent: string;
  input?: string;
  model?: string;
  provider?: string;
  workflow?: WorkflowTag;
  startedAt: number;
  /**
   * Where a running run's timeline ends: its latest event, or, while the
   * page follows a live source, the page's clock (`advanceClock`).
   */
  lastAt: number;
  endedAt?: number;
  durationMs?: number;
  failed?: boolean;
  errorKind?: string;
  turns?: number;
  usage?: Usage;
  readonly tools: ToolCallView[];
  readonly permissions: PermissionView[];
  readonly text: TextView[];
  readonly errors: { kind: string; message: string }[];
  diff?: WorkspaceDiff;
}

/** One step of a pipeline, and the run that served it. */
export interface StepView {
  readonly step: string;
  agent: string;
  runId?: string;
  startedAt: number;
  endedAt?: number;
  success?: boolean;
  durationMs?: number;
  error?: string;
}

export interface WorkflowView {
  readonly workflowId: string;
  name: string;
  input?: string;
  startedAt: number;
  endedAt?: number;
  success?: boolean;
  durationMs?: number;
  error?: string;
  readonly steps: StepView[];
}

/** What the page shows; the top-level items are runs outside pipelines and pipelines. */
export interface UiState {
  readonly runs: Map<string, RunView>;
  readonly workflows: Map<string, WorkflowView>;
  /** Top-level item keys (`run:<id>`, `workflow:<id>`) in the order they appeared. */
  readonly order: string[];
}

export function emptyState(): UiState {
  return { runs: new Map(), workflows: new Map(), order: [] };
}

/**
 * Folds one event into the state and returns the key of the top-level item it
 * changed (so only that item is drawn again), or `undefined` when it changed
 * nothing shown. Payloads come from recordings too, so a missing field is
 * tolerated rather than trusted.
 */
export function applyEvent(state: UiState, event: AnyJarvisEvent): string | undefined {
  // A recording may hold anything: an event without a payload object shows nothing.
  if (typeof event.data !== 'object' || event.data === null) return undefined;
  const at = event.timestamp;
  switch (event.type) {
    case 'workflow_start': {
      const flow = workflowOf(state, event.data.workflowId, event.data.workflow, at);
      flow.name = event.data.workflow;
      flow.input = event.data.input;
      flow.startedAt = at;
      return `workflow:${flow.workflowId}`;
    }
    case 'workflow_node_start': {
      const flow = workflowOf(state, event.data.workflowId, event.data.workflow, at);
      const step = stepOf(flow, event.data.step, event.data.agent, at);
      if (event.data.runId !== undefined) step.runId = event.data.runId;
      return `workflow:${flow.workflowId}`;
    }
    case 'workflow_node_end': {
      const flow = workflowOf(state, event.data.workflowId, event.data.workflow, at);
      const step = stepOf(flow, event.data.step, event.data.agent, at);
      step.endedAt = at;
      step.success = event.data.success;
      step.durationMs = event.data.durationMs;
      if (event.data.runId !== undefined) step.runId = event.data.runId;
      if (event.data.error !== undefined) step.error = event.data.error.message;
      return `workflow:${flow.workflowId}`;
    }
    case 'workflow_end': {
      const flow = workflowOf(state, event.data.workflowId, event.data.workflow, at);
      flow.endedAt = at;
      flow.success = event.data.success;
      flow.durationMs = event.data.durationMs;
      if (event.data.error !== undefined) flow.error = event.data.error.message;
      return `workflow:${flow.workflowId}`;
    }
    case 'agent_turn_start': {
      const run = runOf(state, event.data, at);
      run.input = event.data.input;
      if (event.data.model !== undefined) run.model = event.data.model;
      if (event.data.provider !== undefined) run.provider = event.data.provider;
      return keyOf(run);
    }
    case 'agent_turn_end': {
      const run = runOf(state, event.data, at);
      run.endedAt = at;
      run.durationMs = event.data.durationMs;
      run.failed = event.data.error !== undefined;
      run.turns = event.data.turns;
      if (event.data.error !== undefined) run.errorKind = event.data.error.kind;
      if (event.data.usage !== undefined) run.usage = event.data.usage;
      if (event.data.model !== undefined) run.model = event.data.model;
      return keyOf(run);
    }
    case 'agent_text_delta': {
      const run = runOf(state, event.data, at);
      const last = run.text.at(-1);
      const kind = event.data.kind === 'reasoning' ? 'reasoning' : 'text';
      if (last?.kind === kind) last.text += event.data.delta;
      else run.text.push({ kind, text: String(event.data.delta ?? '') });
      return keyOf(run);
    }
    case 'agent_error': {
      const run = runOf(state, event.data, at);
      run.errors.push({ kind: event.data.kind, message: event.data.message });
      return keyOf(run);
    }
    case 'tool_call_start': {
      const run = runOf(state, event.data, at);
      if (!run.tools.some((call) => call.callId === event.data.callId)) {
        run.tools.push({
          callId: event.data.callId,
          tool: event.data.tool,
          input: event.data.input,
          startedAt: at,
        });
      }
      return keyOf(run);
    }
    case 'tool_call_end': {
      const run = runOf(state, event.data, at);
      let call = run.tools.find((candidate) => candidate.callId === event.data.callId);
      if (call === undefined) {
        // The start was dropped (or never recorded): draw the bar from its duration.
        call = {
          callId: event.data.callId,
          tool: event.data.tool,
          input: undefined,
          startedAt: at - (event.data.durationMs ?? 0),
        };
        run.tools.push(call);
      }
      call.endedAt = at;
      call.success = event.data.success;
      call.durationMs = event.data.durationMs;
      if (event.data.error !== undefined) call.error = event.data.error.message;
      return keyOf(run);
    }
    case 'permission_request': {
      const run = runOf(state, event.data, at);
      run.permissions.push({
        requestId: event.data.requestId,
        permission: event.data.permission,
        patterns: Array.isArray(event.data.patterns) ? event.data.patterns : [],
        askedAt: at,
      });
      return keyOf(run);
    }
    case 'permission_reply': {
      const run = runOf(state, event.data, at);
      let ask = run.permissions.find((candidate) => candidate.requestId === event.data.requestId);
      if (ask === undefined) {
        ask = {
          requestId: event.data.requestId,
          permission: event.data.permission,
          patterns: [],
          askedAt: at,
        };
        run.permissions.push(ask);
      }
      ask.reply = event.data.reply;
      ask.by = event.data.by;
      ask.answeredAt = at;
      return keyOf(run);
    }
    case 'workspace_diff': {
      const run = runOf(state, event.data, at);
      run.diff = event.data.diff;
      return keyOf(run);
    }
    default:
      return undefined;
  }
}

/**
 * Moves the end of every running run's timeline to `now`, so a long tool call
 * grows while nothing is published. Returns the keys of the items to draw
 * again. Only for live sources: a recording's unfinished run stays where its
 * events end.
 */
export function advanceClock(state: UiState, now: number): string[] {
  const keys = new Set<string>();
  for (const run of state.runs.values()) {
    if (run.endedAt !== undefined || now <= run.lastAt) continue;
    run.lastAt = now;
    keys.add(keyOf(run));
  }
  return [...keys];
}

function runOf(
  state: UiState,
  data: { agent: string; runId: string; workflow?: WorkflowTag },
  at: number,
): RunView {
  const runId = String(data.runId ?? 'unknown');
  let run = state.runs.get(runId);
  if (run === undefined) {
    run = {
      runId,
      agent: String(data.agent ?? ''),
      startedAt: at,
      lastAt: at,
      tools: [],
      permissions: [],
      text: [],
      errors: [],
    };
    state.runs.set(runId, run);
    if (data.workflow === undefined) state.order.push(`run:${runId}`);
  }
  if (data.workflow !== undefined && run.workflow === undefined) {
    run.workflow = data.workflow;
    const flow = workflowOf(state, data.workflow.id, data.workflow.name, at);
    const step =
      flow.steps.find((candidate) => candidate.runId === runId) ??
      stepOf(flow, data.workflow.step, run.agent, at);
    step.runId ??= runId;
  }
  run.lastAt = Math.max(run.lastAt, at);
  return run;
}

function keyOf(run: RunView): string {
  return run.workflow === undefined ? `run:${run.runId}` : `workflow:${run.workflow.id}`;
}

function workflowOf(state: UiState, workflowId: string, name: string, at: number): WorkflowView {
  let flow = state.workflows.get(workflowId);
  if (flow === undefined) {
    flow = { workflowId, name, startedAt: at, steps: [] };
    state.workflows.set(workflowId, flow);
    state.order.push(`workflow:${workflowId}`);
  }
  return flow;
}

function stepOf(flow: WorkflowView, name: string, agent: string, at: number): StepView {
  let step = flow.steps.find(
    (candidate) => candidate.step === name && candidate.endedAt === undefined,
  );
  if (step === undefined) {
    step = { step: name, agent, startedAt: at };
    flow.steps.push(step);
  }
  return step;
}
