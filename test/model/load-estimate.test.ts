/**
 * The compiler's offered-load estimate (src/sim/compile.ts): how each 'split' kind shares
 * its calls among its targets, and the overload warning that follows from it. A DNS
 * resolves by its policy, not by edge weight, and the estimate must say so, or a
 * failover primary that is far too small goes unwarned. And the warning for a node whose
 * load-dependent slowdown can hold it at 100% busy after a burst (metastability).
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/sim/compile';
import { validateDesign } from '../../src/model';
import { runDesign } from '../../src/sim/run';

/** The compiled plan of a design that must be valid. */
function planOf(design: unknown) {
  const v = validateDesign(design);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return compile(v.resolved);
}

function plan(dnsParams: Record<string, unknown>, edgeParams: Record<string, unknown>[] = [{}, {}, {}]) {
  const targets = ['east', 'west', 'south'];
  const p = planOf({
    schemaVersion: 1,
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 300 } },
      { id: 'dns', kind: 'dns', params: dnsParams },
      // Each target serves about 200 req/s (1 thread, 5 ms): 300 req/s overloads any one of them.
      ...targets.map((id) => ({
        id,
        kind: 'service',
        params: { instances: 1, concurrency: 1, serviceTimeMs: 5 },
      })),
    ],
    edges: [
      { id: 'u-dns', source: 'users', target: 'dns' },
      ...targets.map((id, i) => ({ id: `dns-${id}`, source: 'dns', target: id, params: edgeParams[i] })),
    ],
    scenario: { durationS: 10 },
  });
  const at = (id: string) => p.nodes.findIndex((n) => n.id === id);
  const offered = Object.fromEntries(targets.map((id) => [id, p.offeredRps[at(id)]]));
  const overloaded = p.warnings.filter((w) => w.message.includes('exceeds the capacity')).map((w) => w.path);
  return { offered, overloaded, at };
}

describe('offered-load estimate behind a DNS', () => {
  it('failover: everything goes to the first target, and its overload is warned about', () => {
    const { offered, overloaded, at } = plan({ policy: 'failover' });
    expect(offered).toEqual({ east: 300, west: 0, south: 0 });
    expect(overloaded).toEqual([`nodes[${at('east')}]`]);
  });

  it('latency: everything goes to the lowest mean latency, zone crossings included', () => {
    const { offered } = plan({ policy: 'latency' }, [
      { latencyMs: 20 },
      { latencyMs: { dist: 'exponential', mean: 3 } },
      { latencyMs: 8 },
    ]);
    expect(offered).toEqual({ east: 0, west: 300, south: 0 });
  });

  it('weighted: by edge weight, with weight 0 as an unused backup while any target has weight', () => {
    const { offered, overloaded } = plan({ policy: 'weighted' }, [
      { weight: 2 },
      { weight: 1 },
      { weight: 0 },
    ]);
    expect(offered.east).toBeCloseTo(200, 9);
    expect(offered.west).toBeCloseTo(100, 9);
    expect(offered.south).toBe(0);
    expect(overloaded).toEqual([]); // 200 req/s at ~200 req/s capacity: at the limit, not beyond
  });

  it('weighted with every weight 0: an even split', () => {
    const { offered } = plan({ policy: 'weighted' }, [{ weight: 0 }, { weight: 0 }, { weight: 0 }]);
    for (const v of Object.values(offered)) expect(v).toBeCloseTo(100, 9);
  });
});

