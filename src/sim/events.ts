/**
 * The future-event list, ordered by (time, seq) where `seq` is the insertion counter, so
 * ties break first-in first-out: deterministic, and independent of the structure's
 * internals. Hand-rolled because it is the engine's innermost operation:
 *
 * - Events scheduled for the current instant (a zero-latency answer, an immediate
 *   rejection) go to a FIFO ring instead of the heap. Every event already in the heap at
 *   that instant was pushed earlier, so "heap entries at this instant first, then the
 *   ring" is exactly (time, seq) order, at the cost of a ring append instead of a sift
 *   to the root and back.
 * - The heap is 4-ary and holds only (time, slot) pairs; an event's payload sits in a
 *   pooled slot and never moves, so a sift step copies two numbers instead of six. The
 *   sequence number is read only when two times tie.
 *
 * Nothing allocates except when a table doubles.
 */
export class EventQueue {
  // Heap, by heap position.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  private heapSize = 0;
  // Payload, by slot.
  private seq: Float64Array;
  private type: Uint8Array;
  private pa: Int32Array;
  private pb: Int32Array;
  private pc: Int32Array;
  private free: Int32Array;
  private freeTop = 0;
  private high = 0;
  // Same-instant ring: slots of events at time `t` (the last popped time), in push order.
  private ring: Int32Array;
  private ringHead = 0;
  private ringLen = 0;
  /** The latest instant popped: events pushed for exactly this time go to the ring. */
  private instant = -Infinity;
  private counter = 0;

  /** Fields of the event last returned by pop(). */
  t = 0;
  kind = 0;
  a = 0;
  b = 0;
  c = 0;

  constructor(capacity = 1024) {
    let n = 4;
    while (n < capacity) n *= 2; // a power of two: the ring wraps with a mask
    this.heapTime = new Float64Array(n);
    this.heapSlot = new Int32Array(n);
    this.seq = new Float64Array(n);
    this.type = new Uint8Array(n);
    this.pa = new Int32Array(n);
    this.pb = new Int32Array(n);
    this.pc = new Int32Array(n);
    this.free = new Int32Array(n);
    this.ring = new Int32Array(n);
  }

  /** Events waiting (heap and ring). */
  get size(): number {
    return this.heapSize + this.ringLen;
  }

  get capacity(): number {
    return this.seq.length;
  }

  peekTime(): number {
    if (this.ringLen > 0)
      return this.heapSize > 0 && this.heapTime[0] < this.instant ? this.heapTime[0] : this.instant;
    return this.heapSize > 0 ? this.heapTime[0] : Infinity;
  }

  push(t: number, kind: number, a: number, b: number, c: number): void {
    let slot: number;
    if (this.freeTop > 0) slot = this.free[--this.freeTop];
    else {
      if (this.high === this.seq.length) this.grow();
      slot = this.high++;
    }
    this.seq[slot] = this.counter++;
    this.type[slot] = kind;
    this.pa[slot] = a;
    this.pb[slot] = b;
    this.pc[slot] = c;
    if (t === this.instant) {
      const ring = this.ring;
      ring[(this.ringHead + this.ringLen++) & (ring.length - 1)] = slot;
      return;
    }
    // Sift up with a hole: move parents down until the slot fits.
    const ht = this.heapTime,
      hs = this.heapSlot;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = ht[p];
      if (pt <= t) break; // on a tie the parent was pushed earlier: it stays first
      ht[i] = pt;
      hs[i] = hs[p];
      i = p;
    }
    ht[i] = t;
    hs[i] = slot;
  }

  /** Removes the earliest event into (t, kind, a, b, c). Returns false when empty. */
  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /**
   * Removes the earliest event into (t, kind, a, b, c) if it is due at or before `until`.
   * Returns false (and leaves everything in place) when there is none.
   */
  popUntil(until: number): boolean {
    let slot: number;
    const ht = this.heapTime;
    if (this.heapSize > 0 && (this.ringLen === 0 || ht[0] <= this.instant)) {
      const t = ht[0];
      if (t > until) return false;
      slot = this.heapSlot[0];
      this.t = t;
      if (t > this.instant) this.instant = t;
      this.removeRoot();
    } else if (this.ringLen > 0) {
      if (this.instant > until) return false;
      slot = this.ring[this.ringHead];
      this.ringHead = (this.ringHead + 1) & (this.ring.length - 1);
      this.ringLen--;
      this.t = this.instant;
    } else return false;
    this.kind = this.type[slot];
    this.a = this.pa[slot];
    this.b = this.pb[slot];
    this.c = this.pc[slot];
    this.free[this.freeTop++] = slot;
    return true;
  }

  private removeRoot(): void {
    const ht = this.heapTime,
      hs = this.heapSlot,
      seq = this.seq;
    const n = --this.heapSize;
    if (n === 0) return;
    // Sift the last entry down from the root.
    const lt = ht[n],
      ls = hs[n];
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // Smallest of up to four children.
      let c = first;
      let ct = ht[c];
      const last = first + 4 < n ? first + 4 : n;
      for (let k = first + 1; k < last; k++) {
        const kt = ht[k];
        if (kt < ct || (kt === ct && seq[hs[k]] < seq[hs[c]])) {
          c = k;
          ct = kt;
        }
      }
      if (lt < ct || (lt === ct && seq[ls] < seq[hs[c]])) break;
      ht[i] = ct;
      hs[i] = hs[c];
      i = c;
    }
    ht[i] = lt;
    hs[i] = ls;
  }

  clear(): void {
    this.heapSize = 0;
    this.ringLen = 0;
    this.ringHead = 0;
    this.freeTop = 0;
    this.high = 0;
  }

  private grow(): void {
    const n = this.seq.length * 2;
    const g = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const x = make(n);
      x.set(old as never);
      return x;
    };
    this.heapTime = g(this.heapTime, (k) => new Float64Array(k));
    this.heapSlot = g(this.heapSlot, (k) => new Int32Array(k));
    this.seq = g(this.seq, (k) => new Float64Array(k));
    this.type = g(this.type, (k) => new Uint8Array(k));
    this.pa = g(this.pa, (k) => new Int32Array(k));
    this.pb = g(this.pb, (k) => new Int32Array(k));
    this.pc = g(this.pc, (k) => new Int32Array(k));
    this.free = g(this.free, (k) => new Int32Array(k));
    // The ring is indexed modulo its length: unroll it into the front of the new one.
    const ring = new Int32Array(n);
    for (let k = 0; k < this.ringLen; k++) ring[k] = this.ring[(this.ringHead + k) & (this.ring.length - 1)];
    this.ring = ring;
    this.ringHead = 0;
  }
}
