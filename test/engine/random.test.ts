/**
 * Seeded random streams (src/sim/random.ts): determinism, uniformity, independence of
 * streams by id, and at engine level the promise that editing one element leaves every
 * other element's randomness unchanged (common random numbers across design variants).
 */
import { describe, expect, it } from 'vitest';
import { hashString, Rng, ZIGGURAT } from '../../src/sim/random';
import { run } from '../theory/helpers';

const take = (r: Rng, n: number) => Array.from({ length: n }, () => r.next());

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n,
    my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('Rng', () => {
  it('is deterministic: the same seed and stream give the same sequence', () => {
    expect(take(new Rng(42, 'node:api'), 1000)).toEqual(take(new Rng(42, 'node:api'), 1000));
    expect(new Rng(42, 'x').nextU32()).toBe(new Rng(42, 'x').nextU32());
  });

  it('gives different sequences for different seeds and different stream ids', () => {
    const base = take(new Rng(42, 'node:api'), 100);
    expect(take(new Rng(43, 'node:api'), 100)).not.toEqual(base);
    expect(take(new Rng(42, 'node:api2'), 100)).not.toEqual(base);
    expect(take(new Rng(42, 'edge:api'), 100)).not.toEqual(base);
    // Seeds that differ in one bit still give unrelated first draws.
    const firsts = new Set(Array.from({ length: 1000 }, (_, s) => new Rng(s, 'a').nextU32()));
    expect(firsts.size).toBe(1000);
  });

  it('draws uniformly: chi-square over 100 cells, and next / nextOpen / int stay in range', () => {
    const r = new Rng(1, 'uniform');
    const n = 1_000_000;
    const cells = new Float64Array(100);
    let lo = Infinity,
      hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      cells[Math.floor(x * 100)]++;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    const e = n / 100;
    const chi2 = cells.reduce((a, c) => a + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(148.2); // 0.999 quantile of chi-square with 99 degrees of freedom
    for (let i = 0; i < 10_000; i++) {
      const o = r.nextOpen();
      expect(o > 0 && o < 1).toBe(true);
      const k = r.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
  });

  it('exp() has the requested mean', () => {
    const r = new Rng(2, 'exp');
    let s = 0;
    for (let i = 0; i < 200_000; i++) s += r.exp(5);
    expect(Math.abs(s / 200_000 - 5) / 5).toBeLessThan(0.01);
  });

  it('stdExp (ziggurat) is exponential: chi-square over 200 equal-probability cells, KS, the tail past R, and its moments', () => {
    // Cells cut at the exact quantiles -ln(1 - k/200); the last cell is the tail beyond
    // -ln(1/200) = 5.3, and a separate count checks the rare draws beyond the ziggurat's
    // base layer R = 7.697 (probability e^-R = 4.5e-4), which take its slow path.
    const rng = new Rng(42, 'ziggurat');
    const n = 2_000_000,
      cells = 200;
    const counts = new Float64Array(cells);
    let sum = 0,
      sumSq = 0,
      beyondR = 0,
      excessBeyondR = 0,
      invalid = 0,
      ksMax = 0;
    const sample = new Float64Array(100_000);
    for (let i = 0; i < n; i++) {
      const x = rng.stdExp();
      if (!(x >= 0 && Number.isFinite(x))) invalid++;
      sum += x;
      sumSq += x * x;
      if (x > ZIGGURAT.R) {
        beyondR++;
        excessBeyondR += x - ZIGGURAT.R;
      }
      const cdf = 1 - Math.exp(-x);
      counts[Math.min(cells - 1, Math.floor(cdf * cells))]++;
      if (i < sample.length) sample[i] = x;
    }
    expect(invalid).toBe(0);
    const expected = n / cells;
    const chi2 = counts.reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
    // 199 degrees of freedom: the 0.999 quantile is about 280.
    expect(chi2, `chi-square ${chi2.toFixed(1)}`).toBeLessThan(280);
    const mean = sum / n,
      variance = sumSq / n - mean * mean;
    expect(Math.abs(mean - 1)).toBeLessThan(0.003); // σ/√n = 0.0007
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
    const pR = Math.exp(-7.697117470131487);
    expect(Math.abs(beyondR - n * pR)).toBeLessThan(4 * Math.sqrt(n * pR)); // 905 ± 120
    // Memoryless: the excess beyond R is itself exponential with mean 1 (σ ≈ 1/√905 = 0.033).
    expect(Math.abs(excessBeyondR / beyondR - 1)).toBeLessThan(0.15);
    // Kolmogorov–Smirnov on the first 100k draws: the 0.001 critical value is 1.95 / √n.
    sample.sort();
    for (let i = 0; i < sample.length; i++) {
      const f = 1 - Math.exp(-sample[i]);
      ksMax = Math.max(ksMax, Math.abs(f - i / sample.length), Math.abs(f - (i + 1) / sample.length));
    }
    expect(ksMax).toBeLessThan(1.95 / Math.sqrt(sample.length));
  });

  it('ziggurat tables: 256 layers of equal area, each inner rectangle exactly under the curve', () => {
    const { R, V, K, W, F } = ZIGGURAT;
    const x = (i: number) => W[i] * 16777216; // right edge of layer i
    expect(x(255)).toBeCloseTo(R, 12);
    // Base layer: rectangle [0, R] × [0, e^-R] plus the tail beyond R (area e^-R).
    expect(R * Math.exp(-R) + Math.exp(-R)).toBeCloseTo(V, 12);
    for (let i = 1; i <= 255; i++) {
      const above = i === 1 ? 1 : F[i - 1];
      expect(F[i]).toBeCloseTo(Math.exp(-x(i)), 14);
      // Layer i is the rectangle [0, x_i] × [f(x_i), f(x_{i-1})].
      expect(Math.abs(x(i) * (above - F[i]) - V) / V, `layer ${i} area`).toBeLessThan(1e-9);
      if (i >= 2) expect(K[i]).toBe(Math.floor((x(i - 1) / x(i)) * 16777216));
    }
    expect(K[1]).toBe(0);
    expect(K[0]).toBe(Math.floor((R / (V / Math.exp(-R))) * 16777216));
  });

  it('streams are independent: no correlation between streams, between seeds, or at lag 1', () => {
    const n = 200_000;
    const bound = 4 / Math.sqrt(n); // 4 standard errors of a correlation coefficient
    const a = take(new Rng(9, 'node:a'), n);
    const b = take(new Rng(9, 'node:b'), n);
    const c = take(new Rng(10, 'node:a'), n);
    expect(Math.abs(correlation(a, b))).toBeLessThan(bound);
    expect(Math.abs(correlation(a, c))).toBeLessThan(bound);
    expect(Math.abs(correlation(a.slice(1), a.slice(0, -1)))).toBeLessThan(bound);
  });

  it('hashString is stable and spreads similar ids', () => {
    expect(hashString('node:api')).toBe(hashString('node:api'));
    const hs = new Set(Array.from({ length: 10_000 }, (_, i) => hashString(`node:${i}`)));
    expect(hs.size).toBe(10_000);
  });
});

describe('streams by element id in the engine', () => {
  const design = (s2: Record<string, unknown>, c2rps: number) => ({
    schemaVersion: 1,
    nodes: [
      { id: 'c1', kind: 'client', params: { rps: 80 } },
      {
        id: 's1',
        kind: 'service',
        params: { instances: 2, concurrency: 2, serviceTimeMs: { dist: 'exponential', mean: 20 } },
      },
      { id: 'c2', kind: 'client', params: { rps: c2rps } },
      { id: 's2', kind: 'service', params: s2 },
    ],
    edges: [
      { id: 'e1', source: 'c1', target: 's1', params: { latencyMs: { dist: 'uniform', min: 0.2, max: 1 } } },
      { id: 'e2', source: 'c2', target: 's2' },
    ],
    scenario: { durationS: 60, seed: 5 },
  });

  it('editing one element leaves the other elements’ numbers unchanged (common random numbers)', () => {
    const a = run(design({ serviceTimeMs: { dist: 'exponential', mean: 10 } }, 50)).summary;
    const b = run(
      design({ serviceTimeMs: { dist: 'lognormal', p50: 5, p99: 90 }, concurrency: 3 }, 120),
    ).summary;
    expect(b.clients.c1).toEqual(a.clients.c1);
    expect(b.nodes.s1).toEqual(a.nodes.s1);
    expect(b.edges.e1).toEqual(a.edges.e1);
    // ... while the edited part did change.
    expect(b.nodes.s2).not.toEqual(a.nodes.s2);
  });

  it('a different seed changes every element', () => {
    const d = design({}, 50);
    const a = run(d).summary;
    const b = run(d, { seed: 6 }).summary;
    expect(b.nodes.s1).not.toEqual(a.nodes.s1);
    expect(b.nodes.s2).not.toEqual(a.nodes.s2);
  });
});
