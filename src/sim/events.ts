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
 * - The near list: an event due no later than the NEAR_SCAN-th earliest one pending goes
 *   into a small array kept sorted latest-first, so the next event is its last entry: a
 *   pop is a read, a push shifts the few entries due before it up by one (a short, well
 *   predicted loop, cheaper than a heap's sifts, whose comparisons branch at random). A
 *   new event has the highest sequence number, so it goes behind every entry due at its
 *   time without reading one. Events due later (timeouts, the next bucket) go to the heap,
 *   which bounds a push's cost when thousands are pending.
 * - The heap is 4-ary and holds only (time, slot) pairs; an event's payload sits in a
 *   pooled slot and never moves, so a sift step copies two numbers instead of six. The
 *   sequence number is read only when two times tie.
 * - Lanes: events scheduled a fixed delay after the current time (a network leg over an
 *   edge with a constant latency) arrive in non-decreasing time order, so they need no
 *   sorting at all. `laneFor(delay)` names a FIFO lane for a delay; `pushLane` appends
 *   there when the time is not before the lane's tail (a fault or a departure delay can
 *   break that, and then the event simply goes to the heap). Popping compares the heap
 *   root with the few lane heads by (time, seq), so the order is exactly the same as with
 *   the heap alone; only the cost changes (an append and a read instead of two sifts).
 *
 * Nothing allocates except when a table doubles.
 */
/** Lanes the pop scans; more distinct constant delays than this share the heap. */
const MAX_LANES = 6;
/**
 * How far from its end the near list takes a new event: at most this many entries move
 * for a push. 32 measured best on the benchmark's event traces (16 and 64 were slower).
 */
const NEAR_SCAN = 32;
/**
 * Infinity as a module-local constant. Written as the global `Infinity` in a branch that
 * has not run by the time V8 optimizes the function, it compiles to a generic global load,
 * and any number merged with it gets boxed: a heap allocation on every pop. The module
 * constant folds to a plain double.
 */
const INF = Infinity;
/**
 * Subtracted from a pushFirst event's sequence number: below every push's (counted from 0),
 * still exact as a double (the counter stays far below 2^52), and in push order among them.
 */
const FIRST_OFFSET = 2 ** 52;

