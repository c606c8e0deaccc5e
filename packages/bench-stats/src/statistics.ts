/**
 * The statistics every benchmark reports: a figure is a median with its spread
 * (interquartile range and sample size), and a comparison is a ratio with a
 * confidence interval, so that a reader can tell a 5 % difference from noise.
 */

/** A sample summarised: its median, its quartiles and how many values it has. */
export interface Spread {
  median: number;
  /** The first quartile (25th percentile). */
  q1: number;
  /** The third quartile (75th percentile). */
  q3: number;
  n: number;
}

/** An interval that holds the true value of a statistic with the stated confidence. */
export interface ConfidenceInterval {
  low: number;
  high: number;
  /** For example 0.95. */
  confidence: number;
}

export interface BootstrapOptions {
  /**
   * The statistic whose interval is wanted.
   * @default median
   */
  statistic?: (values: readonly number[]) => number;
  /**
   * The probability that the interval holds the true value.
   * @default 0.95
   */
  confidence?: number;
  /**
   * How many resamples to draw.
   * @default 10_000
   */
  resamples?: number;
  /**
   * Seed of the resampling, so that the same sample always gives the same interval.
   * @default 1
   */
  seed?: number;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('a statistic of no values');
  if (values.some((value) => Number.isNaN(value))) throw new RangeError('a statistic of NaN');
  return [...values].sort((a, b) => a - b);
}

// Linear interpolation between the order statistics (R's type 7, numpy's default).
function quantileOfSorted(ascending: readonly number[], q: number): number {
  const position = (ascending.length - 1) * q;
  const below = Math.floor(position);
  const lower = ascending[below] as number;
  const upper = ascending[Math.min(below + 1, ascending.length - 1)] as number;
  return lower + (upper - lower) * (position - below);
}

/** The `q` quantile (0 ≤ q ≤ 1) of a non-empty sample, interpolated between neighbours. */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`a quantile must lie in [0, 1], got ${q}`);
  return quantileOfSorted(sorted(values), q);
}

/** The median of a non-empty sample (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  return quantileOfSorted(sorted(values), 0.5);
}

/** The median, quartiles and size of a non-empty sample. */
export function spread(values: readonly number[]): Spread {
  const ascending = sorted(values);
  return {
    median: quantileOfSorted(ascending, 0.5),
    q1: quantileOfSorted(ascending, 0.25),
    q3: quantileOfSorted(ascending, 0.75),
    n: ascending.length,
  };
}

/**
 * `numerators[i] / denominators[i]` for each pair measured together: the ratio
 * of two arms run side by side, where drift of the machine between pairs
 * cancels out.
 */
export function pairedRatios(
  numerators: readonly number[],
  denominators: readonly number[],
): number[] {
  if (numerators.length !== denominators.length) {
    throw new RangeError(
      `pairs need samples of one size, got ${numerators.length} and ${denominators.length}`,
    );
  }
  return numerators.map((value, i) => value / (denominators[i] as number));
}

// mulberry32: a small, fast generator, good enough to draw resampling indices.
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A percentile-bootstrap confidence interval of a statistic (by default the
 * median) of a non-empty sample: the sample is resampled with replacement,
 * and the interval is the middle `confidence` share of the statistic's values.
 */
export function bootstrapCi(
  values: readonly number[],
  options: BootstrapOptions = {},
): ConfidenceInterval {
  const { statistic = median, confidence = 0.95, resamples = 10_000, seed = 1 } = options;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must lie in (0, 1), got ${confidence}`);
  }
  if (!(Number.isInteger(resamples) && resamples > 0)) {
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  }
  sorted(values);
  const random = generator(seed);
  const resample = new Array<number>(values.length);
  const statistics = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < values.length; i++) {
      resample[i] = values[Math.floor(random() * values.length)] as number;
    }
    statistics[r] = statistic(resample);
  }
  const ascending = sorted(statistics);
  const tail = (1 - confidence) / 2;
  return {
    low: quantileOfSorted(ascending, tail),
    high: quantileOfSorted(ascending, 1 - tail),
    confidence,
  };
}
