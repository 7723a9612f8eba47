/**
 * The queue / rate limiter / DNS / storage+external examples run headlessly and show the
 * failure mode each one teaches, in the summary or the per-second series.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { QueueNode } from '../../src/sim/nodes/queue';
import { col, idx, note, run, sum } from './messaging-helpers';

function load(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../public/examples/${name}.json`, import.meta.url), 'utf8'));
}

describe('messaging examples', () => {
  test('queue-load-leveling: the consumer slowdown fills the queue, dead-letters and pushes back', () => {
    const r = run(load('queue-load-leveling'));
    const q = r.summary.nodes.orders;
    note('dead letters', q.deadLetters as number);
    note('producer rejections', q.outcomes.rejected ?? 0);
    expect(q.deadLetters as number).toBeGreaterThan(100);
    expect(r.summary.nodes['dead-letters'].arrivals).toBe(q.deadLetters);
    expect(q.maxQueueLength).toBe(3000);
    expect(q.outcomes.rejected ?? 0).toBeGreaterThan(0);
    // The backlog builds during the slowdown (40–70 s) and is gone well before the end.
    const depth = col(r.engine, 'orders', 'queue');
    expect(Math.max(...depth.slice(20, 39))).toBeLessThan(100);
    expect(Math.max(...depth.slice(50, 75))).toBeGreaterThan(2000);
    expect(depth[depth.length - 1]).toBeLessThan(100);
    const t = (r.engine.nodes[idx(r.engine, 'orders')] as QueueNode).totals;
    expect(
      t.acked + t.deadLettered + t.lost + (r.engine.nodes[idx(r.engine, 'orders')] as QueueNode).depth,
    ).toBe(t.accepted);
  });

  test('rate-limited-api: the spike is throttled and the API stays within capacity', () => {
    const design = load('rate-limited-api');
    const r = run(design);
    const throttled = col(r.engine, 'limiter', 'throttled');
    note('throttled during the spike (40–60 s)', sum(throttled.slice(40, 60)));
    note('throttled outside it (10–40 s)', sum(throttled.slice(10, 40)));
    expect(sum(throttled.slice(40, 60))).toBeGreaterThan(10 * sum(throttled.slice(10, 40)));
    expect(r.summary.nodes.api.outcomes.rejected ?? 0).toBe(0);
    const util = col(r.engine, 'api', 'utilization');
    expect(Math.max(...util.slice(42, 60))).toBeLessThan(0.6);
    // Without the limiter (rate far above capacity) the API saturates through the spike.
    const open = structuredClone(design) as { nodes: { id: string; params: Record<string, unknown> }[] };
    open.nodes.find((n) => n.id === 'limiter')!.params.ratePerS = 1e6;
    const r2 = run(open);
    const util2 = col(r2.engine, 'api', 'utilization');
    note('API p99 with the limiter (ms)', r.summary.nodes.api.latencyMs.p99);
    note('API p99 without the limiter (ms)', r2.summary.nodes.api.latencyMs.p99);
    expect(Math.min(...util2.slice(42, 60))).toBeGreaterThan(0.95);
    expect(r2.summary.nodes.api.latencyMs.p99).toBeGreaterThan(3 * r.summary.nodes.api.latencyMs.p99);
  });

  test('dns-failover: errors after the region outage last until the TTL has passed, then the standby serves all', () => {
    const r = run(load('dns-failover'));
    const unavailable = col(r.engine, 'users', 'unavailable');
    const west = col(r.engine, 'api-west', 'arrivals');
    expect(sum(unavailable.slice(10, 60))).toBe(0);
    expect(sum(west.slice(0, 60))).toBe(0);
    const lastFailing = unavailable.reduce((last, v, i) => (v > 0 ? i : last), -1);
    note('last second with failed calls', lastFailing, '60 + detection (≤ 32) + TTL 60');
    expect(lastFailing).toBeGreaterThan(60 + 50); // cached answers keep pointing at the dead region for most of a TTL
    expect(lastFailing).toBeLessThanOrEqual(60 + 32 + 60);
    expect(sum(west.slice(160))).toBeGreaterThan(0);
    expect(sum(col(r.engine, 'lb-east', 'arrivals').slice(155))).toBe(0);
    expect(r.summary.nodes.dns.staleRoutes as number).toBeGreaterThan(1000);
  });

  test('external-dependency: the provider slowdown opens the breaker; storage keeps its long tail', () => {
    const r = run(load('external-dependency'));
    const e = r.engine.edges[r.engine.plan.edgeIndex.get('pay')!];
    const breaker = Array.from(e.stats.series.column('breaker'));
    const open = breaker.map((b, i) => (b > 0 ? i : -1)).filter((i) => i >= 0);
    note('seconds with the breaker open or half-open', open.length);
    expect(open.length).toBeGreaterThan(5);
    expect(Math.min(...open)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...open)).toBeLessThan(90);
    expect(r.summary.edges.pay.outcomes['circuit-open'] ?? 0).toBeGreaterThan(100);
    expect(r.summary.edges.pay.retries).toBeGreaterThan(0);
    const receipts = r.summary.nodes.receipts.latencyMs;
    expect(receipts.p99 / receipts.p50).toBeGreaterThan(5);
  });
});
