import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { parseFleetCommandLine } from './parse-fleet-args.js';

const env = { JARVIS_NATS_URL: 'nats://10.0.0.5:4222' };

describe('parseFleetCommandLine', () => {
  it('leaves other commands (and help) to the main parser', () => {
    expect(parseFleetCommandLine(['run', 'x'], env)).toBeUndefined();
    expect(parseFleetCommandLine(['worker', '--help'], env)).toBeUndefined();
  });

  it('reads worker options, the URL from the environment by default', () => {
    expect(
      parseFleetCommandLine(
        ['worker', '--concurrency', '3', '--ack-wait', '3000', '--drain-timeout', '500'],
        env,
      ),
    ).toEqual({
      command: 'worker',
      nats: 'nats://10.0.0.5:4222',
      config: 'jarvis.config.json',
      concurrency: 3,
      ackWaitMs: 3000,
      drainTimeoutMs: 500,
    });
    expect(parseFleetCommandLine(['workers'], {})).toEqual({
      command: 'workers',
      nats: 'nats://127.0.0.1:4222',
      json: false,
    });
  });

  it('reads a submit', () => {
    expect(
      parseFleetCommandLine(
        [
          'submit',
          'fix',
          'it',
          '--agent',
          'build',
          '--workspace',
          '/r',
          '--wait',
          '--nats',
          'nats://h:1',
        ],
        env,
      ),
    ).toEqual({
      command: 'submit',
      nats: 'nats://h:1',
      task: 'fix it',
      agent: 'build',
      workspace: '/r',
      wait: true,
      json: false,
    });
  });

  it.each([
    [['submit', '--agent', 'a', '--workspace', '/r'], 'needs a task'],
    [['submit', 'x', '--workspace', '/r'], 'needs --agent'],
    [['submit', 'x', '--agent', 'a'], 'needs --workspace'],
    [['worker', '--concurrency', '0'], '--concurrency must be a positive whole number'],
    [['worker', '--wait'], 'jarvis worker has no --wait option'],
    [['cancel'], 'takes one task id'],
    [['cancel', 'a', 'b'], 'takes one task id'],
    [['watch', 'extra'], 'takes no arguments'],
    [['workers', '--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseFleetCommandLine(argv, env)).toThrow(UsageError);
    expect(() => parseFleetCommandLine(argv, env)).toThrow(message);
  });
});
