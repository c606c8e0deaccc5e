// A CI step on a fleet: hand a batch of coding tasks to the workers listening
// on NATS (`jarvis worker`), print each task's tool calls as they happen, and
// fail the job when any task does not succeed. Task ids derive from the CI
// job id, so a retried job does not queue its tasks twice.
import { connect } from '@nats-io/transport-node';
import { FleetClient, parseWorkspace, type TaskOutcome } from '@openjarvis/transport-nats';

const env = process.env;
const workspace = env.JARVIS_WORKSPACE;
if (workspace === undefined || workspace === '') {
  console.error('set JARVIS_WORKSPACE to a git URL (or a path on the workers)');
  process.exit(2);
}
const inputs = process.argv.slice(2);
if (inputs.length === 0) inputs.push('Run the tests and fix what fails.');
const job = env.CI_JOB_ID ?? `local-${Date.now().toString(36)}`;

const nc = await connect({
  servers: env.JARVIS_NATS_URL ?? 'nats://127.0.0.1:4222',
  ...(env.JARVIS_NATS_TOKEN ? { token: env.JARVIS_NATS_TOKEN } : {}),
  maxReconnectAttempts: -1,
});
try {
  const fleet = await FleetClient.connect(nc);
  const ids = inputs.map((_, i) => `${job}-${i + 1}`);
  const watching = ids.map((id) =>
    fleet.events$(id).subscribe((event) => {
      if (event.type === 'tool_call_end') {
        console.log(`${id}: ${event.data.tool} ${event.data.success ? 'ok' : 'failed'}`);
      }
    }),
  );
  for (const [i, id] of ids.entries()) {
    await fleet.submit({
      id,
      agent: env.JARVIS_AGENT ?? 'build',
      input: inputs[i] as string,
      workspace: parseWorkspace(workspace),
    });
  }
  const outcomes: TaskOutcome[] = await Promise.all(
    ids.map((id) => fleet.result(id, { timeoutMs: 30 * 60_000 })),
  );
  for (const subscription of watching) subscription.unsubscribe();
  for (const outcome of outcomes) {
    const answer = outcome.result?.content.split('\n')[0] ?? outcome.reason ?? '';
    console.log(`${outcome.taskId}: ${outcome.status} on ${outcome.worker}: ${answer}`);
  }
  if (outcomes.some((outcome) => outcome.status !== 'succeeded')) process.exitCode = 1;
} finally {
  await nc.close();
}
