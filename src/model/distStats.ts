/**
 * Exact figures of the time distributions (src/model/dist.ts) as the engine draws them
 * (src/sim/sampler.ts): mean, squared coefficient of variation, CDF and quantiles. This is
 * the one place that knows a distribution's moments; the sampler, the capacity estimates,
 * the validator and the inspector's sketch all ask here.
 *
 * Every figure describes the sampler's actual distribution, not the textbook one it is
 * named after. In particular the engine's normal is resampled while negative, up to 16
 * draws, and is 0 if all 16 are negative: a normal truncated at 0 mixed with an atom at 0
 * of mass Φ(−μ/σ)^16 (at most 2^-16, for μ = 0).
 *
 * Closed forms for all but the erlang's quantile, which inverts the exact CDF (the
 * regularized incomplete gamma function) by bisection to full double precision.
 */
import type { Dist } from './dist';

/** z-score of the 99th percentile of the standard normal distribution. */
export const Z99 = 2.3263478740408408;

/** Draws the engine makes of a normal before it gives up and returns 0 (sampler.ts). */
export const NORMAL_TRIES = 16;

// ---- special functions ----------------------------------------------------------------

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Lanczos approximation of the gamma function (relative error about 1e-15). */
export function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const g = 7;
  x -= 1;
  let a = LANCZOS[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += LANCZOS[i] / (x + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * a;
}

/** ln Γ(x) for x >= 0.5 (the same Lanczos sum, in logarithms so that it does not overflow). */
function lnGamma(x: number): number {
  const g = 7;
  x -= 1;
  let a = LANCZOS[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-16;
const TINY = 1e-300;

/**
 * Regularized incomplete gamma functions [P(a, x), Q(a, x)] = [γ(a, x), Γ(a, x)] / Γ(a), for
 * a >= 0.5 and x >= 0: the series for x < a + 1, else the continued fraction by Lentz's
 * method (Numerical Recipes §6.2). Both are returned so that a tail keeps its relative
 * precision instead of being 1 minus something close to 1.
 */
export function gammaPQ(a: number, x: number): [number, number] {
  if (!(x > 0)) return [0, 1];
  if (x === Infinity) return [1, 0];
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    let ap = a,
      del = 1 / a,
      sum = del;
    for (let n = 0; n < 100_000 && Math.abs(del) > Math.abs(sum) * EPS; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
    }
    const p = Math.min(1, sum * front);
    return [p, 1 - p];
  }
  let b = x + 1 - a,
    c = 1 / TINY,
    d = 1 / b,
    h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS) break;
  }
  const q = Math.min(1, front * h);
  return [1 - q, q];
}

/** Standard normal CDF Φ(z), with full relative precision in both tails (erfc(x) = Q(½, x²)). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const half = 0.5 * gammaPQ(0.5, (z * z) / 2)[1]; // the tail beyond |z|
  return z < 0 ? half : 1 - half;
}

/** Standard normal density φ(z). */
function normalPdf(z: number): number {
  return Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
}

// Acklam's rational approximation of Φ⁻¹ (relative error 1.2e-9), polished below by Halley steps.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/**
 * Standard normal quantile Φ⁻¹(p) for p in (0, 1), to full double precision. For p > ½ it
 * works on the upper tail 1 − p; call it with the small tail probability (and negate) when
 * that is known more precisely than p itself.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (p > 0.5) return -normalQuantile(1 - p);
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else {
    const q = p - 0.5,
      r = q * q;
    x =
      ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
  // Halley's method on Φ(x) − p; Φ(x) for x <= 0 has full relative precision, so one or two
  // steps take the 1e-9 start to the last bit.
  for (let i = 0; i < 3; i++) {
    const e = normalCdf(x) - p;
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    const step = u / (1 + (x * u) / 2);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(x)) break;
  }
  return x;
}

// ---- parameterisations shared with the sampler ------------------------------------------

/** (μ, σ) of the underlying normal of a lognormal, from either of its forms. */
export function lognormalParams(d: Extract<Dist, { dist: 'lognormal' }>): [mu: number, sigma: number] {
  if ('p50' in d) return [Math.log(d.p50), (Math.log(d.p99) - Math.log(d.p50)) / Z99];
  // Moments to (μ, σ): σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2. (Math.log, not log1p: the
  // engine's draws, and so every seeded run, depend on these bits.)
  const s2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
  return [Math.log(d.mean) - s2 / 2, Math.sqrt(s2)];
}

