/**
 * A FIFO of small fixed-width integer records (one to three Int32 fields each) in one
 * typed array that doubles when full, so push and shift allocate nothing. Hand-rolled for
 * the engine's hot loop (answers due now) and the database's backlogs of missed writes.
 */
export class IntRing {
  private buf: Int32Array;
  /** Capacity in records: a power of two, so positions wrap with a mask. */
  private cap: number;
  private head = 0;
  /** Records held. */
  length = 0;

  constructor(
    private readonly width: 1 | 2 | 3,
    capacity = 64,
  ) {
    let cap = 1;
    while (cap < capacity) cap *= 2;
    this.cap = cap;
    this.buf = new Int32Array(cap * width);
  }

  /** Appends a record (fields past the ring's width are ignored). */
  push(a: number, b = 0, c = 0): void {
    if (this.length === this.cap) this.grow();
    const w = this.width;
    const j = ((this.head + this.length) & (this.cap - 1)) * w;
    this.buf[j] = a;
    if (w > 1) this.buf[j + 1] = b;
    if (w > 2) this.buf[j + 2] = c;
    this.length++;
  }

  /** Field `k` of the oldest record (undefined behaviour when empty). */
  first(k = 0): number {
    return this.buf[this.head * this.width + k];
  }

  /** Drops the oldest record. */
  shift(): void {
    this.head = (this.head + 1) & (this.cap - 1);
    this.length--;
  }

  private grow(): void {
    const w = this.width;
    const next = new Int32Array(this.buf.length * 2);
    for (let k = 0; k < this.length; k++) {
      const from = ((this.head + k) & (this.cap - 1)) * w;
      for (let f = 0; f < w; f++) next[k * w + f] = this.buf[from + f];
    }
    this.buf = next;
    this.cap *= 2;
    this.head = 0;
  }
}
