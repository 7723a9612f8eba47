/**
 * API gateway: routes reads and writes to different backends by edge route (splitting
 * by weight), rate-limits with a token bucket, answers repeated reads from its response
 * cache (stale after a write unless writes invalidate it), and fails calls no route matches.
 */
import { describe, expect, it } from 'vitest';
import { prepare, runDesign } from '../../src/sim/run';
import type { Engine } from '../../src/sim/engine';
import type { RunSummary } from '../../src/sim/summary';

function run(design: unknown): { summary: RunSummary; engine: Engine } {
  const r = runDesign(design);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r;
}
function series(engine: Engine, id: string, col: string): { t: number[]; v: number[] } {
  const s = engine.stats[engine.plan.nodeIndex.get(id)!].series;
  return { t: Array.from(s.time.subarray(0, s.rows)), v: Array.from(s.column(col)) };
}
const sumBetween = (s: { t: number[]; v: number[] }, from: number, to: number) =>
  s.t.reduce((a, t, i) => (t >= from && t < to ? a + s.v[i] : a), 0);

const READ_MS = 1,
  WRITE_MS = 50;
function gatewayDesign(
  gw: Record<string, unknown>,
  client: Record<string, unknown>,
  opts: { faults?: unknown[]; durationS?: number; warmupS?: number } = {},
) {
  // Backends are databases whose reads and writes take different times, so a backend's mean latency tells which class it served.
  const db = { connections: 10_000, readMs: READ_MS, writeMs: WRITE_MS };
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'users', kind: 'client', params: client },
      { id: 'gw', kind: 'gateway', params: { authMs: 0.5, ...gw } },
      { id: 'reads-a', kind: 'database', params: db },
      { id: 'reads-b', kind: 'database', params: db },
      { id: 'writes', kind: 'database', params: db },
    ],
    edges: [
      { id: 'e0', source: 'users', target: 'gw', params: { latencyMs: 0 } },
      { id: 'ra', source: 'gw', target: 'reads-a', params: { route: 'read', weight: 3, latencyMs: 0 } },
      { id: 'rb', source: 'gw', target: 'reads-b', params: { route: 'read', weight: 1, latencyMs: 0 } },
      { id: 'w', source: 'gw', target: 'writes', params: { route: 'write', latencyMs: 0 } },
    ],
    scenario: {
      durationS: opts.durationS ?? 60,
      warmupS: opts.warmupS ?? 0,
      seed: 13,
      faults: opts.faults ?? [],
    },
  };
}

