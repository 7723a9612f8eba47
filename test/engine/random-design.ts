/**
 * A fast-check arbitrary of random small designs in the file format: chains and trees of
 * client → load balancer / service / database with random parameters, edge policies and
 * faults. Shared by the conservation and determinism property tests.
 */
import fc from 'fast-check';
import { faultTargetsKind } from '../../src/model/faults';

type Obj = Record<string, unknown>;

const intIn = (min: number, max: number) => fc.integer({ min, max });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 2 });

const dist: fc.Arbitrary<unknown> = fc.oneof(
  intIn(0, 30),
  intIn(1, 40).map((mean) => ({ dist: 'exponential', mean })),
  fc.tuple(intIn(0, 10), intIn(0, 30)).map(([min, w]) => ({ dist: 'uniform', min, max: min + w })),
  fc.tuple(intIn(1, 10), intIn(1, 20)).map(([p50, f]) => ({ dist: 'lognormal', p50, p99: p50 * f })),
  fc.tuple(intIn(1, 4), intIn(1, 30)).map(([k, mean]) => ({ dist: 'erlang', k, mean })),
  fc.constant({ dist: 'constant', value: 5 }),
);
const positiveDist: fc.Arbitrary<unknown> = fc.oneof(
  intIn(1, 30),
  intIn(1, 40).map((mean) => ({ dist: 'exponential', mean })),
  fc.tuple(intIn(1, 10), intIn(0, 30)).map(([min, w]) => ({ dist: 'uniform', min, max: min + w })),
);
const smallLatency = fc.oneof(
  fc.constant(0),
  fc.constant(0.5),
  intIn(1, 5).map((mean) => ({ dist: 'exponential', mean })),
);

const clientParams: fc.Arbitrary<Obj> = fc.oneof(
  fc.record({
    rps: intIn(1, 300),
    readRatio: fc.constantFrom(0, 0.5, 0.9, 1),
    keys: fc.record({ count: intIn(1, 50), distribution: fc.constantFrom('uniform', 'zipf') }),
  }),
  // Think time never 0: a closed loop with zero think time over a path that answers in zero
  // time (e.g. no edge carries the request) never advances simulated time (see the report).
  fc.record({ users: intIn(1, 30), thinkTimeMs: positiveDist, readRatio: fc.constantFrom(0.5, 1) }),
  fc.record({
    rps: intIn(1, 200),
    profile: fc.oneof(
      fc.record({
        type: fc.constant('spike'),
        atS: intIn(0, 10),
        durationS: intIn(1, 5),
        factor: intIn(0, 5),
      }),
      fc.record({ type: fc.constant('ramp'), toRps: intIn(0, 300), overS: intIn(0, 20) }),
      fc.record({
        type: fc.constant('diurnal'),
        periodS: intIn(2, 20),
        amplitude: fc.constantFrom(0, 0.5, 1),
      }),
    ),
    arrivals: fc.constantFrom('poisson', 'uniform'),
  }),
);

const serviceParams: fc.Arbitrary<Obj> = fc.record({
  instances: intIn(1, 3),
  concurrency: intIn(1, 4),
  queueCapacity: intIn(0, 20),
  serviceTimeMs: dist,
  errorRate: fc.constantFrom(0, 0, 0.05, 0.5),
  io: fc.constantFrom('blocking', 'async'),
  calls: fc.constantFrom('sequential', 'parallel'),
  onDependencyError: fc.constantFrom('fail', 'fallback'),
  loadLatency: maybe(fc.record({ knee: fc.constantFrom(0.5, 0.8), factor: intIn(1, 4) })),
  autoscale: maybe(
    fc.record({
      min: intIn(1, 2),
      max: intIn(2, 4),
      evaluationS: intIn(1, 3),
      cooldownS: intIn(0, 3),
      startupS: intIn(0, 3),
    }),
  ),
});

const lbParams: fc.Arbitrary<Obj> = fc.record({
  algorithm: fc.constantFrom(
    'round-robin',
    'weighted',
    'random',
    'least-connections',
    'power-of-two',
    'consistent-hash',
    'sticky',
  ),
  healthCheck: maybe(
    fc.record({
      intervalMs: intIn(100, 3000),
      timeoutMs: intIn(10, 1000),
      unhealthyAfter: intIn(1, 3),
      healthyAfter: intIn(1, 3),
    }),
  ),
  retryOtherBackend: fc.boolean(),
  overheadMs: smallLatency,
  maxConnections: maybe(intIn(1, 50)),
});

const dbParams: fc.Arbitrary<Obj> = fc.record({
  connections: intIn(1, 8),
  queueCapacity: intIn(0, 30),
  readMs: dist,
  writeMs: dist,
  replicas: intIn(0, 2),
  readFrom: fc.constantFrom('primary', 'replicas'),
  replication: fc.constantFrom('sync', { type: 'async', lagMs: { dist: 'exponential', mean: 50 } }),
  shards: intIn(1, 3),
  failover: maybe(fc.record({ detectS: intIn(0, 3), promoteS: intIn(0, 3) })),
});

