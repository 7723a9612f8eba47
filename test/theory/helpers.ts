/**
 * Shared helpers of the proof-of-correctness tests: run a design through the engine (it
 * must be valid), read per-second series, and the closed forms of queueing theory.
 */
import { runDesign, type RunOptions } from '../../src/sim/run';
import type { Engine } from '../../src/sim/engine';
import type { RunSummary } from '../../src/sim/summary';

export interface Ran {
  summary: RunSummary;
  engine: Engine;
}

/** Runs a design; a validation error fails the test with the validator's messages. */
export function run(design: unknown, opts: RunOptions = {}): Ran {
  const r = runDesign(design, opts);
  if (!r.ok) throw new Error('invalid design: ' + r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return { summary: r.summary, engine: r.engine };
}

/** Index of a node by id. */
export function nodeIndex(engine: Engine, id: string): number {
  const i = engine.plan.nodeIndex.get(id);
  if (i === undefined) throw new Error(`no node ${id}`);
  return i;
}

/** Per-bucket series column of a node, as a plain array, with the bucket start times. */
export function nodeSeries(engine: Engine, id: string, column: string): { t: number[]; v: number[] } {
  const s = engine.stats[nodeIndex(engine, id)].series;
  if (!s.columns.includes(column)) throw new Error(`node series has no column ${column}`);
  return { t: Array.from(s.time.subarray(0, s.rows)), v: Array.from(s.column(column)) };
}

/** Per-bucket series column of an edge. */
export function edgeSeries(engine: Engine, id: string, column: string): { t: number[]; v: number[] } {
  const i = engine.plan.edgeIndex.get(id);
  if (i === undefined) throw new Error(`no edge ${id}`);
  const s = engine.edges[i].stats.series;
  if (!s.columns.includes(column)) throw new Error(`edge series has no column ${column}`);
  return { t: Array.from(s.time.subarray(0, s.rows)), v: Array.from(s.column(column)) };
}

/** Values of a series whose bucket starts in [fromS, toS). */
export function between(s: { t: number[]; v: number[] }, fromS: number, toS: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.t.length; i++) if (s.t[i] >= fromS && s.t[i] < toS) out.push(s.v[i]);
  return out;
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: readonly number[]): number => (xs.length ? sum(xs) / xs.length : NaN);

