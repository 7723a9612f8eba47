/**
 * CDN: the shared cache machinery as an edge cache. Its hit ratio emerges from capacity
 * and popularity (LRU: Che's approximation); writes pass straight through to the origin
 * and either purge the object at the edge or leave the old copy to be served stale; a
 * flush sends everything to the origin.
 */
import { describe, expect, it } from 'vitest';
import { runDesign } from '../../src/sim/run';
import type { Engine } from '../../src/sim/engine';
import type { RunSummary } from '../../src/sim/summary';
import { estimateHitRatio } from '../../src/model/kinds/cache';

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

const cdnDesign = (
  cdn: Record<string, unknown>,
  client: Record<string, unknown>,
  extra: { durationS?: number; warmupS?: number; faults?: unknown[] } = {},
) => ({
  schemaVersion: 1,
  nodes: [
    { id: 'users', kind: 'client', params: client },
    { id: 'cdn', kind: 'cdn', params: { edgeMs: 1, ...cdn } },
    { id: 'origin', kind: 'service', params: { instances: 4, concurrency: 1000, serviceTimeMs: 1 } },
  ],
  edges: [
    { id: 'e1', source: 'users', target: 'cdn', params: { latencyMs: 0 } },
    { id: 'e2', source: 'cdn', target: 'origin', params: { latencyMs: 0 } },
  ],
  scenario: {
    durationS: extra.durationS ?? 150,
    warmupS: extra.warmupS ?? 30,
    seed: 11,
    faults: extra.faults ?? [],
  },
});

describe('cdn', () => {
  /** Allowed distance from Che's approximation. */
  const CHE_TOLERANCE = 0.02;
  it('hit ratio emerges from capacity and popularity (LRU: Che’s approximation)', () => {
    const N = 10_000,
      C = 500;
    const { summary } = run(
      cdnDesign(
        { capacity: C, ttlS: null },
        { rps: 2000, readRatio: 1, keys: { count: N, distribution: 'zipf', skew: 1 } },
      ),
    );
    const measured = summary.nodes.cdn.hitRatio as number;
    const che = estimateHitRatio(C, { count: N, skew: 1 });
    console.log(`cdn hit ratio ${measured.toFixed(4)}, Che ${che.toFixed(4)}`);
    expect(Math.abs(measured - che)).toBeLessThan(CHE_TOLERANCE);
    // The origin sees exactly the misses.
    expect(summary.edges.e2.sent).toBe(summary.nodes.cdn.misses);
  });

  it('writes pass through to the origin and leave cached content alone', () => {
    const { summary, engine } = run(
      cdnDesign(
        { capacity: 1000, ttlS: null, edgeMs: 0 },
        { rps: 1000, readRatio: 0.5, keys: { count: 100, distribution: 'uniform' } },
        { durationS: 60, warmupS: 0 },
      ),
    );
    const c = summary.nodes.cdn;
    // (No edge time, so every arrival has been looked up by the end.)
    const writes = c.arrivals - (c.hits as number) - (c.misses as number);
    expect(writes).toBeGreaterThan(25_000);
    // Every write and every miss reaches the origin, nothing else does.
    expect(summary.edges.e2.sent).toBe(writes + (c.misses as number));
    // Writes do not invalidate: after the first fetch of each key, reads keep hitting.
    expect(c.hitRatio as number).toBeGreaterThan(0.99);
    // An edge has no write buffer: no lost or unflushed writes, in the summary or the charts.
    expect(c.lostWrites).toBeUndefined();
    expect(c.pendingWrites).toBeUndefined();
    const cdnIndex = engine.plan.nodes.findIndex((n) => n.id === 'cdn');
    expect(engine.stats[cdnIndex].series.columns).not.toContain('lostWrites');
    expect(engine.stats[cdnIndex].series.columns).not.toContain('pendingWrites');
    expect(engine.stats[cdnIndex].series.columns).toContain('staleHits');
  });

  it('a flushed edge sends the reads to the origin until it refills', () => {
    const { engine } = run(
      cdnDesign(
        { capacity: 10_000 },
        { rps: 2000, readRatio: 1, keys: { count: 5000, distribution: 'zipf', skew: 1 } },
        { durationS: 40, warmupS: 0, faults: [{ type: 'cache-flush', target: 'cdn', atS: 20 }] },
      ),
    );
    const origin = series(engine, 'origin', 'arrivals');
    expect(sumBetween(origin, 20, 21)).toBeGreaterThan(4 * sumBetween(origin, 19, 20));
  });

  /** Allowed distance of the purging edge's hit ratio from the read ratio. */
  const PURGE_TOLERANCE = 0.02;
  it('after a write the edge serves its old copy, stale, until purged or expired', () => {
    const keys = { count: 100, distribution: 'uniform' };
    const edge = (cdn: Record<string, unknown>, readRatio: number) =>
      run(
        cdnDesign(
          { capacity: 1000, ttlS: null, ...cdn },
          { rps: 1000, readRatio, keys },
          { durationS: 60, warmupS: 10 },
        ),
      ).summary.nodes.cdn;
    // No TTL, no purge: once a key has been written, every hit on it is stale.
    const keep = edge({}, 0.5);
    const staleShare = (keep.staleHits as number) / (keep.hits as number);
    expect(keep.hitRatio as number).toBeGreaterThan(0.99);
    expect(staleShare).toBeGreaterThan(0.99);
    // Purge on write: no stale hits, and a read hits only when the key's previous
    // operation was a read, so the hit ratio is the read ratio.
    for (const readRatio of [0.5, 0.8]) {
      const purge = edge({ purgeOnWrite: true }, readRatio);
      expect(purge.staleHits).toBe(0);
      expect(Math.abs((purge.hitRatio as number) - readRatio)).toBeLessThan(PURGE_TOLERANCE);
    }
    // No writes, nothing stale; a TTL bounds how long a stale copy lives.
    expect(edge({}, 1).staleHits).toBe(0);
    const ttl = edge({ ttlS: 0.05 }, 0.5);
    expect((ttl.staleHits as number) / (ttl.hits as number)).toBeLessThan(0.5 * staleShare);
  });

  it('a write the origin refused changes nothing at the edge: nothing is purged', () => {
    // Every origin call fails from 30 s to 40 s: misses fill nothing and writes are refused,
    // so the objects at the edge when the fault begins stay there and keep being hit. Had
    // the refused writes purged them (500 a second over 100 objects), the hits would be
    // gone within a second or two.
    const keys = { count: 100, distribution: 'uniform' };
    const faults = [{ type: 'errors', target: 'origin', atS: 30, durationS: 10, rate: 1 }];
    const { engine } = run(
      cdnDesign(
        { capacity: 1000, ttlS: null, purgeOnWrite: true },
        { rps: 1000, readRatio: 0.5, keys },
        { durationS: 45, warmupS: 10, faults },
      ),
    );
    const hits = series(engine, 'cdn', 'hits');
    const early = sumBetween(hits, 31, 32);
    const late = sumBetween(hits, 39, 40);
    expect(early).toBeGreaterThan(100);
    expect(late).toBeGreaterThan(0.8 * early);
  });
});