describe("an edge's probability in the estimate", () => {
  /** users → (lb | svc) → two services, every outgoing edge of the middle node at probability 0.3. */
  function viaMiddle(kind: 'loadbalancer' | 'service') {
    const p = planOf({
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 100 } },
        { id: 'mid', kind, params: {} },
        { id: 'a', kind: 'service', params: {} },
        { id: 'b', kind: 'service', params: {} },
      ],
      edges: [
        { id: 'in', source: 'users', target: 'mid', params: { probability: 0.5 } },
        { id: 'to-a', source: 'mid', target: 'a', params: { probability: 0.3 } },
        { id: 'to-b', source: 'mid', target: 'b', params: { probability: 0.3 } },
      ],
      scenario: { durationS: 10 },
    });
    const offered = (id: string) => p.offeredRps[p.nodes.findIndex((n) => n.id === id)];
    const ignored = p.warnings
      .filter((w) => w.path.endsWith('.probability'))
      .map((w) => `${w.path}: ${w.message}`);
    return { offered, ignored };
  }

  it('counts where it is drawn: a client sends that share, a service calls each dependency that share of the time', () => {
    const { offered, ignored } = viaMiddle('service');
    expect(offered('mid')).toBeCloseTo(50, 9);
    expect(offered('a')).toBeCloseTo(15, 9);
    expect(offered('b')).toBeCloseTo(15, 9);
    expect(ignored).toEqual([]);
  });

  it('is ignored, and said to be, where the source passes every call on (a balancer)', () => {
    const { offered, ignored } = viaMiddle('loadbalancer');
    expect(offered('a') + offered('b')).toBeCloseTo(50, 9); // not 15
    expect(ignored).toEqual([
      `edges[1].params.probability: ignored: "mid" (Load balancer) makes every call it passes on; only Client and Service nodes draw an edge's probability`,
      `edges[2].params.probability: ignored: "mid" (Load balancer) makes every call it passes on; only Client and Service nodes draw an edge's probability`,
    ]);
  });
});

describe('load-dependent latency: the metastability warning', () => {
  /**
   * One thread, 5 ms of work (200 req/s), three times slower when full (~66.7 req/s):
   * offered load above 66.7 can stay stuck at 100% busy once a burst fills the node.
   */
  function spiky(rps: number, spikeFactor: number) {
    return {
      schemaVersion: 1,
      nodes: [
        {
          id: 'users',
          kind: 'client',
          params: { rps, profile: { type: 'spike', atS: 20, durationS: 5, factor: spikeFactor } },
        },
        {
          id: 'api',
          kind: 'service',
          params: {
            instances: 1,
            concurrency: 1,
            queueCapacity: 500,
            serviceTimeMs: { dist: 'exponential', mean: 5 },
            loadLatency: { knee: 0.7, factor: 3 },
          },
        },
      ],
      edges: [{ id: 'e', source: 'users', target: 'api', params: { latencyMs: 0 } }],
      scenario: { durationS: 120, warmupS: 0, seed: 5 },
    };
  }
  const utilization = (
    r: { engine: { stats: { series: { column(c: string): Float32Array } }[] } },
    from: number,
    to: number,
  ) => {
    const u = r.engine.stats[1].series.column('utilization');
    let x = 0;
    for (let i = from; i < to; i++) x += u[i];
    return x / (to - from);
  };

  it('warns when a full node would serve less than the offered load, and such a node stays full after a burst', () => {
    const r = runDesign(spiky(100, 3));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.summary.warnings).toEqual([
      'nodes[1].params.loadLatency: "api" slows down up to ×3 past 70% busy: once full it serves only ~66.7 req/s, below the offered ~100 req/s, so a burst that fills it can leave it stuck at 100% busy after the burst ends (metastable)',
    ]);
    // Half busy before the burst (0.47), full during it, and still full long after (1.000).
    expect(utilization(r, 10, 20)).toBeLessThan(0.6);
    expect(utilization(r, 100, 120)).toBeGreaterThan(0.99);
  });

  it('stays quiet below that line, and such a node recovers after the same kind of burst', () => {
    const r = runDesign(spiky(55, 4));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.summary.warnings).toEqual([]);
    // Full during the burst (1.000), back to its old level after it (0.27 before, 0.275 after).
    expect(utilization(r, 30, 40)).toBeGreaterThan(0.99);
    expect(utilization(r, 100, 120)).toBeLessThan(0.35);
  });
});

