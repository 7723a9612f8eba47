/**
 * Exact distribution figures (src/model/distStats.ts): closed forms against values computed
 * by hand (mpmath at 30 digits where a calculator would not do), a property test of every
 * distribution against the engine's own sampler, and the inspector sketch's caption, which
 * used to print a random sample's mean and p99 (an exponential of mean 5 read
 * "mean 4.9 ms · p99 21.6 ms"; a lognormal of p50 80 / p99 250 read "p99 243 ms").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dist } from '../../src/model/dist';
import {
  distCdf,
  distMean,
  distQuantile,
  distScv,
  normalCdf,
  normalQuantile,
  Z99,
} from '../../src/model/distStats';
import { Rng } from '../../src/sim/random';
import { Sampler } from '../../src/sim/sampler';
import { fmtFigure, sketchCaption, sketchFigures } from '../../src/ui/inspector/DistSketch';

/** Relative closeness: |a − b| <= tol · |b|. */
function near(a: number, b: number, tol = 1e-10) {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.abs(b));
}

describe('special functions', () => {
  it('normal CDF and quantile to full precision, tails included', () => {
    near(normalQuantile(0.99), 2.326347874040841, 1e-14);
    near(Z99, normalQuantile(0.99), 1e-15);
    near(normalQuantile(0.975), 1.959963984540054, 1e-14);
    near(normalQuantile(1e-10), -6.361340902404057, 1e-13);
    near(normalQuantile(0.5) + 1, 1, 1e-15);
    near(normalCdf(-2), 0.02275013194817921, 1e-13);
    near(normalCdf(-8), 6.220960574271784e-16, 1e-12);
    near(normalCdf(1), 0.8413447460685429, 1e-14);
    for (const p of [1e-12, 1e-5, 0.01, 0.3, 0.5, 0.77, 0.999]) near(normalCdf(normalQuantile(p)), p, 1e-13);
  });
});

