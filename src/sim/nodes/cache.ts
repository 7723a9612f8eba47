/**
 * Cache (DESIGN.md §4): a key store (src/sim/keycache.ts) in front of a backing store,
 * the node's outgoing edge. Every call first pays the lookup time; then a read that hits
 * answers ok, and a read that misses is fetched from the store and fills the key when the
 * store answers ok. With `coalesce`, concurrent misses on one key wait for the first
 * one's fetch instead of each going to the store. Writes follow the write policy:
 * write-around (forward, invalidate), write-through (forward, set on success) or
 * write-behind (acknowledge at once, flush one write per dirty key every interval; a
 * crash loses the unflushed writes, counted as lostWrites). A flush in flight at a crash
 * is in the store's hands: it lives on, and if the store fails it, it is lost too (the
 * crashed cache's buffer that would have retried it is gone).
 *
 * A crash or a cache-flush fault empties the store: the cache comes back cold. The CDN
 * (cdn.ts) is this behaviour with writes passing straight through: a write the origin
 * accepted either purges the key at the edge or leaves the old copy there, marked stale,
 * and every hit on it until it is fetched again or expires counts as a stale hit.
 */
import type { Dist } from '../../model/dist';
import type { KindParams } from '../../model/design';
import { EVICTION_CODES, IntMap, KeyStore, type EvictionName } from '../keycache';
import { ERROR, OK, UNAVAILABLE } from '../metrics';
import { FLAG_ORPHAN } from '../engine';
import { Sampler } from '../sampler';
import { NodeBehaviour } from './base';

type P = KindParams<'cache'>;

export const WRITE_AROUND = 0,
  WRITE_THROUGH = 1,
  WRITE_BEHIND = 2,
  /** Writes go to the store; the edge keeps its old copy, stale (CDN without purge). */
  WRITE_PASS = 3,
  /** Writes go to the store; once it accepts one, the edge drops its copy (CDN with purge). */
  WRITE_PURGE = 4;

/** What the cache machinery needs, whichever kind's params it came from. */
export interface CacheSettings {
  capacity: number;
  eviction: EvictionName;
  ttlS: number | null;
  hitMs: Dist;
  write: number;
  flushIntervalS: number;
  coalesce: boolean;
}

// Task timers.
const LOOKUP = 1;
// Node timers.
const FLUSH = 1;
// Task phases.
const PH_FETCH = 1,
  PH_WAIT = 2,
  PH_WRITE = 3,
  PH_FLUSH = 4;
/** tasks.inst of a flush (other tasks keep -1): a crash leaves flushes to finish at the store. */
const INST_FLUSH = 1;

/**
 * The write-behind buffer: dirty keys with how many acknowledged writes each holds.
 * Dense arrays plus an IntMap index, so adding a write is O(1) and a flush walks n keys.
 */
class WriteBuffer {
  private readonly index = new IntMap();
  keys = new Int32Array(64);
  counts = new Float64Array(64);
  n = 0;
  /** Acknowledged writes not yet flushed. */
  total = 0;

  add(key: number, count: number): void {
    this.total += count;
    const i = this.index.get(key);
    if (i >= 0) {
      this.counts[i] += count;
      return;
    }
    if (this.n === this.keys.length) {
      const k = new Int32Array(this.n * 2);
      k.set(this.keys);
      const c = new Float64Array(this.n * 2);
      c.set(this.counts);
      this.keys = k;
      this.counts = c;
    }
    this.keys[this.n] = key;
    this.counts[this.n] = count;
    this.index.set(key, this.n++);
  }

  clear(): void {
    this.index.clear();
    this.n = 0;
    this.total = 0;
  }
}

export class CacheNode extends NodeBehaviour {
  s!: CacheSettings;
  readonly store: KeyStore;
  private readonly hit = new Sampler(0);
  /** Key -> the task fetching it (coalescing); waiters are chained through tasks.aux2. */
  private readonly fetching = new IntMap();
  readonly buffer = new WriteBuffer();
  private flushGen = 0;
  private down = false;
  private started = false;
  private readonly iHits = this.extra('hits');
  private readonly iMisses = this.extra('misses');
  private readonly iHitRatio = this.extra('hitRatio');
  private readonly iEvictions = this.extra('evictions');
  private readonly iExpirations = this.extra('expirations');
  private readonly iCoalesced = this.extra('coalesced');
  /** -1 where the kind has no write buffer (the CDN's catalog entry lists no such series). */
  private readonly iLost = this.extraIfKept('lostWrites');
  private readonly iSize = this.extra('size');
  private readonly iPending = this.extraIfKept('pendingWrites');
  /**
   * Hits on a copy a passing write made stale: only the CDN lets writes pass by (its
   * catalog entry lists the series), so the cache's index is -1 and its store never reports one.
   */
  protected readonly iStaleHits = this.extraIfKept('staleHits');

