/**
 * The future-event list: a 4-ary min-heap over typed arrays, ordered by (time, seq).
 * Four children per node halve the depth of a binary heap, and each level moves one entry,
 * so pops (the engine's most frequent operation after dispatch) touch fewer fields.
 * `seq` is the insertion counter, so ties break first-in first-out: deterministic, and
 * independent of heap internals. Events carry three int32 payload words and a type code;
 * entries are stored inline (no slot indirection), so push and pop allocate nothing
 * except when the heap doubles.
 */
export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private type: Uint8Array;
  private pa: Int32Array;
  private pb: Int32Array;
  private pc: Int32Array;
  size = 0;
  private counter = 0;

  /** Fields of the event last returned by pop(). */
  t = 0;
  kind = 0;
  a = 0;
  b = 0;
  c = 0;

  constructor(capacity = 1024) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.type = new Uint8Array(capacity);
    this.pa = new Int32Array(capacity);
    this.pb = new Int32Array(capacity);
    this.pc = new Int32Array(capacity);
  }

  get capacity(): number {
    return this.time.length;
  }

  peekTime(): number {
    return this.size > 0 ? this.time[0] : Infinity;
  }

  push(t: number, kind: number, a: number, b: number, c: number): void {
    if (this.size === this.time.length) this.grow();
    const time = this.time,
      seq = this.seq;
    const s = this.counter++;
    // Sift up with a hole: move parents down until the slot fits.
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = time[p];
      if (pt < t || (pt === t && seq[p] < s)) break;
      this.move(p, i);
      i = p;
    }
    time[i] = t;
    seq[i] = s;
    this.type[i] = kind;
    this.pa[i] = a;
    this.pb[i] = b;
    this.pc[i] = c;
  }

  /** Removes the earliest event into (t, kind, a, b, c). Returns false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    const time = this.time,
      seq = this.seq;
    this.t = time[0];
    this.kind = this.type[0];
    this.a = this.pa[0];
    this.b = this.pb[0];
    this.c = this.pc[0];
    const n = --this.size;
    if (n === 0) return true;
    // Sift the last entry down from the root.
    const lt = time[n],
      ls = seq[n];
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // Smallest of up to four children.
      let c = first;
      let ct = time[c],
        cs = seq[c];
      const last = first + 4 < n ? first + 4 : n;
      for (let k = first + 1; k < last; k++) {
        const kt = time[k];
        if (kt < ct || (kt === ct && seq[k] < cs)) {
          c = k;
          ct = kt;
          cs = seq[k];
        }
      }
      if (lt < ct || (lt === ct && ls < cs)) break;
      this.move(c, i);
      i = c;
    }
    this.move(n, i);
    return true;
  }

  clear(): void {
    this.size = 0;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.seq[to] = this.seq[from];
    this.type[to] = this.type[from];
    this.pa[to] = this.pa[from];
    this.pb[to] = this.pb[from];
    this.pc[to] = this.pc[from];
  }

  private grow(): void {
    const n = this.time.length * 2;
    const g = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const x = make(n);
      x.set(old as never);
      return x;
    };
    this.time = g(this.time, (k) => new Float64Array(k));
    this.seq = g(this.seq, (k) => new Float64Array(k));
    this.type = g(this.type, (k) => new Uint8Array(k));
    this.pa = g(this.pa, (k) => new Int32Array(k));
    this.pb = g(this.pb, (k) => new Int32Array(k));
    this.pc = g(this.pc, (k) => new Int32Array(k));
  }
}
