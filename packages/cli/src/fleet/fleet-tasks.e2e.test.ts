import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventEnvelope, TaskOutcome } from '@openjarvis/transport-nats';
import { RemoteBus } from '@openjarvis/transport-nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  type FleetHarness,
  fleetMarker,
  startFleet,
} from '../test-support/fleet-harness.js';

let fleet: FleetHarness;

beforeAll(async () => {
  fleet = await startFleet();
});

afterAll(async () => {
  await fleet?.dispose();
});

describe('a fleet of three workers (real nats-server, real opencode, scripted model)', () => {
  it('runs 30 tasks: 30 outcomes, none twice, none lost, every run in order at one watcher', async () => {
    for (let i = 0; i < 3; i++) fleet.startWorker();
    const watcher = await RemoteBus.open(fleet.nc, { from: 'start' });
    const envelopes: EventEnvelope[] = [];
    watcher.envelopes$.subscribe((envelope) => envelopes.push(envelope));

    // The last task's workspace is a git repository: a fresh worktree of it.
    const repo = join(fleet.dir, 'repo.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', repo]);
    const clone = join(fleet.dir, 'clone');
    execFileSync('git', ['clone', '-q', repo, clone], { stdio: 'pipe' });
    writeFileSync(join(clone, 'README.md'), 'hello\n');
    const git = ['-C', clone, '-c', 'user.name=t', '-c', 'user.email=t@t'];
    execFileSync('git', [...git, 'add', '.']);
    execFileSync('git', [...git, 'commit', '-qm', 'first']);
    execFileSync('git', [...git, 'push', '-q', 'origin', 'main'], { stdio: 'pipe' });

    const ids = Array.from({ length: 30 }, (_, i) => `batch-${i}`);
    for (const [i, id] of ids.entries()) {
      const submitted = await fleet.client.submit({
        id,
        agent: 'build',
        input: `Say hi ${fleetMarker.quick}`,
        workspace: i === 29 ? { git: repo, ref: 'main' } : fleet.workspace,
      });
      expect(submitted.duplicate).toBe(false);
    }
    // Submitting again is idempotent: nothing new is queued.
    expect(
      (
        await fleet.client.submit({
          id: ids[0] as string,
          agent: 'build',
          input: 'again',
          workspace: fleet.workspace,
        })
      ).duplicate,
    ).toBe(true);

    const outcomes: TaskOutcome[] = await Promise.all(
      ids.map((id) => fleet.client.result(id, { timeoutMs: 240_000 })),
    );
    expect(outcomes.map((outcome) => outcome.taskId)).toEqual(ids);
    for (const outcome of outcomes) {
      expect(outcome.status, outcome.reason).toBe('succeeded');
      expect(outcome.deliveries).toBe(1);
      expect(outcome.result?.content).toContain('It printed hi.');
    }
    // The git task's worktree was removed once it was done.
    expect(readdirSync(join(fleet.dir, 'cache', 'worktrees'))).toEqual([]);
    // All three workers took part.
    expect(new Set(outcomes.map((outcome) => outcome.worker)).size).toBe(3);

    await eventually(
      () =>
        ids.every((id) =>
          envelopes.some((e) => e.runId === id && e.event.type === 'agent_turn_end'),
        ),
      30_000,
      'every run ended at the watcher',
    );
    for (const id of ids) {
      const ofRun = envelopes.filter((envelope) => envelope.runId === id);
      expect(new Set(ofRun.map((envelope) => envelope.source)).size).toBe(1);
      expect(ofRun.map((envelope) => envelope.seq)).toEqual(ofRun.map((_, i) => i + 1));
      expect(ofRun[0]?.event.type).toBe('agent_turn_start');
      expect(ofRun.at(-1)?.event.type).toBe('agent_turn_end');
      expect(ofRun.filter((envelope) => envelope.event.type === 'agent_turn_end')).toHaveLength(1);
      expect(ofRun.every((envelope) => envelope.taskId === id)).toBe(true);
    }
    await watcher.close();

    const listed = await fleet.client.workers();
    expect(listed).toHaveLength(3);
    // SIGTERM drains: each worker leaves the fleet and exits 0.
    for (const worker of fleet.workers) worker.child.kill('SIGTERM');
    const codes = await Promise.all(fleet.workers.map((worker) => worker.exited));
    expect(codes).toEqual([0, 0, 0]);
    expect(await fleet.client.workers()).toEqual([]);
    for (const worker of fleet.workers) expect(worker.stderr()).not.toContain('already recorded');
  }, 300_000);
});
