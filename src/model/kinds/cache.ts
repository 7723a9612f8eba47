import { compact, defineKind, distText } from '../catalog';
import { bool, choice, dist, int, num, optNum, union } from '../params';

/** Eviction choice, shared by the kinds built on the same key store (cache, cdn). */
export const eviction = choice(['lru', 'lfu', 'fifo', 'random'], {
  label: 'Eviction',
  help: 'Which key goes when the cache is full: least recently used, least frequently used, oldest filled, or a random one.',
  default: 'lru',
  optionLabels: { lru: 'LRU', lfu: 'LFU', fifo: 'FIFO', random: 'Random' },
});

export const cache = defineKind({
  kind: 'cache',
  label: 'Cache',
  group: 'Data',
  icon: 'Zap',
  description:
    'An in-memory key cache (Redis, Memcached) in front of a backing store (its outgoing edge). A read that hits answers from memory; a miss fetches from the store and fills the key. The hit ratio is not a setting: it emerges from capacity, eviction, TTL and how skewed the clients’ keys are. Watch what happens to the store when the cache is flushed or crashes and comes back cold, when a hot key expires under load (a stampede, unless misses are coalesced), and what write-behind loses in a crash.',
  acceptsCalls: true,
  outgoing: 'one',
  metrics: [
    { key: 'hitRatio', label: 'Hit ratio' },
    { key: 'hits', label: 'Hits' },
    { key: 'misses', label: 'Misses' },
    { key: 'evictions', label: 'Evictions' },
    { key: 'expirations', label: 'Expirations' },
    { key: 'coalesced', label: 'Coalesced misses' },
    { key: 'lostWrites', label: 'Lost writes' },
    { key: 'size', label: 'Keys cached' },
    { key: 'pendingWrites', label: 'Unflushed writes' },
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
});
