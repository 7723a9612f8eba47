/**
 * The key store behind every caching kind (cache, cdn, the gateway's response cache):
 * a bounded set of keys with an eviction policy (LRU, LFU, FIFO, random) and an optional
 * time-to-live measured from the moment a key was filled. Only keys are stored (the
 * simulation never needs values), so a hit ratio emerges from capacity, TTL and the
 * clients' key popularity.
 *
 * Everything is integers in typed arrays and every operation is O(1) (O(log n) for LFU),
 * because a cache sees every request of a design and must not allocate per request.
 */
import { fmix32, type Rng } from './random';

export const EVICT_LRU = 0,
  EVICT_LFU = 1,
  EVICT_FIFO = 2,
  EVICT_RANDOM = 3;
export type EvictionName = 'lru' | 'lfu' | 'fifo' | 'random';
export const EVICTION_CODES: Record<EvictionName, number> = {
  lru: EVICT_LRU,
  lfu: EVICT_LFU,
  fifo: EVICT_FIFO,
  random: EVICT_RANDOM,
};

/**
 * Map from non-negative int32 keys to int32 values. Open addressing with linear probing
 * and backward-shift deletion (no tombstones), because a JS Map allocates and hashes
 * boxed numbers on the hot path while this is two typed-array probes.
 */
export class IntMap {
  private keys: Int32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 16) {
    const cap = IntMap.tableSize(expected);
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private static tableSize(n: number): number {
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    return cap;
  }

  /** The value stored for `key`, or -1. */
  get(key: number): number {
    const keys = this.keys;
    let i = fmix32(key) & this.mask;
    for (;;) {
      const k = keys[i];
      if (k === key) return this.vals[i];
      if (k === -1) return -1;
      i = (i + 1) & this.mask;
    }
  }

  set(key: number, val: number): void {
    let i = fmix32(key) & this.mask;
    const keys = this.keys;
    for (;;) {
      const k = keys[i];
      if (k === key) {
        this.vals[i] = val;
        return;
      }
      if (k === -1) break;
      i = (i + 1) & this.mask;
    }
    keys[i] = key;
    this.vals[i] = val;
    if (++this.size * 2 > keys.length) this.rehash(keys.length * 2);
  }

  /** Removes `key`; returns its value or -1. */
  delete(key: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = fmix32(key) & mask;
    for (;;) {
      const k = keys[i];
      if (k === -1) return -1;
      if (k === key) break;
      i = (i + 1) & mask;
    }
    const val = this.vals[i];
    // Backward shift: pull later entries of the probe run into the hole.
    let hole = i;
    let j = (i + 1) & mask;
    while (keys[j] !== -1) {
      const home = fmix32(keys[j]) & mask;
      // Move j into the hole unless its home lies cyclically in (hole, j].
      if ((j > hole && (home <= hole || home > j)) || (j < hole && home <= hole && home > j)) {
        keys[hole] = keys[j];
        this.vals[hole] = this.vals[j];
        hole = j;
      }
      j = (j + 1) & mask;
    }
    keys[hole] = -1;
    this.size--;
    return val;
  }

  clear(): void {
    if (this.size === 0) return;
    this.keys.fill(-1);
    this.size = 0;
  }

  private rehash(cap: number): void {
    const oldK = this.keys,
      oldV = this.vals;
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldK.length; i++) if (oldK[i] !== -1) this.set(oldK[i], oldV[i]);
  }
}

/**
 * A bounded key set with eviction and TTL. Slots are kept dense in [0, size) (a removal
 * moves the last slot into the hole), so random eviction is one draw and nothing needs a
 * free list. LRU and FIFO keep a doubly linked list over Int32Arrays (head = newest);
 * LFU keeps a binary min-heap on (hits, last use). A second linked list keeps fill order,
 * which is expiry order while the TTL is fixed, so expired keys are reaped from its head.
 */
export class KeyStore {
  capacity = 0;
  policy = EVICT_LRU;
  /** Time to live in ms (Infinity: keys never expire). */
  ttlMs = Infinity;
  size = 0;
  // Counters since the owner last took them.
  evictions = 0;
  expirations = 0;
  /** Whether the key the last successful get() found had been marked stale (see markStale). */
  lastHitStale = false;

  private readonly map = new IntMap();
  private key = new Int32Array(0);
  private exp = new Float64Array(0);
  /** 1 for a key whose value changed downstream after it was stored (a write passed by). */
  private stale = new Uint8Array(0);
  // Eviction list (LRU / FIFO).
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  private head = -1;
  private tail = -1;
  // Fill-order list (expiry).
  private fprev = new Int32Array(0);
  private fnext = new Int32Array(0);
  private fhead = -1;
  private ftail = -1;
  // LFU heap.
  private freq = new Float64Array(0);
  private seq = new Float64Array(0);
  private heap = new Int32Array(0);
  private hpos = new Int32Array(0);
  private hsize = 0;
  private clock = 0;

