/**
 * Event-queue lanes at engine level: an edge with a constant latency sends its legs
 * through a lane (src/sim/events.ts), and a latency fault on it moves them to the lane
 * for the faulted delay and back. Lanes only change speed, never results: every run here
 * must match, value for value, the same run with lanes switched off (all legs in the heap).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/sim/engine';
import { EventQueue } from '../../src/sim/events';
import { prepare } from '../../src/sim/run';
import { summarize } from '../../src/sim/summary';

/** Client → API (constant 2 ms legs, a timeout and retries) → DB (constant 1 ms legs). */
const design = {
  schemaVersion: 1,
  name: 'lanes under latency faults',
  nodes: [
    { id: 'users', kind: 'client', params: { rps: 400 } },
    {
      id: 'api',
      kind: 'service',
      params: { instances: 2, concurrency: 8, serviceTimeMs: { dist: 'exponential', mean: 4 } },
    },
    { id: 'db', kind: 'database', params: { connections: 8 } },
  ],
  edges: [
    {
      id: 'e1',
      source: 'users',
      target: 'api',
      params: { latencyMs: 2, timeoutMs: 60, retries: { max: 2, budget: 0.2 } },
    },
    { id: 'e2', source: 'api', target: 'db', params: { latencyMs: 1, timeoutMs: 40 } },
  ],
  scenario: {
    durationS: 40,
    warmupS: 2,
    seed: 11,
    faults: [
      // Overlapping: e1 is 2 ms, then ×4 = 8 ms, then 8 + 5 = 13 ms, then 2 + 5 = 7 ms, then 2 ms.
      { type: 'latency', target: 'e1', atS: 10, durationS: 10, factor: 4 },
      { type: 'latency', target: 'e1', atS: 15, durationS: 10, addMs: 5 },
      { type: 'latency', target: 'e2', atS: 12, durationS: 3, factor: 30 },
    ],
  },
};

/** Runs the design to the end, with a live injection at 30 s; records e1's lane delay each second. */
function run(): { out: string; e1Delays: number[] } {
  const p = prepare(design);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  const engine: Engine = p.engine;
  const e1 = engine.edges[0];
  const e1Delays: number[] = [];
  for (let s = 1; s <= 40; s++) {
    if (s === 30) engine.inject({ type: 'latency', target: 'e1', atS: 0, durationS: 4, addMs: 3 });
    engine.advance(s * 1000);
    const lane = e1.lane;
    e1Delays.push(lane < 0 ? NaN : (engine.queue as unknown as { laneDelay: number[] }).laneDelay[lane]);
  }
  engine.runToEnd();
  const summary = { ...summarize(engine, 0), wallMs: 0 };
  const series = engine.stats.map((s) => s.series.data.map((c) => Array.from(c.subarray(0, s.series.rows))));
  const edgeSeries = engine.edges.map((e) =>
    e.stats.series.data.map((c) => Array.from(c.subarray(0, e.stats.series.rows))),
  );
  return { out: JSON.stringify({ summary, series, edgeSeries }), e1Delays };
}

describe('event-queue lanes in the engine', () => {
  afterEach(() => vi.restoreAllMocks());

  it('moves a constant-latency edge to the lane of its faulted delay while a latency fault lasts, and back', () => {
    const { e1Delays } = run();
    // e1Delays[k] is the lane's delay at the end of second k + 1.
    expect(e1Delays[5]).toBe(2); // before any fault
    expect(e1Delays[11]).toBe(8); // ×4
    expect(e1Delays[16]).toBe(13); // ×4, then +5
    expect(e1Delays[21]).toBe(7); // the ×4 has ended, +5 remains
    expect(e1Delays[26]).toBe(2); // both over
    expect(e1Delays[31]).toBe(5); // injected live: +3
    expect(e1Delays[36]).toBe(2);
  });

  it('gives exactly the same summary and series as the same runs with every leg in the heap', () => {
    const withLanes = run().out;
    vi.spyOn(EventQueue.prototype, 'laneFor').mockReturnValue(-1);
    const heapOnly = run();
    expect(heapOnly.e1Delays.every(Number.isNaN)).toBe(true); // the switch took
    expect(heapOnly.out).toBe(withLanes);
  });
});
