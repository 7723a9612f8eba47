/** Shapes time-series columns into chart lines (pure; unit-tested). */
import type { LatencyAnswers } from '../../sim/summary';
import type { SeriesData } from '../../worker/api';
import { kindSpec } from '../../model/kinds';
import type { OutcomeName } from '../../sim/metrics';

export interface Line {
  name: string;
  /** [t (s, bucket end), value] */
  points: [number, number][];
  /**
   * An outcome the line counts, drawn in that outcome's canvas colour (errors red, lost
   * grey, throttled orange...; see LineChart); without one, lines take colours in turn.
   */
  tone?: OutcomeName;
}

/** Columns of a series as plain arrays: time (bucket end) and each column. */
export interface Table {
  t: number[];
  width: number[];
  cols: Record<string, ArrayLike<number>>;
}

export function seriesTable(s: Pick<SeriesData, 'columns' | 'time' | 'widthS' | 'data'>): Table {
  const n = s.time.length;
  const t: number[] = [];
  const width: number[] = [];
  for (let i = 0; i < n; i++) {
    t.push(s.time[i] + s.widthS[i]);
    width.push(s.widthS[i]);
  }
  const cols: Record<string, ArrayLike<number>> = {};
  s.columns.forEach((c, k) => (cols[c] = s.data[k].subarray(0, n)));
  return { t, width, cols };
}

/**
 * A column as a line; `rate` divides by the bucket width (counts to per second). A bucket
 * without a value is left out (the line joins its neighbours), or with `gaps` kept as NaN,
 * a break in the line.
 */
