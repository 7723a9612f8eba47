/**
 * Cache: the shared key store against a reference model, LRU hit ratios against Che's
 * approximation, LFU vs LRU, TTL expiry against renewal theory, the cache stampede with
 * and without coalescing, write policies, and write-behind losses in a crash.
 */
import { describe, expect, it } from 'vitest';
import { runDesign } from '../../src/sim/run';
import type { Engine } from '../../src/sim/engine';
import type { RunSummary } from '../../src/sim/summary';
import { EVICT_FIFO, EVICT_LFU, EVICT_LRU, EVICT_RANDOM, IntMap, KeyStore } from '../../src/sim/keycache';
import { Rng } from '../../src/sim/random';

function run(design: unknown): { summary: RunSummary; engine: Engine } {
  const r = runDesign(design);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r;
}
function series(engine: Engine, id: string, col: string): { t: number[]; v: number[] } {
  const s = engine.stats[engine.plan.nodeIndex.get(id)!].series;
  return { t: Array.from(s.time.subarray(0, s.rows)), v: Array.from(s.column(col)) };
}
const sumBetween = (s: { t: number[]; v: number[] }, from: number, to: number) =>
  s.t.reduce((a, t, i) => (t >= from && t < to ? a + s.v[i] : a), 0);

/** client -> cache -> database, with negligible network and store time unless given. */
function design(
  cacheParams: Record<string, unknown>,
  client: Record<string, unknown>,
  opts: { readMs?: unknown; durationS?: number; warmupS?: number; faults?: unknown[]; seed?: number } = {},
) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'users', kind: 'client', params: client },
      { id: 'cache', kind: 'cache', params: { hitMs: 0.1, ...cacheParams } },
      {
        id: 'db',
        kind: 'database',
        params: { connections: 100_000, queueCapacity: 0, readMs: opts.readMs ?? 0.1, writeMs: 0.1 },
      },
    ],
    edges: [
      { id: 'e1', source: 'users', target: 'cache', params: { latencyMs: 0 } },
      { id: 'e2', source: 'cache', target: 'db', params: { latencyMs: 0 } },
    ],
    scenario: {
      durationS: opts.durationS ?? 200,
      warmupS: opts.warmupS ?? 50,
      seed: opts.seed ?? 7,
      faults: opts.faults ?? [],
    },
  };
}

/** Che's approximation for LRU under the independent reference model with the exact Zipf pmf. */
function cheHitRatio(n: number, alpha: number, capacity: number): number {
  const q = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) total += q[k] = Math.pow(k + 1, -alpha);
  for (let k = 0; k < n; k++) q[k] /= total;
  const filled = (T: number) => q.reduce((a, qi) => a + (1 - Math.exp(-qi * T)), 0);
  let lo = 0,
    hi = 1;
  while (filled(hi) < capacity) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (filled(mid) < capacity) lo = mid;
    else hi = mid;
  }
  const T = (lo + hi) / 2;
  return q.reduce((a, qi) => a + qi * (1 - Math.exp(-qi * T)), 0);
}

