import { compact, defineKind } from '../catalog';
import { choice, dist, int, num } from '../params';

export const ratelimiter = defineKind({
  kind: 'ratelimiter',
  label: 'Rate limiter',
  aliases: ['throttle', 'quota', 'token bucket', 'leaky bucket'],
  group: 'Edge & routing',
  icon: 'Gauge',
  description:
    'Admits calls up to a rate and answers the rest “throttled” (HTTP 429), protecting what sits behind it. Token bucket allows bursts up to the bucket size; leaky bucket smooths calls into an even stream through a small wait queue; fixed window counts per clock window (and lets up to twice the limit through around a window boundary); sliding window never exceeds the limit in any window. Per-client scope gives each client its own allowance.',
  routing: 'split',
  acceptsCalls: true,
  outgoing: 'one',
  metrics: [
    { key: 'admitted', label: 'Admitted', merge: 'sum' },
    { key: 'noRoute', label: 'No route', merge: 'sum' },
  ],
  params: {
    algorithm: choice(['token-bucket', 'leaky-bucket', 'fixed-window', 'sliding-window'], {
      label: 'Algorithm',
      help: 'Token bucket: rate + burst. Leaky bucket: a FIFO drained at the rate. Fixed window: limit per clock window. Sliding window: limit in any window of that length (exact sliding log).',
      default: 'token-bucket',
      canvas: true,
    }),
    ratePerS: num({
      label: 'Rate',
      unit: 'req/s',
      help: 'Token and leaky bucket: sustained calls per second.',
      default: 100,
      min: 0,
      exclusiveMin: true,
      max: 10_000_000,
      canvas: true,
    }),
    burst: int({
      label: 'Burst',
      help: 'Token bucket: bucket size, the most calls admitted at once after a quiet spell.',
      default: 20,
      min: 1,
      max: 10_000_000,
    }),
    queue: int({
      label: 'Queue',
      help: 'Leaky bucket: calls that may wait to be released; beyond it they are throttled.',
      default: 50,
      min: 0,
      max: 1_000_000,
    }),
    limit: int({
      label: 'Limit',
      help: 'Fixed and sliding window: calls admitted per window.',
      default: 100,
      min: 1,
      max: 1_000_000,
    }),
    windowS: num({
      label: 'Window',
      unit: 's',
      help: 'Fixed and sliding window: window length.',
      default: 1,
      min: 0.001,
      max: 86_400,
    }),
    scope: choice(['global', 'per-client'], {
      label: 'Scope',
      help: 'Global: one allowance shared by all callers. Per-client: each client (the request’s origin) has its own.',
      default: 'global',
    }),
    overheadMs: dist({
      label: 'Overhead',
      help: 'Time the limiter adds to each admitted call.',
      default: 0.1,
      advanced: true,
    }),
  },
  rateCaps: (p) =>
    p.algorithm === 'token-bucket' || p.algorithm === 'leaky-bucket'
      ? { param: 'ratePerS', total: p.ratePerS, perClient: p.scope === 'per-client' }
      : { param: 'limit', total: p.limit / p.windowS, perClient: p.scope === 'per-client' },
  summary: (p) =>
    (p.algorithm === 'token-bucket'
      ? `token bucket · ${compact(p.ratePerS)}/s · burst ${compact(p.burst)}`
      : p.algorithm === 'leaky-bucket'
        ? `leaky bucket · ${compact(p.ratePerS)}/s · queue ${compact(p.queue)}`
        : `${p.algorithm === 'fixed-window' ? 'fixed' : 'sliding'} window · ${compact(p.limit)} / ${compact(p.windowS)} s`) +
    (p.scope === 'per-client' ? ' · per client' : ''),
});