const edgeParams: fc.Arbitrary<Obj> = fc.record(
  {
    mode: fc.constantFrom('sync', 'sync', 'sync', 'async'),
    probability: fc.constantFrom(1, 1, 0.5),
    route: fc.constantFrom('all', 'all', 'read', 'write'),
    weight: intIn(0, 3),
    latencyMs: smallLatency,
    lossRate: fc.constantFrom(0, 0, 0.1),
    timeoutMs: maybe(intIn(5, 300)),
    retries: maybe(
      fc.record({
        max: intIn(0, 3),
        backoff: fc.record({
          baseMs: intIn(0, 50),
          jitter: fc.constantFrom('none', 'full', 'equal', 'decorrelated'),
        }),
        budget: maybe(fc.constantFrom(0.1, 0.5)),
        retryThrottled: fc.boolean(),
      }),
    ),
    circuitBreaker: maybe(
      fc.record({
        failureRate: fc.constantFrom(0.2, 0.5),
        minRequests: intIn(1, 20),
        windowS: intIn(1, 5),
        openS: intIn(0, 3),
        halfOpenProbes: intIn(1, 3),
      }),
    ),
    bulkhead: maybe(fc.record({ maxConcurrent: intIn(1, 10) })),
  },
  { requiredKeys: [] },
);

const FAULT_TYPES = [
  'crash',
  'latency',
  'errors',
  'cpu',
  'partition',
  'loss',
  'traffic',
  'primary-failure',
] as const;
const faultSpec = fc.record({
  type: fc.constantFrom(...FAULT_TYPES),
  pick: intIn(0, 1000),
  atS: intIn(0, 15),
  durationS: maybe(intIn(0, 10)),
  instances: maybe(intIn(1, 2)),
  factor: fc.constantFrom(0.5, 2, 10),
  rate: fc.constantFrom(0.3, 1),
  mode: fc.constantFrom('blackhole', 'refuse'),
});

/** A random DAG: each later node hangs under an earlier caller, plus a few extra edges. */
export const designArb = fc
  .record({
    clients: fc.array(clientParams, { minLength: 1, maxLength: 2 }),
    others: fc.array(
      fc.oneof(
        serviceParams.map((params) => ({ kind: 'service', params })),
        lbParams.map((params) => ({ kind: 'loadbalancer', params })),
        dbParams.map((params) => ({ kind: 'database', params })),
      ),
      { minLength: 1, maxLength: 5 },
    ),
    parents: fc.array(intIn(0, 1000), { minLength: 5, maxLength: 5 }),
    extra: fc.array(fc.tuple(intIn(0, 1000), intIn(0, 1000)), { maxLength: 3 }),
    edgeParams: fc.array(edgeParams, { minLength: 10, maxLength: 10 }),
    faults: fc.array(faultSpec, { maxLength: 3 }),
    durationS: intIn(3, 25),
    bucketS: fc.constantFrom(1, 1, 0.5, 2, 0.7),
    seed: intIn(0, 1000),
  })
  .map((r) => {
    const nodes: Obj[] = [
      ...r.clients.map((params, i) => ({ id: `c${i}`, kind: 'client', params })),
      ...r.others.map((o, i) => ({ id: `n${i}`, kind: o.kind, params: o.params })),
    ];
    const callers = (upTo: number) => nodes.slice(0, upTo).filter((n) => n.kind !== 'database');
    const edges: Obj[] = [];
    const pairs = new Set<string>();
    const addEdge = (s: string, t: string) => {
      if (pairs.has(`${s}>${t}`)) return;
      pairs.add(`${s}>${t}`);
      edges.push({
        id: `e${edges.length}`,
        source: s,
        target: t,
        params: r.edgeParams[edges.length % r.edgeParams.length],
      });
    };
    // Clients first, so every client calls the first non-client node at least through a chain.
    for (let i = r.clients.length; i < nodes.length; i++) {
      const cs = callers(i);
      const parent = i === r.clients.length ? nodes[0] : cs[r.parents[i - r.clients.length] % cs.length];
      addEdge(parent.id as string, nodes[i].id as string);
    }
    for (let i = 1; i < r.clients.length; i++) addEdge(`c${i}`, nodes[r.clients.length].id as string);
    for (const [a, b] of r.extra) {
      const t = r.clients.length + (b % r.others.length);
      const cs = callers(t);
      addEdge(cs[a % cs.length].id as string, nodes[t].id as string);
    }
    const faults = r.faults.flatMap((f) => {
      const nodeTargets = nodes.filter((n) => faultTargetsKind(f.type, n.kind as string));
      const onEdge =
        f.type === 'partition' || f.type === 'loss' || (f.type === 'latency' && f.pick % 2 === 1);
      const pool = onEdge ? edges.map((e) => e.id as string) : nodeTargets.map((n) => n.id as string);
      if (pool.length === 0) return [];
      const base = { type: f.type, target: pool[f.pick % pool.length], atS: f.atS, durationS: f.durationS };
      switch (f.type) {
        case 'crash':
          return [{ ...base, instances: f.instances }];
        case 'latency':
        case 'cpu':
        case 'traffic':
          return [{ ...base, factor: f.type === 'cpu' ? Math.min(1, f.factor) : f.factor }];
        case 'errors':
        case 'loss':
          return [{ ...base, rate: f.rate }];
        case 'partition':
          return [{ ...base, mode: f.mode }];
        default:
          return [base];
      }
    });
    return {
      schemaVersion: 1,
      name: 'random',
      nodes,
      edges,
      scenario: { durationS: r.durationS, warmupS: 0, bucketS: r.bucketS, seed: r.seed, faults },
    };
  });
