import { compact, defineKind, distText } from '../catalog';
import { bool, choice, dist, int, num, optNum, union } from '../params';

/** Eviction choice, shared by the kinds built on the same key store (cache, cdn). */
export const eviction = choice(['lru', 'lfu', 'fifo', 'random'], {
  label: 'Eviction',
  help: 'Which key goes when the cache is full: least recently used, least frequently used (counted while the key is cached: an evicted key starts again from zero, and counts never decay, so LFU adapts slowly when popularity shifts), the one in the cache longest (FIFO: a key set again while cached keeps its place), or a random one.',
  default: 'lru',
  optionLabels: { lru: 'LRU', lfu: 'LFU', fifo: 'FIFO', random: 'Random' },
});

/** The key store's eviction policies (src/sim/keycache.ts), by name. */
export type EvictionPolicy = 'lru' | 'lfu' | 'fifo' | 'random';

/** Key groups: `m[i]` keys of request probability `q[i]` each. */
interface Popularity {
  q: number[];
  m: number[];
}

/**
 * Key popularity under Zipf(skew) over `count` keys (skew 0: uniform), for the compiler's
 * rough cache figures: probabilities `q` of groups of `m` keys each. Ranks beyond the first
 * thousand are grouped (1% wide) so a keyspace of millions costs a few thousand terms.
 */
function popularity(keys: { count: number; skew: number }): Popularity {
  const n = keys.count;
  // Uniform: one group (every figure below is a sum over keys).
  if (keys.skew === 0) return { q: [1 / n], m: [n] };
  const q: number[] = [],
    m: number[] = [];
  let total = 0;
  for (let k = 1; k <= n;) {
    const size = k <= 1000 ? 1 : Math.min(n - k + 1, Math.floor(k / 100));
    const each = Math.pow(k + (size - 1) / 2, -keys.skew);
    q.push(each);
    m.push(size);
    total += each * size;
    k += size;
  }
  for (let i = 0; i < q.length; i++) q[i] /= total;
  return { q, m };
}

/** Σ over keys of f(their probability). */
function sumKeys({ q, m }: Popularity, f: (qi: number) => number): number {
  let s = 0;
  for (let i = 0; i < q.length; i++) s += m[i] * f(q[i]);
  return s;
}

/** Expected distinct keys among `requests` independent draws (Poissonized), given popularity. */
const distinctAmong = (pop: Popularity, requests: number) =>
  sumKeys(pop, (qi) => -Math.expm1(-qi * requests));

/**
 * The t ≥ 0 where the nondecreasing `f` (f(0) ≤ target) reaches `target`, by doubling and
 * bisection (robust where f flattens out). `limit`: f(limit) ≥ target is known.
 */
