import { compact, defineKind, distText } from '../catalog';
import { bool, choice, dist, int, num, optNum, union } from '../params';

/** Eviction choice, shared by the kinds built on the same key store (cache, cdn). */
export const eviction = choice(['lru', 'lfu', 'fifo', 'random'], {
  label: 'Eviction',
  help: 'Which key goes when the cache is full: least recently used, least frequently used (counted while the key is cached: an evicted key starts again from zero, and counts never decay, so LFU adapts slowly when popularity shifts), the one in the cache longest (FIFO: a key set again while cached keeps its place), or a random one.',
  default: 'lru',
  optionLabels: { lru: 'LRU', lfu: 'LFU', fifo: 'FIFO', random: 'Random' },
});

/**
 * Key popularity under Zipf(skew) over `count` keys (skew 0: uniform), for the compiler's
 * rough cache figures: probabilities `q` of groups of `m` keys each. Ranks beyond the first
 * thousand are grouped (1% wide) so a keyspace of millions costs a few thousand terms.
 */
function popularity(keys: { count: number; skew: number }): { q: number[]; m: number[] } {
  const n = keys.count;
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

/** Expected distinct keys among `requests` independent draws (Poissonized), given popularity. */
const distinctAmong = ({ q, m }: { q: number[]; m: number[] }, requests: number) =>
  q.reduce((a, qi, i) => a + m[i] * -Math.expm1(-qi * requests), 0);

/**
 * Che's approximation of the LRU hit ratio with `capacity` keys under Zipf(skew) key
 * popularity over `count` keys (skew 0: uniform), ignoring TTL: the compiler's rough
 * figure for how much read load a cache takes off what is behind it.
 */
export function estimateHitRatio(capacity: number, keys: { count: number; skew: number }): number {
  const n = keys.count;
  const c = Math.min(capacity, n);
  if (c <= 0) return 0;
  if (c >= n) return 1;
  if (keys.skew === 0) return c / n;
  const pop = popularity(keys);
  // The characteristic time: requests over which `capacity` distinct keys are seen.
  let lo = 0,
    hi = 1;
  while (distinctAmong(pop, hi) < c && hi < 1e300) hi *= 2;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (distinctAmong(pop, mid) < c) lo = mid;
    else hi = mid;
  }
  return pop.q.reduce((a, qi, i) => a + pop.m[i] * qi * -Math.expm1(-qi * lo), 0);
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
    const read = 1 - estimateHitRatio(p.capacity, keys);
    if (p.writePolicy.type !== 'write-behind') return { read, write: 1 };
    const wp = p.writePolicy;
    return {
      read,
      write: estimateWriteBehindShare(arriving?.write ?? 0, wp.flushIntervalS, keys),
      dependsOnLoad: true,
    };
  },
});