  constructor(...args: ConstructorParameters<typeof NodeBehaviour>) {
    super(...args);
    this.store = new KeyStore(this.rng);
    this.configure(this.node.params);
  }

  /** Maps the kind's params to the cache machinery (the CDN overrides this). */
  protected settings(params: Record<string, unknown>): CacheSettings {
    const p = params as P;
    return {
      capacity: p.capacity,
      eviction: p.eviction,
      ttlS: p.ttlS,
      hitMs: p.hitMs,
      write:
        p.writePolicy.type === 'write-through'
          ? WRITE_THROUGH
          : p.writePolicy.type === 'write-behind'
            ? WRITE_BEHIND
            : WRITE_AROUND,
      flushIntervalS: p.writePolicy.type === 'write-behind' ? p.writePolicy.flushIntervalS : 0,
      coalesce: p.coalesce,
    };
  }

  configure(params: Record<string, unknown>): void {
    const old = this.s;
    const s = this.settings(params);
    this.s = s;
    this.hit.set(s.hitMs);
    // No more distinct keys exist than the clients' keyspace: size the store to that.
    const cap = Math.min(s.capacity, this.engine.plan.keySpace);
    this.store.configure(cap, EVICTION_CODES[s.eviction], s.ttlS === null ? Infinity : s.ttlS * 1000);
    if (this.started && (old.write !== s.write || old.flushIntervalS !== s.flushIntervalS)) {
      if (old.write === WRITE_BEHIND) this.flushNow();
      this.scheduleFlush();
    }
  }

  override start(): void {
    this.started = true;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    const gen = ++this.flushGen;
    if (this.s.write === WRITE_BEHIND)
      this.engine.nodeTimer(this.index, this.s.flushIntervalS * 1000, FLUSH, gen);
  }

  override onTimer(code: number, arg: number): void {
    if (code !== FLUSH || arg !== this.flushGen) return;
    this.flushNow();
    this.scheduleFlush();
  }

  /** Sends one write per dirty key downstream (internal tasks, not counted as the cache's calls). */
  private flushNow(): void {
    const b = this.buffer;
    if (b.n === 0) return;
    const T = this.engine.tasks;
    const e = this.backing(1);
    const n = b.n;
    for (let i = 0; i < n; i++) {
      const t = this.engine.spawn(this.index, b.keys[i], 1, true);
      T.phase[t] = PH_FLUSH;
      T.inst[t] = INST_FLUSH;
      T.aux[t] = b.counts[i];
      // Answered below (async edge or no store) or in onCallDone.
      if (e < 0 || !this.engine.call(t, e)) this.engine.answer(t, OK);
    }
    b.clear();
  }

  /** The outgoing edge that carries class `cls`, or -1 (no backing store). */
  private backing(cls: number): number {
    const out = this.node.out;
    for (let i = 0; i < out.length; i++) {
      const er = this.engine.edges[out[i]];
      if (er.carries(cls)) return out[i];
    }
    return -1;
  }

  override isUp(): boolean {
    return !this.down;
  }

  onArrive(t: number): void {
    if (this.down) {
      this.engine.answer(t, UNAVAILABLE);
      return;
    }
    const ms = this.faulted(this.hit.sample(this.rng));
    this.afterOwnTime(t, ms, LOOKUP);
  }

  override onTaskTimer(t: number, code: number): void {
    if (code === LOOKUP) this.lookup(t);
  }

