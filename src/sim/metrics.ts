/**
 * Metrics (DESIGN.md §6): per-bucket time series, exact time-weighted gauges, latency
 * histograms and batch means over the summary window [warm-up, end].
 *
 * The summary window starts at the first bucket boundary at or after warmupS, so every
 * bucket lies wholly inside or outside it and window totals are sums of buckets. The
 * window is split into batches of whole buckets (about 20); each statistic's 95%
 * confidence interval comes from the spread of its per-batch values (batch means).
 */
import { combine, type Merge } from '../model/seriesMerge';
import { Histogram } from './histogram';
import { LatencyBuffer, percentilesOf } from './latencyBuffer';

export const OUTCOMES = [
  'ok',
  'rejected',
  'throttled',
  'timeout',
  'error',
  'unavailable',
  'circuit-open',
  'dropped',
] as const;
export type OutcomeName = (typeof OUTCOMES)[number];
export const OK = 0,
  REJECTED = 1,
  THROTTLED = 2,
  TIMEOUT = 3,
  ERROR = 4,
  UNAVAILABLE = 5,
  CIRCUIT_OPEN = 6,
  DROPPED = 7;
export const N_OUTCOMES = 8;

/** Percentiles reported everywhere. */
export const PCTS = [50, 90, 99, 99.9] as const;

/** A level that changes at discrete instants, integrated exactly over time. */
export class Gauge {
  level = 0;
  protected last = 0;
  /** Integral of the level since the current bucket started. */
  area = 0;
  windowArea = 0;
  /** Integral over closed buckets (add `area` and the open span for the running total). */
  private closed = 0;

  set(now: number, level: number): void {
    this.area += this.level * (now - this.last);
    this.last = now;
    this.level = level;
  }
  add(now: number, delta: number): void {
    this.set(now, this.level + delta);
  }
  /** Integral of the level over the open bucket, from its start to `now`. */
  openArea(now: number): number {
    return this.area + this.level * (now - this.last);
  }
  /** Integral of the level from time 0 to `now`. */
  cumulative(now: number): number {
    return this.closed + this.area + this.level * (now - this.last);
  }
  /** Closes the bucket at `now`; returns its integral. */
  roll(now: number, inWindow: boolean): number {
    this.area += this.level * (now - this.last);
    this.last = now;
    const a = this.area;
    this.closed += a;
    if (inWindow) this.windowArea += a;
    this.area = 0;
    return a;
  }
}

/**
 * A gauge that also keeps its peak per bucket and over the summary window. Only the queue
 * length reports a peak, so the other gauges (several updates per request) skip the check.
 */
export class PeakGauge extends Gauge {
  max = 0;
  windowMax = 0;

  override set(now: number, level: number): void {
    this.area += this.level * (now - this.last);
    this.last = now;
    this.level = level;
    if (level > this.max) this.max = level;
  }
  override roll(now: number, inWindow: boolean): number {
    if (inWindow && this.max > this.windowMax) this.windowMax = this.max;
    const a = super.roll(now, inWindow);
    this.max = this.level;
    return a;
  }
}

/** Rows a series has room for before it first grows. */
const INITIAL_ROWS = 64;

/**
 * Bounded column store for time series. Holds at most `maxRows` rows; when full, adjacent
 * rows are merged pairwise and each row afterwards spans twice as many buckets, so memory
 * stays flat however long the run. Room for rows grows by doubling from INITIAL_ROWS, so a
 * short run of a big design does not pay for 4,096 rows a column.
 */
export class Series {
  readonly columns: readonly string[];
  /** How each column merges. */
  readonly merge: readonly Merge[];
  data: Float32Array[];
  /** For each `{ by }` column, the indices of the count columns it is weighted by (else null). */
  private readonly weightCols: (readonly number[] | null)[];
  /** Weights of the two sides being merged, by column (see rowWeights). */
  private readonly wA: Float64Array;
  private readonly wB: Float64Array;
  /** Start time (s) of each row. */
  time: Float64Array;
  rows = 0;
  /** Raw buckets per stored row. */
  stride = 1;
  private pending: Float64Array;
  private pendingCount = 0;
  private pendingStart = 0;

