import { defineKind } from '../catalog';
import { bool, choice, dist, int, optNum } from '../params';
import { healthCheckParam } from './shared';

export const loadbalancer = defineKind({
  kind: 'loadbalancer',
  label: 'Load balancer',
  aliases: ['lb', 'alb', 'elb', 'nginx', 'haproxy', 'proxy', 'balancing'],
  group: 'Edge & routing',
  icon: 'Split',
  description:
    'Spreads each call over its backends (outgoing edges) by an algorithm. Health checks take time to notice a dead backend; until then the balancer keeps sending to it, and a least-connections balancer even prefers it because failures return fast (sinkholing).',
  routing: 'split',
  acceptsCalls: true,
  outgoing: 'many',
  metrics: [{ key: 'healthyBackends', label: 'Healthy backends', merge: 'mean' }],
  params: {
    algorithm: choice(
      ['round-robin', 'weighted', 'random', 'least-connections', 'power-of-two', 'consistent-hash', 'sticky'],
      {
        label: 'Algorithm',
        help: 'How a backend is picked: in turn, by edge weight, at random, fewest calls in flight, best of two random picks, by request key on a hash ring, or by client.',
        default: 'round-robin',
        canvas: true,
      },
    ),
    healthCheck: healthCheckParam(
      { intervalMs: 5000, timeoutMs: 1000, unhealthyAfter: 2, healthyAfter: 2 },
      'Active probes that take dead backends out of rotation, with a detection delay.',
    ),
    retryOtherBackend: bool({
      label: 'Retry on another backend',
      help: 'On a failed call, try once more on a different backend.',
      default: false,
    }),
    overheadMs: dist({ label: 'Overhead', help: 'Time the balancer adds to each call.', default: 0.1 }),
    maxConnections: optNum({
      label: 'Max connections',
      help: 'Calls in flight through the balancer beyond this are rejected. Empty: unlimited.',
      min: 1,
      max: 10_000_000,
      integer: true,
      suggested: 10_000,
    }),
    virtualNodes: int({
      label: 'Virtual nodes',
      help: 'Consistent hashing: points per backend on the ring (more: a more even spread).',
      default: 100,
      min: 1,
      max: 1000,
      advanced: true,
    }),
  },
  summary: (p) =>
    p.algorithm + (p.healthCheck ? ` · hc ${p.healthCheck.intervalMs / 1000} s` : ' · no health check'),
});
