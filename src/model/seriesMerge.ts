/**
 * How a time-series column merges when adjacent rows are joined (a long run's stored
 * series, sim/metrics Series, which every chart and export reads): counts add up, levels
 * and times average by the time each row spans, peaks keep the larger.
 */
export type Merge = 'sum' | 'mean' | 'max';

/**
 * `acc` (spanning `wAcc`) joined with the next row's `v` (spanning `wV`). An empty value
 * (NaN: no answers in that row) leaves the other side's, except in a sum, where it cannot
 * occur (counts are never empty).
 */
export function combine(m: Merge, acc: number, v: number, wAcc: number, wV: number): number {
  if (m === 'sum') return acc + v;
  if (m === 'max') return v > acc || Number.isNaN(acc) ? v : acc;
  if (Number.isNaN(v)) return acc;
  if (Number.isNaN(acc)) return v;
  return (acc * wAcc + v * wV) / (wAcc + wV);
}
