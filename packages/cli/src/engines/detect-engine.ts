import { createFromConfig } from '@openjarvis/config';
import type { CliIo } from '../cli-io.js';
import { type EngineCandidate, localEngines } from './local-engines.js';
import { type EngineReport, probeEngine } from './probe-engine.js';

/**
 * The first local engine that answers on its default port, with what its
 * probe found; `undefined` when none answers.
 */
export async function detectEngine(
  io: CliIo,
  signal: AbortSignal,
): Promise<{ candidate: EngineCandidate; report: EngineReport } | undefined> {
  const instances = await createFromConfig(
    {
      engines: Object.fromEntries(
        localEngines.map((candidate) => [candidate.name, candidate.config]),
      ),
    },
    { env: io.env },
  );
  try {
    const reports = await Promise.all(
      localEngines.map(async (candidate) => {
        const engine = instances.engines.get(candidate.name);
        return engine === undefined
          ? undefined
          : {
              candidate,
              report: await probeEngine(engine, { timeoutMs: 1_500, signal, maxContextLookups: 0 }),
            };
      }),
    );
    return reports.find((found) => found !== undefined && found.report.state !== 'unreachable');
  } finally {
    await instances.close();
  }
}
