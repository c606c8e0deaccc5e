import type { ScriptedModelServer } from '@openjarvis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesIn, until } from './test-support/processes.js';
import { startCli } from './test-support/run-cli.js';
import { marker, startStandIn } from './test-support/stand-in.js';
import { makeWorkspace } from './test-support/workspace.js';

let model: ScriptedModelServer;
beforeAll(async () => {
  model = await startStandIn();
});
afterAll(async () => {
  await model.close();
});

describe('Ctrl-C during a run', () => {
  it.each([[[]], [['--json']]])('exits 130 and leaves no opencode process (%j)', async (extra) => {
    const workspace = makeWorkspace();
    try {
      const before = model.requests.length;
      const run = startCli([
        'run',
        `Wait forever ${marker.hang}`,
        '--engine',
        model.url,
        '--workspace',
        workspace.path,
        ...extra,
      ]);
      // opencode is mid-turn once the stand-in holds its model request.
      await until(() => model.requests.slice(before).some((request) => !request.isTitleRequest));
      expect(processesIn(workspace.path).length).toBeGreaterThan(0);
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(130);
      expect(run.stderr()).toContain('interrupted');
      expect(processesIn(workspace.path)).toEqual([]);
      if (extra.includes('--json')) {
        for (const line of run.stdout().trimEnd().split('\n'))
          expect(() => JSON.parse(line)).not.toThrow();
      }
    } finally {
      workspace.remove();
    }
  });
});
