/**
 * Latency histogram, HDR style: log-linear buckets with a fixed number of significant
 * binary digits, so the relative error of any recorded value is bounded (11 bits: under
 * 0.05% at the bucket midpoint, i.e. 3 significant decimal digits). Values are
 * milliseconds, stored as integer microseconds.
 *
 * Hand-rolled rather than hdr-histogram-js because the engine records one value per
 * answered call in its hot loop and rolls a histogram per node every simulated second:
 * - record is one clz32 and one typed-array increment into a flat array grown on demand;
 * - the histogram remembers which buckets it touched since the last reset, so rolling a
 *   bucket (percentiles, merge into the batch, reset) costs in proportion to the values
 *   recorded, not to the histogram's width: a long run at a low rate stays cheap.
 * test/engine/histogram.test.ts checks it against hdr-histogram-js; bench/run.ts times both.
 */
export class Histogram {
  private readonly subBits: number;
  private readonly subCount: number;
  private readonly half: number;
  private counts: Float64Array;
  /** Indices with a non-zero count since the last reset, in first-touch order. */
  private touched: Int32Array;
  private nTouched = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;

  constructor(significantBits = 11) {
    this.subBits = significantBits;
    this.subCount = 1 << significantBits;
    this.half = this.subCount >> 1;
    this.counts = new Float64Array(this.subCount);
    this.touched = new Int32Array(64);
  }

  /** Flat bucket index of a value in microseconds. */
  private indexOf(v: number): number {
    if (v < 2147483648) {
      const shift = 32 - Math.clz32(v) - this.subBits; // >= 1 since v >= subCount
      return this.subCount + (shift - 1) * this.half + ((v >>> shift) - this.half);
    }
    const shift = Math.floor(Math.log2(v)) - this.subBits + 1;
    return this.subCount + (shift - 1) * this.half + (Math.floor(v / 2 ** shift) - this.half);
  }

  /** Midpoint (µs) of the bucket at a flat index. */
  private valueAt(i: number): number {
    if (i < this.subCount) return i;
    const j = i - this.subCount;
    const shift = Math.floor(j / this.half) + 1;
    const lo = ((j % this.half) + this.half) * 2 ** shift;
    return lo + (2 ** shift - 1) / 2;
  }

  record(ms: number): void {
    let v = Math.round(ms * 1000);
    if (!(v >= 0))
      v = 0; // NaN or negative: clamp (never produced by the engine)
    else if (v > 4e15) v = 4e15;
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    this.addAt(v < this.subCount ? v : this.indexOf(v), 1);
  }

  private addAt(i: number, n: number): void {
    if (i >= this.counts.length) this.growTo(i);
    if (this.counts[i] === 0) {
      if (this.nTouched === this.touched.length) {
        const t = new Int32Array(this.touched.length * 2);
        t.set(this.touched);
        this.touched = t;
      }
      this.touched[this.nTouched++] = i;
    }
    this.counts[i] += n;
  }

  private growTo(i: number): void {
    let n = this.counts.length;
    while (n <= i) n += this.half * 4;
    const c = new Float64Array(n);
    c.set(this.counts);
    this.counts = c;
  }

  get mean(): number {
    return this.count ? this.sum / this.count : NaN;
  }

  /** Value at the given percentile (0..100), in ms; NaN when empty. */
  percentile(p: number): number {
    const out = [NaN];
    this.percentiles([p], out);
    return out[0];
  }

  /** Sorts the touched list so walks go in value order. */
  private sortTouched(): Int32Array {
    const t = this.touched;
    const n = this.nTouched;
    if (n > 64) {
      const sub = t.subarray(0, n);
      sub.sort();
      return sub;
    }
    // Insertion sort: a bucket usually touches few distinct values, where the native
    // typed-array sort's set-up cost dominates.
    for (let i = 1; i < n; i++) {
      const v = t[i];
      let j = i - 1;
      while (j >= 0 && t[j] > v) {
        t[j + 1] = t[j];
        j--;
      }
      t[j + 1] = v;
    }
    return t.subarray(0, n);
  }

  /** Several percentiles (ascending) in one pass over the touched buckets. */
  percentiles(ps: readonly number[], out: number[]): void {
    if (this.count === 0) {
      for (let i = 0; i < ps.length; i++) out[i] = NaN;
      return;
    }
    const t = this.sortTouched();
    let k = 0;
    let seen = 0;
    for (let j = 0; j < t.length && k < ps.length; j++) {
      const i = t[j];
      seen += this.counts[i];
      while (k < ps.length && seen >= Math.max(1, Math.ceil((ps[k] / 100) * this.count - 1e-9))) {
        // Bucket midpoint, clamped to the observed range: error under half a bucket.
        out[k] = Math.min(this.max, Math.max(this.min, this.valueAt(i) / 1000));
        k++;
      }
    }
    for (; k < ps.length; k++) out[k] = this.max;
  }

  reset(): void {
    const t = this.touched;
    for (let j = 0; j < this.nTouched; j++) this.counts[t[j]] = 0;
    this.nTouched = 0;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = 0;
  }

  /** Adds every count of `other` (same precision) into this one. */
  add(other: Histogram): void {
    if (other.count === 0) return;
    if (other.subBits !== this.subBits) throw new Error('histograms of different precision');
    const t = other.touched;
    for (let j = 0; j < other.nTouched; j++) this.addAt(t[j], other.counts[t[j]]);
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** Bytes held (for memory accounting). */
  get bytes(): number {
    return this.counts.byteLength + this.touched.byteLength;
  }
}
