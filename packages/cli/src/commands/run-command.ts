import { checkConfigTypes, createFromConfig, type EngineConfig } from '@openjarvis/config';
import { agentRegistry, EventBus, engineRegistry } from '@openjarvis/core';
import type { RunArgs } from '../args/parse-command-line.js';
import type { CliIo } from '../cli-io.js';
import { detectEngine } from '../engines/detect-engine.js';
import { localEngines } from '../engines/local-engines.js';
import { probeEngine } from '../engines/probe-engine.js';
import { ExitCode } from '../exit-codes.js';
import type { FailureReport } from '../hints/failure.js';
import { stylizer } from '../output/style.js';
import { executeRun } from '../run/execute-run.js';
import { handleInterrupts, type Interrupt } from '../run/interrupt.js';
import { planRun, type RunPlan } from '../run/plan-run.js';
import { checkOpenCodeFit, preflight } from '../run/preflight.js';
import { reportFailure } from '../run/report-failure.js';
import { runFlags } from '../run/run-flags.js';
import { withUi } from '../run/with-ui.js';

/** `jarvis run "<task>"`: one task, live progress, an exit code. */
export async function runCommand(args: RunArgs, io: CliIo): Promise<number> {
  const interrupt = handleInterrupts(io);
  try {
    return await run(args, io, interrupt);
  } finally {
    interrupt.dispose();
  }
}

async function run(args: RunArgs, io: CliIo, interrupt: Interrupt): Promise<number> {
  const runOptions = runFlags(args, io);
  const plan = await planRun(args, io);
  checkConfigTypes(
    {
      engines:
        plan.engine === undefined || plan.engineName === undefined
          ? {}
          : { [plan.engineName]: plan.engine },
      agents: { [plan.agentName]: plan.agent },
    },
    { agentRegistry, engineRegistry, env: io.env },
  );
  if (needsEngine(plan)) {
    const found = await detectEngine(io, interrupt.signal);
    if (interrupt.exitCode !== undefined) return interrupt.exitCode;
    if (found === undefined) {
      reportFailure(io, {
        errorKind: 'engine_unreachable',
        message: `no engine answered on ${localEngines.map((candidate) => candidate.config.host).join(', ')}`,
      });
      return ExitCode.failed;
    }
    plan.engineName = found.candidate.name;
    plan.engine = found.candidate.config;
    plan.agent.engine = found.candidate.name;
  }
  let failureContext: Omit<FailureReport, 'errorKind' | 'message'> = {};
  if (plan.engine !== undefined && plan.engineName !== undefined) {
    const checked = await checkEngine(plan.engineName, plan.engine, plan, io, interrupt);
    if (interrupt.exitCode !== undefined) return interrupt.exitCode;
    if (!checked.ok) {
      reportFailure(io, checked.failure);
      return ExitCode.failed;
    }
    plan.agent.model = checked.model;
    failureContext = { ...checked.context, model: checked.model };
  }

  const bus = new EventBus();
  const instances = await createFromConfig(
    {
      engines:
        plan.engine === undefined || plan.engineName === undefined
          ? {}
          : { [plan.engineName]: plan.engine },
      agents: { [plan.agentName]: plan.agent },
    },
    { bus, env: io.env },
  );
  try {
    const agent = instances.agents.get(plan.agentName);
    if (agent === undefined) throw new Error(`agent "${plan.agentName}" was not built`);
    if (!args.json) printHeader(io, plan, agent.engine?.host);
    const { exitCode } = await withUi(args.ui, bus, io, interrupt, () =>
      executeRun({
        agent,
        task: args.task,
        bus,
        io,
        json: args.json,
        patch: args.diff,
        ...(args.continue === undefined ? {} : { sessionId: args.continue }),
        interrupt,
        context: failureContext,
        ...runOptions,
      }),
    );
    return exitCode;
  } finally {
    await instances.close();
  }
}

/** An opencode agent with neither an engine nor a provider of its own: look for a local engine. */
function needsEngine(plan: RunPlan): boolean {
  if (plan.engine !== undefined || plan.agent.type !== 'opencode') return false;
  return !plan.agent.model.includes('/') && typeof plan.agent.options?.providerBaseUrl !== 'string';
}

async function checkEngine(
  name: string,
  config: EngineConfig,
  plan: RunPlan,
  io: CliIo,
  interrupt: Interrupt,
): Promise<
  | { ok: true; model: string; context: Omit<FailureReport, 'errorKind' | 'message'> }
  | { ok: false; failure: FailureReport }
> {
  const probing = await createFromConfig({ engines: { [name]: config } }, { env: io.env });
  try {
    const engine = probing.engines.get(name);
    if (engine === undefined) throw new Error(`engine "${name}" was not built`);
    const report = await probeEngine(engine, {
      timeoutMs: 3_000,
      signal: interrupt.signal,
      maxContextLookups: 0,
    });
    let outcome = preflight(engine, config.type, report, plan.agent.model);
    if (outcome.ok && plan.agent.type === 'opencode') {
      const options = plan.agent.options ?? {};
      outcome = await checkOpenCodeFit(
        engine,
        config.type,
        outcome.model,
        options,
        interrupt.signal,
      );
    }
    if (!outcome.ok) return outcome;
    return {
      ok: true,
      model: outcome.model,
      context: {
        engineType: config.type,
        ...(engine.host === undefined ? {} : { engineHost: engine.host }),
      },
    };
  } finally {
    await probing.close();
  }
}

function printHeader(io: CliIo, plan: RunPlan, host: string | undefined): void {
  const style = stylizer(io.color);
  const options = plan.agent.options ?? {};
  const opencodeAgent = typeof options.agent === 'string' ? options.agent : 'build';
  const parts = [
    plan.agent.type === 'opencode' ? `opencode (${opencodeAgent})` : plan.agent.type,
    `model ${plan.agent.model}`,
  ];
  if (plan.engine !== undefined)
    parts.push(`${plan.engine.type}${host === undefined ? '' : ` at ${host}`}`);
  if (typeof options.workspace === 'string') parts.push(`workspace ${options.workspace}`);
  io.out(`${style('bold', 'jarvis')} · ${parts.join(' · ')}\n`);
}