  constructor(private readonly rng: Rng) {}

  /** (Re)configures; keeps the keys that still fit (changing the policy keeps them, in slot order). */
  configure(capacity: number, policy: number, ttlMs: number): void {
    const cap = Math.max(0, Math.floor(capacity));
    const same = cap === this.capacity && policy === this.policy;
    this.ttlMs = ttlMs;
    if (same) return;
    const n = this.size;
    const keys = this.key.slice(0, n);
    const exps = this.exp.slice(0, n);
    const stales = this.stale.slice(0, n);
    // Oldest first so that re-inserting keeps the newest on top.
    const order = this.policyOrder();
    this.capacity = cap;
    this.policy = policy;
    this.key = new Int32Array(cap);
    this.exp = new Float64Array(cap);
    this.stale = new Uint8Array(cap);
    this.prev = new Int32Array(cap);
    this.next = new Int32Array(cap);
    this.fprev = new Int32Array(cap);
    this.fnext = new Int32Array(cap);
    const lfu = policy === EVICT_LFU;
    this.freq = new Float64Array(lfu ? cap : 0);
    this.seq = new Float64Array(lfu ? cap : 0);
    this.heap = new Int32Array(lfu ? cap : 0);
    this.hpos = new Int32Array(lfu ? cap : 0);
    this.resetIndex();
    const evictedBefore = this.evictions;
    for (const s of order) {
      this.insert(keys[s], exps[s], stales[s]);
    }
    this.evictions = evictedBefore + Math.max(0, n - cap);
  }

  /** Slots of the current contents, oldest (first to evict) first. */
  private policyOrder(): number[] {
    const out: number[] = [];
    if (this.size === 0) return out;
    if (this.policy === EVICT_LRU || this.policy === EVICT_FIFO) {
      for (let s = this.tail; s >= 0; s = this.prev[s]) out.push(s);
    } else if (this.policy === EVICT_LFU) {
      for (let s = 0; s < this.size; s++) out.push(s);
      out.sort((a, b) => this.freq[a] - this.freq[b] || this.seq[a] - this.seq[b]);
    } else for (let s = 0; s < this.size; s++) out.push(s);
    return out;
  }

  private resetIndex(): void {
    this.map.clear();
    this.size = 0;
    this.hsize = 0;
    this.head = this.tail = this.fhead = this.ftail = -1;
  }

  /** Drops every key (cache-flush fault, crash). Not counted as evictions. */
  clear(): void {
    this.resetIndex();
  }

  /** Is `key` present and fresh? Counts as a use (moves it up for LRU/LFU). Expired keys are removed. */
  get(key: number, now: number): boolean {
    const s = this.map.get(key);
    if (s < 0) return false;
    if (this.exp[s] <= now) {
      this.removeSlot(s);
      this.expirations++;
      return false;
    }
    this.touch(s);
    this.lastHitStale = this.stale[s] === 1;
    return true;
  }

  /** Is `key` present and fresh? No side effects. */
  peek(key: number, now: number): boolean {
    const s = this.map.get(key);
    return s >= 0 && this.exp[s] > now;
  }

  /** Fills `key` (or refreshes it: a new value, a new TTL), evicting if full. */
  set(key: number, now: number): void {
    if (this.capacity === 0) return;
    const s = this.map.get(key);
    const exp = now + this.ttlMs;
    if (s >= 0) {
      this.exp[s] = exp;
      this.stale[s] = 0;
      this.touch(s);
      // New value: it expires last.
      this.funlink(s);
      this.fappend(s);
      return;
    }
    if (this.size >= this.capacity) this.expire(now); // an expired key goes before a live one is evicted
    this.insert(key, exp);
  }

  /**
   * Marks `key` stale, if present: its value changed downstream (a write passed this store
   * by) and what it holds is out of date until it is filled again or expires. Returns
   * whether it was there.
   */
  markStale(key: number): boolean {
    const s = this.map.get(key);
    if (s < 0) return false;
    this.stale[s] = 1;
    return true;
  }

  /**
   * A write of `key` was accepted by the store behind this one: drop the copy (`purge`:
   * the next read fetches the new value) or keep it, marked stale.
   */
  written(key: number, purge: boolean): void {
    if (purge) this.remove(key);
    else this.markStale(key);
  }

  /** Removes `key` (invalidation). Returns whether it was there. */
  remove(key: number): boolean {
    const s = this.map.get(key);
    if (s < 0) return false;
    this.removeSlot(s);
    return true;
  }

  /** Removes keys whose TTL has passed (from the head of the fill order). */
  expire(now: number): void {
    while (this.fhead >= 0 && this.exp[this.fhead] <= now) {
      this.removeSlot(this.fhead);
      this.expirations++;
    }
  }

  // ---- internals -------------------------------------------------------------------