type Normal = Extract<Dist, { dist: 'normal' }>;

/**
 * The engine's normal with sd > 0, as a mixture: an atom at 0 of mass `atom` (all
 * NORMAL_TRIES draws negative) and, with mass 1 − atom, the normal truncated to [0, ∞).
 * `below` = Φ(−μ/σ) is the chance that one draw is negative, `above` = 1 − below.
 */
function normalParts(d: Normal) {
  const alpha = -d.mean / d.sd;
  const below = normalCdf(alpha),
    above = normalCdf(-alpha);
  const atom = Math.pow(below, NORMAL_TRIES);
  return { alpha, below, above, atom };
}

// ---- the figures -------------------------------------------------------------------------

/**
 * Mean of a (valid) distribution as the engine samples it: capacity estimates, the
 * analysis module, the sampler's `mean` and the inspector's sketch all use this one.
 * A Pareto with shape <= 1 has an infinite mean (the engine's draws are bounded only by
 * its 2^-32 uniform resolution, far beyond any run).
 */
export function distMean(d: Dist): number {
  if (typeof d === 'number') return d;
  switch (d.dist) {
    case 'constant':
      return d.value;
    case 'exponential':
      return d.mean;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'normal': {
      if (d.sd === 0) return d.mean;
      // Truncated at 0: μ + σ φ(α) / (1 − Φ(α)) with α = −μ/σ, times the share not at the atom.
      const { alpha, above, atom } = normalParts(d);
      return (1 - atom) * (d.mean + (d.sd * normalPdf(alpha)) / above);
    }
    case 'lognormal': {
      if (!('p50' in d)) return d.mean;
      const [mu, sigma] = lognormalParams(d);
      return Math.exp(mu + (sigma * sigma) / 2);
    }
    case 'erlang':
      return d.mean;
    case 'pareto':
      return d.shape > 1 ? (d.shape * d.scale) / (d.shape - 1) : Infinity;
    case 'weibull':
      return d.scale * gamma(1 + 1 / d.shape);
    case 'empirical':
      return d.values.reduce((a, b) => a + b, 0) / d.values.length;
  }
}

/** Squared coefficient of variation (variance / mean²), for Pollaczek–Khinchine style estimates. */
export function distScv(d: Dist): number {
  if (typeof d === 'number') return 0;
  const m = distMean(d);
  if (!(m > 0) || !Number.isFinite(m)) return 1;
  switch (d.dist) {
    case 'constant':
      return 0;
    case 'exponential':
      return 1;
    case 'uniform':
      return (d.max - d.min) ** 2 / 12 / (m * m);
    case 'normal': {
      if (d.sd === 0) return 0;
      // E[X²] of the truncated part: Var + mean², Var = σ²(1 + αλ − λ²), λ = φ(α) / (1 − Φ(α)).
      const { alpha, above, atom } = normalParts(d);
      const lambda = normalPdf(alpha) / above;
      const tm = d.mean + d.sd * lambda;
      const ex2 = (1 - atom) * (d.sd * d.sd * (1 + alpha * lambda - lambda * lambda) + tm * tm);
      return ex2 / (m * m) - 1;
    }
    case 'lognormal': {
      const sigma = lognormalParams(d)[1];
      return Math.expm1(sigma * sigma);
    }
    case 'erlang':
      return 1 / d.k;
    case 'pareto':
      return d.shape > 2 ? 1 / (d.shape * (d.shape - 2)) : Infinity;
    case 'weibull': {
      const g1 = gamma(1 + 1 / d.shape);
      const g2 = gamma(1 + 2 / d.shape);
      return g2 / (g1 * g1) - 1;
    }
    case 'empirical': {
      const v = d.values.reduce((a, x) => a + (x - m) ** 2, 0) / d.values.length;
      return v / (m * m);
    }
  }
}

