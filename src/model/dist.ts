/**
 * Probability distributions as they appear in design files (DESIGN.md §2).
 * A bare number is a constant. Checking lives here so that the validator, the
 * inspector and the engine agree on what a valid distribution is. Their figures (mean,
 * quantiles, CDF) are in distStats.ts.
 */
import { distMean } from './distStats';

export { distMean, distScv, gamma, Z99 } from './distStats';

export type Dist =
  | number
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; sd: number }
  | { dist: 'lognormal'; mean: number; sd: number }
  | { dist: 'lognormal'; p50: number; p99: number }
  | { dist: 'erlang'; k: number; mean: number }
  | { dist: 'pareto'; scale: number; shape: number }
  | { dist: 'weibull'; scale: number; shape: number }
  | { dist: 'empirical'; values: number[] };

export const DIST_NAMES = [
  'constant',
  'exponential',
  'uniform',
  'normal',
  'lognormal',
  'erlang',
  'pareto',
  'weibull',
  'empirical',
] as const;
export type DistName = (typeof DIST_NAMES)[number];

/** Fields of each distribution, in the order an editor shows them. */
export const DIST_FIELDS: Record<DistName, readonly string[]> = {
  constant: ['value'],
  exponential: ['mean'],
  uniform: ['min', 'max'],
  normal: ['mean', 'sd'],
  lognormal: ['mean', 'sd'],
  erlang: ['k', 'mean'],
  pareto: ['scale', 'shape'],
  weibull: ['scale', 'shape'],
  empirical: ['values'],
};

export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Largest value a distribution's fields may take (about 11.6 days in ms): far past any
 * plausible time, and far enough from overflow that means, percentiles and the canvas
 * stay finite (1e308 ms read "exp Infinity ms" and drew NaN paths).
 */
const MAX_DIST_VALUE = 1e9;
/** Shapes (Pareto, Weibull) outside this range overflow their moments or draw only 0 and Infinity. */
const MIN_SHAPE = 0.05,
  MAX_SHAPE = 100;
const MAX_TEXT = String(MAX_DIST_VALUE); // 1000000000: as a user would type it, not 1e9
// A magnitude: 0 allowed or not, never above MAX_DIST_VALUE.
const from0 = (x: number) => x >= 0 && x <= MAX_DIST_VALUE;
const above0 = (x: number) => x > 0 && x <= MAX_DIST_VALUE;
const FROM0 = `a number from 0 to ${MAX_TEXT}`,
  ABOVE0 = `a number > 0, at most ${MAX_TEXT}`;

/** Returns problems as [relative path, message] pairs; empty when the distribution is valid. */
export function checkDist(v: unknown): Array<[string, string]> {
  if (isNum(v)) return from0(v) ? [] : [['', `must be ${FROM0}, got ${describeValue(v)}`]];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return [
      [
        '',
        `must be a number or a distribution object like {"dist":"exponential","mean":20}, got ${describeValue(v)}`,
      ],
    ];
  }
  const o = v as Record<string, unknown>;
  const name = o.dist;
  if (typeof name !== 'string' || !(DIST_NAMES as readonly string[]).includes(name)) {
    return [
      ['.dist', `unknown distribution ${describeValue(name)}; expected one of ${DIST_NAMES.join(', ')}`],
    ];
  }
  const errs: Array<[string, string]> = [];
  const need = (field: string, test: (x: number) => boolean, what: string) => {
    const x = o[field];
    if (!isNum(x) || !test(x)) errs.push([`.${field}`, `must be ${what}, got ${describeValue(x)}`]);
  };
  const shape = (x: number) => x >= MIN_SHAPE && x <= MAX_SHAPE;
  const SHAPE = `a number from ${MIN_SHAPE} to ${MAX_SHAPE}`;
  let fields: readonly string[] = DIST_FIELDS[name as DistName];
  switch (name as DistName) {
    case 'constant':
      need('value', from0, FROM0);
      break;
    case 'exponential':
      need('mean', above0, ABOVE0);
      break;
    case 'uniform':
      need('min', from0, FROM0);
      need('max', from0, FROM0);
      if (isNum(o.min) && isNum(o.max) && o.max < o.min)
        errs.push(['.max', `must be >= min (${o.min}), got ${o.max}`]);
      break;
    case 'normal':
      need('mean', from0, FROM0);
      need('sd', from0, FROM0);
      break;
    case 'lognormal':
      if ('p50' in o || 'p99' in o) {
        fields = ['p50', 'p99'];
        need('p50', above0, ABOVE0);
        need('p99', above0, ABOVE0);
        if (isNum(o.p50) && isNum(o.p99) && o.p99 < o.p50)
          errs.push(['.p99', `must be >= p50 (${o.p50}), got ${o.p99}`]);
      } else {
        need('mean', above0, ABOVE0);
        need('sd', from0, FROM0);
      }
      break;
    case 'erlang':
      need('k', (x) => Number.isInteger(x) && x >= 1 && x <= 1000, 'an integer from 1 to 1000');
      need('mean', above0, ABOVE0);
      break;
    case 'pareto':
    case 'weibull':
      need('scale', above0, ABOVE0);
      need('shape', shape, SHAPE);
      break;
    case 'empirical': {
      const vals = o.values;
      if (!Array.isArray(vals) || vals.length === 0)
        errs.push([
          '.values',
          `must be a non-empty array of numbers from 0 to ${MAX_TEXT}, got ${describeValue(vals)}`,
        ]);
      else if (vals.length > 100_000)
        errs.push(['.values', `must have at most 100000 values, got ${vals.length}`]);
      else {
        const bad = vals.findIndex((x) => !isNum(x) || !from0(x));
        if (bad >= 0) errs.push([`.values[${bad}]`, `must be ${FROM0}, got ${describeValue(vals[bad])}`]);
      }
      break;
    }
  }
  for (const k of Object.keys(o)) {
    if (k !== 'dist' && !fields.includes(k))
      errs.push([`.${k}`, `is not a field of the ${name} distribution (expected ${fields.join(', ')})`]);
  }
  // Fields each in range can still spread a lognormal so wide that its mean overflows.
  if (errs.length === 0 && name === 'lognormal' && !Number.isFinite(distMean(o as Dist)))
    errs.push([
      '.p99',
      `spreads this lognormal so wide that its mean overflows (p99 ${String(o.p99)} against p50 ${String(o.p50)}); bring p99 nearer p50`,
    ]);
  return errs;
}
