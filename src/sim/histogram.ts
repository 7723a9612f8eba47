/**
 * Latency histogram, HDR style: log-linear buckets with a fixed number of significant
 * binary digits, so the relative error of any recorded value is bounded (11 bits: under
 * 0.05% at the bucket midpoint, i.e. 3 significant decimal digits). Values are
 * milliseconds, stored as integer microseconds.
 *
 * Hand-rolled rather than hdr-histogram-js because the engine records one value per
 * answered call in its hot loop (into each node's batch histogram; per-bucket percentiles
 * come from src/sim/latencyBuffer.ts) and merges and resets histograms at every batch:
 * - record is one clz32 and one typed-array increment into a flat array grown on demand;
 * - the histogram remembers which buckets it touched since the last reset (a list, and a
 *   two-level occupancy bitmap for walking them in value order without sorting), so
 *   rolling a bucket (percentiles, merge into the batch, reset) costs in proportion to
 *   the values recorded, not to the histogram's width: a long run at a low rate stays
 *   cheap.
 * test/engine/histogram.test.ts checks it against hdr-histogram-js; bench/run.ts times both.
 */
/** 2^k for k = 0..63 (Math.pow is a slow call in the roll's inner loop). */
const POW2 = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);

export class Histogram {
  private readonly subBits: number;
  private readonly subCount: number;
  private readonly half: number;
  private counts: Float64Array;
  /** Indices with a non-zero count since the last reset, in first-touch order. */
  private touched: Int32Array;
  private nTouched = 0;
  /** Bit i (word i >> 5, bit i & 31) set when bucket i has a count. */
  private occupied: Int32Array;
  /** Bit w set when occupied[w] !== 0: a walk skips 1,024 empty buckets per zero bit. */
  private occupiedWords: Int32Array;
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
    this.occupied = new Int32Array(Math.ceil(this.subCount / 32));
    this.occupiedWords = new Int32Array(Math.ceil(this.occupied.length / 32));
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
    const shift = ((j / this.half) | 0) + 1; // j < 2^31: | 0 floors
    const scale = POW2[shift];
    return ((j % this.half) + this.half) * scale + (scale - 1) / 2;
  }

  record(ms: number): void {
    // Round to whole microseconds. `| 0` instead of Math.round, which costs several times
    // more in V8's optimized code; for positive values below 2^31 both give floor(x + 0.5).
    const x = ms * 1000 + 0.5;
    let v = 0; // below half a microsecond, negative or NaN (never produced by the engine): bucket 0
    if (x >= 1) v = x < 2147483648 ? x | 0 : Math.min(Math.floor(x), 4e15);
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    this.addAt(v < this.subCount ? v : this.indexOf(v), 1);
  }

  private addAt(i: number, n: number): void {
    if (i >= this.counts.length) this.growTo(i);
    if (this.nTouched === this.touched.length) this.growTouched();
    // Branch-free first-touch bookkeeping: whether a bucket is new is a coin flip for the
    // branch predictor when a roll resets the histogram every few dozen values, so the
    // index is always written and the list only lengthens when the count was zero; the
    // bitmap bits are idempotent.
    this.touched[this.nTouched] = i;
    this.nTouched += +(this.counts[i] === 0);
    const w = i >> 5;
    this.occupied[w] |= 1 << (i & 31);
    this.occupiedWords[w >> 5] |= 1 << (w & 31);
    this.counts[i] += n;
  }

  private growTouched(): void {
    const t = new Int32Array(this.touched.length * 2);
    t.set(this.touched);
    this.touched = t;
  }

  private growTo(i: number): void {
    let n = this.counts.length;
    while (n <= i) n += this.half * 4;
    const c = new Float64Array(n);
    c.set(this.counts);
    this.counts = c;
    const o = new Int32Array(Math.ceil(n / 32));
    o.set(this.occupied);
    this.occupied = o;
    const ow = new Int32Array(Math.ceil(o.length / 32));
    ow.set(this.occupiedWords);
    this.occupiedWords = ow;
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

  /** Several percentiles (ascending) in one walk over the occupied buckets, in value order. */
  percentiles(ps: readonly number[], out: number[]): void {
    if (this.count === 0) {
      for (let i = 0; i < ps.length; i++) out[i] = NaN;
      return;
    }
    const counts = this.counts,
      occupied = this.occupied,
      words = this.occupiedWords;
    let k = 0;
    let seen = 0;
    let rank = Math.max(1, Math.ceil((ps[0] / 100) * this.count - 1e-9));
    for (let g = 0; g < words.length && k < ps.length; g++) {
      let wg = words[g];
      while (wg !== 0 && k < ps.length) {
        const low = wg & -wg; // lowest set bit
        wg ^= low;
        const w = (g << 5) + 31 - Math.clz32(low);
        let bits = occupied[w];
        while (bits !== 0 && k < ps.length) {
          const lb = bits & -bits;
          bits ^= lb;
          const i = (w << 5) + 31 - Math.clz32(lb);
          seen += counts[i];
          while (seen >= rank) {
            // Bucket midpoint, clamped to the observed range: error under half a bucket.
            out[k] = Math.min(this.max, Math.max(this.min, this.valueAt(i) / 1000));
            if (++k === ps.length) break;
            rank = Math.max(1, Math.ceil((ps[k] / 100) * this.count - 1e-9));
          }
        }
      }
    }
    for (; k < ps.length; k++) out[k] = this.max;
  }

  reset(): void {
    const t = this.touched;
    for (let j = 0; j < this.nTouched; j++) {
      const i = t[j];
      this.counts[i] = 0;
      this.occupied[i >> 5] = 0;
      this.occupiedWords[i >> 10] = 0;
    }
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
    return (
      this.counts.byteLength +
      this.touched.byteLength +
      this.occupied.byteLength +
      this.occupiedWords.byteLength
    );
  }
}