/** P(X <= x) for a draw X of the engine's sampler. */
export function distCdf(d: Dist, x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (typeof d === 'number') return x >= d ? 1 : 0;
  switch (d.dist) {
    case 'constant':
      return x >= d.value ? 1 : 0;
    case 'exponential':
      return x <= 0 ? 0 : -Math.expm1(-x / d.mean);
    case 'uniform':
      if (x >= d.max) return 1;
      return x < d.min ? 0 : (x - d.min) / (d.max - d.min);
    case 'normal': {
      if (d.sd === 0) return x >= d.mean ? 1 : 0;
      if (x < 0) return 0;
      const { below, above, atom } = normalParts(d);
      const z = (x - d.mean) / d.sd;
      // (Φ(z) − Φ(α)) / (1 − Φ(α)), in whichever tail keeps its precision.
      const inside = z <= 0 ? (normalCdf(z) - below) / above : 1 - normalCdf(-z) / above;
      return atom + (1 - atom) * Math.max(0, inside);
    }
    case 'lognormal': {
      const [mu, sigma] = lognormalParams(d);
      if (sigma === 0) return x >= Math.exp(mu) ? 1 : 0;
      return x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma);
    }
    case 'erlang':
      return x <= 0 ? 0 : gammaPQ(d.k, (x * d.k) / d.mean)[0];
    case 'pareto':
      return x < d.scale ? 0 : -Math.expm1(d.shape * Math.log(d.scale / x));
    case 'weibull':
      return x <= 0 ? 0 : -Math.expm1(-Math.pow(x / d.scale, d.shape));
    case 'empirical': {
      let n = 0;
      for (const v of d.values) if (v <= x) n++;
      return n / d.values.length;
    }
  }
}

/**
 * The p-quantile (0 < p < 1) of the engine's distribution: the least x with
 * P(X <= x) >= p (so a discrete distribution's quantile is one of its values).
 */
export function distQuantile(d: Dist, p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`a quantile needs 0 < p < 1, got ${p}`);
  if (typeof d === 'number') return d;
  switch (d.dist) {
    case 'constant':
      return d.value;
    case 'exponential':
      return -d.mean * Math.log1p(-p);
    case 'uniform':
      return d.min + p * (d.max - d.min);
    case 'normal': {
      if (d.sd === 0) return d.mean;
      const { below, above, atom } = normalParts(d);
      if (p <= atom) return 0;
      // Solve atom + (1 − atom)(Φ(z) − Φ(α)) / (1 − Φ(α)) = p for z, from the nearer tail.
      const upper = (above * (1 - p)) / (1 - atom); // 1 − Φ(z)
      const z =
        upper < 0.5 ? -normalQuantile(upper) : normalQuantile(below + ((p - atom) * above) / (1 - atom));
      return Math.max(0, d.mean + d.sd * z);
    }
    case 'lognormal': {
      const [mu, sigma] = lognormalParams(d);
      return Math.exp(mu + sigma * normalQuantile(p));
    }
    case 'erlang':
      return (erlangUnitQuantile(d.k, p) * d.mean) / d.k;
    case 'pareto':
      return d.scale * Math.exp(-Math.log1p(-p) / d.shape);
    case 'weibull':
      return d.scale * Math.pow(-Math.log1p(-p), 1 / d.shape);
    case 'empirical': {
      const s = Float64Array.from(d.values).sort();
      // ceil(p n) with a guard against p n landing a rounding error above a whole number
      // (0.07 · 100 = 7.000000000000001).
      const k = Math.ceil(p * s.length * (1 - 1e-12));
      return s[Math.min(s.length, Math.max(1, k)) - 1];
    }
  }
}

/**
 * The p-quantile of a gamma distribution with shape k and scale 1 (a sum of k standard
 * exponentials): bisection on the regularized incomplete gamma function, comparing the
 * upper tail Q against 1 − p when p > ½ so that high quantiles keep their precision.
 */
function erlangUnitQuantile(k: number, p: number): number {
  const upper = p > 0.5;
  const target = upper ? 1 - p : p;
  const below = (y: number) => {
    const [P, Q] = gammaPQ(k, y);
    return upper ? Q > target : P < target; // y is below the quantile
  };
  let lo = 0,
    hi = k + 10 * Math.sqrt(k) + 10;
  while (below(hi)) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (below(mid)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