describe('rate limits and quotas: the throttling warning', () => {
  function warnings(kind: string, params: Record<string, unknown>, rps: number, readRatio: number) {
    return planOf({
      schemaVersion: 1,
      nodes: [
        { id: 'app', kind: 'client', params: { rps, readRatio } },
        { id: 'x', kind, params },
      ],
      edges: [{ id: 'e', source: 'app', target: 'x' }],
      scenario: { durationS: 10 },
    }).warnings.map((w) => w.message);
  }

  it('checks storage reads and writes each against their own limit, and says how much is throttled', () => {
    // 3,000 GET/s and 3,000 PUT/s: both under 5,500 and 3,500 although the sum is not.
    expect(warnings('storage', {}, 6000, 0.5)).toEqual([]);
    expect(warnings('storage', {}, 4500, 0)).toEqual([
      'offered writes ~4500 req/s exceed the rate limit of "x" (3500 req/s): about 1000 req/s will be answered throttled',
    ]);
    expect(warnings('storage', { requestRate: null }, 4500, 0)).toEqual([]);
    // The warning points at the limit, so the validation panel can open it.
    const path = (kind: string, params: Record<string, unknown>) =>
      planOf({
        schemaVersion: 1,
        nodes: [
          { id: 'app', kind: 'client', params: { rps: 4500, readRatio: 0 } },
          { id: 'x', kind, params },
        ],
        edges: [{ id: 'e', source: 'app', target: 'x' }],
      }).warnings.map((w) => w.path);
    expect(path('storage', {})).toEqual(['nodes[1].params.requestRate']);
    expect(path('external', { quota: { algorithm: 'fixed-window', limit: 60, windowS: 1 } })).toContain(
      'nodes[1].params.quota',
    );
  });

  it('judges the servers by what the limit lets in: the throttled excess never queues', () => {
    // 100 workers × 20 ms serve ~5,000 GET/s; 8,000 offered, a limit of 1,000: only the
    // throttling is worth a warning (the run: utilization 0.2).
    const limited = { concurrency: 100, readMs: 20, requestRate: { readsPerS: 1000, writesPerS: 1000 } };
    expect(warnings('storage', limited, 8000, 1)).toEqual([
      'offered reads ~8000 req/s exceed the rate limit of "x" (1000 req/s): about 7000 req/s will be answered throttled',
    ]);
    // With the limit off, the same load does overload the servers.
    expect(warnings('storage', { ...limited, requestRate: null }, 8000, 1)).toEqual([
      'offered load ~8000 req/s exceeds the capacity of "x" (~5000 req/s): queues will grow until calls are rejected or time out',
    ]);
  });

  it('checks an external API’s quota against all its calls', () => {
    const quota = { algorithm: 'fixed-window', limit: 600, windowS: 10 };
    expect(warnings('external', { quota }, 100, 0.9)).toEqual([
      'offered calls ~100 req/s exceed the rate limit of "x" (60 req/s): about 40 req/s will be answered throttled',
    ]);
    expect(warnings('external', { quota }, 50, 0.9)).toEqual([]);
  });
});

describe('overload warning with autoscaling', () => {
  it('judges an autoscaled service by the most instances it may scale out to', () => {
    // One instance serves ~200 req/s (1 thread, 5 ms); 300 req/s overloads it, not four.
    const warningsFor = (autoscale: Record<string, unknown> | null, instances = 1) => {
      return planOf({
        schemaVersion: 1,
        nodes: [
          { id: 'users', kind: 'client', params: { rps: 300 } },
          {
            id: 'api',
            kind: 'service',
            params: { instances, concurrency: 1, serviceTimeMs: 5, autoscale },
          },
        ],
        edges: [{ id: 'e', source: 'users', target: 'api' }],
        scenario: { durationS: 10 },
      }).warnings.filter((w) => w.message.includes('exceeds the capacity'));
    };
    expect(warningsFor(null)).toHaveLength(1);
    expect(warningsFor({ min: 1, max: 4 })).toEqual([]);
    expect(warningsFor({ min: 1, max: 1 })).toHaveLength(1);
    // The engine keeps an autoscaled service within min..max whatever `instances` says.
    expect(warningsFor({ min: 1, max: 1 }, 4)).toHaveLength(1);
    expect(warningsFor(null, 4)).toEqual([]);
  });
});

