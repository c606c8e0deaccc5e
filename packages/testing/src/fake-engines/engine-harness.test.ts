import { describe, expect, it } from 'vitest';
import { type Closable, engineHarness } from './engine-harness.js';

/** A harness whose teardown hook the test runs by hand, over closables that log their close. */
function rig(failing: string[] = []) {
  const hooks: Array<() => Promise<void>> = [];
  const closed: string[] = [];
  const item = (name: string): Closable & { name: string } => ({
    name,
    async close() {
      closed.push(name);
      if (failing.includes(name)) throw new Error(`${name} failed to close`);
    },
  });
  const harness = engineHarness({
    afterEach: (hook) => hooks.push(hook),
    startFake: async (options: { name: string } | undefined) => item(options?.name ?? 'fake'),
    makeEngine: (fake, options: { bad: boolean } | undefined) => {
      if (options?.bad) throw new Error('bad engine options');
      return item(`engine of ${fake.name}`);
    },
  });
  const teardown = async () => {
    for (const hook of hooks) await hook();
  };
  return { harness, closed, hooks, item, teardown };
}

describe('engineHarness', () => {
  it('registers one teardown that closes each engine before its fake, then what the test added', async () => {
    const { harness, closed, hooks, item, teardown } = rig();
    expect(hooks).toHaveLength(1);
    const { fake, engine } = await harness.setup({ name: 'a' });
    expect([fake.name, engine.name]).toEqual(['a', 'engine of a']);
    await harness.setup();
    harness.closeAfterTest(item('extra'));
    await teardown();
    expect(closed).toEqual(['engine of a', 'a', 'engine of fake', 'fake', 'extra']);
    await teardown();
    expect(closed).toHaveLength(5);
  });

  it('closes everything even when a close fails, and reports the failure', async () => {
    const { harness, closed, teardown } = rig(['engine of a']);
    await harness.setup({ name: 'a' });
    await expect(teardown()).rejects.toThrow('engine of a failed to close');
    expect(closed).toEqual(['engine of a', 'a']);
  });

  it('closes the fake when the engine cannot be built', async () => {
    const { harness, closed, teardown } = rig();
    await expect(harness.setup({ name: 'a' }, { bad: true })).rejects.toThrow('bad engine options');
    expect(closed).toEqual(['a']);
    await teardown();
    expect(closed).toEqual(['a']);
  });
});