export function line(
  tb: Table,
  col: string,
  opts: { rate?: boolean; name?: string; scale?: number; gaps?: boolean } = {},
): Line {
  const v = tb.cols[col];
  const points: [number, number][] = [];
  if (!v) return { name: opts.name ?? col, points };
  for (let i = 0; i < tb.t.length && i < v.length; i++) {
    let y = v[i];
    if (!Number.isFinite(y)) {
      if (opts.gaps) points.push([tb.t[i], NaN]);
      continue;
    }
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

/** Every outcome: a request or call answered with any of them counts as answered. */
export const ALL_OUTCOMES = ['ok', ...ERROR_OUTCOMES];

/**
 * Retry amplification per bucket: attempts over the requests answered in that bucket (any
 * outcome), as the run summary defines it. The client counts a request's attempts when it
 * is answered, so both sides belong to the same requests; dividing by arrivals instead (a
 * request is counted when it starts) read below 1 at the start of a run and in incidents.
 * A bucket where nothing was answered has no ratio: NaN, drawn as a gap.
 */
export function amplificationLine(tb: Table, name = 'attempts / request'): Line {
  const attempts = tb.cols.attempts;
  const points: [number, number][] = [];
  if (!attempts) return { name, points };
  for (let i = 0; i < tb.t.length; i++) {
    let answered = 0;
    for (const o of ALL_OUTCOMES) {
      const v = tb.cols[o]?.[i];
      if (Number.isFinite(v)) answered += v as number;
    }
    const a = attempts[i];
    points.push([tb.t[i], answered > 0 && Number.isFinite(a) ? a / answered : NaN]);
  }
  return { name, points };
}

export function latencyTitle(answers: LatencyAnswers): string {
  return answers === 'ok' ? 'Latency of ok answers (ms)' : 'Latency of all answers (ms)';
}

const OK_COLUMN = { p50: 'okP50', p90: 'okP90', p99: 'okP99' } as const;

/**
 * Latency percentile lines, named p50, p90, ... either way (the title says which answers).
 * Failures are often instant (a full queue refuses at once, a crashed server answers at
 * once), so among all answers a failing node reads fast; the ok columns leave them out. A
 * bucket without an ok answer is a gap: joined across, an outage would read as steady.
 */
export function latencyLines(
  tb: Table,
  answers: LatencyAnswers,
  percentiles: readonly ('p50' | 'p90' | 'p99')[],
): Line[] {
  return percentiles.map((p) =>
    answers === 'ok' ? line(tb, OK_COLUMN[p], { name: p, gaps: true }) : line(tb, p),
  );
}

/**
 * A run of failures at the end of the series: every answer since `sinceS` failed, so the ok
 * latency lines have nothing to draw there. An empty chart read as "no latency problem".
 */
export interface NoOkStretch {
  /** Where the stretch starts (s): its first bucket's start. */
  sinceS: number;
  /** It starts with the series: nothing was ever answered ok. */
  fromStart: boolean;
  /** Answers in the stretch, all failed. */
  failed: number;
  /** Their outcomes, the most frequent first. */
  outcomes: string[];
}

/** Buckets with failures (and no ok answer) before a stretch counts: one unlucky bucket of a slow client is not an outage. */
export const NO_OK_MIN_BUCKETS = 2;

/**
 * The trailing buckets without an ok answer, when at least NO_OK_MIN_BUCKETS of them had
 * failed answers; null while the latest answers include ok ones, or nothing failed (a
 * client whose traffic stopped answers nothing, and says nothing wrong). Buckets without
 * any answer (calls still waiting for their timeout) do not end a stretch, and belong to it
 * (the ok lines stop there too), so one may start it; only buckets with failures count
 * towards NO_OK_MIN_BUCKETS.
 */
export function noOkStretch(tb: Table): NoOkStretch | null {
  const ok = tb.cols.ok;
  if (!ok) return null;
  let first = -1;
  let failedBuckets = 0;
  const byOutcome = new Map<string, number>();
  for (let i = Math.min(tb.t.length, ok.length) - 1; i >= 0; i--) {
    if (ok[i] > 0) break;
    let failed = 0;
    for (const o of ERROR_OUTCOMES) {
      const v = tb.cols[o]?.[i];
      if (!(v > 0)) continue;
      failed += v;
      byOutcome.set(o, (byOutcome.get(o) ?? 0) + v);
    }
    if (failed > 0) failedBuckets++;
    first = i;
  }
  if (first < 0 || failedBuckets < NO_OK_MIN_BUCKETS) return null;
  const outcomes = [...byOutcome].sort((a, b) => b[1] - a[1]);
  return {
    sinceS: tb.t[first] - tb.width[first],
    fromStart: first === 0,
    failed: outcomes.reduce((s, [, n]) => s + n, 0),
    outcomes: outcomes.map(([o]) => o),
  };
}

/**
 * The ok latency chart's note over such a stretch: when it began, what the answers were,
 * and where their latency is (the all answers' lines).
 */
export function noOkText(x: NoOkStretch): string {
  const since = x.fromStart ? 'yet' : `since ${+x.sinceS.toFixed(1)} s`;
  const what = x.outcomes.slice(0, 2).join(', ') + (x.outcomes.length > 2 ? ', …' : '');
  return `No ok answers ${since}: all ${Math.round(x.failed).toLocaleString('en-US')} failed (${what}). Switch to “all” to see how fast they failed.`;
}

/** The dashboard's headline figures for a client: its last bucket, per second. */
export interface ClientFigures {
  /** Requests the client started (arrivals), per second: the offered load. */
  arrivingPerS: number;
  /** Requests answered with any outcome, per second (the README's throughput). */
  throughputPerS: number;
  /** Answered ok within the SLO, per second; never above the throughput. */
  goodputPerS: number;
  errorsPerS: number;
  /** Error answers over the whole run so far. */
  errorsTotal: number;
  /**
   * p99 of the requests answered ok over the last second; NaN when none was (failures would
   * read fast). One bucket of 1 s or more: its exact p99. Shorter buckets: their p99s
   * averaged, each weighted by its ok answers (a busier bucket says more about the second),
   * not the last 10 ms bucket's alone. Neither that nor merged chart rows (averaged by time)
   * is the second's exact p99: the rows do not keep the latencies.
   */
  okP99: number;
}

export function clientFigures(tb: Table): ClientFigures {
  const n = tb.t.length;
  // Rates over the last second at least (the last row alone, in 0.01 s buckets, is noise).
  let from = n - 1,
    span = n ? tb.width[n - 1] : 0;
  while (from > 0 && span < 1 - 1e-9) span += tb.width[--from];
  const last = (cols: string[]) => {
    if (!n) return 0;
    let s = 0;
    for (const c of cols) {
      const col = tb.cols[c];
      for (let i = from; i < n && col; i++) if (Number.isFinite(col[i])) s += col[i];
    }
    return span > 0 ? s / span : 0;
  };
  return {
    arrivingPerS: last(['arrivals']),
    throughputPerS: last(ALL_OUTCOMES),
    goodputPerS: last(['goodput']),
    errorsPerS: last(ERROR_OUTCOMES),
    errorsTotal: total(tb, ERROR_OUTCOMES),
    okP99: okP99Over(tb, from, n),
  };
}

/** Ok answers' p99 over rows [from, to): see ClientFigures.okP99. */
function okP99Over(tb: Table, from: number, to: number): number {
  const p99 = tb.cols.okP99;
  if (!p99 || to <= from) return NaN;
  if (to - from === 1) return Number(p99[from] ?? NaN); // already a second or more: exact
  const ok = tb.cols.ok;
  let sum = 0,
    weight = 0;
  for (let i = from; i < to; i++) {
    const v = p99[i];
    const w = ok ? ok[i] : 1;
    if (Number.isFinite(v) && w > 0) {
      sum += v * w;
      weight += w;
    }
  }
  return weight > 0 ? sum / weight : NaN;
}

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
  'okP50',
  'okP90',
  'okP99',
  'okP999',
  'okMean',
]);

