import { withWarmupProvider } from '../config/warmup-provider.js';
import { AttachedServer } from './attached-server.js';
import { OpenCodeServer } from './opencode-server.js';
import { ServerPool } from './server-pool.js';
import type { AttachSpec, ServerSpec } from './server-spec.js';
import { WarmupModel } from './warmup-model.js';

const requestTimeoutMs = 15_000;

/** A pool of `opencode serve` processes this process starts, all with `password`. */
export function spawnedPool(spec: ServerSpec, password: string): ServerPool {
  // Started with the first server, since its URL goes into every server's config.
  let warmup: Promise<WarmupModel> | undefined;
  return new ServerPool({
    password,
    maxServers: spec.maxServers,
    recycle: spec.recycle,
    warmupTurn: true,
    start: async (cwd, startupTimeoutMs) => {
      warmup ??= WarmupModel.start();
      const model = await warmup;
      return OpenCodeServer.start({
        ...spec,
        config: withWarmupProvider(spec.config, model),
        password,
        workspace: cwd,
        startupTimeoutMs,
        requestTimeoutMs,
      });
    },
    onClose: async () => {
      const model = await warmup?.catch(() => undefined);
      await model?.close();
    },
  });
}

/** A pool of one server the user runs. */
export function attachedPool(spec: AttachSpec): ServerPool {
  return new ServerPool({
    password: spec.password,
    recycle: undefined,
    warmupTurn: false,
    start: (_cwd, timeoutMs) => AttachedServer.connect({ ...spec, timeoutMs, requestTimeoutMs }),
  });
}