describe('key store', () => {
  it('IntMap agrees with Map under random inserts and deletes', () => {
    const rng = new Rng(3, 'intmap');
    const m = new IntMap();
    const ref = new Map<number, number>();
    for (let i = 0; i < 50_000; i++) {
      const k = rng.int(300);
      const op = rng.int(3);
      if (op === 0) {
        m.set(k, i);
        ref.set(k, i);
      } else if (op === 1) {
        expect(m.delete(k)).toBe(ref.get(k) ?? -1);
        ref.delete(k);
      } else expect(m.get(k)).toBe(ref.get(k) ?? -1);
    }
    expect(m.size).toBe(ref.size);
  });

  // Reference: an array of entries scanned linearly for the victim.
  for (const [name, policy] of [
    ['LRU', EVICT_LRU],
    ['FIFO', EVICT_FIFO],
    ['LFU', EVICT_LFU],
  ] as const) {
    it(`${name} holds exactly the keys a naive reference model holds`, () => {
      const CAP = 40;
      const rng = new Rng(5, name);
      const ks = new KeyStore(new Rng(1, 'ks'));
      ks.configure(CAP, policy, Infinity);
      type E = { k: number; uses: number; last: number; ins: number };
      let ref: E[] = [];
      let clock = 0;
      for (let i = 0; i < 30_000; i++) {
        const k = rng.int(100);
        const op = rng.int(10);
        const j = ref.findIndex((e) => e.k === k);
        if (op < 6) {
          expect(ks.get(k, i)).toBe(j >= 0);
          if (j >= 0) {
            ref[j].uses++;
            ref[j].last = ++clock;
          }
        } else if (op < 9) {
          ks.set(k, i);
          if (j >= 0) {
            ref[j].uses++;
            ref[j].last = ++clock;
          } else {
            if (ref.length === CAP) {
              let v = 0;
              for (let q = 1; q < ref.length; q++) {
                const a = ref[q],
                  b = ref[v];
                const older =
                  policy === EVICT_LRU
                    ? a.last < b.last
                    : policy === EVICT_FIFO
                      ? a.ins < b.ins
                      : a.uses < b.uses || (a.uses === b.uses && a.last < b.last);
                if (older) v = q;
              }
              ref.splice(v, 1);
            }
            clock++;
            ref.push({ k, uses: 1, last: clock, ins: clock });
          }
        } else {
          ks.remove(k);
          ref = ref.filter((e) => e.k !== k);
        }
        if (i % 97 === 0)
          expect(ks.keys().sort((a, b) => a - b)).toEqual(ref.map((e) => e.k).sort((a, b) => a - b));
      }
      expect(ks.size).toBe(ref.length);
    });
  }

  it('random eviction stays within capacity and expiry removes keys exactly at their TTL', () => {
    const ks = new KeyStore(new Rng(2, 'r'));
    ks.configure(10, EVICT_RANDOM, 100);
    for (let k = 0; k < 50; k++) ks.set(k, k);
    expect(ks.size).toBe(10);
    expect(ks.evictions).toBe(40);
    const last = 49;
    expect(ks.get(last, last + 99.9)).toBe(true);
    expect(ks.get(last, last + 100)).toBe(false);
    ks.expire(1e9);
    expect(ks.size).toBe(0);
  });

  it('a stale mark stays with its key through slot moves and resizes, and a fill clears it', () => {
    for (const policy of [EVICT_LRU, EVICT_LFU, EVICT_FIFO, EVICT_RANDOM]) {
      const ks = new KeyStore(new Rng(3, 's'));
      ks.configure(8, policy, Infinity);
      for (let k = 0; k < 8; k++) ks.set(k, 0);
      expect(ks.markStale(5)).toBe(true);
      expect(ks.markStale(99)).toBe(false);
      const staleHit = (k: number) => ks.get(k, 1) && ks.lastHitStale;
      expect(staleHit(5)).toBe(true);
      expect(staleHit(4)).toBe(false);
      // Removing other keys moves the last slots into the holes.
      for (const k of [0, 1, 2]) ks.remove(k);
      expect(staleHit(5)).toBe(true);
      ks.configure(16, policy, Infinity);
      expect(staleHit(5)).toBe(true);
      expect(staleHit(6)).toBe(false);
      ks.set(5, 2);
      expect(staleHit(5)).toBe(false);
    }
  });
});

describe('cache hit ratio emerges', () => {
  const N = 10_000;
  /** Allowed distance from Che's approximation (percentage points / 100). */
  const CHE_TOLERANCE = 0.02;
  const results: Record<string, number> = {};
  for (const alpha of [0.8, 1.0]) {
    for (const frac of [0.01, 0.1]) {
      it(`LRU, Zipf ${alpha}, capacity ${frac * 100}% of keys: within 2 pp of Che's approximation`, () => {
        const capacity = N * frac;
        const { summary } = run(
          design(
            { capacity, eviction: 'lru' },
            { rps: 2000, readRatio: 1, keys: { count: N, distribution: 'zipf', skew: alpha } },
          ),
        );
        const measured = summary.nodes.cache.hitRatio as number;
        const che = cheHitRatio(N, alpha, capacity);
        results[`${alpha}/${frac}`] = measured;
        console.log(
          `LRU zipf ${alpha} C=${capacity}: measured ${measured.toFixed(4)}, Che ${che.toFixed(4)}`,
        );
        expect(Math.abs(measured - che)).toBeLessThan(CHE_TOLERANCE);
      });
    }
  }

  /** LFU must beat LRU by at least this much on a static Zipf workload. */
  const LFU_MARGIN = 0.03;
  it('LFU beats LRU on a static Zipf workload', () => {
    const client = { rps: 2000, readRatio: 1, keys: { count: N, distribution: 'zipf', skew: 0.8 } };
    const lru = run(design({ capacity: 100, eviction: 'lru' }, client)).summary.nodes.cache
      .hitRatio as number;
    const lfu = run(design({ capacity: 100, eviction: 'lfu' }, client)).summary.nodes.cache
      .hitRatio as number;
    const fifo = run(design({ capacity: 100, eviction: 'fifo' }, client)).summary.nodes.cache
      .hitRatio as number;
    const rnd = run(design({ capacity: 100, eviction: 'random' }, client)).summary.nodes.cache
      .hitRatio as number;
    console.log(
      `Zipf 0.8, C=100: LFU ${lfu.toFixed(4)}, LRU ${lru.toFixed(4)}, FIFO ${fifo.toFixed(4)}, random ${rnd.toFixed(4)}`,
    );
    expect(lfu).toBeGreaterThan(lru + LFU_MARGIN);
    // FIFO and random replacement have the same IRM hit ratio, below LRU.
    expect(fifo).toBeLessThan(lru);
    expect(Math.abs(fifo - rnd)).toBeLessThan(0.01);
  });

  /** Allowed distance from λT/(1+λT). */
  const TTL_TOLERANCE = 0.015;
  for (const ttlS of [0.25, 1, 4]) {
    it(`TTL ${ttlS} s on a uniform workload: hit ratio λT/(1+λT)`, () => {
      const keys = 1000;
      const rps = 1000; // λ_k = 1 per second per key
      const { summary } = run(
        design(
          { capacity: keys, ttlS },
          { rps, readRatio: 1, keys: { count: keys, distribution: 'uniform' } },
          { durationS: 150, warmupS: 20 },
        ),
      );
      const lt = (rps / keys) * ttlS;
      const theory = lt / (1 + lt);
      const measured = summary.nodes.cache.hitRatio as number;
      console.log(`TTL ${ttlS}: measured ${measured.toFixed(4)}, theory ${theory.toFixed(4)}`);
      expect(Math.abs(measured - theory)).toBeLessThan(TTL_TOLERANCE);
      expect(summary.nodes.cache.expirations as number).toBeGreaterThan(0);
    });
  }
});

