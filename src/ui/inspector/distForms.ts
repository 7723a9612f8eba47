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

/** Deterministic samples of a valid distribution (for the sketch). */
export function sampleDist(d: unknown, n = 4000): number[] {
  let s = 0x9e3779b9;
  const u = () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    s ^= s >>> 13;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const out: number[] = [];
  const f = fieldValues(d) as Record<string, number> & { values?: number[] };
  const form = formOf(d);
  for (let i = 0; i < n; i++) {
    let x = 0;
    switch (form) {
      case 'constant':
        x = f.value;
        break;
      case 'exponential':
        x = -f.mean * Math.log(u());
        break;
      case 'uniform':
        x = f.min + (f.max - f.min) * u();
        break;
      case 'normal': {
        x = -1;
        for (let k = 0; k < 20 && x < 0; k++) x = f.mean + f.sd * normal();
        x = Math.max(0, x);
        break;
      }
      case 'lognormal': {
        const m = f.mean;
        const sigma2 = Math.log(1 + (f.sd * f.sd) / (m * m));
        x = Math.exp(Math.log(m) - sigma2 / 2 + Math.sqrt(sigma2) * normal());
        break;
      }
      case 'lognormal-p': {
        const sigma = (Math.log(f.p99) - Math.log(f.p50)) / 2.3263478740408408;
        x = Math.exp(Math.log(f.p50) + sigma * normal());
        break;
      }
      case 'erlang':
        for (let k = 0; k < f.k; k++) x += (-f.mean / f.k) * Math.log(u());
        break;
      case 'pareto':
        x = f.scale / Math.pow(u(), 1 / f.shape);
        break;
      case 'weibull':
        x = f.scale * Math.pow(-Math.log(u()), 1 / f.shape);
        break;
      case 'empirical': {
        const v = f.values ?? [0];
        x = v[Math.floor(u() * v.length)];
        break;
      }
    }
    out.push(x);
  }
  return out;
}