  constructor(
    columns: readonly [string, Merge][],
    private readonly maxRows = 4096,
  ) {
    this.columns = columns.map((c) => c[0]);
    this.merge = columns.map((c) => c[1]);
    this.weightCols = this.merge.map((m) => {
      if (typeof m === 'string') return null;
      const idx = m.by.map((name) => this.columns.indexOf(name));
      if (idx.some((i) => i < 0 || this.merge[i] !== 'sum'))
        throw new Error(
          `series: a column is weighted by ${m.by.join(', ')}, which must all be count columns`,
        );
      return idx;
    });
    this.wA = new Float64Array(columns.length);
    this.wB = new Float64Array(columns.length);
    // Room grows by doubling up to maxRows: a 2,000-node design's series took 800 KB a node
    // before its first bucket closed (3.4 GB for a 5 s run), most of it never written.
    const room = Math.min(maxRows, INITIAL_ROWS);
    this.data = this.columns.map(() => new Float32Array(room));
    this.time = new Float64Array(room);
    this.pending = new Float64Array(columns.length);
  }

  /** Appends one raw bucket (values in column order). */
  push(startS: number, values: ArrayLike<number>): void {
    if (this.rows === this.time.length && this.rows < this.maxRows) this.grow();
    if (this.stride === 1 && this.rows < this.maxRows) {
      // Rows are still single buckets (most runs): straight into the columns.
      const r = this.rows++;
      this.time[r] = startS;
      for (let i = 0; i < values.length; i++) this.data[i][r] = values[i];
      return;
    }
    if (this.pendingCount === 0) {
      // Full: merge before this bucket opens a group, so that groups start on the new
      // stride (merging after it would store it alone in a row as wide as two).
      if (this.rows === this.maxRows) this.coarsen();
      this.pendingStart = startS;
      for (let i = 0; i < values.length; i++) this.pending[i] = values[i];
    } else {
      // Weights first: the count columns they read are merged in the same pass.
      this.rowWeights(this.pending, 0, values, this.pendingCount, 1);
      for (let i = 0; i < values.length; i++)
        this.pending[i] = combine(this.merge[i], this.pending[i], values[i], this.wA[i], this.wB[i]);
    }
    if (++this.pendingCount < this.stride) return;
    const r = this.rows++;
    this.time[r] = this.pendingStart;
    for (let i = 0; i < this.data.length; i++) this.data[i][r] = this.pending[i];
    this.pendingCount = 0;
  }

  /** Doubles the room for rows (up to maxRows), keeping the rows stored. */
  private grow(): void {
    const room = Math.min(this.maxRows, this.time.length * 2);
    const time = new Float64Array(room);
    time.set(this.time);
    this.time = time;
    this.data = this.data.map((col) => {
      const c = new Float32Array(room);
      c.set(col);
      return c;
    });
  }

  /**
   * The group of buckets not yet stored as a row (a merged series' last few buckets), as
   * its start (s), how many buckets it holds and their merged values; null when none.
   */
  unfinished(): { startS: number; buckets: number; values: Float64Array } | null {
    return this.pendingCount === 0
      ? null
      : { startS: this.pendingStart, buckets: this.pendingCount, values: this.pending };
  }

  /**
   * Sets wA and wB, the weights of two sides about to merge: the time each spans (`timeA`,
   * `timeB`), or for a `{ by }` column the sum of its count columns on each side (`a` is a
   * row of values, or, with `a` null, stored row `rowA` whose next row is the other side).
   */
  private rowWeights(
    a: ArrayLike<number> | null,
    rowA: number,
    b: ArrayLike<number> | null,
    timeA: number,
    timeB: number,
  ): void {
    for (let c = 0; c < this.weightCols.length; c++) {
      const by = this.weightCols[c];
      if (by === null) {
        this.wA[c] = timeA;
        this.wB[c] = timeB;
        continue;
      }
      let x = 0,
        y = 0;
      for (const k of by) {
        x += a !== null ? a[k] : this.data[k][rowA];
        y += b !== null ? b[k] : this.data[k][rowA + 1];
      }
      this.wA[c] = x;
      this.wB[c] = y;
    }
  }

  private coarsen(): void {
    const half = this.rows >> 1;
    for (let r = 0; r < half; r++) {
      this.time[r] = this.time[2 * r];
      // Weights first: merging the count columns overwrites row r, which is row 2r when r = 0.
      this.rowWeights(null, 2 * r, null, 1, 1);
      for (let c = 0; c < this.data.length; c++) {
        const col = this.data[c];
        col[r] = combine(this.merge[c], col[2 * r], col[2 * r + 1], this.wA[c], this.wB[c]);
      }
    }
    this.rows = half;
    this.stride *= 2;
  }