export function kindColumns(columns: readonly string[]): string[] {
  return columns.filter((c) => !STANDARD_NODE_COLUMNS.has(c));
}

/** How a kind-specific column is charted: a ratio (as %), a time (ms), a level, or a count per bucket. */
export type KindChartUnit = 'ratio' | 'ms' | 'level' | 'count';

/**
 * A kind's own series, split into charts that share a scale: a hit ratio (0–1) drawn beside
 * counts in the tens of thousands was a flat line at 0, and a message age in seconds
 * flattened the dead letters. The unit and the line names come from the catalog.
 */
export function kindChartGroups(
  kind: string,
  series: Pick<SeriesData, 'columns' | 'counts'>,
): { unit: KindChartUnit; title: string; columns: { key: string; name: string }[] }[] {
  const { columns } = series;
  const spec = kindSpec(kind);
  const metric = (key: string) => spec?.metrics?.find((m) => m.key === key);
  const unitOf = (key: string): KindChartUnit => {
    if (metric(key)?.unit === 'ms') return 'ms';
    if (/Ratio$/.test(key)) return 'ratio';
    // The engine's own word: summed across buckets is a count, else a level (a size, a number up).
    return series.counts?.[columns.indexOf(key)] === false ? 'level' : 'count';
  };
  const titles: Record<KindChartUnit, string> = {
    ratio: 'Ratios (%)',
    ms: 'Times (ms)',
    level: 'Levels',
    count: 'Per second',
  };
  const out: ReturnType<typeof kindChartGroups> = [];
  for (const unit of ['ratio', 'count', 'level', 'ms'] as const) {
    const cols = kindColumns(columns)
      .filter((c) => unitOf(c) === unit)
      .map((key) => ({ key, name: metric(key)?.label ?? key }));
    if (cols.length)
      out.push({ unit, title: cols.length === 1 ? cols[0].name : titles[unit], columns: cols });
  }
  return out;
}

/** Total of a column over all rows. */
/**
 * Error rate lines: all error outcomes together ("all errors") and, only when more than
 * one kind occurred, each kind on its own. With a single kind its own line would repeat
 * the total under a confusingly similar name ("errors" beside "error").
 */
export function errorLines(tb: Table, outcomes: string[]): Line[] {
  const seen = outcomes.filter((o) => total(tb, [o]) > 0);
  const all: Line = { ...sumLine(tb, outcomes, 'all errors', true), tone: 'error' };
  return seen.length > 1
    ? [all, ...seen.map((o): Line => ({ ...line(tb, o, { rate: true }), tone: o as Line['tone'] }))]
    : [all];
}

export function total(tb: Table, cols: string[]): number {
  let s = 0;
  for (const c of cols) {
    const v = tb.cols[c];
    if (!v) continue;
    for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) s += v[i];
  }
  return s;
}

/**
 * At most four points per column of `columns` equal slices of [x0, x1]: the first, lowest,
 * highest and last of each slice, in time order. A line drawn through them looks the same
 * at that resolution (peaks and dips kept) while a long run's thousands of buckets stop
 * costing the browser a path segment each. Shorter lines come back as they are.
 */
export function decimate(
  points: [number, number][],
  x0: number,
  x1: number,
  columns: number,
): [number, number][] {
  if (points.length <= columns * 4 || !(x1 > x0)) return points;
  const out: [number, number][] = [];
  const k = columns / (x1 - x0);
  let col = NaN;
  let first = 0;
  let lo = 0;
  let hi = 0;
  let last = 0;
  const flush = () => {
    if (Number.isNaN(col)) return;
    const keep = [first, lo, hi, last].sort((a, b) => a - b);
    for (let j = 0; j < keep.length; j++) if (j === 0 || keep[j] !== keep[j - 1]) out.push(points[keep[j]]);
  };
  for (let i = 0; i < points.length; i++) {
    const c = Math.floor((points[i][0] - x0) * k);
    if (c !== col) {
      flush();
      col = c;
      first = lo = hi = last = i;
      continue;
    }
    last = i;
    // A NaN (a gap) is never the lowest or highest: a finite value replaces it.
    const v = points[i][1];
    if (Number.isFinite(v)) {
      if (!(points[lo][1] <= v)) lo = i;
      if (!(points[hi][1] >= v)) hi = i;
    }
  }
  flush();
  return out;
}

