import type { ConfidenceInterval, Spread } from './statistics.js';

/**
 * `1.03× (IQR 1.01–1.05, n 25)`: a spread, each number written by `format`
 * (by default with two decimals and a `×`, for ratios).
 */
export function formatSpread(
  spread: Spread,
  format: (value: number) => string = (value) => `${value.toFixed(2)}×`,
): string {
  return `${format(spread.median)} (IQR ${format(spread.q1)}–${format(spread.q3)}, n ${spread.n})`;
}

/** `95 % CI 0.99–1.04×`, each bound written by `format`. */
export function formatCi(
  ci: ConfidenceInterval,
  format: (value: number) => string = (value) => `${value.toFixed(3)}×`,
): string {
  return `${Math.round(ci.confidence * 100)} % CI ${format(ci.low)}–${format(ci.high)}`;
}