  /** Whether a column is a count per bucket (summed when rows merge), not a level or a time. */
  isCount(i: number): boolean {
    return this.merge[i] === 'sum';
  }

  column(name: string): Float32Array {
    const i = this.columns.indexOf(name);
    return this.data[i].subarray(0, this.rows);
  }
}

/** Per-batch values of one statistic; gives mean and 95% CI half-width. */
export function batchCI(values: readonly number[]): { mean: number; ci95: number | null } {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, ci95: null };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci95: null };
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, ci95: tQuantile975(n - 1) * Math.sqrt(v / n) };
}

const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
export function tQuantile975(df: number): number {
  if (df <= 30) return T975[df - 1];
  return 1.96 + 2.4 / df; // close to the exact value for df > 30
}

/** What one batch contributes. */
export interface BatchRow {
  answers: number;
  ok: number;
  goodput: number;
  latencySum: number;
  latencyCount: number;
  /** The same over the ok answers alone. */
  okLatencySum: number;
  okLatencyCount: number;
  seconds: number;
  /**
   * The batch's latencies at coarse resolution (BATCH_CDF_BITS), all answers and ok
   * answers (the same object when every answer was ok): a percentile's interval reads
   * each batch's share below the run's percentile (src/sim/summary.ts, quantileCI).
   */
  cdf: Histogram;
  okCdf: Histogram;
}

/**
 * Significant bits of a batch's kept distribution: buckets 3-6% wide, about 1.3 KB per
 * batch for latencies up to 10 s. The share below a value is read pro rata within its
 * bucket, which errs by a fraction of one bucket's answers.
 */
export const BATCH_CDF_BITS = 5;

/**
 * Room to join a bucket's ok and failed latencies for the percentiles of all answers
 * (one for every node: buckets close one node at a time). Grows to the largest bucket.
 */
let unionScratch = new Float64Array(256);

/**
 * The percentiles `ps` of the values two buffers keep, taken together, into `out`. A
 * buffer thinned less than the other joins at the other's sampling rate, so that the
 * sample stays a systematic one of all values. Leaves both buffers' values in place.
 */
function unionPercentiles(a: LatencyBuffer, b: LatencyBuffer, ps: readonly number[], out: number[]): void {
  const stride = Math.max(a.sampleStride, b.sampleStride);
  const need = a.keptCount + b.keptCount;
  // Sized to the bucket (a power of two); given back when far larger than needed.
  if (need > unionScratch.length || (unionScratch.length > 256 && need * 8 < unionScratch.length)) {
    let size = 256;
    while (size < need) size *= 2;
    unionScratch = new Float64Array(size);
  }
  const n = b.copyKept(
    unionScratch,
    a.copyKept(unionScratch, 0, stride / a.sampleStride),
    stride / b.sampleStride,
  );
  percentilesOf(unionScratch, n, ps, out);
}

/** Counters, gauges and histograms of one node (or client). */
export class NodeStats {
  // current bucket
  arrivals = 0;
  readonly answers = new Float64Array(N_OUTCOMES);
  readonly extra: Float64Array;
  /**
   * Latencies of the current bucket, raw (its percentiles are exact order statistics), of
   * ok answers and of the rest apart: failures are often instant (a refusal, a crashed
   * server), and mixed in they make a broken node look fast. Percentiles of all answers
   * join the two.
   */
  readonly okLatencies = new LatencyBuffer();
  readonly failLatencies = new LatencyBuffer();
  /** Latencies of the current batch, ok and the rest (recorded only inside the summary window). */
  readonly okBatchHist = new Histogram(11);
  readonly failBatchHist = new Histogram(11);
  /** Latencies over the summary window: all answers, and ok answers alone. */
  readonly windowHist = new Histogram(11);
  readonly okWindowHist = new Histogram(11);
  readonly busy = new Gauge();
  readonly queue = new PeakGauge();
  readonly capacity = new Gauge();
  readonly inflight = new Gauge();
  // summary window
  private windowOn = false;
  windowArrivals = 0;
  readonly windowAnswers = new Float64Array(N_OUTCOMES);
  readonly windowExtra: Float64Array;
  windowGoodput = 0;
  goodput = 0;
  private batchGoodput = 0;
  private readonly batchAnswers = new Float64Array(N_OUTCOMES);
  readonly batches: BatchRow[] = [];
  readonly series: Series;
  /** The raw values of the last closed bucket, in `series.columns` order. */
  readonly row: Float64Array;
  private readonly pTmp = [0, 0, 0, 0];
  private readonly okPTmp = [0, 0, 0, 0];
  /** Latency SLO for goodput (clients); Infinity elsewhere. */
  sloMs = Infinity;

