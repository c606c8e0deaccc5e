import { describe, expect, it } from 'vitest';
import { turnEnd, turnStart } from './test-support/fixtures.js';
import { harnessPerTest } from './test-support/otel-harness.js';

const newHarness = harnessPerTest();

describe('workspace diff totals on the run span', () => {
  it('sets files, additions, deletions, truncated and shared, and no patch', () => {
    const harness = newHarness();
    harness.at(0, 'agent_turn_start', turnStart('run_d'));
    harness.at(800, 'workspace_diff', {
      agent: 'opencode',
      runId: 'run_d',
      diff: {
        files: [
          {
            path: 'src/cli.ts',
            status: 'modified',
            additions: 12,
            deletions: 3,
            binary: false,
            patch: 'diff --git a/src/cli.ts b/src/cli.ts\n',
            truncated: false,
          },
        ],
        totals: { files: 1, additions: 12, deletions: 3 },
        truncated: false,
        shared: true,
      },
    });
    harness.at(900, 'agent_turn_end', turnEnd('run_d'));
    const span = harness.span('invoke_agent opencode');
    expect(span.attributes).toMatchObject({
      'openjarvis.diff.files': 1,
      'openjarvis.diff.additions': 12,
      'openjarvis.diff.deletions': 3,
      'openjarvis.diff.truncated': false,
      'openjarvis.diff.shared': true,
    });
    expect(JSON.stringify(span.attributes)).not.toContain('diff --git');
  });

  it('ignores a diff whose run has no open span', () => {
    const harness = newHarness();
    harness.at(0, 'workspace_diff', {
      agent: 'opencode',
      runId: 'run_x',
      diff: {
        files: [],
        totals: { files: 0, additions: 0, deletions: 0 },
        truncated: false,
        shared: false,
      },
    });
    expect(harness.instrumentation.openSpanCount).toBe(0);
  });
});