/** The breaker column's states, by value: 0 closed, 1 open, 2 half-open (sim/metrics EdgeStats). */
export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;

/**
 * Whether an edge gets its breaker chart: with a breaker (flow.ts edgeData().breaker, as its
 * badge says); without one the column is a flat 0 ("closed") that says nothing. A breaker
 * switched off during the run keeps its chart while the series shows it ever left closed
 * (its story is still in the run).
 */
export function showsBreakerChart(hasBreaker: boolean, tb: Table): boolean {
  const b = tb.cols.breaker;
  if (hasBreaker || !b) return hasBreaker;
  for (let i = 0; i < b.length; i++) if (b[i] > 0) return true;
  return false;
}

/** 1, 2 or 5 times a power of ten, without float noise (0.1 × 3 style). */
const clean = (v: number) => Number(v.toPrecision(12));

/** Decades a log axis spans at most: below that, values sit on its floor. */
export const LOG_MAX_DECADES = 5;

/**
 * A log y axis over positive values from `minPos` (the smallest positive value drawn) to
 * `max`: its domain, from the power of ten at or below `minPos` (at most LOG_MAX_DECADES
 * below the top) to the first 1, 2 or 5 × 10^k at or above `max`, and its ticks, the powers
 * of ten within (1, 10, 100, 1000 ...), with 2 and 5 between when fewer than three powers
 * fit. Zero and smaller values are drawn at the domain's floor (a log axis has no 0).
 * Hand-rolled because d3's scaleLog().ticks() gives every 1–9 × 10^k over a few decades
 * (28 labels from 1 to 1000) on axes about 150 px tall.
 */
export function logTicks(minPos: number, max: number): { domain: [number, number]; ticks: number[] } {
  if (!(max > 0) || !Number.isFinite(max)) return { domain: [1, 10], ticks: [1, 10] };
  if (!(minPos > 0) || minPos > max) minPos = max;
  const e = Math.floor(Math.log10(max));
  const top = [1, 2, 5, 10].map((m) => clean(m * 10 ** e)).find((v) => v >= max * (1 - 1e-12)) ?? max;
  const topDecade = Math.ceil(Math.log10(top) - 1e-9);
  let k0 = Math.max(Math.floor(Math.log10(minPos) + 1e-9), topDecade - LOG_MAX_DECADES);
  if (clean(10 ** k0) >= top) k0 -= 1;
  const lo = clean(10 ** k0);
  const decades: number[] = [];
  for (let k = k0; clean(10 ** k) <= top; k++) decades.push(clean(10 ** k));
  if (decades.length >= 3) return { domain: [lo, top], ticks: decades };
  const ticks: number[] = [];
  for (let k = k0; clean(10 ** k) <= top; k++)
    for (const m of [1, 2, 5]) {
      const v = clean(m * 10 ** k);
      if (v <= top) ticks.push(v);
    }
  return { domain: [lo, top], ticks };
}

/**
 * The points of a line a log axis draws on its floor (finite values under it, zero above
 * all) that get a mark there, so that they do not read as values at the floor: at most one
 * per `minGapPx` of plot (`xPx` places a time), so a long stretch of zeros gets a row of
 * marks, not one per bucket. NaN (no value, a gap) is not clipped.
 */
export function belowFloor(
  points: readonly [number, number][],
  floor: number,
  xPx: (t: number) => number,
  minGapPx = 6,
): [number, number][] {
  const out: [number, number][] = [];
  let lastX = -Infinity;
  for (const p of points) {
    if (!(p[1] < floor)) continue;
    const x = xPx(p[0]);
    if (x - lastX < minGapPx) continue;
    out.push(p);
    lastX = x;
  }
  return out;
}

/** A floor mark's tooltip: the line, "< floor" (not its value, which the axis cannot show), and when. */
export function belowFloorText(name: string, floorLabel: string, t: number): string {
  return `${name}: < ${floorLabel} at ${+t.toFixed(2)} s (below the log scale’s floor)`;
}
