/** One of the things a benchmark compares, measured once per round. */
export interface BenchArm<R> {
  name: string;
  /** Measures the arm once: a duration, a rate, whatever the benchmark compares. */
  measure(round: number): R | Promise<R>;
}

export interface InterleaveOptions {
  /** Rounds whose measurements count. */
  rounds: number;
  /**
   * Rounds run first and thrown away (JIT warm-up, caches, first connections).
   * @default 0
   */
  warmup?: number;
}

/**
 * The arms in the order round `round` runs them: rotated by one each round, so
 * that every arm goes first as often as the others, and a drift of the
 * machine's speed, or a warm-up left over from the arm before, falls on all
 * arms alike.
 */
export function rotation<T>(arms: readonly T[], round: number): T[] {
  const n = arms.length;
  if (n === 0) return [];
  const shift = ((round % n) + n) % n;
  return [...arms.slice(shift), ...arms.slice(0, shift)];
}

/**
 * Measures every arm once per round, in `rotation` order, one arm at a time,
 * and returns each arm's measurements by name, in round order: entry `i` of
 * every arm was measured in the same round, so they pair up.
 */
export async function interleave<R>(
  arms: readonly BenchArm<R>[],
  options: InterleaveOptions,
): Promise<Map<string, R[]>> {
  const { rounds, warmup = 0 } = options;
  const names = new Set(arms.map((arm) => arm.name));
  if (names.size !== arms.length) throw new RangeError('benchmark arms need distinct names');
  const results = new Map(arms.map((arm) => [arm.name, [] as R[]]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (const arm of rotation(arms, round)) {
      const value = await arm.measure(round - warmup);
      if (round >= warmup) results.get(arm.name)?.push(value);
    }
  }
  return results;
}
