import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A nats-server with JetStream that a test started and must stop. */
export interface TestNatsServer {
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  /** The secret clients must present (`token` in the client's options). */
  readonly token: string;
  readonly port: number;
  /** The JetStream store directory (kept across `restart`). */
  readonly storeDir: string;
  /** The server's pid, while it runs. */
  readonly pid: number | undefined;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s); the store stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  /** Stops it and removes the store. */
  dispose(): Promise<void>;
}

/** A free loopback TCP port, as the kernel hands it out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `nats-server -js` on a free loopback port with a temporary store and
 * a random token. The server comes from the project's setup script
 * (Debian's `nats-server`).
 */
export async function startNatsServer(): Promise<TestNatsServer> {
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const storeDir = mkdtempSync(join(tmpdir(), 'jarvis-nats-'));
  const configFile = join(storeDir, 'server.conf');
  writeFileSync(configFile, `authorization { token: "${token}" }\n`, { mode: 0o600 });
  let child: ChildProcess | undefined;
  let log = '';

  const start = async () => {
    log = '';
    // The token is in the config file: a command line is readable by every user.
    const started = spawn(
      'nats-server',
      ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, '-c', configFile],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = started;
    started.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
    });
    const deadline = Date.now() + 15_000;
    while (!(await canConnect(port)) || !log.includes('Server is ready')) {
      if (started.exitCode !== null || started.signalCode !== null) {
        throw new Error(`nats-server exited while starting: ${log}`);
      }
      if (Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(`nats-server did not get ready within 15 s: ${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    token,
    port,
    storeDir,
    get pid() {
      return child?.pid;
    },
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
