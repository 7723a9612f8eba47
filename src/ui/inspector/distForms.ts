/** The distribution editor's forms: a dist kind plus its numeric fields (DESIGN.md §2). */
import { distMean, type Dist } from '../../model';

export const FORMS = [
  'constant',
  'exponential',
  'uniform',
  'normal',
  'lognormal',
  'lognormal-p',
  'erlang',
  'pareto',
  'weibull',
  'empirical',
] as const;
export type Form = (typeof FORMS)[number];

export const FORM_LABELS: Record<Form, string> = {
  constant: 'constant',
  exponential: 'exponential',
  uniform: 'uniform',
  normal: 'normal',
  lognormal: 'lognormal (mean, sd)',
  'lognormal-p': 'lognormal (p50, p99)',
  erlang: 'erlang',
  pareto: 'pareto',
  weibull: 'weibull',
  empirical: 'empirical',
};

export const FORM_FIELDS: Record<Form, readonly string[]> = {
  constant: ['value'],
  exponential: ['mean'],
  uniform: ['min', 'max'],
  normal: ['mean', 'sd'],
  lognormal: ['mean', 'sd'],
  'lognormal-p': ['p50', 'p99'],
  erlang: ['k', 'mean'],
  pareto: ['scale', 'shape'],
  weibull: ['scale', 'shape'],
  empirical: ['values'],
};

export function formOf(d: unknown): Form {
  if (typeof d === 'number') return 'constant';
  if (typeof d !== 'object' || d === null) return 'constant';
  const o = d as Record<string, unknown>;
  if (o.dist === 'lognormal' && ('p50' in o || 'p99' in o)) return 'lognormal-p';
  return (FORMS as readonly string[]).includes(o.dist as string) ? (o.dist as Form) : 'constant';
}

/** The field values of a distribution, as the editor shows them. */
export function fieldValues(d: unknown): Record<string, unknown> {
  if (typeof d === 'number') return { value: d };
  if (typeof d !== 'object' || d === null) return {};
  return d as Record<string, unknown>;
}

/** Builds the file value for a form and its field values (a constant is a bare number). */
export function build(form: Form, f: Record<string, unknown>): unknown {
  switch (form) {
    case 'constant':
      return f.value;
    case 'lognormal-p':
      return { dist: 'lognormal', p50: f.p50, p99: f.p99 };
    default: {
      const out: Record<string, unknown> = { dist: form };
      for (const k of FORM_FIELDS[form]) out[k] = f[k];
      return out;
    }
  }
}

/** Two significant digits, as typed (4.6 rather than the 4.6000000000000005 of round(x / p) * p). */
const r = (x: number) => {
  if (!Number.isFinite(x) || x <= 0) return 1;
  return Number(x.toPrecision(2));
};

/** A sensible distribution of `form` with about the same mean as `from`. */
export function convert(from: unknown, form: Form): unknown {
  let m = 10;
  try {
    const mm = distMean(from as Dist);
    if (Number.isFinite(mm) && mm > 0) m = mm;
  } catch {
    /* keep 10 */
  }
  m = r(m);
  switch (form) {
    case 'constant':
      return m;
    case 'exponential':
      return { dist: 'exponential', mean: m };
    case 'uniform':
      return { dist: 'uniform', min: r(m / 2), max: r(m * 1.5) };
    case 'normal':
      return { dist: 'normal', mean: m, sd: r(m / 4) };
    case 'lognormal':
      return { dist: 'lognormal', mean: m, sd: r(m / 2) };
    case 'lognormal-p':
      return { dist: 'lognormal', p50: m, p99: r(m * 5) };
    case 'erlang':
      return { dist: 'erlang', k: 2, mean: m };
    case 'pareto':
      return { dist: 'pareto', scale: r(m / 3), shape: 1.5 };
    case 'weibull':
      return { dist: 'weibull', scale: m, shape: 1.5 };
    case 'empirical':
      return { dist: 'empirical', values: [r(m / 2), m, r(m * 2)] };
  }
}