function solveUp(f: (t: number) => number, target: number, limit = Infinity): number {
  let lo = 0,
    hi = Math.min(1, limit);
  while (hi < limit && hi < 1e300 && f(hi) < target) {
    lo = hi;
    hi = Math.min(hi * 2, limit);
  }
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Hit probability x/(1+x) of a key requested x times on average while it is held per stay. */
const renewal = (x: number) => x / (1 + x);

/**
 * A key's hit probability (= the share of time it is held: requests are Poisson, so they
 * see time averages) under each policy, for request probability `q`, the policy's
 * characteristic time `T` and the TTL `ttl` (both in requests to this cache; ttl may be
 * Infinity). LFU is not of this form (see lfuFrozen, lfuWithTtl).
 */
const keyHit: Record<Exclude<EvictionPolicy, 'lfu'>, (q: number, T: number, ttl: number) => number> = {
  // Che: a key is held while it was requested within the last T. With a TTL counted from
  // the fill (not renewed by hits: keycache.ts), a stay also ends `ttl` after the fill. Up
  // to min(T, ttl) after the fill every request hits; past T the chance the key is still
  // held decays, taken as exponential with the mean that makes ttl = ∞ give Che exactly.
  lru: (q, T, ttl) => {
    if (ttl <= T) return renewal(q * ttl);
    const qT = q * T;
    if (ttl === Infinity) return -Math.expm1(-qT);
    // Expected time held past T without a TTL: (e^{qT} − 1)/q − T (series where it cancels).
    const d = qT < 1e-4 ? T * qT * (0.5 + qT / 6) : Math.expm1(qT) / q - T;
    const past = Number.isFinite(d) ? -d * Math.expm1(-(ttl - T) / d) : ttl - T;
    return renewal(q * (T + past));
  },
  // FIFO (Gelenbe; Martina, Garetto & Leonardi 2014): hits do not move a key, so a stay
  // lasts T after the fill (or the TTL, if shorter) and holds q·T requests.
  fifo: (q, T, ttl) => renewal(q * Math.min(T, ttl)),
  // Random: a stay lasts an exponential time of mean T (each miss evicts any held key
  // alike), cut at the TTL: mean T(1 − e^{−ttl/T}). Without a TTL, the same as FIFO.
  random: (q, T, ttl) => renewal(q * (ttl === Infinity ? T : -T * Math.expm1(-ttl / T))),
};

/** Share of a key's time held while not protected that it spends on probation (LFU, count 1). */
const probationShare = (q: number, stay: number) => {
  const g = -Math.expm1(-q * stay);
  return g / (1 + g);
};

/**
 * The engine's LFU without a TTL. Counts live only while a key is held (keycache.ts: a
 * filled key starts at 1, ties go to the least recently used), so this is not perfect LFU
 * (the most popular `c` keys): keys hit while cached get counts that grow without bound,
 * and once every held key's count exceeds what a newcomer can gather before the next miss
 * evicts it, the cache freezes on whichever keys got there first. Measured: it freezes
 * within some tens of times the requests it took to fill, 0.01–0.07 below perfect LFU.
 * (A cache that froze on a poor set stays so for the run; no cheap model knows the set,
 * so this is the mean over runs.) Modelled as what it does: the cache fills with the first `c` distinct keys (those
 * requested twice by then already protected), then every miss evicts the oldest key still
 * at count 1 (on probation, first in first out) and a probation key that is requested
 * again is promoted for good. A fluid model of that (quasi-static probation: a key stays
 * on probation `stay` requests, so the probation holds what the misses feed it for that
 * long) runs until the probation is down to about one key. Within 0.007 of the engine over
 * Zipf 0.6–1.2 and capacities of 1–95% of the keys (test/model/hit-ratio-estimate.test.ts).
 * Returns the hit ratio and the requests until the cache froze.
 */
function lfuFrozen(pop: Popularity, c: number): { hit: number; requests: number } {
  const { q, m } = pop;
  const g = q.length;
  const t0 = solveUp((t) => distinctAmong(pop, t), c);
  // Per group: the chance a key is not protected (count 1 or not held).
  const out = new Float64Array(g);
  for (let i = 0; i < g; i++) {
    const x = q[i] * t0;
    out[i] = Math.exp(-x) * (1 + x);
  }
  /**
   * The stay on probation that holds `probation` keys, by Newton's method from `from` (the
   * last step's): the holding is concave and increasing in the stay, so after the first
   * step the iterates rise monotonically to the root, and a warm start needs few of them.
   */
  const stayFor = (probation: number, from: number) => {
    let s = from;
    for (let it = 0; it < 100; it++) {
      let f = -probation,
        df = 0;
      for (let i = 0; i < g; i++) {
        const held = -Math.expm1(-q[i] * s);
        const w = m[i] * out[i];
        f += (w * held) / (1 + held);
        df += (w * q[i] * (1 - held)) / ((1 + held) * (1 + held));
      }
      const next = Math.max(0, s - f / df);
      if (Math.abs(next - s) <= 1e-7 * s) return next;
      s = next;
    }
    return s;
  };
  let t = t0,
    stay = Infinity;
  for (let step = 0; step < 1000; step++) {
    let notProtected = 0,
      protectedKeys = 0;
    for (let i = 0; i < g; i++) {
      notProtected += m[i] * out[i];
      protectedKeys += m[i] * (1 - out[i]);
    }
    const probation = c - protectedKeys;
    // The fluid probation holds at most half the unprotected (stay → ∞): beyond, it is stuck there.
    stay = probation >= notProtected / 2 ? Infinity : stayFor(probation, Number.isFinite(stay) ? stay : t0);
    if (probation <= Math.max(1, c / 1000)) break;
    // Steps of 10% of the elapsed requests (the freeze takes some tens of times t0): at 5%
    // the hit ratio moves by under 0.001.
    const dt = 0.1 * t;
    for (let i = 0; i < g; i++) out[i] *= Math.exp(-q[i] * probationShare(q[i], stay) * dt);
    t += dt;
  }
  let hit = 0;
  for (let i = 0; i < g; i++) hit += m[i] * q[i] * (1 - out[i] + out[i] * probationShare(q[i], stay));
  return { hit, requests: t };
}

/**
 * The engine's LFU with a TTL (from the fill) when capacity binds too: every key's count
 * restarts at each refill, so the cache never freezes (see lfuFrozen) but keeps sorting
 * keys anew. Steady state: a missed key goes on probation; requested again within `stay`
 * requests it is promoted and held until its TTL runs out, else evicted. A stay is then
 * ttl with probability 1 − e^{−q·min(stay, ttl)}, else min(stay, ttl); `stay` fills the
 * capacity. This matches the engine (within 0.004) while the TTL is short against the
 * time the cache takes to freeze (F); with longer TTLs the cache spends part of each TTL
 * frozen, and the estimate moves towards lfuFrozen by 1 − 2F/ttl (fitted to the engine:
 * TTLs of 0.1–25 F, Zipf 0.6–1.2: within 0.008).
 */
function lfuWithTtl(pop: Popularity, c: number, ttl: number): number {
  const held = (q: number, stay: number) => {
    const s = Math.min(stay, ttl);
    const promoted = -Math.expm1(-q * s);
    return renewal(q * (promoted * ttl + (1 - promoted) * s));
  };
  const stay = solveUp((s) => sumKeys(pop, (q) => held(q, s)), c, ttl);
  const steady = sumKeys(pop, (q) => q * held(q, stay));
  const frozen = lfuFrozen(pop, c);
  const frozenShare = Math.max(0, 1 - (2 * frozen.requests) / ttl);
  return steady + frozenShare * Math.max(0, frozen.hit - steady);
}

/** What estimateHitRatio needs to know of a cache besides its capacity. */
export interface CacheShape {
  /** Default LRU. */
  eviction?: EvictionPolicy;
  /** Time to live from the fill; null or absent: none. */
  ttlS?: number | null;
  /** Reads per second the cache receives: a TTL counts only when this is known. */
  readsPerS?: number | null;
}

/** estimateHitRatio's answers so far, by its arguments. */
const remembered = new Map<string, number>();

/**
 * The compiler's rough figure for how much read load a cache takes off what is behind it:
 * the hit ratio of `capacity` keys under Zipf(skew) key popularity over `count` keys (skew
 * 0: uniform), for the independent reference model (each read picks a key afresh). Each
 * policy by its characteristic-time model (Che for LRU; Gelenbe / Martina, Garetto &
 * Leonardi 2014 for FIFO and random: T solves Σ h_i = capacity), LFU by a model of the
 * engine's in-cache LFU (lfuFrozen). The TTL counts from the fill, as in the engine: alone
 * it holds a key for q·λ·ttl requests after each miss, so h = qλttl/(1 + qλttl) exactly,
 * and with the capacity binding too each policy ends a stay at whichever comes first
 * (LFU: lfuWithTtl).
 * Writes (invalidations, write-through refills) are left out: reads only. Tested against
 * the engine's measured hit ratios in test/model/hit-ratio-estimate.test.ts.
 */
export function estimateHitRatio(
  capacity: number,
  keys: { count: number; skew: number },
  shape: CacheShape = {},
): number {
  const eviction = shape.eviction ?? 'lru';
  const ttl =
    shape.ttlS != null && shape.readsPerS != null && shape.readsPerS > 0
      ? shape.ttlS * shape.readsPerS
      : Infinity;
  // The load estimate asks again on each of its passes, and LFU's model costs a few ms
  // over a large keyspace.
  const key = `${capacity} ${keys.count} ${keys.skew} ${eviction} ${ttl}`;
  let hit = remembered.get(key);
  if (hit === undefined) {
    if (remembered.size >= 256) remembered.clear();
    hit = hitRatio(capacity, keys, eviction, ttl);
    remembered.set(key, hit);
  }
  return hit;
}

/** estimateHitRatio, with the TTL in requests (Infinity: none). */
function hitRatio(
  capacity: number,
  keys: { count: number; skew: number },
  eviction: EvictionPolicy,
  ttl: number,
): number {
  const n = keys.count;
  const c = Math.min(capacity, n);
  if (c <= 0) return 0;
  if (ttl === Infinity) {
    if (c >= n) return 1;
    // All keys alike: any c of them are as good.
    if (keys.skew === 0) return c / n;
  }
  const pop = popularity(keys);
  if (ttl < Infinity && (c >= n || sumKeys(pop, (q) => renewal(q * ttl)) <= c))
    // The TTL alone keeps the cache within capacity: nothing is ever evicted.
    return sumKeys(pop, (q) => q * renewal(q * ttl));
  if (eviction === 'lfu') return ttl === Infinity ? lfuFrozen(pop, c).hit : lfuWithTtl(pop, c, ttl);
  const h = keyHit[eviction];
  // The characteristic time: the stay after which `capacity` keys are held on average.
  const T = solveUp((t) => sumKeys(pop, (q) => h(q, t, ttl)), c);
  return sumKeys(pop, (q) => q * h(q, T, ttl));
}

/**
 * Share of the writes a write-behind cache receives that reach its store: a flush writes
 * each dirty key once, so the `writesPerS` × `flushIntervalS` writes of an interval
 * become the distinct keys among them.
 */
export function estimateWriteBehindShare(
  writesPerS: number,
  flushIntervalS: number,
  keys: { count: number; skew: number },
): number {
  const perFlush = writesPerS * flushIntervalS;
  if (!(perFlush > 1)) return 1;
  const distinct =
    keys.skew === 0
      ? keys.count * -Math.expm1(-perFlush / keys.count)
      : distinctAmong(popularity(keys), perFlush);
  return Math.min(1, distinct / perFlush);
}

export const cache = defineKind({
  kind: 'cache',
  label: 'Cache',
  aliases: ['redis', 'memcached', 'key-value', 'kv'],
  group: 'Data',
  icon: 'Zap',
  description:
    'An in-memory key cache (Redis, Memcached) in front of a backing store (its outgoing edge). A read that hits answers from memory; a miss fetches from the store and fills the key. The hit ratio is not a setting: it emerges from capacity, eviction, TTL and how skewed the clients’ keys are. Watch what happens to the store when the cache is flushed or crashes and comes back cold, when a hot key expires under load (a stampede, unless misses are coalesced), and what write-behind loses in a crash.',
  headline: { label: 'hit', unit: 'ratio' },
  acceptsCalls: true,
  outgoing: 'one',
  metrics: [
    { key: 'hits', label: 'Hits', merge: 'sum' },
    { key: 'misses', label: 'Misses', merge: 'sum' },
    { key: 'hitRatio', label: 'Hit ratio', merge: { by: ['hits', 'misses'] } },
    { key: 'evictions', label: 'Evictions', merge: 'sum' },
    { key: 'expirations', label: 'Expirations', merge: 'sum' },
    { key: 'coalesced', label: 'Coalesced misses', merge: 'sum' },
    { key: 'lostWrites', label: 'Lost writes', merge: 'sum' },
    { key: 'size', label: 'Keys cached', merge: 'mean', atEnd: true },
    { key: 'pendingWrites', label: 'Unflushed writes', merge: 'mean', atEnd: true },
  ],
  params: {
    capacity: int({
      label: 'Capacity',
      unit: 'keys',
      help: 'Keys the cache holds; beyond it the eviction policy makes room.',
      default: 10_000,
      min: 0,
      max: 100_000_000,
      canvas: true,
    }),
    eviction: { ...eviction, canvas: true },
    ttlS: optNum({
      label: 'TTL',
      unit: 's',
      help: 'A key expires this long after it was filled. Empty: keys never expire.',
      min: 0,
      exclusiveMin: true,
      max: 1e7,
      suggested: 60,
    }),
    hitMs: dist({
      label: 'Lookup time',
      help: 'Time the cache takes to answer a hit (a miss pays it too, before going to the store).',
      default: 0.5,
    }),
    writePolicy: union(
      {
        'write-around': {},
        'write-through': {},
        'write-behind': {
          flushIntervalS: num({
            label: 'Flush interval',
            unit: 's',
            help: 'Dirty keys are written to the store in a batch this often (one write per key).',
            default: 5,
            min: 0.001,
            max: 3600,
          }),
        },
      },
      {
        label: 'Write policy',
        help: 'Write-around: writes go to the store and invalidate the key. Write-through: writes go to the store and set the key when it succeeds. Write-behind: writes are acknowledged by the cache at once and flushed to the store later; a crash loses the unflushed ones.',
        default: 'write-around',
      },
    ),
    coalesce: bool({
      label: 'Coalesce misses',
      help: 'Concurrent misses on one key wait for a single fetch from the store (request coalescing / singleflight) instead of each going to the store.',
      default: false,
    }),
  },
  summary: (p) =>
    `${compact(p.capacity)} keys · ${p.eviction.toUpperCase()}` +
    (p.ttlS !== null ? ` · ttl ${compact(p.ttlS)} s` : '') +
    (p.writePolicy.type !== 'write-around' ? ` · ${p.writePolicy.type}` : '') +
    ` · ${distText(p.hitMs)}`,
  capacityRps: () => null,
  forwardShare: (p, keys, arriving) => {
    // A TTL holds keys for a time, so its effect depends on the reads per second: known
    // from the load estimate's second pass on (dependsOnLoad).
    const read =
      1 -
      estimateHitRatio(p.capacity, keys, { eviction: p.eviction, ttlS: p.ttlS, readsPerS: arriving?.read });
    const ttl = p.ttlS !== null;
    if (p.writePolicy.type !== 'write-behind') return { read, write: 1, dependsOnLoad: ttl };
    const wp = p.writePolicy;
    return {
      read,
      write: estimateWriteBehindShare(arriving?.write ?? 0, wp.flushIntervalS, keys),
      dependsOnLoad: true,
    };
  },
});
