/**
 * Per-bucket latencies (src/sim/latencyBuffer.ts): exact order statistics by selection,
 * bounded memory by thinning, and an exact count and mean throughout.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../src/sim/histogram';
import { LatencyBuffer, MAX_KEPT, QUIET_BUCKETS, select } from '../../src/sim/latencyBuffer';
import { Rng } from '../../src/sim/random';

const PCTS = [50, 90, 99, 99.9];

/** The exact p-th percentile: the smallest value with at least ceil(p/100 · n) values at or below it. */
function exact(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9));
  return sorted[rank - 1];
}

describe('LatencyBuffer', () => {
  it('property: percentiles are the exact order statistics, whatever the data (ties, constants, any length)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1, 5)), {
          minLength: 1,
          maxLength: 400,
        }),
        fc.uniqueArray(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (values, ps) => {
          ps.sort((x, y) => x - y);
          const b = new LatencyBuffer();
          for (const v of values) b.record(v);
          const out = ps.map(() => NaN);
          b.percentiles(ps, out);
          const sorted = [...values].sort((x, y) => x - y);
          expect(out).toEqual(ps.map((p) => exact(sorted, p)));
          expect(b.count).toBe(values.length);
          expect(b.mean).toBeCloseTo(values.reduce((x, y) => x + y, 0) / values.length, 6);
        },
      ),
      { numRuns: 400, seed: 21 },
    );
  });

  it('select leaves the rank in place with smaller values to its left and larger to its right', () => {
    const rng = new Rng(1, 'select');
    const a = Float64Array.from({ length: 5000 }, () => Math.floor(rng.next() * 100));
    const k = 3210;
    const v = select(a, 0, a.length - 1, k);
    expect(a[k]).toBe(v);
    for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(v);
    for (let i = k + 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(v);
    expect(v).toBe([...a].sort((x, y) => x - y)[k]);
  });

  it('property: select at any rank, the ends included, gives the order statistic and partitions around it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (xs, loSeed, kSeed, atTop) => {
          const a = Float64Array.from(xs);
          const lo = loSeed % a.length;
          const hi = a.length - 1;
          const k = atTop ? hi : lo + (kSeed % (hi - lo + 1));
          const before = Array.from(a.subarray(0, lo));
          const v = select(a, lo, hi, k);
          expect(a[k]).toBe(v);
          expect(Array.from(a.subarray(0, lo))).toEqual(before); // nothing left of lo moves
          for (let i = lo; i < k; i++) expect(a[i]).toBeLessThanOrEqual(v);
          for (let i = k + 1; i <= hi; i++) expect(a[i]).toBeGreaterThanOrEqual(v);
          expect(v).toBe(xs.slice(lo).sort((x, y) => x - y)[k - lo]);
          expect(Array.from(a).sort((x, y) => x - y)).toEqual([...xs].sort((x, y) => x - y)); // a permutation
        },
      ),
      { numRuns: 500, seed: 5 },
    );
  });

  it('thins a huge bucket to bounded memory; count and mean stay exact, percentiles within sampling error', () => {
    const rng = new Rng(2, 'thin');
    const n = MAX_KEPT * 5 + 123;
    const values = new Float64Array(n);
    const b = new LatencyBuffer();
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = 1 + rng.exp(40);
      values[i] = v;
      sum += v;
      b.record(v);
    }
    expect(b.count).toBe(n);
    expect(b.mean).toBeCloseTo(sum / n, 6);
    const out = [0, 0, 0, 0];
    b.percentiles(PCTS, out);
    const sorted = Array.from(values).sort((x, y) => x - y);
    // About 200,000 values are kept (1 in 8). A sample quantile's standard error is
    // sqrt(p(1-p)/m) / density: for this exponential about 0.3% of the value at p90 and
    // 1% at p99.9, so 3% is three standard errors at the worst percentile.
    PCTS.forEach((p, i) => {
      const want = exact(sorted, p);
      expect(Math.abs(out[i] - want) / want, `p${p}`).toBeLessThan(0.03);
    });
  });

  it('feeds its histogram every value exactly once, in order, across flushes, thinning and resets', () => {
    const rng = new Rng(3, 'feed');
    const b = new LatencyBuffer();
    const fed = new Histogram(),
      direct = new Histogram();
    b.feed = fed;
    const record = (v: number) => {
      b.record(v);
      direct.record(v);
    };
    // A small bucket, flushed twice (the second flush adds nothing), then reset.
    for (let i = 0; i < 1000; i++) record(rng.exp(20));
    b.flush();
    b.flush();
    b.reset();
    // A huge bucket that is thinned twice over, with a flush in the middle.
    for (let i = 0; i < MAX_KEPT * 2; i++) record(rng.exp(20));
    b.flush();
    for (let i = 0; i < MAX_KEPT * 2 + 77; i++) record(rng.exp(20));
    b.flush();
    b.percentiles(PCTS, [0, 0, 0, 0]); // reorders what is kept; nothing is fed twice
    b.flush();
    b.reset();
    // Values recorded without a feed never reach it.
    b.feed = null;
    for (let i = 0; i < 500; i++) b.record(1e6);
    b.flush();
    expect(fed.count).toBe(direct.count);
    expect(fed.sum).toBe(direct.sum); // same values in the same order: the same rounding
    expect(fed.max).toBe(direct.max);
    const got = [0, 0, 0, 0],
      want = [0, 0, 0, 0];
    fed.percentiles(PCTS, got);
    direct.percentiles(PCTS, want);
    expect(got).toEqual(want);
  });

  it('gives back the room a burst took once buckets stay small, and stays exact', () => {
    const b = new LatencyBuffer();
    const bucket = (n: number, base: number) => {
      for (let i = 0; i < n; i++) b.record(base + i);
      const out = [0, 0];
      b.percentiles([50, 100], out);
      expect(out).toEqual([base + Math.ceil(n / 2) - 1, base + n - 1]);
      b.reset();
    };
    bucket(100_000, 1);
    const grown = b.capacity;
    expect(grown).toBeGreaterThanOrEqual(100_000);
    // One big bucket among small ones restarts the count.
    for (let k = 0; k < QUIET_BUCKETS - 1; k++) bucket(300, 5);
    bucket(20_000, 7);
    expect(b.capacity).toBe(grown);
    for (let k = 0; k < QUIET_BUCKETS - 1; k++) bucket(300, 5);
    expect(b.capacity).toBe(grown);
    bucket(300, 5);
    // Twice the largest quiet bucket, as a power of two.
    expect(b.capacity).toBe(1024);
    bucket(5000, 9); // grows again on demand
    expect(b.capacity).toBeGreaterThanOrEqual(5000);
  });

  it('reset empties it (NaN percentiles and mean), and it is reusable', () => {
    const b = new LatencyBuffer();
    for (let i = 1; i <= 10; i++) b.record(i);
    b.reset();
    const out = [0, 0];
    b.percentiles([50, 99], out);
    expect(out.every(Number.isNaN)).toBe(true);
    expect(b.mean).toBeNaN();
    b.record(7);
    b.percentiles([50, 99], out);
    expect(out).toEqual([7, 7]);
  });
});