  private lookup(t: number): void {
    if (this.failsWithError(0)) {
      this.engine.answer(t, ERROR);
      return;
    }
    const T = this.engine.tasks;
    const key = T.key[t];
    const now = this.engine.now;
    const x = this.stats.extra;
    if (T.cls[t] === 0) {
      if (this.store.get(key, now)) {
        x[this.iHits]++;
        if (this.store.lastHitStale) x[this.iStaleHits]++;
        this.engine.answer(t, OK);
        return;
      }
      x[this.iMisses]++;
      T.phase[t] = PH_FETCH;
      T.aux2[t] = -1;
      if (this.s.coalesce) {
        const leader = this.fetching.get(key);
        if (leader >= 0) {
          // Wait for the leader's fetch: push onto its waiter chain.
          T.phase[t] = PH_WAIT;
          T.aux2[t] = T.aux2[leader];
          T.aux2[leader] = t;
          x[this.iCoalesced]++;
          return;
        }
        this.fetching.set(key, t);
      }
      this.forward(t);
      return;
    }
    switch (this.s.write) {
      case WRITE_BEHIND:
        this.store.set(key, now);
        this.buffer.add(key, 1);
        this.engine.answer(t, OK);
        return;
      case WRITE_AROUND:
        this.store.remove(key);
        break;
    }
    T.phase[t] = PH_WRITE;
    this.forward(t);
  }

  private forward(t: number): void {
    const e = this.backing(this.engine.tasks.cls[t]);
    // No store behind it: a miss is just "not found", nothing to fill.
    if (e < 0) this.done(t, OK, false);
    else if (!this.engine.call(t, e)) this.done(t, OK, true);
  }

  override onCallDone(t: number, _e: number, outcome: number): void {
    this.done(t, outcome, true);
  }

  private done(t: number, outcome: number, fill: boolean): void {
    const T = this.engine.tasks;
    const key = T.key[t];
    switch (T.phase[t]) {
      case PH_FETCH: {
        if (outcome === OK && fill) this.store.set(key, this.engine.now);
        if (this.fetching.get(key) === t) this.fetching.delete(key);
        // The waiters share the fetch's outcome.
        let w = T.aux2[t];
        while (w >= 0) {
          const next = T.aux2[w];
          this.engine.answer(w, outcome);
          w = next;
        }
        break;
      }
      case PH_WRITE:
        if (outcome === OK) {
          if (this.s.write === WRITE_THROUGH) this.store.set(key, this.engine.now);
          else if (this.s.write === WRITE_PASS || this.s.write === WRITE_PURGE)
            this.store.written(key, this.s.write === WRITE_PURGE);
        }
        break;
      case PH_FLUSH:
        if (outcome === OK) break;
        // A failed flush stays dirty and is tried again at the next one; one sent before a
        // crash (an orphan: see applyFaults) has no buffer to go back to: its writes are lost.
        if ((T.flags[t] & FLAG_ORPHAN) === 0) this.buffer.add(key, T.aux[t]);
        else if (this.iLost >= 0) this.stats.extra[this.iLost] += T.aux[t];
        break;
    }
    this.engine.answer(t, outcome);
  }

  override applyFaults(): void {
    const crashed = this.engine.faults.crashed[this.index] > 0;
    if (crashed && !this.down) {
      this.down = true;
      if (this.iLost >= 0) this.stats.extra[this.iLost] += this.buffer.total;
      this.buffer.clear();
      this.store.clear();
      this.fetching.clear();
      // Flushes already sent are the store's to finish (see done()). A closure: crashes are rare.
      this.engine.failTasks(this.index, (inst) => inst !== INST_FLUSH, UNAVAILABLE, true);
    } else if (!crashed && this.down) {
      this.down = false; // back, cold
    }
  }

  override flush(): void {
    this.store.clear();
  }

  override beforeRoll(): void {
    const st = this.store;
    const x = this.stats.extra;
    st.expire(this.engine.now);
    x[this.iEvictions] += st.evictions;
    x[this.iExpirations] += st.expirations;
    st.evictions = 0;
    st.expirations = 0;
    x[this.iSize] = st.size;
    if (this.iPending >= 0) x[this.iPending] = this.buffer.total;
    const looked = x[this.iHits] + x[this.iMisses];
    x[this.iHitRatio] = looked > 0 ? x[this.iHits] / looked : NaN;
  }

  override headline(): number {
    return this.lastBucket('hitRatio');
  }

  override summary(): Record<string, number> {
    const w = this.stats.windowExtra;
    const looked = w[this.iHits] + w[this.iMisses];
    return {
      hitRatio: looked > 0 ? w[this.iHits] / looked : NaN,
      hits: w[this.iHits],
      misses: w[this.iMisses],
      evictions: w[this.iEvictions],
      expirations: w[this.iExpirations],
      coalesced: w[this.iCoalesced],
      size: this.store.size,
      ...(this.iLost >= 0 ? { lostWrites: w[this.iLost], pendingWrites: this.buffer.total } : {}),
    };
  }
}