describe('exact figures', () => {
  const expo: Dist = { dist: 'exponential', mean: 5 };

  it('constant (bare number or object): every quantile is the value', () => {
    for (const d of [7, { dist: 'constant', value: 7 }] as Dist[]) {
      expect(distMean(d)).toBe(7);
      for (const p of [0.01, 0.5, 0.99]) expect(distQuantile(d, p)).toBe(7);
      expect(distCdf(d, 6.99)).toBe(0);
      expect(distCdf(d, 7)).toBe(1);
    }
  });

  it('exponential of mean 5: p99 = 5 ln 100 = 23.026, median 5 ln 2', () => {
    expect(distMean(expo)).toBe(5);
    near(distQuantile(expo, 0.99), 23.025850929940457, 1e-14);
    near(distQuantile(expo, 0.5), 3.4657359027997265, 1e-14);
    near(distCdf(expo, 23.025850929940457), 0.99, 1e-14);
  });

  it('uniform 5..15', () => {
    const d: Dist = { dist: 'uniform', min: 5, max: 15 };
    expect(distMean(d)).toBe(10);
    near(distQuantile(d, 0.99), 14.9, 1e-15);
    near(distQuantile(d, 0.25), 7.5, 1e-15);
    expect(distQuantile({ dist: 'uniform', min: 3, max: 3 }, 0.7)).toBe(3);
  });

  it('normal far from 0 is the plain normal: p99 = μ + σ · 2.3263', () => {
    const d: Dist = { dist: 'normal', mean: 100, sd: 10 };
    near(distMean(d), 100, 1e-15);
    near(distQuantile(d, 0.99), 123.26347874040842, 1e-14);
    near(distQuantile(d, 0.5), 100, 1e-15);
    expect(distQuantile({ dist: 'normal', mean: 4, sd: 0 }, 0.99)).toBe(4);
  });

  it('normal near 0 is truncated at 0, as the sampler resamples negative draws', () => {
    // μ 10, σ 5: mean μ + σ φ(2) / Φ(2) = 10.2762; quantiles of the truncated normal.
    const d: Dist = { dist: 'normal', mean: 10, sd: 5 };
    near(distMean(d), 10.27623931339495, 1e-13);
    near(distQuantile(d, 0.99), 21.67484910379012, 1e-13);
    near(distQuantile(d, 0.5), 10.142584632954588, 1e-13);
    // μ 0, σ 1: half-normal, except that 16 negative draws in a row (2^-16) give 0.
    const h: Dist = { dist: 'normal', mean: 0, sd: 1 };
    near(distMean(h), (1 - 2 ** -16) * Math.sqrt(2 / Math.PI), 1e-14);
    near(distMean(h), 0.7978723860506558, 1e-14);
    near(distQuantile(h, 0.5), 0.6744777457238885, 1e-13);
    near(distQuantile(h, 0.99), 2.575824027204025, 1e-13);
    expect(distQuantile(h, 2 ** -17)).toBe(0); // inside the atom at 0
    near(distCdf(h, 0), 2 ** -16, 1e-12);
    // Variance of the mixture: (1 − 2^-16) (1 − (1 − 2^-16) 2/π) / mean².
    near(distScv(h), 0.5708202956104425, 1e-12);
  });

  it('lognormal by p50 / p99: p99 reads as typed, mean = p50 · exp(σ²/2)', () => {
    const d: Dist = { dist: 'lognormal', p50: 80, p99: 250 };
    const sigma = Math.log(250 / 80) / 2.3263478740408408;
    near(distQuantile(d, 0.99), 250, 1e-14);
    near(distQuantile(d, 0.5), 80, 1e-14);
    near(distMean(d), 80 * Math.exp((sigma * sigma) / 2), 1e-14);
    near(distMean(d), 90.19521334998258, 1e-13);
    near(distQuantile({ dist: 'lognormal', p50: 4, p99: 4 }, 0.9), 4, 1e-15);
  });

  it('lognormal by mean / sd: median = mean / √(1 + cv²)', () => {
    const d: Dist = { dist: 'lognormal', mean: 30, sd: 20 };
    expect(distMean(d)).toBe(30);
    near(distQuantile(d, 0.5), 90 / Math.sqrt(13), 1e-14); // 24.9615
    near(distQuantile(d, 0.99), 102.31329956404186, 1e-13);
  });

  it('erlang: the incomplete-gamma quantile against chi-square tables and closed forms', () => {
    // k = 1 is the exponential.
    near(distQuantile({ dist: 'erlang', k: 1, mean: 5 }, 0.99), 23.025850929940457, 1e-12);
    // 2X/θ is chi-square with 2k degrees of freedom: χ²₀.₉₉(8) = 20.0902 → p99 10.0451 for k 4, θ 1.
    near(distQuantile({ dist: 'erlang', k: 4, mean: 4 }, 0.99), 10.045117514831617, 1e-12);
    near(distQuantile({ dist: 'erlang', k: 4, mean: 12 }, 0.5), 11.016182246552688, 1e-12);
    near(distQuantile({ dist: 'erlang', k: 3, mean: 9 }, 0.9), 15.96696101350263, 1e-12);
    // k = 2, θ = 5: e^{−y}(1 + y) = 0.01 at y = x / 5.
    const x = distQuantile({ dist: 'erlang', k: 2, mean: 10 }, 0.99);
    near(x, 33.19176033996906, 1e-12);
    near(Math.exp(-x / 5) * (1 + x / 5), 0.01, 1e-10);
    // The largest k validation allows.
    near(distQuantile({ dist: 'erlang', k: 1000, mean: 1000 }, 0.99), 1075.032832086435, 1e-12);
    near(distQuantile({ dist: 'erlang', k: 1000, mean: 1000 }, 0.01), 927.9081597966425, 1e-12);
    expect(distMean({ dist: 'erlang', k: 7, mean: 3 })).toBe(3);
  });

  it('erlang CDF equals the Poisson sum 1 − e^{−y} Σ_{j<k} y^j / j!', () => {
    for (const k of [1, 2, 5, 13, 40])
      for (const y of [0.1, 1, k / 2, k, 2 * k + 3]) {
        let term = 1,
          sum = 0;
        for (let j = 0; j < k; j++) {
          sum += term;
          term *= y / (j + 1);
        }
        const exact = 1 - Math.exp(-y) * sum;
        const got = distCdf({ dist: 'erlang', k, mean: k }, y);
        expect(Math.abs(got - exact), `k ${k}, y ${y}`).toBeLessThan(1e-13);
      }
  });

  it('pareto and weibull', () => {
    const pa: Dist = { dist: 'pareto', scale: 6, shape: 2.5 };
    expect(distMean(pa)).toBe(10);
    near(distQuantile(pa, 0.99), 6 * 100 ** 0.4, 1e-14); // 37.857
    expect(distMean({ dist: 'pareto', scale: 6, shape: 1 })).toBe(Infinity);
    const we: Dist = { dist: 'weibull', scale: 10, shape: 2 };
    near(distMean(we), 5 * Math.sqrt(Math.PI), 1e-14); // 8.862
    near(distQuantile(we, 0.99), 10 * Math.sqrt(Math.log(100)), 1e-14); // 21.460
    near(distMean({ dist: 'weibull', scale: 10, shape: 0.8 }), 11.330030963193463, 1e-13);
  });

  it('empirical: the mean of the values; a quantile is the least value whose share reaches p', () => {
    const d: Dist = { dist: 'empirical', values: [10, 2, 1, 2] };
    expect(distMean(d)).toBe(3.75);
    expect(distQuantile(d, 0.25)).toBe(1);
    expect(distQuantile(d, 0.2500001)).toBe(2);
    expect(distQuantile(d, 0.75)).toBe(2);
    expect(distQuantile(d, 0.99)).toBe(10);
    // 0.07 · 100 is 7.000000000000001 in floating point: still the 7th value, not the 8th.
    const hundred: Dist = { dist: 'empirical', values: Array.from({ length: 100 }, (_, i) => i + 1) };
    expect(distQuantile(hundred, 0.07)).toBe(7);
  });

  it('rejects p outside (0, 1)', () => {
    expect(() => distQuantile(expo, 0)).toThrow(RangeError);
    expect(() => distQuantile(expo, 1)).toThrow(RangeError);
    expect(() => distQuantile(expo, NaN)).toThrow(RangeError);
  });

  it('the sampler takes its mean from here (one place knows a mean), truncated normal included', () => {
    for (const d of [
      expo,
      { dist: 'normal', mean: 1, sd: 3 },
      { dist: 'lognormal', p50: 80, p99: 250 },
      { dist: 'weibull', scale: 2, shape: 0.7 },
    ] as Dist[])
      expect(new Sampler(d).mean).toBe(distMean(d));
  });
});

