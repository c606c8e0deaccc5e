import { describe, expect, it } from 'vitest';
import { bootstrapCi, median, pairedRatios, quantile, spread } from './statistics.js';

describe('median, quantile, spread', () => {
  it('interpolate between order statistics, whatever the input order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // numpy.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [25, 75]) → 3.25, 7.75
    const values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(quantile(values, 0.25)).toBeCloseTo(3.25, 12);
    expect(quantile(values, 0.75)).toBeCloseTo(7.75, 12);
    expect(quantile(values, 0)).toBe(1);
    expect(quantile(values, 1)).toBe(10);
    expect(spread(values)).toEqual({ median: 5.5, q1: 3.25, q3: 7.75, n: 10 });
    expect(spread([7])).toEqual({ median: 7, q1: 7, q3: 7, n: 1 });
  });

  it('leave the sample as it was', () => {
    const values = [3, 1, 2];
    median(values);
    spread(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('reject an empty sample, NaN and a quantile outside [0, 1]', () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => spread([1, Number.NaN])).toThrow(RangeError);
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
  });
});

describe('pairedRatios', () => {
  it('divides each measurement by the one it was paired with', () => {
    expect(pairedRatios([2, 9, 5], [1, 3, 10])).toEqual([2, 3, 0.5]);
  });

  it('rejects samples of different sizes', () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow(RangeError);
  });
});

// A seeded normal sample: Box–Muller over a linear congruential generator.
function normalSample(n: number, seed: number, mean = 0): number[] {
  let state = seed;
  const uniform = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state + 1) / 4_294_967_297;
  };
  return Array.from(
    { length: n },
    () => mean + Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}

describe('bootstrapCi', () => {
  it('brackets the sample median, and gives the same interval for the same seed', () => {
    const sample = normalSample(40, 7, 10);
    const ci = bootstrapCi(sample, { resamples: 2_000 });
    expect(ci.low).toBeLessThan(median(sample));
    expect(ci.high).toBeGreaterThan(median(sample));
    expect(ci.confidence).toBe(0.95);
    expect(bootstrapCi(sample, { resamples: 2_000 })).toEqual(ci);
  });

  it('holds the true median in about 95 % of samples', () => {
    // 200 samples of 25 from N(0, 1), whose median is 0. The percentile
    // bootstrap of a median covers somewhat less than nominal at this size;
    // a one-sided or too narrow interval covers less (a 75 % one: 79 %), a
    // needlessly wide one nearly always.
    let covered = 0;
    const samples = 200;
    for (let s = 0; s < samples; s++) {
      const ci = bootstrapCi(normalSample(25, 1_000 + s), { resamples: 1_000, seed: s + 1 });
      if (ci.low <= 0 && 0 <= ci.high) covered++;
    }
    expect(covered / samples).toBeGreaterThan(0.88);
    expect(covered / samples).toBeLessThan(0.99);
  });

  it('narrows as the sample grows', () => {
    const width = (n: number) => {
      const ci = bootstrapCi(normalSample(n, 3), { resamples: 2_000 });
      return ci.high - ci.low;
    };
    expect(width(400)).toBeLessThan(width(25) / 2);
  });

  it('takes another statistic and confidence', () => {
    const sample = normalSample(50, 11);
    const mean = (values: readonly number[]) =>
      values.reduce((sum, value) => sum + value, 0) / values.length;
    const wide = bootstrapCi(sample, { statistic: mean, confidence: 0.99, resamples: 2_000 });
    const narrow = bootstrapCi(sample, { statistic: mean, confidence: 0.5, resamples: 2_000 });
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
    expect(bootstrapCi([4, 4, 4], { resamples: 100 })).toEqual({
      low: 4,
      high: 4,
      confidence: 0.95,
    });
  });

  it('rejects an empty sample, a confidence outside (0, 1) and a bad resample count', () => {
    expect(() => bootstrapCi([])).toThrow(RangeError);
    expect(() => bootstrapCi([1], { confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapCi([1], { resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapCi([1], { resamples: 2.5 })).toThrow(RangeError);
  });
});
