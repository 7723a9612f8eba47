/**
 * Seeded random streams. Hand-rolled because the hot loop draws several numbers per
 * event: a monomorphic class over four 32-bit words (sfc32) costs a few ns a draw and
 * allocates nothing. Each node and edge owns a stream derived from (scenario seed, its
 * id), so editing one element leaves every other element's randomness unchanged
 * (common random numbers across design variants).
 */

/** 32-bit string hash (FNV-1a followed by a murmur3 finalizer). */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Murmur3's 32-bit finalizer: a good avalanche for integer keys. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = '') {
    const s = seed >>> 0;
    this.a = hashString(stream, s ^ 0x9e3779b9);
    this.b = hashString(stream, fmix32(s + 0x6a09e667));
    this.c = hashString(stream, fmix32(s + 0xbb67ae85));
    this.d = 1;
    for (let i = 0; i < 16; i++) this.nextU32(); // warm up away from correlated seeds
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform in (0, 1): safe for logarithms. */
  nextOpen(): number {
    return (this.nextU32() + 0.5) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    const x = this.next() * n;
    return x < 2147483648 ? x | 0 : Math.floor(x); // `| 0` floors a non-negative int32 faster than Math.floor
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return mean * this.stdExp();
  }

  /**
   * Standard exponential (mean 1) by the ziggurat method (Marsaglia & Tsang, 2000): in
   * about 99% of draws one 32-bit word, a table read and a multiply, where inversion
   * costs a Math.log (several times more in V8); the engine draws one or more per
   * request. The low 8 bits pick the layer and the high 24 place the point in it, so the
   * two are independent. Kept tiny so that V8 inlines it; the rest is in stdExpSlow.
   */
  stdExp(): number {
    const j = this.nextU32();
    const layer = j & 255,
      u = j >>> 8;
    if (u < ZIG_K[layer]) return u * ZIG_W[layer];
    return +this.stdExpSlow(layer, u); // `+`: see Sampler.sample (no boxing of the fast result)
  }

  private stdExpSlow(layer: number, u: number): number {
    for (;;) {
      // The base layer's overhang is the tail beyond R, itself exponential (memoryless).
      if (layer === 0) return ZIG_R - Math.log(this.nextOpen());
      const x = u * ZIG_W[layer];
      // The wedge between the layer's inner rectangle and the curve: accept under exp(-x).
      if (ZIG_F[layer] + this.next() * (ZIG_F[layer - 1] - ZIG_F[layer]) < Math.exp(-x)) return x;
      const j = this.nextU32();
      layer = j & 255;
      u = j >>> 8;
      if (u < ZIG_K[layer]) return u * ZIG_W[layer];
    }
  }
}

// Ziggurat tables for the standard exponential: 256 layers of equal area ZIG_V, the base
// one (layer 0) a rectangle up to ZIG_R plus the tail. For layer i with right edge x_i:
// ZIG_W[i] = x_i / 2^24 scales a 24-bit uniform onto [0, x_i), ZIG_K[i] is the part of
// that range lying wholly under the curve (x_{i-1} / x_i in 24-bit units), and
// ZIG_F[i] = exp(-x_i). Constants from Marsaglia & Tsang's paper.
const ZIG_R = 7.697117470131487;
const ZIG_V = 3.949659822581572e-3;
const TWO_24 = 16777216;
const ZIG_K = new Uint32Array(256);
const ZIG_W = new Float64Array(256);
const ZIG_F = new Float64Array(256);
/** The tables, for tests. */
export const ZIGGURAT = { R: ZIG_R, V: ZIG_V, K: ZIG_K, W: ZIG_W, F: ZIG_F } as const;
{
  let x = ZIG_R;
  const q = ZIG_V / Math.exp(-x); // the base layer's width if it were a rectangle
  ZIG_K[0] = Math.floor((x / q) * TWO_24);
  ZIG_K[1] = 0; // the top layer has no inner rectangle
  ZIG_W[0] = q / TWO_24;
  ZIG_W[255] = x / TWO_24;
  ZIG_F[0] = 1;
  ZIG_F[255] = Math.exp(-x);
  for (let i = 254; i >= 1; i--) {
    const inner = -Math.log(ZIG_V / x + Math.exp(-x));
    ZIG_K[i + 1] = Math.floor((inner / x) * TWO_24);
    x = inner;
    ZIG_F[i] = Math.exp(-x);
    ZIG_W[i] = x / TWO_24;
  }
}