describe('cache stampede', () => {
  const RPS = 2000;
  const FETCH_MS = 100;
  const TTL_S = 2;
  const stampede = (coalesce: boolean) =>
    run(
      design(
        { capacity: 10, ttlS: TTL_S, coalesce },
        { rps: RPS, readRatio: 1, keys: { count: 1, distribution: 'uniform' } },
        { readMs: FETCH_MS, durationS: 21, warmupS: 0 },
      ),
    );
  /** Relative tolerance of the burst size against rps × fetch time. */
  const BURST_TOLERANCE = 0.25;

  it('without coalescing, every expiry of the hot key sends a burst of misses to the database', () => {
    const { summary } = stampede(false);
    const c = summary.nodes.cache;
    const fetches = summary.nodes.db.arrivals;
    const bursts = (c.expirations as number) + 1; // the cold start is a burst too
    const perBurst = fetches / bursts;
    const expected = (RPS * FETCH_MS) / 1000; // misses arriving while the first fetch is out
    console.log(
      `no coalescing: ${bursts} bursts, ${perBurst.toFixed(1)} database reads per burst (expected ~${expected})`,
    );
    expect(bursts).toBeGreaterThanOrEqual(9);
    expect(Math.abs(perBurst - expected) / expected).toBeLessThan(BURST_TOLERANCE);
    expect(c.coalesced).toBe(0);
  });

  it('with coalescing, each expiry sends exactly one read to the database', () => {
    const { summary, engine } = stampede(true);
    const c = summary.nodes.cache;
    const bursts = (c.expirations as number) + 1;
    expect(bursts).toBeGreaterThanOrEqual(9);
    expect(summary.nodes.db.arrivals).toBe(bursts);
    expect(c.misses).toBe(bursts + (c.coalesced as number));
    expect(Math.max(...series(engine, 'db', 'arrivals').v)).toBe(1);
    // Waiters share the one fetch: every request is answered ok.
    expect(summary.clients.users.errorRatio).toBe(0);
  });
});