// ---- against the engine's sampler ------------------------------------------------------

const N = 200_000;

function draws(d: Dist, seed: number): Float64Array {
  const s = new Sampler(d);
  const rng = new Rng(seed, 'distStats');
  const xs = new Float64Array(N);
  for (let i = 0; i < N; i++) xs[i] = s.sample(rng);
  return xs.sort();
}

/**
 * Tolerance of the quantile check. The empirical p-quantile of N draws (the ⌈pN⌉-th
 * smallest) lies below Q(p − ε) only if at least pN draws fall where the CDF is below p − ε,
 * and above Q(p + ε) only if fewer than pN fall where it is at least p + ε: each a
 * binomial tail. With ε = 6 standard errors √(p(1 − p)/N) each has a chance under 1e-9,
 * so the check is Q(p − ε) <= empirical <= Q(p + ε), for continuous and discrete
 * distributions alike (plus 1e-9 relative for rounding, which also covers the mean check). At p = 0.99 that is
 * ε = 0.0013, about ±3% of an exponential's p99; a figure that ignored the normal's
 * truncation or mixed up a parameterisation is off by far more.
 *
 * Tolerance of the mean check: 6 standard errors of the sample mean (sample sd / √N), only
 * where the variance is finite and the fourth moment tame enough for the sample sd to be
 * trusted (Pareto shape >= 4.5, Weibull shape >= 0.5, lognormal σ <= 1); elsewhere the
 * quantiles alone are checked.
 */
function checkAgainstSampler(d: Dist, seed: number, p: number, meanTestable: boolean) {
  const xs = draws(d, seed);
  const label = JSON.stringify(d);
  for (const q of [0.01, 0.1, 0.5, 0.9, 0.99, p]) {
    const eps = 6 * Math.sqrt((q * (1 - q)) / N);
    const got = xs[Math.ceil(q * N) - 1];
    const lo = distQuantile(d, q - eps),
      hi = distQuantile(d, q + eps);
    expect(got, `${label} p${q}: [${lo}, ${hi}]`).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
    expect(got, `${label} p${q}: [${lo}, ${hi}]`).toBeLessThanOrEqual(hi * (1 + 1e-9));
  }
  if (meanTestable) {
    let s = 0,
      s2 = 0;
    for (const x of xs) s += x;
    const m = s / N;
    for (const x of xs) s2 += (x - m) ** 2;
    const se = Math.sqrt(s2 / (N - 1) / N);
    expect(Math.abs(m - distMean(d)), `${label}: sample mean ${m}`).toBeLessThanOrEqual(
      6 * se + 1e-9 * Math.abs(m),
    );
  }
}

/** Positive magnitudes spread over several decades. */
const mag = (lo: number, hi: number) =>
  fc
    .double({ min: Math.log10(lo), max: Math.log10(hi), noNaN: true })
    .map((e) => Number((10 ** e).toPrecision(6)));
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const prob = fc.double({ min: 0.005, max: 0.995, noNaN: true });
const RUNS = { numRuns: 12 };

