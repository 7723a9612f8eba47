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
