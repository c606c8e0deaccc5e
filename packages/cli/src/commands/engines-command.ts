import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createFromConfig, type EngineConfig, loadConfig } from '@openjarvis/config';
import type { EnginesArgs } from '../args/parse-command-line.js';
import type { CliIo } from '../cli-io.js';
import { engineFromFlag } from '../engines/engine-from-flag.js';
import { localEngines } from '../engines/local-engines.js';
import { type EngineReport, probeEngine } from '../engines/probe-engine.js';
import { ExitCode } from '../exit-codes.js';
import { stylizer } from '../output/style.js';

interface Probed {
  name: string;
  type: string;
  host: string | undefined;
  source: 'default port' | 'config' | '--engine';
  report: EngineReport;
}

/**
 * `jarvis engines`: probes the local engines on their default ports, the
 * config's engines and `--engine`, and shows state, models and context
 * length. Exit 0 when at least one engine is ok, else 1.
 */
export async function enginesCommand(args: EnginesArgs, io: CliIo): Promise<number> {
  const entries: Array<{ name: string; source: Probed['source']; config: EngineConfig }> =
    localEngines.map((candidate) => ({ ...candidate, source: 'default port' as const }));
  const configPath =
    args.config === undefined
      ? existsSync(join(io.cwd, 'jarvis.config.json'))
        ? join(io.cwd, 'jarvis.config.json')
        : undefined
      : resolve(io.cwd, args.config);
  if (configPath !== undefined) {
    const config = await loadConfig(configPath);
    for (const [name, engine] of Object.entries(config.engines))
      entries.push({ name, source: 'config', config: engine });
  }
  if (args.engine !== undefined)
    entries.push({ name: '--engine', source: '--engine', config: engineFromFlag(args.engine) });

  const instances = await createFromConfig(
    {
      engines: Object.fromEntries(
        entries.map((entry, index) => [`e${index}`, withProbeTimeout(entry.config)]),
      ),
    },
    { env: io.env },
  );
  let probed: Probed[];
  try {
    probed = await Promise.all(
      entries.map(async (entry, index): Promise<Probed> => {
        const engine = instances.engines.get(`e${index}`);
        const report: EngineReport =
          engine === undefined
            ? { state: 'unreachable', detail: 'not built', models: [] }
            : await probeEngine(engine, { timeoutMs: 2_000 });
        return {
          name: entry.name,
          type: entry.config.type,
          host: engine?.host,
          source: entry.source,
          report,
        };
      }),
    );
  } finally {
    await instances.close();
  }
  if (args.json) {
    for (const engine of probed) {
      io.out(
        `${JSON.stringify({
          name: engine.name,
          type: engine.type,
          host: engine.host,
          source: engine.source,
          state: engine.report.state,
          detail: engine.report.detail,
          models: engine.report.models,
        })}\n`,
      );
    }
  } else {
    printTable(io, probed);
  }
  return probed.some((engine) => engine.report.state === 'ok') ? ExitCode.ok : ExitCode.failed;
}

function withProbeTimeout(config: EngineConfig): EngineConfig {
  return { ...config, options: { probeTimeoutMs: 2_000, ...config.options } };
}

function printTable(io: CliIo, probed: readonly Probed[]): void {
  const style = stylizer(io.color);
  const nameWidth = Math.max(...probed.map((engine) => engine.name.length));
  const hostWidth = Math.max(...probed.map((engine) => (engine.host ?? '').length));
  const stateColor = {
    ok: 'green',
    loading: 'yellow',
    unauthorized: 'yellow',
    unhealthy: 'red',
    unreachable: 'dim',
  } as const;
  for (const engine of probed) {
    const { state, detail, models } = engine.report;
    const source = engine.source === 'default port' ? '' : style('dim', ` (${engine.source})`);
    io.out(
      `${engine.name.padEnd(nameWidth)}  ${(engine.host ?? '').padEnd(hostWidth)}  ${style(stateColor[state], state.padEnd(11))}${source}\n`,
    );
    if (state !== 'ok') {
      io.out(`    ${style('dim', detail)}\n`);
      continue;
    }
    if (models.length === 0) io.out(`    ${style('dim', 'no models')}\n`);
    for (const model of models) {
      const context =
        model.contextLength === undefined ? 'context unknown' : `context ${model.contextLength}`;
      io.out(`    ${model.id}  ${style('dim', context)}\n`);
    }
  }
  if (!probed.some((engine) => engine.report.state === 'ok')) {
    io.err(
      '\nNo engine is running. Start one ("ollama serve", "vllm serve <model> --enable-auto-tool-choice --tool-call-parser hermes", "llama-server -m <model.gguf> --jinja"), or try "jarvis demo", which needs none.\n',
    );
  }
}