describe('figures match the engine sampler (fast-check, 200,000 draws per case)', () => {
  it('constant and uniform', () => {
    fc.assert(
      fc.property(mag(0.01, 1000), mag(0.01, 1000), seed, prob, (a, b, s, p) => {
        checkAgainstSampler(a, s, p, true);
        checkAgainstSampler({ dist: 'constant', value: b }, s, p, true);
        checkAgainstSampler({ dist: 'uniform', min: Math.min(a, b), max: Math.max(a, b) }, s, p, true);
      }),
      RUNS,
    );
  });

  it('exponential', () => {
    fc.assert(
      fc.property(mag(0.01, 1e4), seed, prob, (mean, s, p) =>
        checkAgainstSampler({ dist: 'exponential', mean }, s, p, true),
      ),
      RUNS,
    );
  });

  it('normal, truncated at 0 or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(0), mag(0.01, 1000)),
        fc.oneof(fc.constant(0), mag(0.01, 1000)),
        seed,
        prob,
        (mean, sd, s, p) => checkAgainstSampler({ dist: 'normal', mean, sd }, s, p, true),
      ),
      RUNS,
    );
  });

  it('lognormal by p50 / p99', () => {
    fc.assert(
      fc.property(
        mag(0.01, 1000),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        seed,
        prob,
        (p50, r, s, p) => {
          const d: Dist = { dist: 'lognormal', p50, p99: p50 * r };
          checkAgainstSampler(d, s, p, Math.log(r) / Z99 <= 1);
        },
      ),
      RUNS,
    );
  });

  it('lognormal by mean / sd', () => {
    fc.assert(
      fc.property(
        mag(0.01, 1000),
        fc.double({ min: 0, max: 3, noNaN: true }),
        seed,
        prob,
        (mean, cv, s, p) => {
          const d: Dist = { dist: 'lognormal', mean, sd: mean * cv };
          checkAgainstSampler(d, s, p, Math.log(1 + cv * cv) <= 1);
        },
      ),
      RUNS,
    );
  });

  it('erlang', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), mag(0.01, 1000), seed, prob, (k, mean, s, p) =>
        checkAgainstSampler({ dist: 'erlang', k, mean }, s, p, true),
      ),
      RUNS,
    );
  });

  it('pareto', () => {
    fc.assert(
      fc.property(mag(0.01, 1000), mag(0.05, 100), seed, prob, (scale, shape, s, p) =>
        checkAgainstSampler({ dist: 'pareto', scale, shape }, s, p, shape >= 4.5),
      ),
      RUNS,
    );
  });

  it('weibull', () => {
    fc.assert(
      fc.property(mag(0.01, 1000), mag(0.05, 100), seed, prob, (scale, shape, s, p) =>
        checkAgainstSampler({ dist: 'weibull', scale, shape }, s, p, shape >= 0.5),
      ),
      RUNS,
    );
  });

  it('empirical, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 30 }),
        seed,
        prob,
        (values, s, p) => checkAgainstSampler({ dist: 'empirical', values }, s, p, true),
      ),
      RUNS,
    );
  });
});

describe('the inspector sketch prints the exact figures', () => {
  it('exponential of mean 5: "mean 5 ms · p99 23 ms" (a sample printed 4.9 and 21.6)', () => {
    expect(sketchCaption(sketchFigures({ dist: 'exponential', mean: 5 }), 'ms')).toBe(
      'mean 5 ms · p99 23 ms',
    );
  });

  it('lognormal p50 80 / p99 250: p99 reads 250 (a sample printed 243), mean 90.2 (not 88.9)', () => {
    expect(sketchCaption(sketchFigures({ dist: 'lognormal', p50: 80, p99: 250 }), 'ms')).toBe(
      'mean 90.2 ms · p99 250 ms',
    );
  });

  it('a truncated normal, an erlang and an infinite mean', () => {
    expect(sketchCaption(sketchFigures({ dist: 'normal', mean: 10, sd: 5 }), 'ms')).toBe(
      'mean 10.3 ms · p99 21.7 ms',
    );
    expect(sketchCaption(sketchFigures({ dist: 'erlang', k: 2, mean: 10 }), 's')).toBe(
      'mean 10 s · p99 33.2 s',
    );
    expect(sketchCaption(sketchFigures({ dist: 'pareto', scale: 2, shape: 1 }), 'ms')).toBe(
      'mean ∞ ms · p99 200 ms',
    );
  });

  it('formats small figures to two significant digits rather than rounding them to 0', () => {
    expect(fmtFigure(0.0123)).toBe('0.012');
    expect(fmtFigure(0)).toBe('0');
    expect(fmtFigure(23.0259)).toBe('23');
    expect(fmtFigure(249.9999999999999)).toBe('250');
  });
});
