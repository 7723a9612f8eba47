import { compact, defineKind, distText } from '../catalog';
import { bool, dist, int, optNum } from '../params';
import { estimateHitRatio, eviction } from './cache';

export const cdn = defineKind({
  kind: 'cdn',
  label: 'CDN',
  aliases: ['edge', 'cloudfront', 'akamai', 'fastly', 'static content'],
  group: 'Edge & routing',
  icon: 'Globe',
  description:
    'A content delivery network edge: reads are answered from the edge cache when the content is there and fetched from the origin (the outgoing edge) when it is not; writes pass through the edge (paying its edge time) to the origin. The hit ratio emerges from capacity, TTL and how popular the content is. After a write the edge keeps serving its old copy until the TTL runs out (stale hits), unless writes purge it. A flushed or restarted edge sends every read to the origin at once.',
  headline: { label: 'hit', unit: 'ratio' },
  acceptsCalls: true,
  outgoing: 'one',
  metrics: [
    { key: 'hits', label: 'Hits', merge: 'sum' },
    { key: 'misses', label: 'Misses', merge: 'sum' },
    { key: 'hitRatio', label: 'Hit ratio', merge: { by: ['hits', 'misses'] } },
    { key: 'evictions', label: 'Evictions', merge: 'sum' },
    { key: 'expirations', label: 'Expirations', merge: 'sum' },
    { key: 'coalesced', label: 'Collapsed requests', merge: 'sum' },
    { key: 'size', label: 'Objects cached', merge: 'mean', atEnd: true },
    { key: 'staleHits', label: 'Stale hits (served after a write)', merge: 'sum' },
  ],
  params: {
    capacity: int({
      label: 'Capacity',
      unit: 'objects',
      help: 'Objects the edge holds; beyond it the eviction policy makes room.',
      default: 100_000,
      min: 0,
      max: 100_000_000,
      canvas: true,
    }),
    ttlS: {
      ...optNum({
        label: 'TTL',
        unit: 's',
        help: 'An object expires this long after it was fetched. Empty: never.',
        min: 0,
        exclusiveMin: true,
        max: 1e7,
        suggested: 300,
      }),
      default: 300,
      canvas: true,
    },
    edgeMs: dist({
      label: 'Edge time',
      help: 'Time the edge takes to serve a hit (a miss and a write pay it too).',
      default: 2,
      canvas: true,
    }),
    eviction: { ...eviction, advanced: true },
    coalesce: bool({
      label: 'Request collapsing',
      help: 'Concurrent misses for one object wait for a single origin fetch.',
      default: false,
    }),
    purgeOnWrite: bool({
      label: 'Purge on write',
      help: 'When the origin accepts a write, the edge drops its copy of that object, so the next read fetches the new one. Off: the old copy is served (a stale hit) until it expires.',
      default: false,
    }),
  },
  summary: (p) =>
    `${compact(p.capacity)} objects` +
    (p.ttlS !== null ? ` · ttl ${compact(p.ttlS)} s` : '') +
    ` · ${distText(p.edgeMs)}`,
  capacityRps: () => null,
  // The TTL's effect depends on the reads per second (see the cache's).
  forwardShare: (p, keys, arriving) => ({
    read:
      1 -
      estimateHitRatio(p.capacity, keys, { eviction: p.eviction, ttlS: p.ttlS, readsPerS: arriving?.read }),
    write: 1,
    dependsOnLoad: p.ttlS !== null,
  }),
});
