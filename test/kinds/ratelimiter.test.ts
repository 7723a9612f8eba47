/**
 * Rate limiter: token bucket admits exactly rate × time + burst and never more in any
 * window; fixed window lets up to 2× the limit through around a window boundary, the
 * sliding log never exceeds the limit in any window; leaky bucket paces admits evenly;
 * per-client scope gives each client its own allowance; its edge's route is honoured.
 */
import { describe, expect, test } from 'vitest';
import { maxInWindow, note, recordArrivals, run } from './messaging-helpers';

/** Admit counts are exact up to the last partial token. */
const TOKEN_TOLERANCE = 1;

function design(
  limiter: Record<string, unknown>,
  client: Record<string, unknown>,
  durationS: number,
  extraClient?: Record<string, unknown>,
) {
  const nodes: unknown[] = [
    { id: 'users', kind: 'client', params: client },
    { id: 'rl', kind: 'ratelimiter', params: { overheadMs: 0, ...limiter } },
    { id: 'api', kind: 'service', params: { instances: 1, concurrency: 10_000, serviceTimeMs: 1 } },
  ];
  const edges: unknown[] = [
    { id: 'e1', source: 'users', target: 'rl', params: { latencyMs: 0 } },
    { id: 'e2', source: 'rl', target: 'api', params: { latencyMs: 0 } },
  ];
  if (extraClient) {
    nodes.push({ id: 'other', kind: 'client', params: extraClient });
    edges.push({ id: 'e3', source: 'other', target: 'rl', params: { latencyMs: 0 } });
  }
  return { schemaVersion: 1, nodes, edges, scenario: { durationS, warmupS: 0, seed: 7 } };
}

describe('ratelimiter', () => {
  test('token bucket: admits rate × time + burst over a long window, never more in any window', () => {
    const rate = 100,
      burst = 50,
      T = 60;
    let admits: number[] = [];
    const r = run(
      design({ algorithm: 'token-bucket', ratePerS: rate, burst }, { rps: 3 * rate }, T),
      {},
      (e) => {
        admits = recordArrivals(e, 'api');
      },
    );
    const expected = burst + rate * T;
    note('token bucket admits in 60 s', admits.length, expected);
    expect(Math.abs(admits.length - expected)).toBeLessThanOrEqual(TOKEN_TOLERANCE);
    expect(r.summary.nodes.rl.admitted).toBe(admits.length);
    expect(r.summary.nodes.rl.outcomes.throttled).toBeGreaterThan(0);
    for (const w of [100, 1000, 10_000]) {
      const most = maxInWindow(admits, w);
      note(`token bucket most admits in any ${w} ms`, most, `<= ${burst + (rate * w) / 1000}`);
      expect(most).toBeLessThanOrEqual(burst + (rate * w) / 1000);
    }
    // The burst is used: in the first second the full bucket plus a second of refill goes through.
    expect(maxInWindow(admits, 1000)).toBeGreaterThanOrEqual(burst + rate - 2 * TOKEN_TOLERANCE);
  });

  // Quiet traffic, then a burst of 2000 req/s across the window boundary at t = 5 s.
  const boundaryBurst = {
    rps: 1,
    profile: {
      type: 'steps',
      steps: [
        { atS: 4.8, rps: 2000 },
        { atS: 5.2, rps: 1 },
      ],
    },
  };
  const L = 100;

  test('fixed window lets up to 2 × limit through across a window boundary', () => {
    let admits: number[] = [];
    run(design({ algorithm: 'fixed-window', limit: L, windowS: 1 }, boundaryBurst, 10), {}, (e) => {
      admits = recordArrivals(e, 'api');
    });
    const most = maxInWindow(admits, 1000);
    note('fixed window: most admits in any 1 s window', most, `2 × ${L} = ${2 * L}`);
    expect(most).toBeGreaterThanOrEqual(2 * L - 2); // the few quiet-traffic calls before 4.8 s may have used 1-2 slots
    expect(most).toBeLessThanOrEqual(2 * L);
    // Per clock window it never exceeds the limit.
    for (let k = 0; k < 10; k++)
      expect(admits.filter((t) => t >= k * 1000 && t < (k + 1) * 1000).length).toBeLessThanOrEqual(L);
  });

  test('sliding window never exceeds the limit in any window', () => {
    let admits: number[] = [];
    const r = run(
      design({ algorithm: 'sliding-window', limit: L, windowS: 1 }, boundaryBurst, 10),
      {},
      (e) => {
        admits = recordArrivals(e, 'api');
      },
    );
    const most = maxInWindow(admits, 1000);
    note('sliding window: most admits in any 1 s window', most, `<= ${L}`);
    expect(most).toBe(L); // the limit is reached (the burst is far above it), never passed
    expect(r.summary.nodes.rl.outcomes.throttled).toBeGreaterThan(500);
  });

  test('leaky bucket releases calls evenly at the rate and throttles beyond its queue', () => {
    let admits: number[] = [];
    const rate = 50;
    const r = run(
      design({ algorithm: 'leaky-bucket', ratePerS: rate, queue: 20 }, { rps: 200 }, 30),
      {},
      (e) => {
        admits = recordArrivals(e, 'api');
      },
    );
    const gaps = admits.slice(1).map((t, i) => t - admits[i]);
    const minGap = Math.min(...gaps);
    note('leaky bucket min gap between admits (ms)', minGap, 1000 / rate);
    expect(minGap).toBeGreaterThanOrEqual(1000 / rate - 1e-6);
    expect(Math.abs(admits.length - rate * 30)).toBeLessThanOrEqual(2);
    expect(r.summary.nodes.rl.maxQueueLength).toBe(20);
    expect(r.summary.nodes.rl.outcomes.throttled).toBeGreaterThan(0);
  });

  test('per-client scope gives each client its own allowance', () => {
    const limiter = { algorithm: 'token-bucket', ratePerS: 50, burst: 10 };
    const heavy = { rps: 500 },
      light = { rps: 20 };
    const global = run(design({ ...limiter, scope: 'global' }, heavy, 30, light));
    const per = run(design({ ...limiter, scope: 'per-client' }, heavy, 30, light));
    const okLight = (r: typeof global) => r.summary.clients.other.ok / r.summary.clients.other.requests;
    note('light client success, global scope', okLight(global));
    note('light client success, per-client scope', okLight(per), 1);
    expect(okLight(global)).toBeLessThan(0.2); // starved by the heavy client
    expect(okLight(per)).toBeGreaterThan(0.99);
  });

  test('honours its edge’s route: with a reads-only edge, writes fail with error and never reach the API', () => {
    const d = design({ ratePerS: 10_000, burst: 1000 }, { rps: 200, readRatio: 0.5 }, 20);
    (d.edges[1] as { params: Record<string, unknown> }).params.route = 'read';
    const { summary } = run(d);
    const users = summary.clients.users;
    // Every write (about half) fails with error, every read is ok: the API sees reads only.
    expect(users.outcomes.error! + users.ok).toBe(users.requests);
    expect(users.outcomes.error! / users.requests).toBeCloseTo(0.5, 1);
    expect(summary.nodes.api.arrivals).toBe(users.ok);
    // The limiter says why: each of those errors is counted as having no route.
    expect(summary.nodes.rl.noRoute).toBe(users.outcomes.error);
    expect(summary.warnings).toEqual([
      'nodes[1]: writes reaching "rl" (~100 req/s) have no route: every outgoing edge carries only reads, so they fail',
    ]);
  });
});