/** |measured - expected| / expected */
export const relErr = (measured: number, expected: number): number =>
  Math.abs(measured - expected) / Math.abs(expected);

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = λ/μ (a < c). */
export function erlangC(c: number, a: number): number {
  // Erlang B by the stable recursion, then C = B / (1 - ρ(1 - B)).
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/**
 * M/M/c response-time (sojourn) CDF, in ms: with probability 1 - C (Erlang C) a call starts
 * at once and takes an exponential service time (rate μ); otherwise it also waits an
 * exponential time of rate cμ - λ first, so P(T > t) = (1 - C) e^{-μt} + C (θ e^{-μt} -
 * μ e^{-θt}) / (θ - μ) with θ = cμ - λ (C (1 + μt) e^{-μt} when θ = μ). Rates per second.
 */
export function mmcResponseCdf(c: number, lambda: number, mu: number): (ms: number) => number {
  const C = erlangC(c, lambda / mu);
  const m = mu / 1000,
    th = (c * mu - lambda) / 1000;
  return (t) => {
    if (t <= 0) return 0;
    const waited =
      Math.abs(th - m) < 1e-12 * m
        ? (1 + m * t) * Math.exp(-m * t)
        : (th * Math.exp(-m * t) - m * Math.exp(-th * t)) / (th - m);
    return 1 - (1 - C) * Math.exp(-m * t) - C * waited;
  };
}

/**
 * M/D/1 waiting-time CDF (FIFO, service exactly D ms, arrivals λ per second), by
 * Crommelin's chain rather than Erlang's alternating series, whose terms (up to e^{2λt})
 * cancel to nothing past t ≈ 20 D. Seen every D, the number in system drops by one when
 * positive and gains a Poisson(ρ) count, so its stationary law solves p_j a_0 = p_0 Ā_j +
 * Σ_{i=1}^{j-1} p_i Ā_{j-i+1} (a_k Poisson(ρ), Ā_k its tail; sums of positive terms,
 * stable); then P(W ≤ (T + τ) D) = Σ_{i=0}^{T} P(N ≤ T + 1 - i) Pois(i; ρ(1 - τ)), 0 ≤ τ < 1.
 */
export function md1WaitCdf(lambda: number, D: number): (ms: number) => number {
  const rho = (lambda / 1000) * D;
  if (!(rho > 0 && rho < 1)) throw new Error(`M/D/1 needs 0 < ρ < 1, got ${rho}`);
  const a: number[] = [];
  for (let k = 0, t = Math.exp(-rho); k < 60 || t > 1e-300; k++, t *= rho / k) a.push(t);
  const tail = (k: number) => {
    let s = 0;
    for (let i = k; i < a.length; i++) s += a[i];
    return s;
  };
  const abar = a.map((_, k) => tail(k));
  const A = (k: number) => (k < abar.length ? abar[k] : 0);
  // P(N = j) and P(N ≤ j), until the terms are negligible (they fall geometrically).
  const p = [1 - rho];
  const Q = [1 - rho];
  while (p.length < 3 || p[p.length - 1] > 1e-15) {
    const j = p.length;
    let x = p[0] * A(j);
    for (let i = Math.max(1, j + 1 - abar.length); i <= j - 1; i++) x += p[i] * A(j - i + 1);
    p.push(x / a[0]);
    Q.push(Q[j - 1] + x / a[0]);
  }
  return (t) => {
    if (t < 0) return 0;
    const u = t / D,
      T = Math.floor(u),
      m = rho * (1 - (u - T));
    let w = Math.exp(-m),
      sum = 0;
    for (let i = 0; i <= T; i++) {
      sum += (T + 1 - i < Q.length ? Q[T + 1 - i] : 1) * w;
      w *= m / (i + 1);
    }
    return Math.min(1, sum);
  };
}

/** The value where an increasing CDF reaches p, by bisection (to 1e-9 relative). */
export function invertCdf(cdf: (x: number) => number, p: number): number {
  let lo = 0,
    hi = 1;
  while (cdf(hi) < p) hi *= 2;
  while (hi - lo > 1e-9 * hi) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A client feeding one service over a zero-latency edge: the building block of single-queue tests. */
export function singleQueue(opts: {
  rps: number;
  concurrency: number;
  queueCapacity: number;
  serviceTimeMs: unknown;
  durationS: number;
  warmupS: number;
  seed: number;
}): unknown {
  return {
    schemaVersion: 1,
    name: 'single queue',
    nodes: [
      { id: 'users', kind: 'client', params: { rps: opts.rps, readRatio: 1 } },
      {
        id: 'svc',
        kind: 'service',
        params: {
          instances: 1,
          concurrency: opts.concurrency,
          queueCapacity: opts.queueCapacity,
          serviceTimeMs: opts.serviceTimeMs,
        },
      },
    ],
    edges: [{ id: 'e', source: 'users', target: 'svc', params: { latencyMs: 0 } }],
    scenario: { durationS: opts.durationS, warmupS: opts.warmupS, seed: opts.seed },
  };
}

/** Prints a measured figure beside its theoretical value (shown in the vitest output). */
export function note(label: string, measured: number, theory?: number): void {
  const err =
    theory === undefined
      ? ''
      : ` theory ${theory.toPrecision(6)} (error ${(100 * relErr(measured, theory)).toFixed(2)}%)`;
  console.log(`${label}: measured ${measured.toPrecision(6)}${err}`);
}

/** Standard normal CDF (erfc by the Numerical Recipes Chebyshev fit, |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
