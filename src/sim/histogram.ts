/**
 * Latency histogram, HDR style: log-linear buckets with a fixed number of significant
 * binary digits, so the relative error of any recorded value is bounded (11 sub-bucket
 * bits: < 0.1%, i.e. 3 significant decimal digits). Values are milliseconds, stored as
 * integer microseconds.
 *
 * Hand-rolled rather than hdr-histogram-js because the engine records one value per
 * answered call in its hot loop: this class records with one clz32 and one typed-array
 * increment, allocates rows lazily (a node whose latencies span 0.1 ms..10 s touches
 * about 15 rows of 8 KB), and merges without boxing. test/histogram.test.ts checks it
 * against hdr-histogram-js and bench/run.ts prints both recording speeds.
 */
export class Histogram {
  private readonly subBits: number;
  private readonly subCount: number; // 2^subBits: row 0 holds values 0..subCount-1 exactly
  private readonly half: number; // subCount/2: width of every further row
  private rows: (Float64Array | null)[] = [];
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;

  constructor(significantBits = 11) {
    this.subBits = significantBits;
    this.subCount = 1 << significantBits;
    this.half = this.subCount >> 1;
  }

  record(ms: number): void {
    let v = Math.round(ms * 1000);
    if (!(v >= 0)) v = 0; // NaN or negative: clamp (never produced by the engine)
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    let row: number, idx: number;
    if (v < this.subCount) {
      row = 0;
      idx = v;
    } else {
      const top = v < 2147483648 ? 31 - Math.clz32(v) : Math.floor(Math.log2(v));
      const shift = top - this.subBits + 1; // >= 1
      row = shift;
      idx = Math.floor(v / 2 ** shift) - this.half;
    }
    let r = this.rows[row];
    if (r === undefined || r === null) r = this.allocRow(row);
    r[idx]++;
  }

  private allocRow(row: number): Float64Array {
    while (this.rows.length <= row) this.rows.push(null);
    const r = new Float64Array(row === 0 ? this.subCount : this.half);
    this.rows[row] = r;
    return r;
  }

  /** Lowest and highest microsecond value of a bucket. */
  private bucketRange(row: number, idx: number): [number, number] {
    if (row === 0) return [idx, idx];
    const lo = (idx + this.half) * 2 ** row;
    return [lo, lo + 2 ** row - 1];
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

  /** Several percentiles (ascending) in one pass. */
  percentiles(ps: readonly number[], out: number[]): void {
    if (this.count === 0) {
      for (let i = 0; i < ps.length; i++) out[i] = NaN;
      return;
    }
    let k = 0;
    let seen = 0;
    for (let row = 0; row < this.rows.length && k < ps.length; row++) {
      const r = this.rows[row];
      if (!r) continue;
      for (let idx = 0; idx < r.length && k < ps.length; idx++) {
        const c = r[idx];
        if (c === 0) continue;
        seen += c;
        while (k < ps.length && seen >= Math.max(1, Math.ceil((ps[k] / 100) * this.count))) {
          const [lo, hi] = this.bucketRange(row, idx);
          // Midpoint of the bucket, clamped to the observed range: error < half a bucket.
          out[k] = Math.min(this.max, Math.max(this.min, (lo + hi) / 2 / 1000));
          k++;
        }
      }
    }
    for (; k < ps.length; k++) out[k] = this.max;
  }

  reset(): void {
    for (const r of this.rows) if (r) r.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = 0;
  }

  /** Adds every count of `other` (same precision) into this one. */
  add(other: Histogram): void {
    if (other.count === 0) return;
    for (let row = 0; row < other.rows.length; row++) {
      const src = other.rows[row];
      if (!src) continue;
      let dst = this.rows[row];
      for (let i = 0; i < src.length; i++) {
        if (src[i] !== 0) {
          if (!dst) dst = this.allocRow(row);
          dst[i] += src[i];
        }
      }
    }
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** Bytes held by allocated rows (for memory accounting). */
  get bytes(): number {
    let b = 0;
    for (const r of this.rows) if (r) b += r.byteLength;
    return b;
  }
}