  constructor(
    readonly extraNames: readonly string[] = [],
    /** How each extra merges across buckets; counters 'sum', levels 'mean'. */
    extraMerge: readonly Merge[] = [],
  ) {
    this.extra = new Float64Array(extraNames.length);
    this.windowExtra = new Float64Array(extraNames.length);
    // Latency figures merge weighted by the answers they are over: exact for the means; for
    // a percentile an estimate either way, but a row of 3 answers no longer counts as much
    // as a row of 3,000.
    const byAnswers: Merge = { by: OUTCOMES },
      byOk: Merge = { by: ['ok'] };
    const cols: [string, Merge][] = [
      ['arrivals', 'sum'],
      ...OUTCOMES.map((o): [string, Merge] => [o, 'sum']),
      ['goodput', 'sum'],
      ['p50', byAnswers],
      ['p90', byAnswers],
      ['p99', byAnswers],
      ['p999', 'max'],
      ['mean', byAnswers],
      ['utilization', 'mean'],
      ['queue', 'mean'],
      ['queueMax', 'max'],
      ['inflight', 'mean'],
      ['capacity', 'mean'],
      // Latency of the ok answers alone (after the base columns: indices above stay put).
      ['okP50', byOk],
      ['okP90', byOk],
      ['okP99', byOk],
      ['okP999', 'max'],
      ['okMean', byOk],
      ...extraNames.map((n, i): [string, Merge] => [n, extraMerge[i] ?? 'sum']),
    ];
    this.series = new Series(cols);
    this.row = new Float64Array(cols.length);
  }

  /** Whether the open bucket lies in the summary window (set at bucket boundaries). */
  get inWindow(): boolean {
    return this.windowOn;
  }
  set inWindow(on: boolean) {
    this.windowOn = on;
    // Inside the window every latency reaches a batch histogram too, by way of the
    // bucket's buffers (in bulk when the bucket closes: see LatencyBuffer).
    this.okLatencies.feed = on ? this.okBatchHist : null;
    this.failLatencies.feed = on ? this.failBatchHist : null;
  }

  answer(outcome: number, latencyMs: number): void {
    this.answers[outcome]++;
    if (outcome === OK) {
      this.okLatencies.record(latencyMs);
      if (latencyMs <= this.sloMs) this.goodput++;
    } else this.failLatencies.record(latencyMs);
  }

  /** Closes a bucket that started at startMs and ends at now. */
  roll(now: number, startMs: number): void {
    const len = now - startMs;
    const inW = this.inWindow;
    const busyA = this.busy.roll(now, inW);
    const capA = this.capacity.roll(now, inW);
    const qMax = this.queue.max;
    const qA = this.queue.roll(now, inW);
    const infA = this.inflight.roll(now, inW);
    const ok = this.okLatencies,
      fail = this.failLatencies;
    ok.flush(); // before percentiles() reorders the values
    fail.flush();
    const p = this.pTmp,
      okP = this.okPTmp;
    if (fail.count === 0) {
      ok.percentiles(PCTS, okP); // every answer ok (most buckets): one set of selections
      for (let k = 0; k < 4; k++) p[k] = okP[k];
    } else {
      if (ok.count === 0) fail.percentiles(PCTS, p);
      else unionPercentiles(ok, fail, PCTS, p);
      ok.percentiles(PCTS, okP);
    }
    const answered = ok.count + fail.count;
    const row = this.row;
    let i = 0;
    row[i++] = this.arrivals;
    for (let o = 0; o < N_OUTCOMES; o++) row[i++] = this.answers[o];
    row[i++] = this.goodput;
    for (let k = 0; k < 4; k++) row[i++] = p[k];
    row[i++] = answered > 0 ? (ok.sum + fail.sum) / answered : NaN;
    row[i++] = capA > 0 ? busyA / capA : NaN;
    row[i++] = len > 0 ? qA / len : 0;
    row[i++] = qMax;
    row[i++] = len > 0 ? infA / len : 0;
    row[i++] = len > 0 ? capA / len : 0;
    for (let k = 0; k < 4; k++) row[i++] = okP[k];
    row[i++] = ok.mean;
    for (let k = 0; k < this.extra.length; k++) row[i++] = this.extra[k];
    this.series.push(startMs / 1000, row);
    if (inW) {
      this.windowArrivals += this.arrivals;
      for (let o = 0; o < N_OUTCOMES; o++) {
        this.windowAnswers[o] += this.answers[o];
        this.batchAnswers[o] += this.answers[o];
      }
      for (let k = 0; k < this.extra.length; k++) this.windowExtra[k] += this.extra[k];
      this.windowGoodput += this.goodput;
      this.batchGoodput += this.goodput;
    }
    this.arrivals = 0;
    // Plain loops: TypedArray.fill's call costs more than zeroing a handful of slots.
    for (let o = 0; o < N_OUTCOMES; o++) this.answers[o] = 0;
    for (let k = 0; k < this.extra.length; k++) this.extra[k] = 0;
    this.goodput = 0;
    ok.reset();
    fail.reset();
  }