describe('gateway', () => {
  /** Allowed error of the 3:1 weight split. */
  const SPLIT_TOLERANCE = 0.01;
  it('routes reads and writes to different backends, splitting reads by weight', () => {
    // No auth time, so every arrival has been routed by the end.
    const { summary } = run(
      gatewayDesign(
        { authMs: 0 },
        { rps: 1000, readRatio: 0.7, keys: { count: 1000, distribution: 'uniform' } },
      ),
    );
    const n = summary.nodes;
    // Only reads reach the read backends, only writes the write backend (by their service times).
    expect(n['reads-a'].latencyMs.mean).toBeCloseTo(READ_MS, 6);
    expect(n['reads-b'].latencyMs.mean).toBeCloseTo(READ_MS, 6);
    expect(n.writes.latencyMs.mean).toBeCloseTo(WRITE_MS, 6);
    const reads = n['reads-a'].arrivals + n['reads-b'].arrivals;
    expect(reads + n.writes.arrivals).toBe(n.gw.arrivals);
    expect(Math.abs(reads / n.gw.arrivals - 0.7)).toBeLessThan(0.01);
    expect(Math.abs(n['reads-a'].arrivals / reads - 0.75)).toBeLessThan(SPLIT_TOLERANCE);
    expect(summary.clients.users.errorRatio).toBe(0);
  });

  it('a call no route matches fails with error (no route)', () => {
    const d = gatewayDesign({}, { rps: 500, readRatio: 0.5, keys: { count: 10, distribution: 'uniform' } });
    d.edges = d.edges.filter((e) => e.id !== 'w');
    d.nodes = d.nodes.filter((x) => x.id !== 'writes');
    const { summary } = run(d);
    expect(summary.nodes.gw.noRoute).toBe(summary.nodes.gw.outcomes.error);
    expect(Math.abs((summary.nodes.gw.errorRatio as number) - 0.5)).toBeLessThan(0.02);
  });

  /** Allowed relative error of the admitted rate. */
  const RATE_TOLERANCE = 0.01;
  it('the built-in token bucket lets ratePerS through (plus one burst) and throttles the rest', () => {
    const RATE = 300,
      BURST = 20,
      OFFERED = 1000,
      T = 60;
    const { summary, engine } = run(
      gatewayDesign(
        { rateLimit: { ratePerS: RATE, burst: BURST } },
        { rps: OFFERED, readRatio: 1, keys: { count: 1000, distribution: 'uniform' } },
        { durationS: T },
      ),
    );
    const gw = summary.nodes.gw;
    const admitted = gw.outcomes.ok ?? 0;
    console.log(
      `gateway rate limit: admitted ${admitted} in ${T} s (limit ${RATE}/s + burst ${BURST}), throttled ${gw.throttled}`,
    );
    expect(admitted).toBeLessThanOrEqual(RATE * T + BURST);
    expect(Math.abs(admitted / T - RATE) / RATE).toBeLessThan(RATE_TOLERANCE);
    expect(gw.throttled).toBe(gw.outcomes.throttled);
    expect(admitted + (gw.throttled as number)).toBe(gw.answers);
    // Never more than rate + burst in any one-second bucket.
    for (const v of series(engine, 'gw', 'ok').v) expect(v).toBeLessThanOrEqual(RATE + BURST);
  });

  it('a crash resets the built-in rate limit, as it resets the rate limiter kind: back with a full bucket', () => {
    // 10/s with a burst of 100 under 1000 offered: the bucket is empty when the node crashes
    // for 50 ms at 30 s (half a token's refill). Restarted fresh, it admits a burst at once.
    const RATE = 10,
      BURST = 100;
    const client = { rps: 1000, readRatio: 1, keys: { count: 1000, distribution: 'uniform' } };
    const faults = [{ type: 'crash', target: 'gw', atS: 30, durationS: 0.05 }];
    const gw = run(gatewayDesign({ rateLimit: { ratePerS: RATE, burst: BURST } }, client, { faults }));
    const d = gatewayDesign({}, client, { faults });
    d.nodes[1] = {
      id: 'gw',
      kind: 'ratelimiter',
      params: { algorithm: 'token-bucket', ratePerS: RATE, burst: BURST },
    };
    d.edges = [d.edges[0], d.edges[1]];
    const rl = run(d);
    const admittedAfter = (engine: Engine) => sumBetween(series(engine, 'gw', 'ok'), 30, 31);
    for (const r of [gw, rl]) {
      expect(admittedAfter(r.engine)).toBeGreaterThanOrEqual(BURST);
      expect(admittedAfter(r.engine)).toBeLessThanOrEqual(BURST + RATE + 1);
      expect(sumBetween(series(r.engine, 'gw', 'ok'), 29, 30)).toBeLessThanOrEqual(RATE + 1);
    }
  });

  /** Allowed distance of the hit ratio from λT/(1+λT). */
  const TTL_TOLERANCE = 0.01;
  it('the response cache serves repeated reads (with a TTL: λT/(1+λT) per key)', () => {
    const KEYS = 50,
      RPS = 1000;
    const noTtl = run(
      gatewayDesign(
        { responseCache: { capacity: 100, ttlS: null } },
        { rps: RPS, readRatio: 1, keys: { count: KEYS, distribution: 'uniform' } },
        { warmupS: 5 },
      ),
    );
    expect(noTtl.summary.nodes.gw.hitRatio as number).toBeGreaterThan(0.999);
    const backend = noTtl.summary.nodes['reads-a'].arrivals + noTtl.summary.nodes['reads-b'].arrivals;
    expect(backend).toBe(noTtl.summary.nodes.gw.misses);
    const TTL = 0.5;
    const withTtl = run(
      gatewayDesign(
        { responseCache: { capacity: 100, ttlS: TTL } },
        { rps: RPS, readRatio: 1, keys: { count: KEYS, distribution: 'uniform' } },
        { warmupS: 5 },
      ),
    );
    const lt = (RPS / KEYS) * TTL;
    const measured = withTtl.summary.nodes.gw.hitRatio as number;
    console.log(
      `gateway response cache, TTL ${TTL} s: hit ratio ${measured.toFixed(4)}, theory ${(lt / (1 + lt)).toFixed(4)}`,
    );
    expect(Math.abs(measured - lt / (1 + lt))).toBeLessThan(TTL_TOLERANCE);
  });

  it('a cache-flush fault empties the response cache', () => {
    const { engine } = run(
      gatewayDesign(
        { responseCache: { capacity: 1000, ttlS: null } },
        { rps: 1000, readRatio: 1, keys: { count: 500, distribution: 'uniform' } },
        { faults: [{ type: 'cache-flush', target: 'gw', atS: 30 }] },
      ),
    );
    const misses = series(engine, 'gw', 'misses');
    expect(sumBetween(misses, 25, 30)).toBeLessThan(5);
    expect(sumBetween(misses, 30, 31)).toBeGreaterThan(200);
  });

  it('a write leaves the cached response stale unless writes invalidate it', () => {
    const client = { rps: 1000, readRatio: 0.5, keys: { count: 50, distribution: 'uniform' } };
    // Reads go to a read service, writes to a write service; both use one database.
    const shared = (invalidateOnWrite: boolean) => ({
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', params: client },
        {
          id: 'gw',
          kind: 'gateway',
          params: { authMs: 0.5, responseCache: { capacity: 100, ttlS: null, invalidateOnWrite } },
        },
        { id: 'reader', kind: 'service', params: { instances: 2, concurrency: 100, serviceTimeMs: 1 } },
        { id: 'writer', kind: 'service', params: { instances: 2, concurrency: 100, serviceTimeMs: 1 } },
        { id: 'db', kind: 'database', params: { connections: 1000, readMs: READ_MS, writeMs: WRITE_MS } },
      ],
      edges: [
        { id: 'e0', source: 'users', target: 'gw', params: { latencyMs: 0 } },
        { id: 'r', source: 'gw', target: 'reader', params: { route: 'read', latencyMs: 0 } },
        { id: 'w', source: 'gw', target: 'writer', params: { route: 'write', latencyMs: 0 } },
        { id: 'rd', source: 'reader', target: 'db', params: { latencyMs: 0 } },
        { id: 'wd', source: 'writer', target: 'db', params: { latencyMs: 0 } },
      ],
      scenario: { durationS: 60, warmupS: 10, seed: 13 },
    });
    const gw = (d: unknown) => run(d).summary.nodes.gw;
    const keep = gw(shared(false));
    expect((keep.staleHits as number) / (keep.hits as number)).toBeGreaterThan(0.99);
    expect(keep.hitRatio as number).toBeGreaterThan(0.99);
    const fresh = gw(shared(true));
    expect(fresh.staleHits).toBe(0);
    // Each accepted write costs its key's next read a trip to the backend.
    expect(fresh.hitRatio as number).toBeLessThan(0.6);
    // Writes to a store the reads never reach change nothing a read returns: nothing goes stale.
    const apart = gw(
      gatewayDesign({ responseCache: { capacity: 100, ttlS: null, invalidateOnWrite: true } }, client, {
        warmupS: 10,
      }),
    );
    expect(apart.staleHits).toBe(0);
    expect(apart.hitRatio as number).toBeGreaterThan(0.99);
  });

  it('a live route edit that sends reads to the written store starts the stale hits', () => {
    const client = { rps: 1000, readRatio: 0.5, keys: { count: 50, distribution: 'uniform' } };
    const p = prepare(
      gatewayDesign({ responseCache: { capacity: 100, ttlS: null } }, client, { durationS: 40 }),
    );
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    const e = p.engine;
    e.advance(20_000);
    // The write edge now carries reads too: some reads are fetched from the written store.
    const w = e.plan.edgeIndex.get('w')!;
    e.setEdgeParams(w, { ...e.plan.edges[w].params, route: 'all' });
    e.runToEnd();
    const stale = series(e, 'gw', 'staleHits');
    expect(sumBetween(stale, 0, 20)).toBe(0);
    expect(sumBetween(stale, 25, 40)).toBeGreaterThan(100);
  });
});
