/**
 * The benchmark's designs, as functions of the simulated duration so that the full
 * bench, the --quick smoke run and test/cli/bench.test.ts all build the same thing.
 */
import type { Design } from '../src/model/design';

/** M/M/1: Poisson arrivals at 80/s, one thread with exponential 10 ms service (μ = 100/s). */
export function mm1Design(durationS: number): Design {
  return {
    schemaVersion: 1,
    name: 'bench: M/M/1 (λ 80/s, μ 100/s)',
    nodes: [
      {
        id: 'users',
        kind: 'client',
        params: { rps: 80, readRatio: 1, keys: { count: 1000, distribution: 'uniform' } },
      },
      {
        id: 'server',
        kind: 'service',
        params: {
          instances: 1,
          concurrency: 1,
          queueCapacity: 1_000_000,
          serviceTimeMs: { dist: 'exponential', mean: 10 },
        },
      },
    ],
    edges: [{ id: 'e1', source: 'users', target: 'server', params: { latencyMs: 0, timeoutMs: 10_000 } }],
    scenario: { durationS, warmupS: 0, seed: 1 },
  };
}

/** Simulated seconds for `requests` M/M/1 requests at 80/s. */
export const mm1DurationFor = (requests: number) => requests / 80;

const retry = (max: number, budget: number | null = 0.2) => ({
  max,
  backoff: { baseMs: 20, multiplier: 2, maxMs: 1000, jitter: 'full' },
  budget,
});

/**
 * Ten nodes: a client at 1000 req/s → a load balancer → three API services → a
 * database with two read replicas; each API also calls an auth service (behind its own
 * balancer, backed by a session database) and, for a third of the requests, a
 * recommendations service that reads the main database. Timeouts and retries on the
 * edges, moderate load (no node above ~60% utilization).
 */
export function tenNodeDesign(durationS: number): Design {
  const apis = ['api-a', 'api-b', 'api-c'];
  return {
    schemaVersion: 1,
    name: 'bench: 10-node web app',
    nodes: [
      {
        id: 'users',
        kind: 'client',
        params: {
          rps: 1000,
          readRatio: 0.9,
          keys: { count: 100_000, distribution: 'zipf', skew: 1 },
          sloMs: 300,
        },
      },
      { id: 'lb', kind: 'loadbalancer', params: { algorithm: 'least-connections' } },
      ...apis.map((id) => ({
        id,
        kind: 'service',
        params: {
          instances: 2,
          concurrency: 16,
          queueCapacity: 200,
          serviceTimeMs: { dist: 'exponential', mean: 5 },
        },
      })),
      { id: 'auth-lb', kind: 'loadbalancer', params: { algorithm: 'round-robin' } },
      {
        id: 'auth',
        kind: 'service',
        params: { instances: 3, concurrency: 8, serviceTimeMs: { dist: 'lognormal', p50: 1, p99: 8 } },
      },
      {
        id: 'sessions',
        kind: 'database',
        params: { connections: 32, readMs: { dist: 'exponential', mean: 1 } },
      },
      {
        id: 'recs',
        kind: 'service',
        params: { instances: 2, concurrency: 16, serviceTimeMs: { dist: 'exponential', mean: 8 } },
      },
      {
        id: 'db',
        kind: 'database',
        params: {
          connections: 20,
          replicas: 2,
          readFrom: 'replicas',
          readMs: { dist: 'exponential', mean: 4 },
          writeMs: { dist: 'exponential', mean: 8 },
        },
      },
    ],
    edges: [
      { id: 'users-lb', source: 'users', target: 'lb', params: { timeoutMs: 2000, retries: retry(2) } },
      ...apis.flatMap((id) => [
        { id: `lb-${id}`, source: 'lb', target: id, params: { timeoutMs: 1000 } },
        {
          id: `${id}-auth`,
          source: id,
          target: 'auth-lb',
          params: { timeoutMs: 300, retries: retry(2, 0.1) },
        },
        {
          id: `${id}-db`,
          source: id,
          target: 'db',
          params: { timeoutMs: 500, retries: retry(1, 0.1), latencyMs: 1 },
        },
        {
          id: `${id}-recs`,
          source: id,
          target: 'recs',
          params: { probability: 0.3, route: 'read', timeoutMs: 200 },
        },
      ]),
      { id: 'authlb-auth', source: 'auth-lb', target: 'auth' },
      {
        id: 'auth-sessions',
        source: 'auth',
        target: 'sessions',
        params: { timeoutMs: 100, retries: retry(1) },
      },
      {
        id: 'recs-db',
        source: 'recs',
        target: 'db',
        params: { timeoutMs: 300, retries: retry(1, 0.1), latencyMs: 1 },
      },
    ],
    scenario: { durationS, warmupS: Math.min(60, durationS / 10), seed: 7 },
  };
}