describe('write policies', () => {
  const client = { rps: 1000, readRatio: 0.5, keys: { count: 100, distribution: 'uniform' } };
  /** Allowed distance of the write-around hit ratio from the read ratio. */
  const AROUND_TOLERANCE = 0.02;
  it('write-around invalidates: a read hits only if the previous touch of its key was a read (hit ratio = read ratio)', () => {
    const { summary } = run(
      design({ capacity: 1000, writePolicy: 'write-around' }, client, { durationS: 100, warmupS: 10 }),
    );
    expect(Math.abs((summary.nodes.cache.hitRatio as number) - 0.5)).toBeLessThan(AROUND_TOLERANCE);
    expect(summary.nodes.db.arrivals).toBeGreaterThan(0.7 * 1000 * 90);
  });
  it('write-through sets the key on success: reads keep hitting, writes still reach the store', () => {
    const { summary } = run(
      design({ capacity: 1000, writePolicy: 'write-through' }, client, { durationS: 100, warmupS: 10 }),
    );
    expect(summary.nodes.cache.hitRatio as number).toBeGreaterThan(0.99);
    const writes =
      (summary.nodes.cache.arrivals as number) -
      (summary.nodes.cache.hits as number) -
      (summary.nodes.cache.misses as number);
    expect(summary.nodes.db.arrivals).toBeGreaterThanOrEqual(writes);
  });
  it('no cache write policy leaves a stale copy, so the cache charts no stale hits (the CDN does)', () => {
    for (const writePolicy of [
      'write-around',
      'write-through',
      { type: 'write-behind', flushIntervalS: 5 },
    ]) {
      const { summary, engine } = run(
        design({ capacity: 1000, writePolicy }, client, { durationS: 10, warmupS: 0 }),
      );
      const i = engine.plan.nodes.findIndex((n) => n.id === 'cache');
      expect(engine.stats[i].series.columns).not.toContain('staleHits');
      expect(summary.nodes.cache.staleHits).toBeUndefined();
    }
  });
  it('write-behind acknowledges at once and flushes one write per dirty key per interval', () => {
    const { summary, engine } = run(
      design(
        { capacity: 1000, writePolicy: { type: 'write-behind', flushIntervalS: 5 } },
        { ...client, readRatio: 0 },
        { durationS: 31, warmupS: 0 },
      ),
    );
    const db = series(engine, 'db', 'arrivals');
    // Flushes at 5, 10, ... 30 s: each sends one write per dirty key (all 100 keys), though ~2500 writes were
    // acknowledged in between. (A flush lands on a bucket boundary: count the buckets on both sides.)
    for (const at of [5, 10, 15, 20, 25, 30]) expect(sumBetween(db, at - 1, at + 1)).toBe(100);
    expect(sumBetween(db, 0, 31)).toBe(600);
    expect(sumBetween(db, 1, 4)).toBe(0);
    expect(summary.nodes.cache.latencyMs.p99).toBeLessThan(0.2);
    expect(summary.nodes.cache.lostWrites).toBe(0);
  });
});

