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
/**
 * A latency in ms as whole microseconds, the histogram's unit: floor(ms·1000 + 0.5), capped
 * at 4e15; 0 below half a microsecond, negative or NaN (never produced by the engine).
 * `| 0` instead of Math.round, which costs several times more in V8's optimized code; for
 * positive values below 2^31 both give floor(x + 0.5). Small enough for V8 to inline into
 * record and recordAll's loop.
 */
function wholeMicros(ms: number): number {
  const x = ms * 1000 + 0.5;
  if (!(x >= 1)) return 0;
  return x < 2147483648 ? x | 0 : Math.min(Math.floor(x), 4e15);
}

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
    const v = wholeMicros(ms);
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
      const v = wholeMicros(ms);
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

  /**
   * The share of the recorded values at or below `ms`, reading a value spread evenly over
   * its bucket (so the share moves smoothly through a bucket, not in one step).
   */
  shareAtOrBelow(ms: number): number {
    if (this.count === 0) return NaN;
    if (ms < this.min) return 0;
    if (ms >= this.max) return 1;
    return this.countBelow(ms) / this.count;
  }

  /** Values below `ms`, the bucket holding it counted pro rata. */
  private countBelow(ms: number): number {
    const v = wholeMicros(ms);
    const at = v < this.subCount ? v : this.indexOf(v);
    const c = this.counts;
    let below = 0;
    for (let i = this.lo; i < at && i <= this.hi; i++) below += c[i];
    if (at >= this.lo && at <= this.hi && c[at] > 0) {
      const lower = this.lowerEdge(at),
        width = this.lowerEdge(at + 1) - lower;
      below += c[at] * Math.min(1, Math.max(0, (ms * 1000 - lower) / width));
    }
    return below;
  }

  /** Lower edge (µs) of the bucket at a flat index. */
  private lowerEdge(i: number): number {
    if (i < this.subCount) return i - 0.5; // bucket i holds values rounding to i µs
    const j = i - this.subCount;
    return ((j % this.half) + this.half) * POW2[((j / this.half) | 0) + 1] - 0.5;
  }

  /**
   * A copy at `bits` significant bits (a coarser one's buckets each hold whole buckets of
   * this one, both being aligned to powers of two), its counts array cut after the highest
   * count: what a batch keeps of its latencies so that, once the run's percentile is known, the
   * batch's share below it can be read (see quantileCI in src/sim/summary.ts).
   */
  coarsened(bits: number): Histogram {
    const h = new Histogram(bits);
    if (this.count === 0) return h;
    const c = this.counts;
    for (let i = this.lo; i <= this.hi; i++) if (c[i] !== 0) h.addAt(h.bucketOf(this.valueAt(i)), c[i]);
    h.count = this.count;
    h.sum = this.sum;
    h.min = this.min;
    h.max = this.max;
    h.trim();
    return h;
  }

  private bucketOf(us: number): number {
    const v = Math.floor(us);
    return v < this.subCount ? v : this.indexOf(v);
  }

  /**
   * Drops the room above the highest count. (Below the lowest the array stays: indices
   * are absolute. With few significant bits the whole array is small: 5 bits span
   * 1 µs to 10 s in about 320 buckets.)
   */
  private trim(): void {
    if (this.hi + 1 < this.counts.length) this.counts = this.counts.slice(0, this.hi + 1);
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
