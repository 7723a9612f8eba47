/**
 * The engine's latency histogram (src/sim/histogram.ts) against exact quantiles of the
 * sorted data and against hdr-histogram-js at 3 significant digits.
 */
import { build } from 'hdr-histogram-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../src/sim/histogram';
import { Rng } from '../../src/sim/random';

/** Percentiles within 0.1% (relative) of the exact quantile. */
const REL_TOL = 0.001;
const PCTS = [0.1, 1, 5, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];

/** The exact p-th percentile: the smallest value with at least ceil(p/100 · n) values at or below it. */
function exact(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9));
  return sorted[rank - 1];
}

function lognormal(rng: Rng, mu: number, sigma: number): number {
  const z = Math.sqrt(-2 * Math.log(rng.nextOpen())) * Math.cos(2 * Math.PI * rng.next());
  return Math.exp(mu + sigma * z);
}

const datasets: Array<[string, (rng: Rng) => number]> = [
  ['lognormal latencies (median 20 ms, heavy tail)', (rng) => Math.max(1, lognormal(rng, Math.log(20), 1.2))],
  ['exponential latencies (mean 50 ms, floor 1 ms)', (rng) => 1 + rng.exp(50)],
  ['uniform 1 ms .. 60 s', (rng) => 1 + rng.next() * 60_000],
  ['very long times (1 h .. 10 h, past 2^31 µs)', (rng) => 3_600_000 * (1 + 9 * rng.next())],
];

