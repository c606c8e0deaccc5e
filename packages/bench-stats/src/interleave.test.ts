import { describe, expect, it } from 'vitest';
import { formatCi, formatSpread } from './format.js';
import { interleave, rotation } from './interleave.js';

describe('rotation', () => {
  it('puts each arm first equally often, keeping the cyclic order', () => {
    const arms = ['a', 'b', 'c'];
    expect([0, 1, 2, 3].map((round) => rotation(arms, round).join(''))).toEqual([
      'abc',
      'bca',
      'cab',
      'abc',
    ]);
    expect(rotation([], 5)).toEqual([]);
    expect(arms).toEqual(['a', 'b', 'c']);
  });
});

describe('interleave', () => {
  it('measures every arm once per round in rotation, drops the warm-up, pairs by round', async () => {
    const order: string[] = [];
    const arm = (name: string) => ({
      name,
      measure: async (round: number) => {
        order.push(`${name}${round}`);
        return round;
      },
    });
    const results = await interleave([arm('a'), arm('b')], { rounds: 3, warmup: 1 });
    expect(order).toEqual(['a-1', 'b-1', 'b0', 'a0', 'a1', 'b1', 'b2', 'a2']);
    expect(results).toEqual(
      new Map([
        ['a', [0, 1, 2]],
        ['b', [0, 1, 2]],
      ]),
    );
  });

  it('takes synchronous arms and rejects two arms of one name', async () => {
    const results = await interleave([{ name: 'x', measure: () => 1 }], { rounds: 2 });
    expect(results.get('x')).toEqual([1, 1]);
    await expect(
      interleave(
        [
          { name: 'x', measure: () => 1 },
          { name: 'x', measure: () => 2 },
        ],
        { rounds: 1 },
      ),
    ).rejects.toThrow(RangeError);
  });
});

describe('formatSpread, formatCi', () => {
  it('write a median with its quartiles and n, and an interval with its confidence', () => {
    expect(formatSpread({ median: 1.034, q1: 1.011, q3: 1.052, n: 25 })).toBe(
      '1.03× (IQR 1.01×–1.05×, n 25)',
    );
    expect(formatSpread({ median: 12, q1: 11, q3: 13.5, n: 5 }, (v) => `${v} ms`)).toBe(
      '12 ms (IQR 11 ms–13.5 ms, n 5)',
    );
    expect(formatCi({ low: 0.9912, high: 1.0401, confidence: 0.95 })).toBe('95 % CI 0.991×–1.040×');
  });
});
