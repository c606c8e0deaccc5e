// One fleet worker in its own process, for the bench: `node fleet-worker.mjs <nats url> <model url>`,
// the token in JARVIS_NATS_TOKEN. Drains on SIGTERM.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { FleetWorker } from '../dist/index.js';

const [url, modelUrl] = process.argv.slice(2);
const nc = await connect({
  servers: url,
  token: process.env.JARVIS_NATS_TOKEN,
  maxReconnectAttempts: -1,
});
const worker = await FleetWorker.start({
  nats: nc,
  cacheDir: mkdtempSync(join(tmpdir(), 'jarvis-bench-cache-')),
  config: {
    agents: {
      build: {
        type: 'opencode',
        model: 'local-model',
        options: {
          providerBaseUrl: modelUrl,
          serverPassword: 'bench-password',
          startupTimeoutMs: 120_000,
        },
      },
    },
  },
});
process.stdout.write('ready\n');
process.once('SIGTERM', async () => {
  await worker.drain();
  await nc.close();
  process.exit(0);
});