  /** Closes a batch of `seconds` length (only ever inside the window). */
  closeBatch(seconds: number, countIt: boolean): void {
    const ok = this.okBatchHist,
      fail = this.failBatchHist;
    if (countIt) {
      let answers = 0;
      for (let o = 0; o < N_OUTCOMES; o++) answers += this.batchAnswers[o];
      const okCdf = ok.coarsened(BATCH_CDF_BITS);
      let cdf = okCdf;
      if (fail.count > 0) {
        cdf = fail.coarsened(BATCH_CDF_BITS);
        cdf.add(okCdf);
      }
      this.batches.push({
        answers,
        ok: this.batchAnswers[OK],
        goodput: this.batchGoodput,
        latencySum: ok.sum + fail.sum,
        latencyCount: ok.count + fail.count,
        okLatencySum: ok.sum,
        okLatencyCount: ok.count,
        seconds,
        cdf,
        okCdf,
      });
    }
    this.windowHist.add(ok);
    this.windowHist.add(fail);
    this.okWindowHist.add(ok);
    ok.reset();
    fail.reset();
    this.batchAnswers.fill(0);
    this.batchGoodput = 0;
  }
}

/** Counters of one edge, seen from the caller. */
export class EdgeStats {
  sent = 0;
  retries = 0;
  readonly outcomes = new Float64Array(N_OUTCOMES);
  readonly inflight = new Gauge();
  windowSent = 0;
  windowRetries = 0;
  readonly windowOutcomes = new Float64Array(N_OUTCOMES);
  readonly series = new Series([
    ['sent', 'sum'],
    ['retries', 'sum'],
    ...OUTCOMES.map((o): [string, Merge] => [o, 'sum']),
    ['inflight', 'mean'],
    ['breaker', 'max'],
  ]);
  /** The raw values of the last closed bucket, in `series.columns` order. */
  readonly row = new Float64Array(2 + N_OUTCOMES + 2);

  /** Closes a bucket; `breaker` is the edge's breaker state at its end (0 closed, 1 open, 2 half-open). */
  roll(now: number, startMs: number, inWindow: boolean, breaker: number): void {
    const len = now - startMs;
    const a = this.inflight.roll(now, inWindow);
    const row = this.row;
    row[0] = this.sent;
    row[1] = this.retries;
    for (let o = 0; o < N_OUTCOMES; o++) row[2 + o] = this.outcomes[o];
    row[2 + N_OUTCOMES] = len > 0 ? a / len : 0;
    row[3 + N_OUTCOMES] = breaker;
    this.series.push(startMs / 1000, row);
    if (inWindow) {
      this.windowSent += this.sent;
      this.windowRetries += this.retries;
      for (let o = 0; o < N_OUTCOMES; o++) this.windowOutcomes[o] += this.outcomes[o];
    }
    this.sent = 0;
    this.retries = 0;
    for (let o = 0; o < N_OUTCOMES; o++) this.outcomes[o] = 0;
  }
}
