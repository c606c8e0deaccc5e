import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { registerOpenCodeAgent } from '@openjarvis/agent-opencode';
import {
  demoScript,
  runNodeProgram,
  startNatsServer,
  startScriptedModelServer,
} from '@openjarvis/testing';
import { FleetWorker } from '@openjarvis/transport-nats';
import { expect, it } from 'vitest';

const program = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('hands two tasks to a worker and reports both outcomes', async () => {
  const nats = await startNatsServer();
  const standIn = await startScriptedModelServer({ script: demoScript, modelId: 'stand-in' });
  const workspace = mkdtempSync(join(tmpdir(), 'jarvis-fleet-ci-'));
  const nc = await connect({ servers: nats.url, token: nats.token });
  // The worker builds its agents by type name: the type must be registered first.
  registerOpenCodeAgent();
  const worker = await FleetWorker.start({
    nats: nc,
    config: {
      agents: {
        build: {
          type: 'opencode',
          model: 'stand-in',
          options: { providerBaseUrl: standIn.baseUrl, startupTimeoutMs: 120_000 },
        },
      },
    },
  });
  try {
    const { code, stdout, stderr } = await runNodeProgram(program, {
      args: ['Write hello.txt', 'Write hello.txt again'],
      env: {
        JARVIS_NATS_URL: nats.url,
        JARVIS_NATS_TOKEN: nats.token,
        JARVIS_WORKSPACE: workspace,
        CI_JOB_ID: 'job-7',
      },
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('job-7-1: write ok');
    expect(stdout).toContain('job-7-2: bash ok');
    expect(stdout).toMatch(/job-7-1: succeeded on .+: /);
    expect(stdout).toMatch(/job-7-2: succeeded on /);
  } finally {
    await worker.drain();
    await nc.close();
    await standIn.close();
    await nats.dispose();
    rmSync(workspace, { recursive: true, force: true });
  }
}, 180_000);
