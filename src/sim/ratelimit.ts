/**
 * Admission counters shared by the rate limiter and quota-bearing kinds (external APIs):
 * token bucket, fixed window and an exact sliding log. Each decides one call at a time at
 * simulated time `now` (ms) and allocates nothing per call.
 */

/** A small tolerance so that rate × time sums land on whole tokens despite float error. */
const EPS = 1e-9;

export interface Admission {
  /** Admits one call at `now` (and counts it), or refuses it. */
  tryAcquire(now: number): boolean;
  /** Forgets all history (crash). */
  reset(): void;
}

/** Tokens refill continuously at `ratePerS` up to `burst`; a call takes one token. Starts full. */
export class TokenBucket implements Admission {
  private tokens: number;
  private last = 0;

  constructor(
    private ratePerS: number,
    private burst: number,
  ) {
    this.tokens = burst;
  }

  configure(ratePerS: number, burst: number, now: number): void {
    this.refill(now);
    this.ratePerS = ratePerS;
    this.burst = burst;
    this.tokens = Math.min(this.tokens, burst);
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerS) / 1000);
      this.last = now;
    }
  }

  tryAcquire(now: number): boolean {
    this.refill(now);
    if (this.tokens + EPS < 1) return false;
    this.tokens -= 1;
    return true;
  }

  reset(): void {
    this.tokens = this.burst;
  }
}

/** At most `limit` calls per clock-aligned window [k·W, (k+1)·W). */
export class FixedWindow implements Admission {
  private window = -1;
  private count = 0;

  constructor(
    private limit: number,
    private windowMs: number,
  ) {}

  configure(limit: number, windowMs: number): void {
    if (windowMs !== this.windowMs) this.window = -1;
    this.limit = limit;
    this.windowMs = windowMs;
  }

  tryAcquire(now: number): boolean {
    const w = Math.floor(now / this.windowMs + EPS);
    if (w !== this.window) {
      this.window = w;
      this.count = 0;
    }
    if (this.count >= this.limit) return false;
    this.count++;
    return true;
  }

  reset(): void {
    this.window = -1;
    this.count = 0;
  }
}

/**
 * Exact sliding log: a ring of the last `limit` admit times. A call is admitted when fewer
 * than `limit` admits lie in (now − W, now], so no window of length W ever holds more than
 * `limit`. (Ring instead of an array queue: O(1) per call, no allocation.)
 */
export class SlidingLog implements Admission {
  private times: Float64Array;
  private head = 0;
  private len = 0;

  constructor(
    limit: number,
    private windowMs: number,
  ) {
    this.times = new Float64Array(limit);
  }

  configure(limit: number, windowMs: number): void {
    this.windowMs = windowMs;
    if (limit !== this.times.length) {
      // Keep the newest admits that still fit.
      const keep = Math.min(this.len, limit);
      const next = new Float64Array(limit);
      for (let k = 0; k < keep; k++)
        next[k] = this.times[(this.head + this.len - keep + k) % this.times.length];
      this.times = next;
      this.head = 0;
      this.len = keep;
    }
  }

  tryAcquire(now: number): boolean {
    const cap = this.times.length;
    if (this.len === cap) {
      // The oldest of the last `limit` admits must have left the window.
      if (this.times[this.head] > now - this.windowMs) return false;
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.len--;
    }
    this.times[(this.head + this.len) % cap] = now;
    this.len++;
    return true;
  }

  reset(): void {
    this.head = 0;
    this.len = 0;
  }
}
