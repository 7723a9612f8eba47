/**
 * How a time-series column merges when adjacent rows are joined (a long run's stored
 * series, sim/metrics Series, which every chart and export reads): counts add up, levels
 * average by the time each row spans, peaks keep the larger, and a figure over events
 * (a hit ratio, a mean latency) averages by how many events each row holds: `{ by }` names
 * the count columns whose sum is that number (hits and misses for a hit ratio).
 */
export type Merge = 'sum' | 'mean' | 'max' | { readonly by: readonly string[] };

/**
 * `acc` joined with the next row's `v`, spanning (or, for a `{ by }` merge, counting) `wAcc`
 * and `wV`. An empty value (NaN: no answers in that row) leaves the other side's, except in
 * a sum, where it cannot occur (counts are never empty).
 */
export function combine(m: Merge, acc: number, v: number, wAcc: number, wV: number): number {
  if (m === 'sum') return acc + v;
  if (m === 'max') return v > acc || Number.isNaN(acc) ? v : acc;
  if (Number.isNaN(v)) return acc;
  if (Number.isNaN(acc)) return v;
  // A figure over events from rows that hold none (both weights 0) is a plain average.
  if (wAcc + wV === 0) return (acc + v) / 2;
  return (acc * wAcc + v * wV) / (wAcc + wV);
}
