/** Small helpers for the queue / rate limiter / DNS / storage / external tests. */
import { prepare, type RunOptions } from '../../src/sim/run';
import { summarize, type RunSummary } from '../../src/sim/summary';
import type { Engine } from '../../src/sim/engine';

export interface Ran {
  engine: Engine;
  summary: RunSummary;
}

/**
 * Runs a design; `before` may instrument the engine first (e.g. record arrival times at a
 * node by wrapping its behaviour's onArrive).
 */
export function run(design: unknown, opts: RunOptions = {}, before?: (e: Engine) => void): Ran {
  const p = prepare(design, opts);
  if (!p.ok) throw new Error(p.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  before?.(p.engine);
  p.engine.runToEnd();
  return { engine: p.engine, summary: summarize(p.engine) };
}

export function idx(engine: Engine, id: string): number {
  const i = engine.plan.nodeIndex.get(id);
  if (i === undefined) throw new Error(`no node ${id}`);
  return i;
}

/** Simulated times (ms) at which calls arrive at node `id`. */
export function recordArrivals(engine: Engine, id: string): number[] {
  const times: number[] = [];
  const b = engine.nodes[idx(engine, id)];
  const orig = b.onArrive.bind(b);
  b.onArrive = (t: number) => {
    times.push(engine.now);
    orig(t);
  };
  return times;
}

/** Per-bucket column of a node's series. */
export function col(engine: Engine, id: string, name: string): number[] {
  return Array.from(engine.stats[idx(engine, id)].series.column(name));
}

/** Most events in any half-open window [t_i, t_i + w) starting at an event (times sorted). */
export function maxInWindow(times: readonly number[], w: number): number {
  let best = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (j < times.length && times[j] < times[i] + w) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: readonly number[]): number => (xs.length ? sum(xs) / xs.length : NaN);
export const variance = (xs: readonly number[]): number => {
  const m = mean(xs);
  return xs.length > 1 ? xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) : NaN;
};

/** Prints a measured figure next to what was expected (visible with --reporter=verbose). */
export function note(label: string, measured: number, expected?: number | string): void {
  console.log(
    `${label}: ${Number(measured.toPrecision(6))}${expected !== undefined ? ` (expected ${expected})` : ''}`,
  );
}