describe('behind a rate limiter: the estimate carries what the limit lets through', () => {
  /** Clients (id → req/s) → a limiter → one service that serves ~200 req/s (1 thread, 5 ms). */
  function limited(rates: Record<string, number>, limiter: Record<string, unknown>, kind = 'ratelimiter') {
    const ids = Object.keys(rates);
    return {
      schemaVersion: 1,
      nodes: [
        ...ids.map((id) => ({ id, kind: 'client', params: { rps: rates[id] } })),
        { id: 'rl', kind, params: limiter },
        { id: 'svc', kind: 'service', params: { instances: 1, concurrency: 1, serviceTimeMs: 5 } },
      ],
      edges: [
        ...ids.map((id) => ({ id: `${id}-rl`, source: id, target: 'rl' })),
        { id: 'rl-svc', source: 'rl', target: 'svc' },
      ],
      scenario: { durationS: 40, warmupS: 5, seed: 3 },
    };
  }
  const warningsOf = (design: unknown) => planOf(design).warnings.map((w) => `${w.path}: ${w.message}`);
  /** Calls per second the service received over the run's window. */
  const served = (design: unknown) => {
    const r = runDesign(design);
    if (!r.ok) throw new Error('invalid');
    return r.summary.nodes.svc.throughputRps;
  };

  it('a token bucket at 100/s: the service behind it is not warned of 500 req/s, the throttling is', () => {
    const d = limited({ users: 500 }, { ratePerS: 100 });
    expect(warningsOf(d)).toEqual([
      'nodes[1].params.ratePerS: offered calls ~500 req/s exceed the rate limit of "rl" (100 req/s): about 400 req/s will be answered throttled',
    ]);
    // Checked against the run: the service gets the limit's rate, not the offered one.
    expect(served(d)).toBeCloseTo(100, -1);
    // Without the limiter's cap, the old estimate's figure would overload the service.
    const open = limited({ users: 500 }, { ratePerS: 1000 });
    expect(warningsOf(open)).toEqual([
      'nodes[2]: offered load ~500 req/s exceeds the capacity of "svc" (~200 req/s): queues will grow until calls are rejected or time out',
    ]);
  });

  it('per-client scope caps each client apart, and names the one over its allowance', () => {
    const d = limited({ heavy: 500, light: 10 }, { ratePerS: 100, scope: 'per-client' });
    expect(warningsOf(d)).toEqual([
      'nodes[2].params.ratePerS: offered calls from "heavy" ~500 req/s exceed each client\'s rate limit of "rl" (100 req/s): about 400 req/s will be answered throttled',
    ]);
    const p = planOf(d);
    // 100 from the heavy client and all 10 of the light one (a shared cap would admit 100 in all).
    expect(p.offeredRps[3]).toBeCloseTo(110, 9);
    expect(served(d)).toBeCloseTo(110, -1);
    // Per client, three clients at 100/s each pass; the service (~200 req/s) is overloaded.
    const three = limited({ a: 100, b: 100, c: 100 }, { ratePerS: 100, scope: 'per-client' });
    expect(warningsOf(three)).toEqual([
      'nodes[4]: offered load ~300 req/s exceeds the capacity of "svc" (~200 req/s): queues will grow until calls are rejected or time out',
    ]);
  });

  it('windows cap at limit / window; a gateway at its rate limit', () => {
    const win = limited({ users: 500 }, { algorithm: 'sliding-window', limit: 600, windowS: 10 });
    expect(planOf(win).offeredRps[2]).toBeCloseTo(60, 9);
    expect(warningsOf(win)[0]).toContain('nodes[1].params.limit: offered calls ~500 req/s');
    const gw = limited({ users: 500 }, { authMs: 0.1, rateLimit: { ratePerS: 150, burst: 10 } }, 'gateway');
    expect(planOf(gw).offeredRps[2]).toBeCloseTo(150, 9);
    expect(warningsOf(gw)).toEqual([
      'nodes[1].params.rateLimit: offered calls ~500 req/s exceed the rate limit of "rl" (150 req/s): about 350 req/s will be answered throttled',
    ]);
  });

  it('limits in series settle to the tighter one', () => {
    const p = planOf({
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 1000 } },
        { id: 'outer', kind: 'ratelimiter', params: { ratePerS: 300 } },
        { id: 'inner', kind: 'ratelimiter', params: { ratePerS: 120 } },
        { id: 'svc', kind: 'service', params: {} },
      ],
      edges: [
        { id: 'a', source: 'users', target: 'outer' },
        { id: 'b', source: 'outer', target: 'inner' },
        { id: 'c', source: 'inner', target: 'svc' },
      ],
    });
    expect(Array.from(p.offeredRps)).toEqual(
      [0, 1000, 300, 120].map((x, i) => (i === 0 ? p.offeredRps[0] : x)),
    );
    expect(p.warnings.map((w) => w.path)).toEqual(['nodes[1].params.ratePerS', 'nodes[2].params.ratePerS']);
  });
});