describe('Histogram', () => {
  for (const [name, draw] of datasets) {
    it(`${name}: percentiles within ${REL_TOL * 100}% of the exact sorted-array quantiles and of hdr-histogram-js`, () => {
      const rng = new Rng(7, name);
      const n = 100_000;
      const values = Array.from({ length: n }, () => draw(rng));
      const h = new Histogram();
      const hdr = build({ numberOfSignificantValueDigits: 3 });
      for (const v of values) {
        h.record(v);
        hdr.recordValue(Math.round(v * 1000)); // same integer microseconds
      }
      const sorted = [...values].sort((a, b) => a - b);
      const out = PCTS.map(() => NaN);
      h.percentiles(PCTS, out);
      PCTS.forEach((p, i) => {
        const want = exact(sorted, p);
        expect(Math.abs(out[i] - want) / want, `p${p}: ${out[i]} vs exact ${want}`).toBeLessThanOrEqual(
          REL_TOL,
        );
        expect(h.percentile(p)).toBe(out[i]);
        const theirs = hdr.getValueAtPercentile(p) / 1000;
        expect(Math.abs(out[i] - theirs) / theirs, `p${p}: ${out[i]} vs hdr ${theirs}`).toBeLessThanOrEqual(
          REL_TOL,
        );
      });
      expect(h.count).toBe(n);
      expect(h.min).toBe(sorted[0]);
      expect(h.max).toBe(sorted[n - 1]);
      expect(h.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / n, 6);
    });
  }

  it('property: any data of at least 1 ms, any percentile, within 0.1% of exact', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (values, p) => {
          const h = new Histogram();
          for (const v of values) h.record(v);
          const want = exact(
            [...values].sort((a, b) => a - b),
            p,
          );
          return Math.abs(h.percentile(p) - want) / want <= REL_TOL;
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it('keeps values under 2.048 ms exact to the microsecond', () => {
    const h = new Histogram();
    for (let us = 0; us < 2048; us++) h.record(us / 1000);
    for (const p of [10, 50, 90, 100]) {
      const rank = Math.ceil((p / 100) * 2048);
      expect(h.percentile(p)).toBeCloseTo((rank - 1) / 1000, 9);
    }
  });

  it('merges (add) exactly like recording everything into one, and resets to empty', () => {
    const rng = new Rng(3, 'merge');
    const a = new Histogram(),
      b = new Histogram(),
      all = new Histogram();
    for (let i = 0; i < 20_000; i++) {
      const v = 1 + rng.exp(30);
      (i % 3 === 0 ? a : b).record(v);
      all.record(v);
    }
    a.add(b);
    const pa = PCTS.map(() => 0),
      pall = PCTS.map(() => 0);
    a.percentiles(PCTS, pa);
    all.percentiles(PCTS, pall);
    expect(pa).toEqual(pall);
    expect(a.count).toBe(all.count);
    expect(a.mean).toBeCloseTo(all.mean, 9);
    a.reset();
    expect(a.count).toBe(0);
    expect(a.percentile(50)).toBeNaN();
    a.record(5);
    expect(a.percentile(50)).toBeCloseTo(5, 2);
    expect(a.percentile(99)).toBeCloseTo(5, 2);
  });

  it('widens its 32-bit counts before any bucket could pass 2^32 - 1, and reads the same after', () => {
    const countsOf = (h: Histogram) => (h as unknown as { counts: ArrayLike<number> }).counts;
    const h = new Histogram();
    for (const v of [3, 3, 40, 900]) h.record(v);
    const before = [0, 0, 0, 0];
    h.percentiles([25, 50, 75, 100], before);
    expect(countsOf(h)).toBeInstanceOf(Uint32Array);
    // Pretend the total is at the 32-bit limit: the next record must widen first.
    h.count = 0xffffffff - 1;
    h.record(3);
    expect(countsOf(h)).toBeInstanceOf(Uint32Array);
    h.record(3);
    expect(countsOf(h)).toBeInstanceOf(Float64Array);
    expect(h.count).toBe(2 ** 32);
    // Same for a merge whose total would not fit.
    const a = new Histogram(),
      b = new Histogram();
    a.record(7);
    b.record(7);
    b.count = 0xffffffff;
    a.add(b);
    expect(countsOf(a)).toBeInstanceOf(Float64Array);
    // Widening keeps every count: a fresh histogram with the same values agrees.
    const c = new Histogram();
    for (const v of [3, 3, 40, 900]) c.record(v);
    (c as unknown as { widen(): void }).widen();
    const after = [0, 0, 0, 0];
    c.percentiles([25, 50, 75, 100], after);
    expect(after).toEqual(before);
  });

  it('property: recordAll over a slice is exactly recording each value in turn (counts, sum to the bit, min, max)', () => {
    const countsOf = (h: Histogram) => Array.from((h as unknown as { counts: ArrayLike<number> }).counts);
    fc.assert(
      fc.property(
        // Sub-microsecond, microsecond-exact, ordinary and past-2^31-µs values, so every index path and a growth run.
        fc.array(
          fc.oneof(
            fc.double({ min: 0, max: 0.0004, noNaN: true }),
            fc.double({ min: 0, max: 2, noNaN: true }),
            fc.double({ min: 1, max: 60_000, noNaN: true }),
            fc.double({ min: 2_200_000, max: 40_000_000, noNaN: true }),
          ),
          { maxLength: 300 },
        ),
        fc.nat(20),
        fc.nat(20),
        fc.boolean(),
        (xs, cutFront, cutBack, nearLimit) => {
          const values = Float64Array.from(xs);
          const from = Math.min(cutFront, values.length);
          const to = Math.max(from, values.length - cutBack);
          const bulk = new Histogram(),
            each = new Histogram();
          bulk.record(12.5); // something already there: the loop picks up the running fields
          each.record(12.5);
          if (nearLimit) bulk.count = each.count = 0xffffffff - 2; // the bulk path must widen too
          bulk.recordAll(values, from, to);
          for (let i = from; i < to; i++) each.record(values[i]);
          expect(bulk.count).toBe(each.count);
          expect(Object.is(bulk.sum, each.sum)).toBe(true);
          expect(bulk.min).toBe(each.min);
          expect(bulk.max).toBe(each.max);
          const cb = countsOf(bulk),
            ce = countsOf(each);
          expect(cb.length).toBe(ce.length);
          expect(cb).toEqual(ce);
          const pb = PCTS.map(() => 0),
            pe = PCTS.map(() => 0);
          bulk.percentiles(PCTS, pb);
          each.percentiles(PCTS, pe);
          expect(pb).toEqual(pe);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers NaN when empty', () => {
    const out = [0, 0];
    new Histogram().percentiles([50, 99], out);
    expect(out.every(Number.isNaN)).toBe(true);
  });
});

describe('coarse copies and the share below a value', () => {
  it('a coarse copy keeps count, sum and range, and its share below x errs by at most the coarse bucket holding x', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 50_000, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.double({ min: 0, max: 60_000, noNaN: true }),
        (values, x) => {
          const fine = new Histogram();
          for (const v of values) fine.record(v);
          const coarse = fine.coarsened(5);
          expect(coarse.count).toBe(fine.count);
          expect(coarse.sum).toBe(fine.sum);
          expect(coarse.min).toBe(fine.min);
          expect(coarse.max).toBe(fine.max);
          const exact = values.filter((v) => v <= x).length / values.length;
          // Values within 7% of x share its coarse bucket (5 bits: buckets under 6.3% wide).
          const near = values.filter((v) => Math.abs(v - x) <= 0.07 * x + 0.002).length / values.length;
          const share = coarse.shareAtOrBelow(x);
          expect(Math.abs(share - exact)).toBeLessThanOrEqual(near + 1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the share below rises through a bucket pro rata and is 0 below the least, 1 from the largest', () => {
    const h = new Histogram();
    for (let i = 0; i < 1000; i++) h.record(100 + i / 10); // 100.0 .. 199.9 ms
    const c = h.coarsened(5);
    expect(c.shareAtOrBelow(99)).toBe(0);
    expect(c.shareAtOrBelow(199.9)).toBe(1);
    let last = 0;
    for (let x = 100; x < 200; x += 0.5) {
      const s = c.shareAtOrBelow(x);
      expect(s).toBeGreaterThanOrEqual(last);
      // Within a full bucket evenly spread values read exactly; the end buckets, which the
      // data fill in part, read pro rata over their whole width: off by less than half of
      // one bucket's share (a 5-bit bucket here is 4-8 ms wide, 4-8% of the values).
      expect(Math.abs(s - (x - 100) / 100)).toBeLessThan(0.04);
      last = s;
    }
  });
});