describe('write-behind crash', () => {
  it('a crash loses exactly the writes acknowledged since the last flush', () => {
    const FLUSH_S = 10,
      CRASH_S = 25;
    const { summary, engine } = run(
      design(
        { capacity: 100_000, writePolicy: { type: 'write-behind', flushIntervalS: FLUSH_S } },
        { rps: 300, readRatio: 0, keys: { count: 50_000, distribution: 'zipf', skew: 1 } },
        {
          durationS: 40,
          warmupS: 0,
          faults: [{ type: 'crash', target: 'cache', atS: CRASH_S, durationS: 5 }],
        },
      ),
    );
    const okAtCache = series(engine, 'cache', 'ok');
    const ackedSinceFlush = sumBetween(okAtCache, 20, CRASH_S);
    console.log(
      `write-behind: ${ackedSinceFlush} writes acknowledged between the flush at 20 s and the crash; lostWrites ${summary.nodes.cache.lostWrites}`,
    );
    expect(ackedSinceFlush).toBeGreaterThan(1000);
    expect(summary.nodes.cache.lostWrites).toBe(ackedSinceFlush);
    // While down it answers unavailable; afterwards it is back (cold) and acknowledging again.
    expect(sumBetween(series(engine, 'cache', 'unavailable'), 25, 30)).toBeGreaterThan(1000);
    expect(sumBetween(okAtCache, 31, 40)).toBeGreaterThan(2000);
  });

  /**
   * Write-behind every 5 s over 50 keys, a store that takes 2 s a write, the cache crashed
   * at 21 s for 2 s; with `storeFails`, the store fails every write from 19 s on.
   */
  const flushInFlightAtCrash = (storeFails: boolean) => {
    const d = design(
      { capacity: 100_000, writePolicy: { type: 'write-behind', flushIntervalS: 5 } },
      { rps: 300, readRatio: 0, keys: { count: 50, distribution: 'uniform' } },
      {
        durationS: 24,
        warmupS: 0,
        faults: [
          ...(storeFails ? [{ type: 'errors', target: 'db', atS: 19, rate: 1 }] : []),
          { type: 'crash', target: 'cache', atS: 21, durationS: 2 },
        ],
      },
    );
    d.nodes[2].params.writeMs = 2000;
    return d;
  };

  it('a flush in flight at the crash is the store’s: lost (counted) if it fails it, not silently dropped', () => {
    // Flushes every 5 s; the store takes 2 s a write. The flush at 20 s (the writes
    // acknowledged in [15, 20)) is answered at 22 s, after the crash at 21 s emptied the
    // buffer (the writes of [20, 21), lost). If the store fails it (every write from 19 s
    // on), the cache can no longer retry it: those are lost too; if it succeeds, they are not.
    for (const storeFails of [false, true]) {
      const d = flushInFlightAtCrash(storeFails);
      const { summary, engine } = run(d);
      const okAtCache = series(engine, 'cache', 'ok');
      const lost = sumBetween(okAtCache, storeFails ? 15 : 20, 21);
      expect(lost).toBeGreaterThan(250);
      expect(summary.nodes.cache.lostWrites).toBe(lost);
    }
  });

  it('a flush in flight at the crash that the store fails is not retried: the cache that would retry it is down', () => {
    // As above (store fails from 19 s, flush of 20 s answered at 22 s, crash 21–23 s), with
    // retries on the store edge. The orphaned flush's failure must not be retried on the
    // crashed cache's behalf; the flush of 15 s (answered ok at 17 s) retries nothing.
    const d = flushInFlightAtCrash(true);
    (d.edges[1].params as Record<string, unknown>).retries = {
      max: 2,
      backoff: { baseMs: 10, multiplier: 1, maxMs: 10, jitter: 'none' },
      budget: null,
    };
    const { summary, engine } = run(d);
    const e2 = engine.edges[engine.plan.edgeIndex.get('e2')!].stats.series;
    const retries = Array.from(e2.column('retries'));
    const dbArrivals = series(engine, 'db', 'arrivals');
    expect(retries.reduce((a, v) => a + v, 0)).toBe(0);
    // The store sees the flushes of 15 s and 20 s (50 keys each) and nothing after the crash.
    expect(sumBetween(dbArrivals, 21, 24)).toBe(0);
    expect(summary.nodes.cache.lostWrites).toBe(sumBetween(series(engine, 'cache', 'ok'), 15, 21));
  });

  it('a crashed or flushed cache comes back cold', () => {
    const client = { rps: 1000, readRatio: 1, keys: { count: 1000, distribution: 'zipf', skew: 1 } };
    const { engine } = run(
      design({ capacity: 1000 }, client, {
        durationS: 30,
        warmupS: 0,
        faults: [
          { type: 'cache-flush', target: 'cache', atS: 10 },
          { type: 'crash', target: 'cache', atS: 20, durationS: 1 },
        ],
      }),
    );
    const misses = series(engine, 'cache', 'misses');
    const size = series(engine, 'cache', 'size');
    // Warm before each fault, a burst of misses right after it.
    expect(sumBetween(misses, 10, 11)).toBeGreaterThan(5 * sumBetween(misses, 9, 10));
    expect(sumBetween(misses, 21, 22)).toBeGreaterThan(5 * sumBetween(misses, 19, 20));
    expect(sumBetween(size, 20, 21)).toBe(0);
  });
});

describe('live edits', () => {
  it('shrinking the capacity evicts down to it; leaving write-behind flushes the buffer at once', async () => {
    const { prepare } = await import('../../src/sim/run');
    const p = prepare(
      design(
        { capacity: 500, writePolicy: { type: 'write-behind', flushIntervalS: 1000 } },
        { rps: 1000, readRatio: 0.5, keys: { count: 400, distribution: 'uniform' } },
        { durationS: 30, warmupS: 0 },
      ),
    );
    if (!p.ok) throw new Error('invalid');
    const e = p.engine;
    const i = e.plan.nodeIndex.get('cache')!;
    const node = e.nodes[i] as unknown as { store: { size: number }; buffer: { total: number } };
    e.advance(10_000);
    expect(node.store.size).toBe(400);
    const pending = node.buffer.total;
    expect(pending).toBeGreaterThan(4000);
    const db = e.stats[e.plan.nodeIndex.get('db')!];
    const dbArrivals = () => db.windowArrivals + db.arrivals; // closed buckets + the open one (no warm-up)
    const dbBefore = dbArrivals();
    e.setNodeParams(i, { ...e.plan.nodes[i].params, capacity: 100, writePolicy: { type: 'write-around' } });
    expect(node.store.size).toBe(100);
    expect(node.buffer.total).toBe(0);
    e.advance(10_001);
    // One flush write per dirty key (all 400 keys) reached the database at the moment of the edit, plus the new traffic.
    expect(dbArrivals() - dbBefore).toBeGreaterThanOrEqual(400);
    expect(dbArrivals() - dbBefore).toBeLessThan(420);
    e.runToEnd();
    expect(node.store.size).toBeLessThanOrEqual(100);
  });
});