describe('a Pareto time with no finite mean', () => {
  const design = (serviceTimeMs: unknown, latencyMs: unknown = 0.5) => ({
    schemaVersion: 1,
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 100 } },
      { id: 's', kind: 'service', params: { concurrency: 100, serviceTimeMs } },
    ],
    edges: [{ id: 'e', source: 'users', target: 's', params: { latencyMs } }],
  });
  const warned = (d: unknown) => planOf(d).warnings.map((w) => w.path);

  it('is named at the param (shape <= 1), in place of a capacity of "~0.00 req/s"', () => {
    expect(warned(design({ dist: 'pareto', scale: 1, shape: 0.5 }))).toEqual([
      'nodes[1].params.serviceTimeMs',
    ]);
    expect(planOf(design({ dist: 'pareto', scale: 1, shape: 1 })).warnings[0].message).toMatch(
      /^a Pareto time with shape 1 \(at most 1\) has no finite mean/,
    );
    expect(warned(design(5, { dist: 'pareto', scale: 1, shape: 0.9 }))).toEqual([
      'edges[0].params.latencyMs',
    ]);
    // A heavy tail with a finite mean (shape 1.5: mean 3 ms) is fine.
    expect(warned(design({ dist: 'pareto', scale: 1, shape: 1.5 }))).toEqual([]);
  });
});

describe('a fault scheduled after the run', () => {
  it('is said never to happen, at its start time', () => {
    const p = planOf({
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 10 } },
        { id: 'db', kind: 'database', params: {} },
      ],
      edges: [{ id: 'e', source: 'users', target: 'db' }],
      scenario: {
        durationS: 90,
        faults: [
          { type: 'crash', target: 'db', atS: 89, durationS: 10 },
          { type: 'crash', target: 'db', atS: 500, durationS: 90 },
        ],
      },
    });
    expect(p.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'scenario.faults[1].atS: starts at 500 s, when the run (90 s) is over: it never happens',
    ]);
  });
});

