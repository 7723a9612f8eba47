import { compact, defineKind, distText } from '../catalog';
import { choice, dist, int, num } from '../params';
import { healthCheckParam } from './shared';

export const dns = defineKind({
  kind: 'dns',
  label: 'DNS',
  aliases: ['route 53', 'resolver', 'domain', 'failover'],
  group: 'Edge & routing',
  icon: 'Signpost',
  description:
    'Resolves a name to one of its targets (outgoing edges) and the call goes there. Answers are cached by the callers’ resolvers for the TTL, so most calls skip the lookup; but after a failover, callers holding a cached answer keep going to the dead target until their TTL runs out. Health checks decide which targets a fresh lookup may return (failover: the first healthy one in edge order; weighted: by edge weight; latency: the lowest edge latency). A fault on the DNS (crash, errors, latency) touches only the lookups: calls with a cached answer never reach it.',
  routing: 'split',
  acceptsCalls: true,
  outgoing: 'many',
  metrics: [
    { key: 'lookups', label: 'Lookups (cache misses)', merge: 'sum' },
    { key: 'cached', label: 'Answered from resolver caches', merge: 'sum' },
    { key: 'staleRoutes', label: 'Calls sent to an unhealthy target by a cached answer', merge: 'sum' },
    { key: 'healthyTargets', label: 'Healthy targets', merge: 'mean' },
  ],
  params: {
    policy: choice(['failover', 'weighted', 'latency'], {
      label: 'Routing policy',
      help: 'Failover: the first healthy target in edge order (primary, then secondary...). Weighted: healthy targets by edge weight (weight 0: a backup, used evenly only when no weighted target is healthy). Latency: the healthy target with the lowest mean edge latency (as configured, plus zone crossings and latency faults on the edge).',
      default: 'failover',
      canvas: true,
    }),
    ttlS: num({
      label: 'TTL',
      unit: 's',
      help: 'How long resolvers cache an answer. Long: fewer lookups, slow failover. Short: fast failover, more lookups.',
      default: 60,
      min: 0,
      max: 86_400,
      canvas: true,
    }),
    lookupMs: dist({
      label: 'Lookup time',
      help: 'Time of a lookup that misses the resolver cache.',
      default: { dist: 'lognormal', p50: 20, p99: 120 },
    }),
    resolvers: int({
      label: 'Resolver caches per client',
      help: 'Independent caches (devices, ISP resolvers) behind each client; a call uses one at random. They start warm, with expiries spread over one TTL.',
      default: 100,
      min: 1,
      max: 10_000,
      advanced: true,
    }),
    healthCheck: healthCheckParam(
      { intervalMs: 10_000, timeoutMs: 2000, unhealthyAfter: 3, healthyAfter: 2 },
      'Probes that take dead targets out of fresh answers, with a detection delay. Off: every target is always returned.',
    ),
  },
  splitShares(p, candidates) {
    if (p.policy === 'weighted') {
      const weighted = candidates.some((c) => c.weight > 0);
      return candidates.map((c) => (weighted ? c.weight : 1)); // weight 0: a backup tier
    }
    // Failover: the first in edge order; latency: the lowest mean edge latency (first on a tie).
    let pick = 0;
    if (p.policy === 'latency')
      candidates.forEach((c, i) => {
        if (c.latencyMs < candidates[pick].latencyMs) pick = i;
      });
    return candidates.map((_, i) => (i === pick ? 1 : 0));
  },
  summary: (p) => `${p.policy} · TTL ${compact(p.ttlS)} s · lookup ${distText(p.lookupMs)}`,
});
