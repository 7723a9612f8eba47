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
    return -mean * Math.log(this.nextOpen());
  }
}
