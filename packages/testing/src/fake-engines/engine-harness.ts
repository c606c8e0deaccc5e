/** Anything a test opens and must close: engines, fake servers. */
export interface Closable {
  close(): Promise<void>;
}

export interface EngineHarnessOptions<FakeOptions, Fake, EngineOptions, Engine> {
  /**
   * Registers the teardown; pass the test runner's `afterEach` (vitest's). Taken as an
   * argument so this package does not load a test runner for users that need none.
   */
  afterEach(hook: () => Promise<void>): unknown;
  /** Starts the fake server, e.g. `(options) => FakeOllamaServer.start(options)`. */
  startFake(options: FakeOptions | undefined): Promise<Fake>;
  /** Builds the engine under test against the fake, e.g. `new OllamaEngine({ host: fake.url, ...options })`. */
  makeEngine(fake: Fake, options: EngineOptions | undefined): Engine;
}

export interface EngineHarness<FakeOptions, Fake, EngineOptions, Engine> {
  /** A fresh fake and an engine pointed at it, both closed after the current test. */
  setup(
    fakeOptions?: FakeOptions,
    engineOptions?: EngineOptions,
  ): Promise<{ fake: Fake; engine: Engine }>;
  /** Closes `item` (an engine or server the test built itself) after the current test. */
  closeAfterTest<T extends Closable>(item: T): T;
}

/**
 * The setup and teardown every engine adapter's tests share: each test starts its own fake
 * server and engine (so options can differ per test), and everything opened is closed after
 * the test in the order it was opened (the engine before its server), even when one close fails.
 */
export function engineHarness<
  FakeOptions,
  Fake extends Closable,
  EngineOptions,
  Engine extends Closable,
>(
  options: EngineHarnessOptions<FakeOptions, Fake, EngineOptions, Engine>,
): EngineHarness<FakeOptions, Fake, EngineOptions, Engine> {
  const open: Closable[] = [];
  const closeAfterTest = <T extends Closable>(item: T): T => {
    open.push(item);
    return item;
  };
  options.afterEach(async () => {
    const failures: unknown[] = [];
    for (const item of open.splice(0)) await item.close().catch((error) => failures.push(error));
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, 'closing after the test failed');
  });
  return {
    async setup(fakeOptions, engineOptions) {
      const fake = await options.startFake(fakeOptions);
      let engine: Engine;
      try {
        engine = options.makeEngine(fake, engineOptions);
      } catch (error) {
        await fake.close();
        throw error;
      }
      open.push(engine, fake);
      return { fake, engine };
    },
    closeAfterTest,
  };
}