export class EventQueue {
  // Heap, by heap position.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  private heapSize = 0;
  // Near list, sorted by (time, seq) latest first: the earliest at nearSize - 1.
  private nearTime: Float64Array;
  private nearSlot: Int32Array;
  private nearSize = 0;
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
  private instant = -INF;
  private counter = 0;
  /**
   * Time of the event being pushed: set it, then call pushAt or pushLaneAt. Callers whose
   * own code is too large for V8 to inline push or pushLane into (the engine's answer and
   * deliver) do this instead, since a double passed to a call that is not inlined is boxed:
   * a heap allocation per event.
   */
  at = 0;
  // Lanes: FIFO rings of slots with their times, a few of them (scanned on every pop).
  /** The delay each lane serves; its length is the number of lanes. */
  private readonly laneDelay: number[] = [];
  /** laneDelay.length as a plain field: the pop scan reads it on every pop (about 1% fewer instructions in bench (b)). */
  private laneCount = 0;
  private laneSlots: Int32Array[] = [];
  private laneTimes: Float64Array[] = [];
  private readonly laneHead = new Int32Array(MAX_LANES);
  private readonly laneLen = new Int32Array(MAX_LANES);
  /** Time of each lane's first event, Infinity when empty: the pop scan reads only this. */
  private readonly laneFirst = new Float64Array(MAX_LANES).fill(INF);
  /** Time of each lane's last event: appends must not go before it. */
  private readonly laneLast = new Float64Array(MAX_LANES).fill(-INF);
  /** Holders of each lane (laneFor minus releaseLane): only a lane nobody holds is reused. */
  private readonly laneUsers = new Int32Array(MAX_LANES);

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
    this.nearTime = new Float64Array(n);
    this.nearSlot = new Int32Array(n);
    this.seq = new Float64Array(n);
    this.type = new Uint8Array(n);
    this.pa = new Int32Array(n);
    this.pb = new Int32Array(n);
    this.pc = new Int32Array(n);
    this.free = new Int32Array(n);
    this.ring = new Int32Array(n);
  }

  /** Events waiting (near list, heap, ring and lanes). */
  get size(): number {
    let n = this.nearSize + this.heapSize + this.ringLen;
    for (let l = 0; l < this.laneDelay.length; l++) n += this.laneLen[l];
    return n;
  }

  /**
   * The lane for events scheduled `delay` ms after the current time, or -1 when there is
   * none to give (a non-positive delay, or all lanes taken by other delays). Each call
   * holds the lane for one user until releaseLane; when all lanes are taken, an empty one
   * that nobody holds any more (say, the delay of a latency fault that has ended) is
   * given the new delay.
   */
  laneFor(delay: number): number {
    if (!(delay > 0) || delay === INF) return -1;
    let i = this.laneDelay.indexOf(delay);
    if (i < 0) {
      if (this.laneDelay.length < MAX_LANES) {
        this.laneSlots.push(new Int32Array(256));
        this.laneTimes.push(new Float64Array(256));
        i = this.laneDelay.push(delay) - 1;
        this.laneCount = this.laneDelay.length;
      } else {
        for (let l = 0; l < MAX_LANES && i < 0; l++)
          if (this.laneUsers[l] === 0 && this.laneLen[l] === 0) i = l;
        if (i < 0) return -1;
        this.laneDelay[i] = delay;
        this.laneLast[i] = -INF; // empty: any time may come next
      }
    }
    this.laneUsers[i]++;
    return i;
  }

  /** Gives back a lane from laneFor (a no-op for -1). Its events stay and pop in order. */
  releaseLane(lane: number): void {
    if (lane >= 0 && this.laneUsers[lane] > 0) this.laneUsers[lane]--;
  }

  get capacity(): number {
    return this.seq.length;
  }

  peekTime(): number {
    let t = this.heapSize > 0 ? this.heapTime[0] : INF;
    const top = this.nearSize - 1;
    if (top >= 0 && this.nearTime[top] < t) t = this.nearTime[top];
    for (let l = 0; l < this.laneDelay.length; l++) if (this.laneFirst[l] < t) t = this.laneFirst[l];
    // Nothing waits before the current instant, so the ring's events are due first when any.
    return this.ringLen > 0 && this.instant < t ? this.instant : t;
  }

  private takeSlot(kind: number, a: number, b: number, c: number): number {
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
    return slot;
  }

  /**
   * Schedules an event at time `t`. Kept this small so that V8 inlines it at every call
   * site: a double passed to a function that is not inlined gets boxed (a heap allocation,
   * several per request), so the time travels on in a field instead.
   */
  push(t: number, kind: number, a: number, b: number, c: number): void {
    this.at = t;
    this.pushAt(kind, a, b, c);
  }

  /**
   * Schedules an event at time `t` ahead of every event due then that came from push or
   * pushLane, whenever those were pushed (among pushFirst events, first in first out). The
   * engine's bucket boundary uses it: a bucket [T - 1 s, T) closes before anything else
   * happens at T, so that what a fault scheduled for T does (at T) is counted from T on.
   * It goes to the heap with a sequence number below every other's: the pop compares
   * sequence numbers between the heap, near list and lanes on a tie, and the heap's sift-up
   * here does too, so the near list and lanes keep their shortcuts. (Due at the current
   * instant, it goes ahead of the events still waiting then, the ring's included: the pop
   * takes the heap's events due now before the ring's.)
   * Rare (once per bucket), so not kept small for inlining.
   */
  pushFirst(t: number, kind: number, a: number, b: number, c: number): void {
    const slot = this.takeSlot(kind, a, b, c);
    this.seq[slot] -= FIRST_OFFSET;
    const ht = this.heapTime,
      hs = this.heapSlot,
      seq = this.seq;
    const mine = seq[slot];
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = ht[p];
      if (pt < t || (pt === t && seq[hs[p]] < mine)) break;
      ht[i] = pt;
      hs[i] = hs[p];
      i = p;
    }
    ht[i] = t;
    hs[i] = slot;
  }

  /** Like push, into `lane` (from laneFor) when `t` keeps that lane in order; else the heap. */
  pushLane(lane: number, t: number, kind: number, a: number, b: number, c: number): void {
    this.at = t;
    this.pushLaneAt(lane, kind, a, b, c);
  }

  /** pushLane() with the time in `at`. */
  pushLaneAt(lane: number, kind: number, a: number, b: number, c: number): void {
    const t = this.at;
    if (lane < 0 || t < this.laneLast[lane] || t === this.instant) {
      this.pushAt(kind, a, b, c);
      return;
    }
    const slot = this.takeSlot(kind, a, b, c);
    let slots = this.laneSlots[lane],
      times = this.laneTimes[lane];
    const len = this.laneLen[lane];
    if (len === slots.length) {
      this.growLane(lane);
      slots = this.laneSlots[lane];
      times = this.laneTimes[lane];
    }
    const j = (this.laneHead[lane] + len) & (slots.length - 1);
    slots[j] = slot;
    times[j] = t;
    this.laneLen[lane] = len + 1;
    this.laneLast[lane] = t;
    if (len === 0) this.laneFirst[lane] = t;
  }

  /** push() with the time in `at`. */
  pushAt(kind: number, a: number, b: number, c: number): void {
    const t = this.at;
    const slot = this.takeSlot(kind, a, b, c);
    if (t === this.instant) {
      const ring = this.ring;
      ring[(this.ringHead + this.ringLen++) & (ring.length - 1)] = slot;
      return;
    }
    const m = this.nearSize;
    const nt = this.nearTime;
    if (m < NEAR_SCAN || nt[m - NEAR_SCAN] > t) {
      // Into the near list: entries due at or before t (pushed earlier, so first on a tie) move up one.
      const ns = this.nearSlot;
      let i = m;
      this.nearSize = m + 1;
      while (i > 0) {
        const it = nt[i - 1];
        if (it > t) break;
        nt[i] = it;
        ns[i] = ns[i - 1];
        i--;
      }
      nt[i] = t;
      ns[i] = slot;
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
    return this.popUntil(INF);
  }

  /**
   * Removes the earliest event into (t, kind, a, b, c) if it is due at or before `until`.
   * Returns false (and leaves everything in place) when there is none.
   */
  popUntil(until: number): boolean {
    let slot: number;
    const ht = this.heapTime;
    // The earliest of the near list's last entry, the heap root and the lane heads, by
    // (time, seq). `from`: -2 the near list, -1 the heap, else a lane.
    let best = this.heapSize > 0 ? ht[0] : INF;
    let from = -1;
    const top = this.nearSize - 1;
    if (top >= 0) {
      const nt = this.nearTime[top];
      if (
        this.heapSize === 0 ||
        nt < best ||
        (nt === best && this.seq[this.nearSlot[top]] < this.seq[this.heapSlot[0]])
      ) {
        best = nt;
        from = -2;
      }
    }
    const lanes = this.laneCount;
    for (let l = 0; l < lanes; l++) {
      const lt = this.laneFirst[l];
      if (lt < best) {
        best = lt;
        from = l;
      } else if (lt === best && lt !== INF) {
        const seq = this.seq;
        const mine = seq[this.laneSlots[l][this.laneHead[l]]];
        const theirs =
          from === -1
            ? seq[this.heapSlot[0]]
            : from === -2
              ? seq[this.nearSlot[top]]
              : seq[this.laneSlots[from][this.laneHead[from]]];
        if (mine < theirs) from = l;
      }
    }
    // Ring events are at the current instant and newer than anything else due then.
    if ((from !== -1 || this.heapSize > 0) && (this.ringLen === 0 || best <= this.instant)) {
      if (best > until) return false;
      this.t = best;
      if (best > this.instant) this.instant = best;
      if (from === -2) {
        slot = this.nearSlot[top];
        this.nearSize = top;
      } else if (from === -1) {
        slot = this.heapSlot[0];
        this.removeRoot();
      } else {
        const slots = this.laneSlots[from];
        const h = this.laneHead[from];
        slot = slots[h];
        const len = --this.laneLen[from];
        const nh = (h + 1) & (slots.length - 1);
        this.laneHead[from] = nh;
        this.laneFirst[from] = len > 0 ? this.laneTimes[from][nh] : INF;
      }
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
    this.nearSize = 0;
    this.ringLen = 0;
    for (let l = 0; l < this.laneDelay.length; l++) {
      this.laneLen[l] = 0;
      this.laneHead[l] = 0;
      this.laneFirst[l] = INF;
      this.laneLast[l] = -INF;
    }
    this.ringHead = 0;
    this.freeTop = 0;
    this.high = 0;
  }

  private growLane(lane: number): void {
    const oldS = this.laneSlots[lane],
      oldT = this.laneTimes[lane];
    const n = oldS.length * 2;
    const s = new Int32Array(n),
      t = new Float64Array(n);
    const h = this.laneHead[lane];
    for (let k = 0; k < oldS.length; k++) {
      const j = (h + k) & (oldS.length - 1);
      s[k] = oldS[j];
      t[k] = oldT[j];
    }
    this.laneSlots[lane] = s;
    this.laneTimes[lane] = t;
    this.laneHead[lane] = 0;
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
    this.nearTime = g(this.nearTime, (k) => new Float64Array(k));
    this.nearSlot = g(this.nearSlot, (k) => new Int32Array(k));
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
