/**
 * The cache, CDN, gateway and zone examples run headlessly and show what their
 * descriptions promise.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runDesign } from '../../src/sim/run';
import type { Engine } from '../../src/sim/engine';
import type { RunSummary } from '../../src/sim/summary';

type Design = { nodes: { id: string; params?: Record<string, unknown> }[]; scenario: { faults: unknown[] } };
const load = (id: string): Design =>
  JSON.parse(readFileSync(new URL(`../../public/examples/${id}.json`, import.meta.url), 'utf8'));
function run(design: unknown): { summary: RunSummary; engine: Engine } {
  const r = runDesign(design);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r;
}
function col(engine: Engine, id: string, c: string): { t: number[]; v: number[] } {
  const s = engine.stats[engine.plan.nodeIndex.get(id)!].series;
  return { t: Array.from(s.time.subarray(0, s.rows)), v: Array.from(s.column(c)) };
}
const window = (s: { t: number[]; v: number[] }, from: number, to: number) =>
  s.v.filter((_, i) => s.t[i] >= from && s.t[i] < to);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;
const max = (xs: number[]) => Math.max(...xs);
const min = (xs: number[]) => Math.min(...xs);
const param = (d: Design, id: string) => d.nodes.find((n) => n.id === id)!.params!;
/** Error fraction of a client per bucket, over [from, to). */
const errorFraction = (e: Engine, from: number, to: number) =>
  1 - sum(window(col(e, 'users', 'ok'), from, to)) / sum(window(col(e, 'users', 'arrivals'), from, to));

describe('examples: caches, CDN, gateway, zones', () => {
  it('read-heavy-cache: the flush at 60 s saturates the database until the cache warms again', () => {
    const { engine, summary } = run(load('read-heavy-cache'));
    expect(summary.warnings).toEqual([]);
    expect(mean(window(col(engine, 'cache', 'hitRatio'), 50, 60))).toBeGreaterThan(0.6);
    expect(mean(window(col(engine, 'cache', 'hitRatio'), 60, 61))).toBeLessThan(0.3);
    expect(mean(window(col(engine, 'db', 'utilization'), 50, 60))).toBeLessThan(0.8);
    expect(Math.min(...window(col(engine, 'db', 'utilization'), 61, 70))).toBeGreaterThan(0.95);
    expect(max(window(col(engine, 'db', 'queue'), 61, 70))).toBeGreaterThan(300);
    expect(errorFraction(engine, 60, 65)).toBeGreaterThan(0.05);
    expect(errorFraction(engine, 100, 120)).toBeLessThan(0.01);
  });

  it('cache-stampede: hot-key expiries flood the database; coalescing makes each one a single read', () => {
    const off = run(load('cache-stampede'));
    const d = load('cache-stampede');
    param(d, 'cache').coalesce = true;
    const on = run(d);
    const dbOff = col(off.engine, 'db', 'arrivals').v;
    const dbOn = col(on.engine, 'db', 'arrivals').v;
    expect(max(dbOff)).toBeGreaterThan(300);
    expect(max(dbOn)).toBeLessThan(100);
    expect(off.summary.nodes.db.arrivals).toBeGreaterThan(3 * on.summary.nodes.db.arrivals);
    expect(off.summary.clients.users.errorRatio).toBeGreaterThan(0.005);
    expect(on.summary.clients.users.errorRatio).toBe(0);
    expect(on.summary.nodes.cache.coalesced).toBeGreaterThan(0);
  });

  it('cdn-static: an emergent ~80% hit ratio keeps the median flat while the slow origin drags the tail', () => {
    const { engine, summary } = run(load('cdn-static'));
    const hit = summary.nodes.cdn.hitRatio as number;
    expect(hit).toBeGreaterThan(0.75);
    expect(hit).toBeLessThan(0.85);
    expect(Math.min(...window(col(engine, 'origin', 'utilization'), 42, 70))).toBeGreaterThan(0.95);
    expect(max(window(col(engine, 'users', 'p50'), 42, 70))).toBeLessThan(30);
    expect(mean(window(col(engine, 'users', 'p99'), 50, 70))).toBeGreaterThan(500);
    expect(mean(window(col(engine, 'users', 'p99'), 20, 40))).toBeLessThan(250);
    expect(summary.clients.users.outcomes.timeout).toBeGreaterThan(0);
  });

  it('api-gateway: the rate limit throttles the traffic spike and keeps the catalog healthy; without it the catalog drowns', () => {
    const withLimit = run(load('api-gateway'));
    const e = withLimit.engine;
    expect(sum(window(col(e, 'gw', 'throttled'), 0, 30))).toBe(0);
    expect(min(window(col(e, 'gw', 'throttled'), 31, 50))).toBeGreaterThan(500);
    expect(max(col(e, 'catalog', 'queue').v)).toBeLessThan(100);
    expect(withLimit.summary.nodes.gw.hitRatio as number).toBeGreaterThan(0.5);
    // Every order reaches the database; only calls in flight across the window's edges
    // (a few milliseconds of traffic) can be counted at one node and not the other.
    const orders = withLimit.summary.nodes.orders.arrivals;
    expect(orders).toBeGreaterThan(1000);
    expect(Math.abs(orders - withLimit.summary.nodes['orders-db'].arrivals)).toBeLessThanOrEqual(5);
    const d = load('api-gateway');
    param(d, 'gw').rateLimit = null;
    const noLimit = run(d);
    expect(max(col(noLimit.engine, 'catalog', 'queue').v)).toBeGreaterThan(500);
    expect(noLimit.summary.clients.users.latencyMs.p99).toBeGreaterThan(1000);
  });

  it('multi-zone: a partition fails half the requests for its whole length; an outage only until the health check notices', () => {
    const { engine } = run(load('multi-zone'));
    expect(errorFraction(engine, 31, 45)).toBeGreaterThan(0.45);
    expect(errorFraction(engine, 46, 60)).toBeLessThan(0.02);
    expect(errorFraction(engine, 60, 63)).toBeGreaterThan(0.2);
    expect(errorFraction(engine, 66, 80)).toBeLessThan(0.01);
    expect(min(window(col(engine, 'lb', 'healthyBackends'), 31, 45))).toBe(2); // the partition passes health checks
    expect(max(window(col(engine, 'lb', 'healthyBackends'), 66, 80))).toBe(1);
    // The database lives in zone A: zone B's API pays 2 × 3 ms per call across the border.
    const d = load('multi-zone');
    d.scenario.faults = [];
    const calm = run(d).summary.nodes;
    expect(Math.abs(calm['api-b'].latencyMs.mean - calm['api-a'].latencyMs.mean - 6)).toBeLessThan(0.5);
  });
});
