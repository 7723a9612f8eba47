import { compact, defineKind, distText } from '../catalog';
import { bool, dist, feature, int, num, optNum } from '../params';
import { estimateHitRatio } from './cache';

export const gateway = defineKind({
  kind: 'gateway',
  label: 'API gateway',
  aliases: ['ingress', 'bff', 'edge', 'proxy'],
  group: 'Edge & routing',
  icon: 'DoorOpen',
  description:
    'The front door of an API: authenticates each call, optionally rate-limits it (over the limit it answers throttled, HTTP 429) and answers repeated reads from a response cache (which keeps serving an old response after a write until it expires, unless writes invalidate it), then routes the call to the backends whose edge route matches (reads and writes can go to different services; several matching edges split by weight). A call no edge matches fails with error (no route).',
  routing: 'split',
  acceptsCalls: true,
  outgoing: 'many',
  metrics: [
    { key: 'throttled', label: 'Throttled', merge: 'sum' },
    { key: 'hits', label: 'Cache hits', merge: 'sum' },
    { key: 'misses', label: 'Cache misses', merge: 'sum' },
    { key: 'hitRatio', label: 'Response cache hit ratio', merge: { by: ['hits', 'misses'] } },
    { key: 'noRoute', label: 'No route', merge: 'sum' },
    { key: 'cacheSize', label: 'Cached responses', merge: 'mean' },
    { key: 'staleHits', label: 'Stale cache hits (served after a write)', merge: 'sum' },
  ],
  params: {
    authMs: dist({
      label: 'Auth time',
      help: 'Time to authenticate and authorize each call.',
      default: 1,
      canvas: true,
    }),
    rateLimit: feature(
      {
        ratePerS: num({
          label: 'Rate',
          unit: 'req/s',
          help: 'Sustained calls per second let through.',
          default: 1000,
          min: 0,
          max: 10_000_000,
        }),
        burst: int({
          label: 'Burst',
          help: 'Calls that may go through at once after a quiet spell (token bucket size).',
          default: 100,
          min: 1,
          max: 10_000_000,
        }),
      },
      {
        label: 'Rate limit',
        help: 'A token bucket over all calls; calls beyond it answer throttled (429). Off by default.',
      },
    ),
    responseCache: feature(
      {
        capacity: int({
          label: 'Capacity',
          unit: 'responses',
          help: 'Read responses (by key) the gateway keeps.',
          default: 10_000,
          min: 0,
          max: 100_000_000,
        }),
        ttlS: optNum({
          label: 'TTL',
          unit: 's',
          help: 'A cached response expires this long after it was stored. Empty: never.',
          min: 0,
          exclusiveMin: true,
          max: 1e7,
          suggested: 10,
        }),
        invalidateOnWrite: bool({
          label: 'Invalidate on write',
          help: 'A write of a key that went through the gateway and succeeded drops its cached response (when the write’s path reaches a store the reads reach too). Off: the old response is served (a stale hit) until it expires.',
          default: false,
        }),
      },
      {
        label: 'Response cache',
        help: 'Answers repeated reads of the same key without calling a backend (LRU). Off by default.',
      },
    ),
  },
  summary: (p) =>
    `auth ${distText(p.authMs)}` +
    (p.rateLimit ? ` · limit ${compact(p.rateLimit.ratePerS)}/s` : '') +
    (p.responseCache ? ` · cache ${compact(p.responseCache.capacity)}` : ''),
  capacityRps: () => null,
  rateCaps: (p) => (p.rateLimit ? { param: 'rateLimit', total: p.rateLimit.ratePerS } : null),
  // The response cache is LRU (src/sim/nodes/gateway.ts); its TTL's effect depends on the
  // reads per second (see the cache's).
  forwardShare: (p, keys, arriving) => {
    const rc = p.responseCache;
    if (!rc) return { read: 1, write: 1 };
    return {
      read:
        1 -
        estimateHitRatio(rc.capacity, keys, { eviction: 'lru', ttlS: rc.ttlS, readsPerS: arriving?.read }),
      write: 1,
      dependsOnLoad: rc.ttlS !== null,
    };
  },
});
