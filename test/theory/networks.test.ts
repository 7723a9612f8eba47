/**
 * Networks of queues: an open tandem Jackson network (product form: each station behaves
 * as an independent M/M/1 with its own arrival rate) and a closed interactive system
 * (the response-time law R = N/X − Z, which holds for any service discipline).
 */
import { describe, expect, it } from 'vitest';
import { note, relErr, run } from './helpers';

/** Jackson network: each station's mean response time within 5% of 1/(μᵢ−λᵢ). */
const JACKSON_TOL = 0.05;
/** Closed loop: measured R within 2% of N/X − Z. */
const RESPONSE_LAW_TOL = 0.02;

describe('tandem Jackson network', () => {
  it(`three M/M/1 stations joined by async edges, one branch with probability 0.5: each within ${JACKSON_TOL * 100}% of 1/(μᵢ−λᵢ)`, () => {
    const lambda = 60;
    // users -> s1 -> s2 (async, p = 1) -> s3 (async, p = 0.5): λ = 60, 60, 30.
    const stations = [
      { id: 's1', meanMs: 12.5, lambda: lambda }, // μ 80, ρ 0.75
      { id: 's2', meanMs: 10, lambda: lambda }, // μ 100, ρ 0.6
      { id: 's3', meanMs: 20, lambda: lambda * 0.5 }, // μ 50, ρ 0.6
    ];
    const design = {
      schemaVersion: 1,
      name: 'tandem Jackson network',
      nodes: [
        { id: 'users', kind: 'client', params: { rps: lambda, readRatio: 1 } },
        ...stations.map((s) => ({
          id: s.id,
          kind: 'service',
          params: {
            instances: 1,
            concurrency: 1,
            queueCapacity: 10_000_000,
            serviceTimeMs: { dist: 'exponential', mean: s.meanMs },
          },
        })),
      ],
      edges: [
        { id: 'e0', source: 'users', target: 's1', params: { latencyMs: 0 } },
        { id: 'e1', source: 's1', target: 's2', params: { mode: 'async', latencyMs: 0 } },
        { id: 'e2', source: 's2', target: 's3', params: { mode: 'async', latencyMs: 0, probability: 0.5 } },
      ],
      scenario: { durationS: 20_000, warmupS: 100, seed: 51 },
    };
    const { summary } = run(design);
    for (const s of stations) {
      const node = summary.nodes[s.id];
      const mu = 1000 / s.meanMs;
      const W = 1000 / (mu - s.lambda);
      note(`Jackson ${s.id} (λ=${s.lambda}, μ=${mu}) mean response ms`, node.latencyMs.mean, W);
      expect(relErr(node.throughputRps, s.lambda)).toBeLessThan(0.01);
      expect(relErr(node.latencyMs.mean, W), `${s.id}: ${node.latencyMs.mean} vs ${W}`).toBeLessThan(
        JACKSON_TOL,
      );
    }
    // Async calls do not hold the caller: the client sees only s1.
    expect(relErr(summary.clients.users.latencyMs.mean, summary.nodes.s1.latencyMs.mean)).toBeLessThan(1e-9);
  });
});

describe('closed loop', () => {
  // Think time exponential; the think-time sample mean is the only noise the law sees
  // (X·(R + Z) = N holds per run up to edge effects), so Z is kept comparable to R.
  const cases = [
    { users: 10, thinkMs: 100, seed: 61, label: 'moderate load' },
    { users: 20, thinkMs: 50, seed: 62, label: 'saturated server' },
  ];
  for (const c of cases) {
    it(`${c.users} users, think time ${c.thinkMs} ms (${c.label}): R = N/X − Z within ${RESPONSE_LAW_TOL * 100}%`, () => {
      const design = {
        schemaVersion: 1,
        nodes: [
          {
            id: 'users',
            kind: 'client',
            params: { users: c.users, thinkTimeMs: { dist: 'exponential', mean: c.thinkMs }, readRatio: 1 },
          },
          {
            id: 'svc',
            kind: 'service',
            params: {
              instances: 1,
              concurrency: 2,
              queueCapacity: 10_000,
              serviceTimeMs: { dist: 'exponential', mean: 20 },
            },
          },
        ],
        edges: [{ id: 'e', source: 'users', target: 'svc', params: { latencyMs: 1 } }],
        scenario: { durationS: 10_000, warmupS: 20, seed: c.seed },
      };
      const { summary } = run(design);
      const client = summary.clients.users;
      const X = client.throughputRps;
      const R = client.latencyMs.mean;
      const law = (c.users / X) * 1000 - c.thinkMs;
      note(`closed loop N=${c.users} Z=${c.thinkMs}: R ms (X = ${X} req/s)`, R, law);
      expect(client.outcomes).toEqual({ ok: client.requests });
      expect(relErr(R, law), `R ${R} vs N/X − Z ${law}`).toBeLessThan(RESPONSE_LAW_TOL);
      // Never more than N requests in the system at once.
      expect(summary.nodes.svc.maxQueueLength).toBeLessThanOrEqual(c.users - 2);
    });
  }
});
