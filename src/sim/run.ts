/**
 * Runs a design file headlessly: validate, compile, simulate to the end, summarize. Used
 * by the CLI, the tests and the benchmark; the worker drives Engine directly in slices.
 */
import { validateDesign, type ResolvedDesign } from '../model/design';
import type { Problem } from '../model/params';
import { compile } from './compile';
import { Engine } from './engine';
import { summarize, type RunSummary } from './summary';

export interface RunOptions {
  /** Overrides scenario.durationS. */
  durationS?: number;
  /** Overrides scenario.seed. */
  seed?: number;
  /** Wall clock for the summary's wallMs (the engine itself never reads a clock). */
  clock?: () => number;
}

export type RunResult = { ok: true; summary: RunSummary; engine: Engine } | { ok: false; errors: Problem[] };

export function prepare(
  input: unknown,
  opts: RunOptions = {},
): { ok: true; engine: Engine; design: ResolvedDesign } | { ok: false; errors: Problem[] } {
  const v = validateDesign(input);
  if (!v.ok) return v;
  const design = v.resolved;
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  if (opts.durationS !== undefined) {
    if (!(opts.durationS > 0 && opts.durationS <= 1e7))
      errors.push({
        path: '--duration',
        message: `must be a number of seconds from 0 (exclusive) to 10000000, got ${opts.durationS}`,
      });
    else {
      design.scenario.durationS = opts.durationS;
      const warmupS = design.scenario.warmupS;
      if (warmupS >= opts.durationS) {
        design.scenario.warmupS = 0;
        warnings.push({
          path: '--duration',
          message: `the design's warm-up (${warmupS} s) is not shorter than --duration ${opts.durationS} s: it is dropped, so the figures cover the whole run from 0 s`,
        });
      }
    }
  }
  if (opts.seed !== undefined) {
    if (!(Number.isInteger(opts.seed) && opts.seed >= 0 && opts.seed < 2 ** 32))
      errors.push({ path: '--seed', message: `must be an integer from 0 to 4294967295, got ${opts.seed}` });
    else design.scenario.seed = opts.seed;
  }
  if (errors.length) return { ok: false, errors };
  const plan = compile(design);
  plan.warnings.push(...warnings);
  return { ok: true, engine: new Engine(plan), design };
}

export function runDesign(input: unknown, opts: RunOptions = {}): RunResult {
  const p = prepare(input, opts);
  if (!p.ok) return p;
  const t0 = opts.clock?.() ?? 0;
  p.engine.runToEnd();
  const wall = (opts.clock?.() ?? 0) - t0;
  return { ok: true, summary: summarize(p.engine, wall), engine: p.engine };
}
