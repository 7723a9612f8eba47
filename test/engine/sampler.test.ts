/**
 * Distributions (src/sim/sampler.ts): every distribution's sample mean against its
 * theoretical mean, a few second moments and quantiles, and the Zipf sampler's frequencies
 * against the exact pmf (both its alias-table path and its rejection-inversion path).
 */
import { describe, expect, it } from 'vitest';
import { distMean, distScv, type Dist } from '../../src/model/dist';
import { Rng } from '../../src/sim/random';
import { buildAlias, Sampler, ZipfSampler } from '../../src/sim/sampler';
import { normalCdf } from '../theory/helpers';

/** Sample mean within 1% (relative) of the theoretical mean (400k samples: ≥ 3σ for every case). */
const MEAN_TOL = 0.01;
/** Squared coefficient of variation within 3%. */
const SCV_TOL = 0.03;
const N = 400_000;

function draw(d: Dist, seed: number, n = N): Float64Array {
  const s = new Sampler(d);
  const rng = new Rng(seed, 'sampler-test');
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = s.sample(rng);
  return xs;
}
const meanOf = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length;
function scvOf(xs: Float64Array): number {
  const m = meanOf(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length / (m * m);
}
function quantile(xs: Float64Array, p: number): number {
  const s = Float64Array.from(xs).sort();
  return s[Math.ceil(p * s.length) - 1];
}

/** Chi-square 0.999 quantile (Wilson–Hilferty; within 0.1% for df ≥ 10). */
function chi2Crit999(df: number): number {
  const z = 3.090232;
  const k = 2 / (9 * df);
  return df * (1 - k + z * Math.sqrt(k)) ** 3;
}

describe('Sampler means', () => {
  const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const cases: Array<[string, Dist, number]> = [
    ['a bare number (constant)', 7, 7],
    ['constant', { dist: 'constant', value: 3.5 }, 3.5],
    ['exponential', { dist: 'exponential', mean: 20 }, 20],
    ['uniform', { dist: 'uniform', min: 5, max: 15 }, 10],
    ['normal far from 0', { dist: 'normal', mean: 100, sd: 10 }, 100],
    // Truncated at 0 (resampled): mean μ + σ φ(α)/(1 − Φ(α)) with α = −μ/σ = −2: 10.276.
    ['normal truncated at 0', { dist: 'normal', mean: 10, sd: 5 }, 10 + (5 * phi(-2)) / (1 - normalCdf(-2))],
    ['lognormal (mean, sd)', { dist: 'lognormal', mean: 30, sd: 20 }, 30],
    [
      'lognormal (p50, p99)',
      { dist: 'lognormal', p50: 10, p99: 100 },
      distMean({ dist: 'lognormal', p50: 10, p99: 100 }),
    ],
    ['erlang k = 4', { dist: 'erlang', k: 4, mean: 12 }, 12],
    ['pareto shape 2.5', { dist: 'pareto', scale: 6, shape: 2.5 }, (2.5 * 6) / 1.5],
    ['weibull shape 2', { dist: 'weibull', scale: 10, shape: 2 }, (10 * Math.sqrt(Math.PI)) / 2],
    [
      'weibull shape 0.8',
      { dist: 'weibull', scale: 10, shape: 0.8 },
      distMean({ dist: 'weibull', scale: 10, shape: 0.8 }),
    ],
    ['empirical', { dist: 'empirical', values: [1, 2, 2, 10] }, 3.75],
  ];
  cases.forEach(([name, d, mean], i) => {
    it(`${name}: sample mean within ${MEAN_TOL * 100}% of ${mean.toPrecision(5)}`, () => {
      const xs = draw(d, 100 + i);
      const m = meanOf(xs);
      expect(Math.abs(m - mean) / mean, `sample mean ${m}`).toBeLessThan(MEAN_TOL);
      expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
      // The sampler's own analytic mean (used for estimates, e.g. DNS latency routing) is exact,
      // the normal's cut at 0 included (model/distStats distMean; the 1e-9 covers the draws it
      // gives up on after 16 negative tries, which the formula above leaves out).
      expect(new Sampler(d).mean).toBeCloseTo(mean, 8);
    });
  });

  it(`second moments: squared coefficient of variation within ${SCV_TOL * 100}% of theory`, () => {
    const ds: Dist[] = [
      { dist: 'exponential', mean: 20 },
      { dist: 'erlang', k: 4, mean: 12 },
      { dist: 'uniform', min: 0, max: 10 },
      { dist: 'lognormal', mean: 30, sd: 20 },
      { dist: 'weibull', scale: 10, shape: 2 },
    ];
    ds.forEach((d, i) => {
      const scv = scvOf(draw(d, 200 + i));
      expect(
        Math.abs(scv - distScv(d)) / distScv(d),
        `${JSON.stringify(d)}: ${scv} vs ${distScv(d)}`,
      ).toBeLessThan(SCV_TOL);
    });
    expect(scvOf(draw({ dist: 'constant', value: 4 }, 299, 1000))).toBe(0);
  });

  it('lognormal given by p50 and p99 has that median and 99th percentile', () => {
    const xs = draw({ dist: 'lognormal', p50: 10, p99: 100 }, 301);
    expect(Math.abs(quantile(xs, 0.5) - 10) / 10).toBeLessThan(0.01);
    expect(Math.abs(quantile(xs, 0.99) - 100) / 100).toBeLessThan(0.03);
  });

  it('empirical draws only its values, each with its frequency', () => {
    const xs = draw({ dist: 'empirical', values: [1, 2, 2, 10] }, 302, 100_000);
    const count = (v: number) => xs.filter((x) => x === v).length;
    const share = (v: number) => count(v) / xs.length;
    expect(count(1) + count(2) + count(10)).toBe(xs.length);
    expect(Math.abs(share(2) - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(share(10) - 0.25)).toBeLessThan(0.01);
  });

  it('set() re-targets a sampler in place', () => {
    const s = new Sampler({ dist: 'exponential', mean: 5 });
    s.set({ dist: 'constant', value: 9 });
    expect(s.sample(new Rng(1))).toBe(9);
    expect(s.mean).toBe(9);
  });
});

describe('ZipfSampler', () => {
  /** Exact Zipf pmf over ranks 1..n. */
  function pmf(n: number, s: number): Float64Array {
    const p = new Float64Array(n);
    let h = 0;
    for (let k = 1; k <= n; k++) h += p[k - 1] = Math.pow(k, -s);
    for (let k = 0; k < n; k++) p[k] /= h;
    return p;
  }

  for (const s of [1, 0.8]) {
    it(`n = 100, s = ${s} (alias table): frequencies pass a chi-square test against the exact pmf; top ranks within 2%`, () => {
      const n = 100,
        draws = 1_000_000;
      const z = new ZipfSampler(n, s);
      const rng = new Rng(400, `zipf-${s}`);
      const counts = new Float64Array(n);
      for (let i = 0; i < draws; i++) counts[z.sample(rng)]++;
      const p = pmf(n, s);
      let chi2 = 0;
      for (let k = 0; k < n; k++) chi2 += (counts[k] - draws * p[k]) ** 2 / (draws * p[k]);
      expect(chi2, `chi-square ${chi2}`).toBeLessThan(chi2Crit999(n - 1));
      for (let k = 0; k < 5; k++)
        expect(Math.abs(counts[k] / draws - p[k]) / p[k], `rank ${k + 1}`).toBeLessThan(0.02);
    });

    it(`n = 2,000,000, s = ${s} (rejection-inversion): binned frequencies pass a chi-square test`, () => {
      const n = 2_000_000,
        draws = 1_000_000;
      const z = new ZipfSampler(n, s);
      const rng = new Rng(401, `zipf-big-${s}`);
      // Bins: ranks 1..20 one by one, then decades.
      const edges = [
        ...Array.from({ length: 20 }, (_, k) => k + 1),
        100,
        1_000,
        10_000,
        100_000,
        1_000_000,
        n,
      ];
      const binOf = (r: number) => edges.findIndex((e) => r < e);
      const counts = new Float64Array(edges.length);
      let outside = 0;
      for (let i = 0; i < draws; i++) {
        const r = z.sample(rng);
        if (!(r >= 0 && r < n && Number.isInteger(r))) outside++;
        else counts[binOf(r)]++;
      }
      expect(outside).toBe(0);
      const p = pmf(n, s);
      const expected = new Float64Array(edges.length);
      for (let b = 0, r = 0; r < n; r++) {
        while (r >= edges[b]) b++;
        expected[b] += p[r] * draws;
      }
      let chi2 = 0;
      for (let b = 0; b < edges.length; b++) chi2 += (counts[b] - expected[b]) ** 2 / expected[b];
      expect(chi2, `chi-square ${chi2}`).toBeLessThan(chi2Crit999(edges.length - 1));
    });
  }

  it('s = 0 is uniform', () => {
    const z = new ZipfSampler(10, 0);
    const rng = new Rng(402);
    const counts = new Float64Array(10);
    for (let i = 0; i < 100_000; i++) counts[z.sample(rng)]++;
    for (const c of counts) expect(Math.abs(c / 10_000 - 1)).toBeLessThan(0.05);
  });

  it('the alias table reproduces arbitrary weights', () => {
    const w = Float64Array.from([5, 1, 0, 3, 0.5, 10, 2]);
    const total = w.reduce((a, b) => a + b, 0);
    const [prob, alias] = buildAlias(w, total);
    // Exact: the probability mass the table gives each outcome.
    const mass = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) {
      mass[i] += prob[i] / w.length;
      mass[alias[i]] += (1 - prob[i]) / w.length;
    }
    w.forEach((x, i) => expect(mass[i]).toBeCloseTo(x / total, 12));
  });
});
