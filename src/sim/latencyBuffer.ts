/**
 * The latencies of one time bucket, kept raw so that the bucket's percentiles are exact
 * order statistics (found by selection when the bucket closes) instead of histogram
 * bucket midpoints.
 *
 * Hand-rolled for the hot loop: recording is one store into a flat typed array, where a
 * histogram record is a scattered read-modify-write plus bookkeeping, and the close costs
 * a few linear selection passes. Memory is bounded: past MAX_KEPT values in one bucket
 * (a node has two buffers, for its ok and its failed answers: over 262,144 of either kind
 * in one bucket) the buffer keeps every other value, then every fourth, and so on: a
 * systematic sample of at least 131,072 values, whose percentiles carry a sampling error
 * of about 1% at p99.9 and less below. Count and mean stay exact.
 *
 * The buffer also feeds a histogram (inside the summary window, the node's batch
 * histogram of the same kind of answers), and feeds it every value exactly once, in
 * recorded order: in bulk when the bucket closes (flush), which costs far less than a
 * histogram record per answer in the hot loop, and one by one only once the buffer has
 * been thinned and no longer keeps every value.
 */

import type { Histogram } from './histogram';

/** Values kept per bucket before thinning starts (2 MB of doubles). */
export const MAX_KEPT = 1 << 18;
/** The buffer's starting (and smallest) size. */
const MIN_SIZE = 256;
/** Small buckets in a row before a grown buffer shrinks. */
export const QUIET_BUCKETS = 16;

export class LatencyBuffer {
  private values = new Float64Array(MIN_SIZE);
  private kept = 0;
  /** Every `stride`-th value is kept once the buffer has been thinned. */
  private stride = 1;
  private skip = 0;
  count = 0;
  sum = 0;
  /** The histogram that receives every recorded value too, or null. */
  feed: Histogram | null = null;
  /** Kept values below this index have gone to `feed` already. */
  private fed = 0;
  /** Closed buckets in a row that used under an eighth of the buffer, and the most any of them kept. */
  private quiet = 0;
  private quietPeak = 0;

  record(ms: number): void {
    this.count++;
    this.sum += ms;
    if (this.stride === 1) {
      if (this.kept < this.values.length) {
        this.values[this.kept++] = ms;
        return;
      }
      this.makeRoom();
      if (this.stride === 1) {
        this.values[this.kept++] = ms;
        return;
      }
      this.skip = this.stride - 1; // just thinned: this value is the sample's next one
    }
    // Thinned: most values are not kept, so each goes to the histogram now.
    if (this.feed !== null) this.feed.record(ms);
    if (++this.skip < this.stride) return;
    this.skip = 0;
    if (this.kept === this.values.length) this.makeRoom();
    this.values[this.kept++] = ms;
    this.fed = this.kept;
  }

  /** Gives `feed` the kept values it has not had yet. Call before percentiles(), which reorders them. */
  flush(): void {
    const h = this.feed;
    if (h !== null && this.fed < this.kept) h.recordAll(this.values, this.fed, this.kept);
    this.fed = this.kept;
  }

  get mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  /**
   * The percentiles `ps` (ascending, 0 < p <= 100) into `out`: the smallest recorded value
   * with at least ceil(p/100 · n) values at or below it; NaN when empty. Reorders the buffer.
   */
  percentiles(ps: readonly number[], out: number[]): void {
    percentilesOf(this.values, this.kept, ps, out);
  }

  /** Values held (all of them, or the sample once thinned). */
  get keptCount(): number {
    return this.kept;
  }

  /** 1 while every value is kept; 2, 4, ... once thinned (every stride-th value kept). */
  get sampleStride(): number {
    return this.stride;
  }

  /**
   * Appends this buffer's kept values to `into` at `at`, every `step`-th of them (so a
   * buffer thinned less than another can join it at the same sampling rate). Returns the
   * new end. Call before percentiles(), which reorders the values.
   */
  copyKept(into: Float64Array, at: number, step: number): number {
    for (let i = step - 1; i < this.kept; i += step) into[at++] = this.values[i];
    return at;
  }

  /** Values the buffer holds before it must grow (or thin). */
  get capacity(): number {
    return this.values.length;
  }

  reset(): void {
    this.giveBackRoom();
    this.kept = 0;
    this.fed = 0;
    this.stride = 1;
    this.skip = 0;
    this.count = 0;
    this.sum = 0;
  }

  /**
   * A burst grows the buffer to fit its bucket (up to 2 MB). Once QUIET_BUCKETS buckets in
   * a row have used under an eighth of it, it shrinks to twice the largest of them, so a
   * long run's memory follows its load instead of its worst second. Called as a bucket
   * closes (reset), never in the hot loop.
   */
  private giveBackRoom(): void {
    const n = this.values.length;
    if (n <= MIN_SIZE) return;
    if (this.kept * 8 >= n) {
      this.quiet = 0;
      this.quietPeak = 0;
      return;
    }
    if (this.kept > this.quietPeak) this.quietPeak = this.kept;
    if (++this.quiet < QUIET_BUCKETS) return;
    let size = MIN_SIZE;
    while (size < this.quietPeak * 2) size *= 2;
    this.values = new Float64Array(size);
    this.quiet = 0;
    this.quietPeak = 0;
  }

  private makeRoom(): void {
    const v = this.values;
    if (v.length < MAX_KEPT) {
      const g = new Float64Array(v.length * 2);
      g.set(v);
      this.values = g;
      return;
    }
    // Thin: keep every other value, and from now on every 2·stride-th new one. The
    // histogram gets every value first, while they are all still here.
    this.flush();
    const half = this.kept >> 1;
    for (let i = 0; i < half; i++) v[i] = v[2 * i + 1];
    this.kept = half;
    this.fed = half;
    this.stride *= 2;
    this.skip = 0;
  }
}

/**
 * The percentiles `ps` (ascending, 0 < p <= 100) of a[0..n) into `out`: the smallest value
 * with at least ceil(p/100 · n) values at or below it; NaN when n is 0. Reorders a[0..n).
 */
export function percentilesOf(a: Float64Array, n: number, ps: readonly number[], out: number[]): void {
  if (n === 0) {
    for (let k = 0; k < ps.length; k++) out[k] = NaN;
    return;
  }
  // Each selection leaves everything below its rank to the left, so the next (higher)
  // percentile only searches to the right of it.
  let lo = 0;
  for (let k = 0; k < ps.length; k++) {
    const rank = Math.min(n, Math.max(1, Math.ceil((ps[k] / 100) * n - 1e-9))) - 1;
    out[k] = select(a, lo, n - 1, rank);
    lo = rank;
  }
}

/**
 * The value of rank `k` (0-based) within a[lo..hi], partially reordering that range so
 * that everything left of k is <= a[k] (Hoare partitioning with a median-of-three pivot).
 */
export function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    const x = a[lo],
      y = a[(lo + hi) >> 1],
      z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo,
      j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
