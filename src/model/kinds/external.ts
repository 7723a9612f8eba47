import { compact, defineKind, distText } from '../catalog';
import { choice, dist, feature, int, num } from '../params';

export const external = defineKind({
  kind: 'external',
  label: 'Third-party API',
  aliases: ['third party', 'vendor', 'payment', 'stripe', 'saas', 'dependency'],
  group: 'Infrastructure',
  icon: 'Cloud',
  description:
    'An API run by someone else (payments, maps, email): you cannot scale or fix it. Latency is long-tailed, some calls fail, and a quota caps your request rate: beyond it calls answer “throttled” (429). Protect yourself with a timeout, a few retries with backoff, and a circuit breaker on the edge that calls it.',
  acceptsCalls: true,
  outgoing: 'none',
  metrics: [{ key: 'overQuota', label: 'Throttled by the quota', merge: 'sum' }],
  params: {
    latencyMs: dist({
      label: 'Response time',
      help: 'Time the provider takes to answer.',
      default: { dist: 'lognormal', p50: 80, p99: 1000 },
      canvas: true,
    }),
    concurrency: int({
      label: 'Concurrency',
      help: 'Calls the provider works on at once for you.',
      default: 500,
      min: 1,
      max: 10_000_000,
    }),
    queueCapacity: int({
      label: 'Queue capacity',
      help: 'Calls that may wait beyond the concurrency; beyond it they are rejected.',
      default: 1000,
      min: 0,
      max: 100_000_000,
    }),
    errorRate: num({
      label: 'Error rate',
      help: 'Fraction of calls that fail with “error” (5xx).',
      default: 0.01,
      min: 0,
      max: 1,
      step: 0.005,
    }),
    quota: feature(
      {
        algorithm: choice(['fixed-window', 'token-bucket'], {
          label: 'Quota kind',
          help: 'Fixed window: “limit” calls per window (e.g. per minute). Token bucket: “limit” per window on average with bursts up to “burst”.',
          default: 'fixed-window',
        }),
        limit: int({
          label: 'Limit',
          help: 'Calls allowed per window.',
          default: 6000,
          min: 1,
          max: 100_000_000,
        }),
        windowS: num({
          label: 'Window',
          unit: 's',
          help: 'Quota window.',
          default: 60,
          min: 0.001,
          max: 86_400,
        }),
        burst: int({
          label: 'Burst',
          help: 'Token bucket only: most calls admitted at once.',
          default: 100,
          min: 1,
          max: 100_000_000,
        }),
      },
      {
        label: 'Quota',
        help: 'Your request allowance; calls over it answer throttled (429).',
        defaultOn: true,
      },
    ),
  },
  summary: (p) =>
    `${distText(p.latencyMs)}` +
    (p.quota ? ` · quota ${compact(p.quota.limit)}/${compact(p.quota.windowS)} s` : '') +
    (p.errorRate > 0 ? ` · ${compact(p.errorRate * 100)}% errors` : ''),
  capacityRps: (p, meanMs) => {
    const m = meanMs(p.latencyMs);
    return m > 0 ? (p.concurrency * 1000) / m : null;
  },
  rateCaps: (p) => (p.quota ? { param: 'quota', total: p.quota.limit / p.quota.windowS } : null),
});
