/**
 * Load balancing: power-of-two choices against random at high utilization, the evenness
 * of power-of-two over identical backends, and consistent hashing at engine level (every
 * key lands on exactly the backend the hash ring assigns it). Key movement on removal is
 * tested on HashRing directly in test/engine/hashring.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/sim/run';
import { HashRing } from '../../src/sim/hashring';
import { note, relErr, run } from './helpers';

/** Power-of-two over identical backends: each backend's share of calls within 2% (relative) of 1/n. */
const P2C_SHARE_TOL = 0.02;
/** Power-of-two must beat random's p99 by at least this factor at utilization 0.9. */
const P2C_P99_FACTOR = 2;

const BACKENDS = ['b0', 'b1', 'b2', 'b3'];

function balanced(algorithm: string, opts: { rps: number; durationS: number; seed: number; keys?: unknown }) {
  return {
    schemaVersion: 1,
    name: `4 backends, ${algorithm}`,
    nodes: [
      {
        id: 'users',
        kind: 'client',
        params: { rps: opts.rps, readRatio: 1, ...(opts.keys ? { keys: opts.keys } : {}) },
      },
      { id: 'lb', kind: 'loadbalancer', params: { algorithm, healthCheck: null, overheadMs: 0 } },
      ...BACKENDS.map((id) => ({
        id,
        kind: 'service',
        params: {
          instances: 1,
          concurrency: 1,
          queueCapacity: 10_000_000,
          serviceTimeMs: { dist: 'exponential', mean: 10 },
        },
      })),
    ],
    edges: [
      { id: 'in', source: 'users', target: 'lb', params: { latencyMs: 0 } },
      ...BACKENDS.map((id) => ({ id: `lb-${id}`, source: 'lb', target: id, params: { latencyMs: 0 } })),
    ],
    scenario: { durationS: opts.durationS, warmupS: 50, seed: opts.seed },
  };
}

describe('power-of-two choices', () => {
  it(`beats random on p99 at utilization 0.9 (by more than ${P2C_P99_FACTOR}×) and spreads evenly over identical backends`, () => {
    // 4 backends of μ = 100/s; λ = 360/s: utilization 0.9.
    const opts = { rps: 360, durationS: 3_000, seed: 71 };
    const random = run(balanced('random', opts)).summary;
    const p2c = run(balanced('power-of-two', opts)).summary;
    const rP99 = random.clients.users.latencyMs.p99;
    const pP99 = p2c.clients.users.latencyMs.p99;
    // Random splitting makes 4 independent M/M/1 queues at ρ = 0.9: p99 = ln(100)/(μ−λ/4) = 460.5 ms.
    note('random p99 ms', rP99, (1000 * Math.log(100)) / (100 - 90));
    note('power-of-two p99 ms', pP99);
    expect(relErr(rP99, (1000 * Math.log(100)) / 10)).toBeLessThan(0.1);
    expect(pP99 * P2C_P99_FACTOR).toBeLessThan(rP99);
    expect(p2c.clients.users.latencyMs.mean).toBeLessThan(random.clients.users.latencyMs.mean);
    // Both choices are uniform over distinct backends, so identical backends get equal shares.
    const total = BACKENDS.reduce((a, b) => a + p2c.nodes[b].arrivals, 0);
    for (const b of BACKENDS) {
      const share = p2c.nodes[b].arrivals / total;
      note(`power-of-two share of ${b}`, share, 0.25);
      expect(relErr(share, 0.25), `${b} share ${share}`).toBeLessThan(P2C_SHARE_TOL);
    }
  });
});

describe('consistent hashing', () => {
  it('sends every key to exactly one backend, the one the hash ring assigns', () => {
    const KEYS = 64;
    const design = balanced('consistent-hash', {
      rps: 200,
      durationS: 60,
      seed: 81,
      keys: { count: KEYS, distribution: 'uniform' },
    });
    const p = prepare(design);
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    const engine = p.engine;
    // Instrument each backend: record which keys arrive there.
    const seen = new Map<number, Set<string>>();
    for (const b of BACKENDS) {
      const behaviour = engine.nodes[engine.plan.nodeIndex.get(b)!];
      const original = behaviour.onArrive.bind(behaviour);
      behaviour.onArrive = (t: number) => {
        const key = engine.tasks.key[t];
        if (!seen.has(key)) seen.set(key, new Set());
        seen.get(key)!.add(b);
        original(t);
      };
    }
    engine.runToEnd();
    // The balancer's ring: its members are the outgoing edge ids, with the default 100 virtual nodes.
    const edgeIds = BACKENDS.map((b) => `lb-${b}`);
    const ring = new HashRing(edgeIds, 100);
    expect(seen.size).toBe(KEYS); // every key was requested in 60 s at 200 req/s
    const perBackend = new Map<string, number>();
    for (const [key, backends] of seen) {
      expect(backends.size, `key ${key} went to ${[...backends].join(', ')}`).toBe(1);
      const expected = BACKENDS[ring.lookup(key, () => true)];
      const [got] = backends;
      expect(got, `key ${key}`).toBe(expected);
      perBackend.set(got, (perBackend.get(got) ?? 0) + 1);
    }
    // The keys spread over more than one backend (the ring is not degenerate).
    expect(perBackend.size).toBeGreaterThan(1);
  });
});
