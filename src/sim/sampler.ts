/**
 * Compiled distributions. A Sampler is one monomorphic class with a numeric kind so the
 * hot loop calls `sample(rng)` without closures or per-call allocation.
 */
import type { Dist } from '../model/dist';
import { distMean, lognormalParams, NORMAL_TRIES } from '../model/distStats';
import type { Rng } from './random';

const CONSTANT = 0,
  EXPONENTIAL = 1,
  UNIFORM = 2,
  NORMAL = 3,
  LOGNORMAL = 4,
  ERLANG = 5,
  PARETO = 6,
  WEIBULL = 7,
  EMPIRICAL = 8;

export class Sampler {
  private kind = CONSTANT;
  private p1 = 0;
  private p2 = 0;
  private values: Float64Array | null = null;
  /** The distribution's exact mean (model/distStats), for estimates and load-dependent formulas. */
  mean = 0;

  constructor(d: Dist) {
    this.set(d);
  }

  /** Re-targets the sampler (live parameter edits) without reallocating it. */
  set(d: Dist): void {
    this.values = null;
    this.mean = distMean(d);
    if (typeof d === 'number') {
      this.kind = CONSTANT;
      this.p1 = d;
      return;
    }
    switch (d.dist) {
      case 'constant':
        this.kind = CONSTANT;
        this.p1 = d.value;
        break;
      case 'exponential':
        this.kind = EXPONENTIAL;
        this.p1 = d.mean;
        break;
      case 'uniform':
        this.kind = UNIFORM;
        this.p1 = d.min;
        this.p2 = d.max - d.min;
        break;
      case 'normal':
        this.kind = NORMAL;
        this.p1 = d.mean;
        this.p2 = d.sd;
        break;
      case 'lognormal':
        this.kind = LOGNORMAL;
        [this.p1, this.p2] = lognormalParams(d);
        break;
      case 'erlang':
        this.kind = ERLANG;
        this.p1 = d.k;
        this.p2 = d.mean / d.k;
        break;
      case 'pareto':
        this.kind = PARETO;
        this.p1 = d.scale;
        this.p2 = 1 / d.shape;
        break;
      case 'weibull':
        this.kind = WEIBULL;
        this.p1 = d.scale;
        this.p2 = 1 / d.shape;
        break;
      case 'empirical':
        this.kind = EMPIRICAL;
        this.values = Float64Array.from(d.values);
        break;
    }
  }

  /** The value of a constant distribution, NaN for any other. */
  get constantValue(): number {
    return this.kind === CONSTANT ? this.p1 : NaN;
  }

  sample(rng: Rng): number {
    // The two commonest kinds stay small enough for V8 to inline at every call site, which
    // also spares boxing the returned double; the rest go through the switch. The `+` keeps
    // the merged result a plain double: without it V8 boxes every inlined draw to match
    // the untyped value of the out-of-line call.
    const kind = this.kind;
    if (kind === CONSTANT) return this.p1;
    if (kind === EXPONENTIAL) return this.p1 * rng.stdExp();
    return +this.sampleOther(rng);
  }

  private sampleOther(rng: Rng): number {
    switch (this.kind) {
      case UNIFORM:
        return this.p1 + this.p2 * rng.next();
      case NORMAL: {
        // Truncated at 0 by resampling; after NORMAL_TRIES misses fall back to 0 (a mean below 0 is not a
        // valid input). model/distStats describes exactly this mixture.
        for (let i = 0; i < NORMAL_TRIES; i++) {
          const x = this.p1 + this.p2 * gaussian(rng);
          if (x >= 0) return x;
        }
        return 0;
      }
      case LOGNORMAL:
        return Math.exp(this.p1 + this.p2 * gaussian(rng));
      case ERLANG: {
        let sum = 0;
        for (let i = 0; i < this.p1; i++) sum += rng.stdExp();
        return this.p2 * sum;
      }
      case PARETO:
        return this.p1 / Math.pow(rng.nextOpen(), this.p2);
      case WEIBULL:
        return this.p1 * Math.pow(rng.stdExp(), this.p2);
      case EMPIRICAL: {
        const v = this.values!;
        return v[Math.floor(rng.next() * v.length)];
      }
    }
    return this.p1;
  }
}

/** Standard normal by Box–Muller (one of the pair; the spare is not cached to keep streams simple). */
function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(rng.nextOpen())) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Zipf(s) over ranks 1..n by rejection-inversion (Hörmann & Derflinger 1996): O(1) per draw
 * and no table, so a keyspace of 100 million costs nothing. Returns ranks 0..n-1 (0 hottest).
 */
export class ZipfSampler {
  private readonly hIntegralX1: number;
  private readonly hIntegralN: number;
  private readonly sFactor: number;
  /** Walker alias table for keyspaces up to ALIAS_MAX keys: one draw, two loads per sample. */
  private readonly aliasProb: Float64Array | null = null;
  private readonly alias: Int32Array | null = null;

  constructor(
    private readonly n: number,
    private readonly s: number,
  ) {
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(n + 0.5);
    this.sFactor = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
    if (n <= ALIAS_MAX && s > 0 && n > 1) {
      const w = new Float64Array(n);
      let total = 0;
      for (let k = 0; k < n; k++) total += w[k] = Math.pow(k + 1, -s);
      [this.aliasProb, this.alias] = buildAlias(w, total);
    }
  }

  sample(rng: Rng): number {
    if (this.s === 0 || this.n === 1) return Math.floor(rng.next() * this.n);
    if (this.aliasProb !== null) {
      const x = rng.next() * this.n;
      const i = x | 0; // n <= ALIAS_MAX: int32, and `| 0` is Math.floor here at a fraction of the cost
      return x - i < this.aliasProb[i] ? i : this.alias![i];
    }
    for (;;) {
      const u = this.hIntegralN + rng.next() * (this.hIntegralX1 - this.hIntegralN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      if (k - x <= this.sFactor || u >= this.hIntegral(k + 0.5) - this.h(k)) return k - 1;
    }
  }

  private h(x: number): number {
    return Math.exp(-this.s * Math.log(x));
  }
  private hIntegral(x: number): number {
    const lx = Math.log(x);
    return helper2((1 - this.s) * lx) * lx;
  }
  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.s);
    if (t < -1) t = -1; // numerical guard, as in the reference algorithm
    return Math.exp(helper1(t) * x);
  }
}

const ALIAS_MAX = 1 << 20;

/** Vose's alias method: O(n) build for O(1) sampling of a discrete distribution. */
export function buildAlias(weights: Float64Array, total: number): [Float64Array, Int32Array] {
  const n = weights.length;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0,
    nl = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = (weights[i] * n) / total;
    if (scaled[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const l = small[--ns];
    const g = large[--nl];
    prob[l] = scaled[l];
    alias[l] = g;
    scaled[g] = scaled[g] + scaled[l] - 1;
    if (scaled[g] < 1) small[ns++] = g;
    else large[nl++] = g;
  }
  while (nl > 0) prob[large[--nl]] = 1;
  while (ns > 0) prob[small[--ns]] = 1; // rounding leftovers
  for (let i = 0; i < n; i++) if (prob[i] === 1) alias[i] = i;
  return [prob, alias];
}

/** log1p(x)/x, continuous at 0. */
function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}
/** expm1(x)/x, continuous at 0. */
function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x * (1 / 3) * (1 + 0.25 * x));
}
