/**
 * CDN: the shared cache machinery as an edge cache. Its hit ratio emerges from capacity
 * and popularity (LRU: Che's approximation); writes pass straight through to the origin
 * and leave the edge's content alone; a flush sends everything to the origin.
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
    const { summary } = run(
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
    expect(c.lostWrites).toBeUndefined();
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
});
