import { describe, expect, it } from 'vitest';
import { ownerDeathTrial, waysOfDying } from './test-support/owner-death.js';

// One trial per way of dying; bench/owner-death-trials.mjs repeats them.
describe('nothing opencode started outlives its owner (real opencode, real processes)', () => {
  it.each(waysOfDying)('owner dies by %s while a bash-tool command runs', async (way) => {
    const trial = await ownerDeathTrial(way, { boundMs: 10_000 });
    // The trial really had something to kill: the supervisor, opencode, the
    // tool's shell, and both sleeps (one double-forked out of the tree).
    expect(trial.markedBefore).toBe(2);
    expect(trial.treeBefore.some((line) => line.includes('opencode'))).toBe(true);
    expect(trial.survivors).toEqual([]);
    expect(trial.scratchRemains).toBe(false);
  });
});
