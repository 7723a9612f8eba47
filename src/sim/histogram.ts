/**
 * Latency histogram, HDR style: log-linear buckets with a fixed number of significant
 * binary digits, so the relative error of any recorded value is bounded (11 bits: under
 * 0.05% at the bucket midpoint, i.e. 3 significant decimal digits). Values are
 * milliseconds, stored as integer microseconds.
 *
 * Hand-rolled rather than hdr-histogram-js because the engine records one value per
 * answered call into each node's batch histogram (in bulk as each time bucket closes, from
 * the bucket's raw latencies in src/sim/latencyBuffer.ts, which also gives the per-bucket
 * percentiles). The counts are a flat array grown on demand, and a
 * record is one clz32 and one increment: no occupancy bookkeeping, because the only walks
 * (percentiles, merge, reset) happen once per batch, about 20 times a run, and cover just
 * the span of buckets between the smallest and largest value recorded.
 * test/engine/histogram.test.ts checks it against hdr-histogram-js; bench/run.ts times both.
 */
/** 2^k for k = 0..63 (Math.pow is a slow call in the percentile walk). */
const POW2 = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);
/** The largest count a 32-bit bucket holds. */
const MAX_U32 = 0xffffffff;

export class Histogram {
  private readonly subBits: number;
  private readonly subCount: number;
  private readonly half: number;
  /**
   * 32-bit counts: half the memory of doubles, so the part of the array a node's latencies
   * touch stays in cache (recording is memory-bound once a design has a few nodes). Widened
   * to doubles before any count could pass 2^32 - 1 (see widen).
   */
  private counts: Uint32Array | Float64Array;
  /** Lowest and highest bucket index with a count (lo > hi when empty). */
  private lo = 0x7fffffff;
  private hi = -1;
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;

  constructor(significantBits = 11) {
    this.subBits = significantBits;
    this.subCount = 1 << significantBits;
    this.half = this.subCount >> 1;
    this.counts = new Uint32Array(this.subCount);
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
    if (this.count >= MAX_U32) this.widen();
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    this.addAt(v < this.subCount ? v : this.indexOf(v), 1);
  }

  /**
   * Records values[from..to) in order: the same counts, and the same `sum` to the bit, as
   * recording each in turn. The running fields live in locals for the loop, which makes a
   * value about half the cost of a record() call (this runs for every answer in a run).
   */
  recordAll(values: Float64Array, from: number, to: number): void {
    if (to <= from) return;
    if (this.count + (to - from) > MAX_U32) this.widen();
    const sub = this.subCount;
    let counts = this.counts;
    let sum = this.sum,
      min = this.min,
      max = this.max,
      lo = this.lo,
      hi = this.hi;
    for (let k = from; k < to; k++) {
      const ms = values[k];
      sum += ms;
      if (ms < min) min = ms;
      if (ms > max) max = ms;
      const x = ms * 1000 + 0.5; // rounded to whole microseconds as in record()
      let v = 0;
      if (x >= 1) v = x < 2147483648 ? x | 0 : Math.min(Math.floor(x), 4e15);
      const i = v < sub ? v : this.indexOf(v);
      if (i >= counts.length) {
        this.growTo(i);
        counts = this.counts;
      }
      if (i < lo) lo = i;
      if (i > hi) hi = i;
      counts[i] += 1;
    }
    this.count += to - from;
    this.sum = sum;
    this.min = min;
    this.max = max;
    this.lo = lo;
    this.hi = hi;
  }

  private addAt(i: number, n: number): void {
    if (i >= this.counts.length) this.growTo(i);
    if (i < this.lo) this.lo = i;
    if (i > this.hi) this.hi = i;
    this.counts[i] += n;
  }

  private growTo(i: number): void {
    let n = this.counts.length;
    while (n <= i) n += this.half * 4;
    const c = this.counts instanceof Uint32Array ? new Uint32Array(n) : new Float64Array(n);
    c.set(this.counts);
    this.counts = c;
  }

  /** Switches the counts to doubles: no bucket can overflow once the total no longer fits 32 bits. */
  private widen(): void {
    if (this.counts instanceof Float64Array) return;
    this.counts = Float64Array.from(this.counts);
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

  /** Several percentiles (ascending) in one walk over the buckets in value order. */
  percentiles(ps: readonly number[], out: number[]): void {
    if (this.count === 0) {
      for (let i = 0; i < ps.length; i++) out[i] = NaN;
      return;
    }
    const counts = this.counts;
    let k = 0;
    let seen = 0;
    let rank = Math.max(1, Math.ceil((ps[0] / 100) * this.count - 1e-9));
    for (let i = this.lo; i <= this.hi && k < ps.length; i++) {
      const c = counts[i];
      if (c === 0) continue;
      seen += c;
      while (seen >= rank) {
        // Bucket midpoint, clamped to the observed range: error under half a bucket.
        out[k] = Math.min(this.max, Math.max(this.min, this.valueAt(i) / 1000));
        if (++k === ps.length) break;
        rank = Math.max(1, Math.ceil((ps[k] / 100) * this.count - 1e-9));
      }
    }
    for (; k < ps.length; k++) out[k] = this.max;
  }

  reset(): void {
    if (this.hi >= 0) this.counts.fill(0, this.lo, this.hi + 1);
    this.lo = 0x7fffffff;
    this.hi = -1;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = 0;
  }

  /** Adds every count of `other` (same precision) into this one. */
  add(other: Histogram): void {
    if (other.count === 0) return;
    if (other.subBits !== this.subBits) throw new Error('histograms of different precision');
    if (this.count + other.count > MAX_U32) this.widen();
    const c = other.counts;
    for (let i = other.lo; i <= other.hi; i++) if (c[i] !== 0) this.addAt(i, c[i]);
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }
}