  private insert(key: number, exp: number, stale = 0): void {
    if (this.size >= this.capacity) {
      if (this.capacity === 0) return;
      this.removeSlot(this.victim());
      this.evictions++;
    }
    const s = this.size++;
    this.key[s] = key;
    this.exp[s] = exp;
    this.stale[s] = stale;
    this.map.set(key, s);
    this.fappend(s);
    switch (this.policy) {
      case EVICT_LRU:
      case EVICT_FIFO:
        this.lpush(s);
        break;
      case EVICT_LFU: {
        this.freq[s] = 1;
        this.seq[s] = ++this.clock;
        const h = this.hsize++;
        this.heap[h] = s;
        this.hpos[s] = h;
        this.siftUp(h);
        break;
      }
    }
  }

  private victim(): number {
    switch (this.policy) {
      case EVICT_LRU:
      case EVICT_FIFO:
        return this.tail;
      case EVICT_LFU:
        return this.heap[0];
      default:
        return this.rng.int(this.size);
    }
  }

  private touch(s: number): void {
    if (this.policy === EVICT_LRU) {
      if (this.head !== s) {
        this.lunlink(s);
        this.lpush(s);
      }
    } else if (this.policy === EVICT_LFU) {
      this.freq[s]++;
      this.seq[s] = ++this.clock;
      this.siftDown(this.hpos[s]);
    }
  }

  private removeSlot(s: number): void {
    this.map.delete(this.key[s]);
    this.funlink(s);
    if (this.policy === EVICT_LRU || this.policy === EVICT_FIFO) this.lunlink(s);
    else if (this.policy === EVICT_LFU) {
      const h = this.hpos[s];
      const lastH = --this.hsize;
      if (h !== lastH) {
        const moved = this.heap[lastH];
        this.heap[h] = moved;
        this.hpos[moved] = h;
        this.siftDown(h);
        this.siftUp(this.hpos[moved]);
      }
    }
    const last = --this.size;
    if (s !== last) this.relocate(last, s);
  }

  /** Moves the record in slot `from` to the empty slot `to`, fixing every reference. */
  private relocate(from: number, to: number): void {
    this.key[to] = this.key[from];
    this.exp[to] = this.exp[from];
    this.stale[to] = this.stale[from];
    this.map.set(this.key[to], to);
    // fill list
    const fp = this.fprev[from],
      fn = this.fnext[from];
    this.fprev[to] = fp;
    this.fnext[to] = fn;
    if (fp >= 0) this.fnext[fp] = to;
    else this.fhead = to;
    if (fn >= 0) this.fprev[fn] = to;
    else this.ftail = to;
    if (this.policy === EVICT_LRU || this.policy === EVICT_FIFO) {
      const p = this.prev[from],
        n = this.next[from];
      this.prev[to] = p;
      this.next[to] = n;
      if (p >= 0) this.next[p] = to;
      else this.head = to;
      if (n >= 0) this.prev[n] = to;
      else this.tail = to;
    } else if (this.policy === EVICT_LFU) {
      this.freq[to] = this.freq[from];
      this.seq[to] = this.seq[from];
      const h = this.hpos[from];
      this.hpos[to] = h;
      this.heap[h] = to;
    }
  }

  private lpush(s: number): void {
    this.prev[s] = -1;
    this.next[s] = this.head;
    if (this.head >= 0) this.prev[this.head] = s;
    else this.tail = s;
    this.head = s;
  }
  private lunlink(s: number): void {
    const p = this.prev[s],
      n = this.next[s];
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
  }
  private fappend(s: number): void {
    this.fnext[s] = -1;
    this.fprev[s] = this.ftail;
    if (this.ftail >= 0) this.fnext[this.ftail] = s;
    else this.fhead = s;
    this.ftail = s;
  }
  private funlink(s: number): void {
    const p = this.fprev[s],
      n = this.fnext[s];
    if (p >= 0) this.fnext[p] = n;
    else this.fhead = n;
    if (n >= 0) this.fprev[n] = p;
    else this.ftail = p;
  }

  private less(a: number, b: number): boolean {
    return this.freq[a] < this.freq[b] || (this.freq[a] === this.freq[b] && this.seq[a] < this.seq[b]);
  }
  private siftUp(h: number): void {
    const heap = this.heap;
    const s = heap[h];
    while (h > 0) {
      const ph = (h - 1) >> 1;
      const p = heap[ph];
      if (!this.less(s, p)) break;
      heap[h] = p;
      this.hpos[p] = h;
      h = ph;
    }
    heap[h] = s;
    this.hpos[s] = h;
  }
  private siftDown(h: number): void {
    const heap = this.heap;
    const n = this.hsize;
    const s = heap[h];
    for (;;) {
      let c = 2 * h + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(heap[c + 1], heap[c])) c++;
      if (!this.less(heap[c], s)) break;
      heap[h] = heap[c];
      this.hpos[heap[h]] = h;
      h = c;
    }
    heap[h] = s;
    this.hpos[s] = h;
  }

  /** Keys present now (tests and the UI; allocates). */
  keys(): number[] {
    return Array.from(this.key.subarray(0, this.size));
  }
}