describe('a run of very many time buckets', () => {
  const design = (durationS: number, bucketS: number) => ({
    schemaVersion: 1,
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 1 } },
      { id: 's', kind: 'service', params: {} },
    ],
    edges: [{ id: 'e', source: 'users', target: 's' }],
    scenario: { durationS, bucketS },
  });

  it('is warned of at the bucket, with a bucket size that keeps it to 10 million', () => {
    // 1e7 s in 0.01 s buckets ran for hours in the CLI, printing nothing.
    expect(planOf(design(1e7, 0.01)).warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      "scenario.bucketS: the run has 1,000,000,000 time buckets (10000000 s in 0.01 s buckets), and each one closes every node's and edge's series: it will take a long time; a bucket of 1 s or more keeps it to 10,000,000",
    ]);
    expect(planOf(design(3e6, 0.2)).warnings[0].message).toMatch(/a bucket of 0\.5 s or more/);
    // Up to 10 million buckets is quiet: a day in 0.01 s buckets, 1e7 s in 1 s ones.
    expect(planOf(design(86_400, 0.01)).warnings).toEqual([]);
    expect(planOf(design(1e7, 1)).warnings).toEqual([]);
  });
});

describe('offered-load estimate behind a write-behind cache', () => {
  /** 1000 writes/s over `keys` to a write-behind cache (flush every 5 s) in front of a ~200 writes/s store. */
  const behindCache = (
    keys: Record<string, unknown>,
    writePolicy: Record<string, unknown>,
    db: Record<string, unknown> = { connections: 2, writeMs: 10 },
  ) => {
    const design = {
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 1000, readRatio: 0, keys } },
        { id: 'cache', kind: 'cache', params: { hitMs: 0, writePolicy } },
        { id: 'db', kind: 'database', params: db },
      ],
      edges: [
        { id: 'e1', source: 'users', target: 'cache', params: { latencyMs: 0 } },
        { id: 'e2', source: 'cache', target: 'db', params: { latencyMs: 0 } },
      ],
      scenario: { durationS: 60, warmupS: 10, seed: 1 },
    };
    const p = planOf(design);
    const overloaded = p.warnings.some((w) => w.message.includes('exceeds the capacity of "db"'));
    return { offered: p.offeredRps[2], overloaded, design };
  };
  const flush5 = { type: 'write-behind', flushIntervalS: 5 };

  it('a few hot keys: one store write per dirty key per flush, no overload warning, as the run shows', () => {
    const { offered, overloaded, design } = behindCache({ count: 10, distribution: 'uniform' }, flush5);
    expect(offered).toBeCloseTo(2, 1); // 10 keys every 5 s
    expect(overloaded).toBe(false);
    const r = runDesign(design);
    if (!r.ok) throw new Error('invalid');
    expect(r.summary.nodes.db.arrivals / 50).toBeCloseTo(2, 0);
  });

  it('many keys: nearly every write reaches the store, and the overload is still warned about', () => {
    const { offered, overloaded } = behindCache({ count: 1_000_000, distribution: 'uniform' }, flush5);
    expect(offered).toBeGreaterThan(990);
    expect(overloaded).toBe(true);
  });

  it('Zipf keys: the hot keys coalesce, so the store gets the distinct keys of each interval', () => {
    const keys = { count: 100_000, distribution: 'zipf', skew: 1 };
    // A store that takes each flush's burst whole (a rejected write would stay dirty and come again).
    const { offered, design } = behindCache(keys, flush5, {
      connections: 100,
      writeMs: 10,
      queueCapacity: 100_000,
    });
    const r = runDesign(design);
    if (!r.ok) throw new Error('invalid');
    const measured = r.summary.nodes.db.arrivals / 50; // the window: 50 s
    expect(offered).toBeLessThan(1000 * 0.75);
    expect(Math.abs(offered - measured) / measured).toBeLessThan(0.05); // 489 vs 487 at seed 1
  });

  it('write-through passes every write on', () => {
    expect(behindCache({ count: 10, distribution: 'uniform' }, { type: 'write-through' }).offered).toBe(1000);
  });
});
