import { compact, defineKind, distText } from '../catalog';
import { dist, feature, int, num } from '../params';

export const storage = defineKind({
  kind: 'storage',
  label: 'Object storage',
  aliases: ['s3', 'blob', 'bucket', 'files', 'object store'],
  group: 'Data',
  icon: 'HardDrive',
  description:
    'An object store (S3-like): huge concurrency, but each request is slow-ish and long-tailed (a p99 many times the median), a small share of requests fail and should be retried, and the request rate per key prefix is capped: beyond it requests answer “throttled” (503 Slow Down). Put a cache or CDN in front for hot objects; use timeouts and retries (hedging) against the tail.',
  acceptsCalls: true,
  outgoing: 'none',
  metrics: [{ key: 'overQuota', label: 'Throttled by the request rate limit', merge: 'sum' }],
  params: {
    concurrency: int({
      label: 'Concurrency',
      help: 'Requests served at once.',
      default: 2000,
      min: 1,
      max: 10_000_000,
      canvas: true,
    }),
    queueCapacity: int({
      label: 'Queue capacity',
      help: 'Requests that may wait beyond the concurrency; beyond it they are rejected.',
      default: 10_000,
      min: 0,
      max: 100_000_000,
    }),
    readMs: dist({
      label: 'GET time',
      help: 'Time to serve a read (first byte to last).',
      default: { dist: 'lognormal', p50: 20, p99: 250 },
      canvas: true,
    }),
    writeMs: dist({
      label: 'PUT time',
      help: 'Time to store a write durably.',
      default: { dist: 'lognormal', p50: 40, p99: 400 },
    }),
    errorRate: num({
      label: 'Error rate',
      help: 'Fraction of requests that fail with “error” (transient 5xx).',
      default: 0.001,
      min: 0,
      max: 1,
      step: 0.001,
    }),
    requestRate: feature(
      {
        readsPerS: int({
          label: 'GETs per second',
          help: 'Reads admitted per second (S3 allows 5,500 per prefix).',
          default: 5500,
          min: 1,
          max: 100_000_000,
        }),
        writesPerS: int({
          label: 'PUTs per second',
          help: 'Writes admitted per second (S3 allows 3,500 per prefix).',
          default: 3500,
          min: 1,
          max: 100_000_000,
        }),
      },
      {
        label: 'Request rate limit',
        help: 'The store caps requests per second per key prefix; a second’s worth may come at once, and requests beyond the rate answer throttled (S3’s 503 Slow Down, which its SDKs retry with backoff: turn on “Retry throttled” in the calling edge’s retries to do the same). Real stores raise the cap by spreading keys over more prefixes: raise it here to model that.',
        defaultOn: true,
      },
    ),
  },
  summary: (p) =>
    `${compact(p.concurrency)} at once · GET ${distText(p.readMs)}` +
    (p.requestRate ? ` · ≤ ${compact(p.requestRate.readsPerS)} GET/s` : ''),
  capacityRps: (p, meanMs) => {
    const m = meanMs(p.readMs);
    return m > 0 ? (p.concurrency * 1000) / m : null;
  },
  rateCaps: (p) =>
    p.requestRate
      ? { param: 'requestRate', read: p.requestRate.readsPerS, write: p.requestRate.writesPerS }
      : null,
});
