/** A growable FIFO of int32 ids (ring buffer: O(1) push/shift, no per-item allocation). */
export class IntRing {
  buf = new Int32Array(16);
  head = 0;
  len = 0;

  push(v: number): void {
    if (this.len === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      for (let k = 0; k < this.len; k++) next[k] = this.buf[(this.head + k) % this.buf.length];
      this.buf = next;
      this.head = 0;
    }
    this.buf[(this.head + this.len) % this.buf.length] = v;
    this.len++;
  }

  peek(): number {
    return this.buf[this.head];
  }

  shift(): number {
    const v = this.buf[this.head];
    this.head = this.head + 1 === this.buf.length ? 0 : this.head + 1;
    this.len--;
    return v;
  }

  clear(): void {
    this.head = 0;
    this.len = 0;
  }
}
