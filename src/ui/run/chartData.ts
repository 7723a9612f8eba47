/** Shapes time-series columns into chart lines (pure; unit-tested). */
import type { ClientSeries } from '../../state/runStore';
import type { SeriesData } from '../../worker/api';

export interface Line {
  name: string;
  /** [t (s, bucket end), value] */
  points: [number, number][];
}

/** Columns of a series as plain arrays: time (bucket end) and each column. */
export interface Table {
  t: number[];
  width: number[];
  cols: Record<string, ArrayLike<number>>;
}

export function clientTable(c: ClientSeries): Table {
  return {
    t: c.endS,
    width: c.endS.map((e, i) => e - c.startS[i]),
    cols: c.values,
  };
}

export function seriesTable(s: SeriesData, bucketS: number): Table {
  const n = s.time.length;
  const w = bucketS * s.stride;
  const t: number[] = [];
  const width: number[] = [];
  for (let i = 0; i < n; i++) {
    t.push(s.time[i] + w);
    width.push(w);
  }
  const cols: Record<string, ArrayLike<number>> = {};
  s.columns.forEach((c, k) => (cols[c] = s.data[k].subarray(0, n)));
  return { t, width, cols };
}

/** A column as a line; `rate` divides by the bucket width (counts to per second). */
export function line(
  tb: Table,
  col: string,
  opts: { rate?: boolean; name?: string; scale?: number } = {},
): Line {
  const v = tb.cols[col];
  const points: [number, number][] = [];
  if (!v) return { name: opts.name ?? col, points };
  for (let i = 0; i < tb.t.length && i < v.length; i++) {
    let y = v[i];
    if (!Number.isFinite(y)) continue;
    if (opts.rate) y = tb.width[i] > 0 ? y / tb.width[i] : 0;
    if (opts.scale) y *= opts.scale;
    points.push([tb.t[i], y]);
  }
  return { name: opts.name ?? col, points };
}

/** Sum of several columns per row, as a line. */
export function sumLine(tb: Table, cols: string[], name: string, rate = false): Line {
  const points: [number, number][] = [];
  for (let i = 0; i < tb.t.length; i++) {
    let y = 0;
    for (const c of cols) {
      const v = tb.cols[c]?.[i];
      if (Number.isFinite(v)) y += v as number;
    }
    if (rate) y = tb.width[i] > 0 ? y / tb.width[i] : 0;
    points.push([tb.t[i], y]);
  }
  return { name, points };
}

/** Ratio of two columns per row (rows with a zero denominator are skipped). */
export function ratioLine(tb: Table, num: string, den: string, name: string): Line {
  const a = tb.cols[num];
  const b = tb.cols[den];
  const points: [number, number][] = [];
  if (!a || !b) return { name, points };
  for (let i = 0; i < tb.t.length; i++)
    if (b[i] > 0 && Number.isFinite(a[i])) points.push([tb.t[i], a[i] / b[i]]);
  return { name, points };
}

export const ERROR_OUTCOMES = [
  'rejected',
  'throttled',
  'timeout',
  'error',
  'unavailable',
  'circuit-open',
  'dropped',
];

/** The standard node series columns; anything else is kind-specific. */
export const STANDARD_NODE_COLUMNS = new Set([
  'arrivals',
  'ok',
  ...ERROR_OUTCOMES,
  'goodput',
  'p50',
  'p90',
  'p99',
  'p999',
  'mean',
  'utilization',
  'queue',
  'queueMax',
  'inflight',
  'capacity',
]);

export function kindColumns(columns: readonly string[]): string[] {
  return columns.filter((c) => !STANDARD_NODE_COLUMNS.has(c));
}

/** Total of a column over all rows. */
export function total(tb: Table, cols: string[]): number {
  let s = 0;
  for (const c of cols) {
    const v = tb.cols[c];
    if (!v) continue;
    for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) s += v[i];
  }
  return s;
}
