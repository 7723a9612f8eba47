import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model/design';
import { EDGE_FIELDS, EF, HOP_FIELDS, NF, NODE_FIELDS } from '../../src/worker/api';
import { Series } from '../../src/sim/metrics';
import { runDesign } from '../../src/sim/run';
import { recentCounts, SimSession } from '../../src/worker/session';
import { pileUp } from '../fixtures/pileUp';

/** A wall clock the test moves by hand; `tick` ms pass on every read (simulates work). */
function fakeClock(tick = 0) {
  const c = { t: 0, now: () => (c.t += tick) };
  return c;
}

function design(extra: Partial<Design> = {}): Design {
  return {
    schemaVersion: 1,
    name: 'session test',
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 200, readRatio: 1 } },
      {
        id: 'api',
        kind: 'service',
        params: { instances: 1, concurrency: 4, serviceTimeMs: { dist: 'exponential', mean: 15 } },
      },
    ],
    edges: [{ id: 'e1', source: 'users', target: 'api', params: { latencyMs: 2, timeoutMs: 1000 } }],
    scenario: { durationS: 60, seed: 7 },
    ...extra,
  };
}

const nodeField = (f: Float64Array, node: number, field: number) => f[node * NODE_FIELDS + field];

describe('SimSession', () => {
  it('gives each run an id no other session of the page has handed out', () => {
    // A worker started after a crash must not reuse its predecessor's ids: a series copy
    // kept from the dead worker's run would be taken for the new run's.
    const ids = new Set<number>();
    for (let k = 0; k < 20; k++) {
      const s = new SimSession(fakeClock().now);
      for (let r = 0; r < 3; r++) {
        const loaded = s.load(design());
        expect(loaded.ok).toBe(true);
        if (loaded.ok) ids.add(loaded.info.run);
      }
    }
    expect(ids.size).toBe(60);
  });

  it('refuses an invalid design and keeps nothing', () => {
    const s = new SimSession(fakeClock().now);
    const bad = design();
    (bad.nodes[1].params as Record<string, unknown>).concurrency = -2;
    const r = s.load(bad);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toEqual({
        path: 'nodes[1].params.concurrency',
        message: 'must be an integer >= 1, got -2',
      });
    expect(s.frame().nodes.length).toBe(0);
  });

  it('paces simulated time against the wall clock at the chosen speed', () => {
    const clock = fakeClock();
    const s = new SimSession(clock.now);
    expect(s.load(design()).ok).toBe(true);
    s.play();
    clock.t += 1000;
    s.pump();
    expect(s.simMs).toBeCloseTo(1000, 6);
    s.setSpeed(10);
    clock.t += 500;
    s.pump();
    expect(s.simMs).toBeCloseTo(6000, 6);
    expect(() => s.setSpeed(5000)).toThrow(/speed must be/);
    expect(() => s.setSpeed(0.01)).toThrow(/speed must be/);
  });

  it('pause stops the clock; step advances one bucket', () => {
    const clock = fakeClock();
    const s = new SimSession(clock.now);
    s.load(design());
    s.play();
    clock.t += 2000;
    s.pump();
    s.pause();
    const at = s.simMs;
    clock.t += 5000;
    s.pump();
    expect(s.simMs).toBe(at);
    s.step();
    expect(s.simMs).toBeCloseTo(at + 1000, 6);
    s.step(2.5);
    expect(s.simMs).toBeCloseTo(at + 3500, 6);
    expect(s.isPlaying).toBe(false);
  });

  it('at max speed a slice is bounded in wall time and the run reaches the end', () => {
    const clock = fakeClock(1); // every clock read costs 1 ms of wall time
    const s = new SimSession(clock.now, { sliceMs: 5 });
    s.load(design({ scenario: { durationS: 600, seed: 7 } }));
    s.setSpeed('max');
    s.play();
    s.pump();
    const first = s.simMs;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(600_000); // one slice does not run the whole scenario
    for (let i = 0; i < 10_000 && !s.finished; i++) s.pump();
    expect(s.finished).toBe(true);
    expect(s.simMs).toBe(600_000);
    expect(s.isPlaying).toBe(false);
  });

  it('falls behind gracefully when the engine cannot keep up', () => {
    const clock = fakeClock(0.5);
    const s = new SimSession(clock.now, { sliceMs: 2 });
    const d = design();
    (d.nodes[0].params as Record<string, unknown>).rps = 50_000;
    s.load(d);
    s.setSpeed(1000);
    s.play();
    clock.t += 1000;
    s.pump();
    const f = s.frame();
    expect(f.behind).toBe(true);
    expect(f.simMs).toBeLessThan(1_000_000);
  });

  it('frames carry gauges, per-second rates, sampled hops and how far the series reach', () => {
    const clock = fakeClock();
    const s = new SimSession(clock.now, { maxHops: 50 });
    const r = s.load(design());
    if (!r.ok) throw new Error('load');
    s.play();
    clock.t += 3000;
    s.pump();
    const f = s.frame();
    const api = r.info.nodeIds.indexOf('api');
    expect(nodeField(f.nodes, api, NF.arrivalsPerS)).toBeGreaterThan(150);
    expect(nodeField(f.nodes, api, NF.arrivalsPerS)).toBeLessThan(250);
    expect(nodeField(f.nodes, api, NF.instancesUp)).toBe(1);
    expect(f.edges[0 * EDGE_FIELDS + EF.sentPerS]).toBeGreaterThan(150);
    expect(f.hops.length % HOP_FIELDS).toBe(0);
    expect(f.hops.length / HOP_FIELDS).toBeGreaterThan(0);
    expect(f.hops.length / HOP_FIELDS).toBeLessThanOrEqual(50);
    // Three buckets closed: the series reach 3 s, and the client's holds those three rows.
    expect(f.seriesMs).toBe(3000);
    expect(r.info.clientIndices.map((i) => r.info.nodeIds[i])).toEqual(['users']);
    expect(Array.from(s.series('users')!.time)).toEqual([0, 1, 2]);
    // Nothing closed since: the next frame says the same (charts fetch nothing new); the
    // hop stride adapted to the traffic.
    const g = s.frame();
    expect(g.seriesMs).toBe(3000);
    expect(g.hopStride).toBeGreaterThan(1);
    // Half a bucket later still nothing new; a full one later, one more row.
    clock.t += 500;
    s.pump();
    expect(s.frame().seriesMs).toBe(3000);
    clock.t += 500;
    s.pump();
    expect(s.frame().seriesMs).toBe(4000);
    expect(s.series('users')!.time.length).toBe(4);
  });

  it('applies a live parameter change at the current time without a restart', () => {
    const clock = fakeClock();
    const s = new SimSession(clock.now);
    const d = design();
    (d.nodes[1].params as Record<string, unknown>).concurrency = 1;
    (d.nodes[1].params as Record<string, unknown>).serviceTimeMs = { dist: 'exponential', mean: 4 };
    s.load(d);
    s.play();
    clock.t += 10_000;
    s.pump();
    const before = s.series('api')!;
    const u = before.data[before.columns.indexOf('utilization')];
    expect(u[u.length - 1]).toBeGreaterThan(0.6);
    const bad = s.updateNode('api', { instances: 0 });
    expect(bad.ok).toBe(false);
    expect(
      s.updateNode('api', { instances: 4, concurrency: 1, serviceTimeMs: { dist: 'exponential', mean: 4 } })
        .ok,
    ).toBe(true);
    const at = s.simMs;
    clock.t += 10_000;
    s.pump();
    expect(s.simMs).toBeGreaterThan(at); // no restart: time went on
    const after = s.series('api')!;
    const u2 = after.data[after.columns.indexOf('utilization')];
    expect(u2[u2.length - 1]).toBeLessThan(0.35);
    expect(nodeField(s.frame().nodes, 1, NF.instancesUp)).toBe(4);
  });

  it('injects a crash live: the node is marked down and errors rise', () => {
    const clock = fakeClock();
    const s = new SimSession(clock.now);
    s.load(design());
    s.play();
    clock.t += 5000;
    s.pump();
    s.frame();
    expect(s.inject({ type: 'crash', target: 'nope' }).ok).toBe(false);
    const r = s.inject({ type: 'crash', target: 'api', durationS: 5 });
    expect(r.ok).toBe(true);
    clock.t += 2000;
    s.pump();
    const f = s.frame();
    expect(nodeField(f.nodes, 1, NF.down)).toBe(2);
    expect(f.activeFaults.some((x) => x.active && x.type === 'crash' && x.injected)).toBe(true);
    const client = s.series('users')!;
    const unavailable = client.data[client.columns.indexOf('unavailable')];
    expect(unavailable[unavailable.length - 1]).toBeGreaterThan(100);
    clock.t += 6000;
    s.pump();
    expect(nodeField(s.frame().nodes, 1, NF.down)).toBe(0);
  });

  it('ends a live fault at the current simulated time: the node comes back, the fault says when it ended', () => {
    const clock = fakeClock();
    const s = new SimSession(clock.now);
    s.load(design());
    s.play();
    clock.t += 3000;
    s.pump();
    // No duration: it would last until the end of the run.
    const r = s.inject({ type: 'crash', target: 'api' });
    if (!r.ok) throw new Error('inject failed');
    clock.t += 4000;
    s.pump();
    let f = s.frame();
    expect(nodeField(f.nodes, 1, NF.down)).toBe(2);
    const live = f.activeFaults.find((x) => x.id === r.id)!;
    expect([live.active, live.ended, live.endS]).toEqual([true, false, null]);

    const at = s.simMs / 1000;
    const end = s.endFault(r.id);
    expect(end).toEqual({ ok: true, atS: at });
    f = s.frame();
    expect(nodeField(f.nodes, 1, NF.down)).toBe(0);
    const over = f.activeFaults.find((x) => x.id === r.id)!;
    expect([over.active, over.ended, over.endS]).toEqual([false, true, at]);
    // It stays over as the run goes on, ended where it ended.
    clock.t += 3000;
    s.pump();
    f = s.frame();
    expect(nodeField(f.nodes, 1, NF.down)).toBe(0);
    expect(f.activeFaults.find((x) => x.id === r.id)).toMatchObject({ active: false, ended: true, endS: at });
    expect(nodeField(f.nodes, 1, NF.okPerS)).toBeGreaterThan(100);
    // Nothing left to end; no such fault; a flush happens at once and has nothing to end.
    expect(s.endFault(r.id)).toEqual({ ok: false, message: 'that fault is over already' });
    expect(s.endFault(99).ok).toBe(false);
    // A fault that ran its course is over too, and marked so at its end.
    const short = s.inject({ type: 'latency', target: 'api', factor: 3, durationS: 2 });
    if (!short.ok) throw new Error('inject failed');
    const t0 = s.simMs / 1000;
    clock.t += 3000;
    s.pump();
    expect(s.frame().activeFaults.find((x) => x.id === short.id)).toMatchObject({
      active: false,
      ended: true,
      endS: t0 + 2,
    });
    expect(s.endFault(short.id).ok).toBe(false);
  });

  it('a fault injected and ended while paused never begins', () => {
    const clock = fakeClock();
    const s = new SimSession(clock.now);
    s.load(design());
    s.step(2);
    const r = s.inject({ type: 'crash', target: 'api', durationS: 10 });
    if (!r.ok) throw new Error('inject failed');
    // Paused: its start is queued, so it is neither in effect nor over.
    expect(s.frame().activeFaults.find((x) => x.id === r.id)).toMatchObject({ active: false, ended: false });
    expect(s.endFault(r.id)).toEqual({ ok: true, atS: 2 });
    expect(s.frame().activeFaults.find((x) => x.id === r.id)).toMatchObject({
      active: false,
      ended: true,
      endS: 2,
    });
    s.step(2);
    const f = s.frame();
    expect(nodeField(f.nodes, 1, NF.down)).toBe(0);
    expect(f.activeFaults.find((x) => x.id === r.id)).toMatchObject({ active: false, ended: true, endS: 2 });
  });

  it('an engine failure stops the run with a message, keeps the design, and reset recovers', () => {
    const clock = fakeClock();
    const s = new SimSession(clock.now);
    s.load(design());
    s.play();
    clock.t += 1000;
    s.pump();
    // Sabotage the engine as a bug would.
    const engine = (s as unknown as { engine: { nodes: { onTimer: () => void }[] } }).engine;
    engine.nodes[0].onTimer = () => {
      throw new Error('boom');
    };
    clock.t += 1000;
    s.pump();
    const f = s.frame();
    expect(f.error).toMatch(/boom/);
    expect(f.playing).toBe(false);
    const r = s.reset();
    expect(r.ok).toBe(true);
    expect(s.frame().error).toBeNull();
    s.play();
    clock.t += 1000;
    s.pump();
    expect(s.simMs).toBeCloseTo(1000, 6);
  });

  it('is deterministic: the same design and seed give the same frames', () => {
    const run = () => {
      const clock = fakeClock();
      const s = new SimSession(clock.now);
      s.load(design());
      s.setSpeed(100);
      s.play();
      clock.t += 200;
      s.pump();
      return Array.from(s.frame().nodes);
    };
    expect(run()).toEqual(run());
  });
});

describe('stalls', () => {
  it('a zero-delay loop stops with a clear message instead of freezing', () => {
    const clock = fakeClock();
    const s = new SimSession(clock.now);
    const r = s.load({
      schemaVersion: 1,
      nodes: [
        { id: 'c', kind: 'client', params: { users: 5, thinkTimeMs: 0 } },
        { id: 's', kind: 'service', params: { serviceTimeMs: 0 } },
      ],
      edges: [{ id: 'e', source: 'c', target: 's', params: { latencyMs: 0 } }],
      scenario: { durationS: 10 },
    });
    expect(r.ok).toBe(true);
    s.setSpeed('max');
    s.play();
    for (let i = 0; i < 200 && s.isPlaying; i++) s.pump();
    const f = s.frame();
    expect(f.playing).toBe(false);
    expect(f.error).toMatch(/simulated time stopped advancing at 0\.000 s/);
  });

  it('reports each node utilization over the last simulated second, and none for a node without servers', () => {
    // 100 calls/s × 5 ms on 20 threads: 2.5% busy. The busy share at a frame's instant is
    // 0 most of the time (0 or 1 of 20 threads), which is what the ring used to show.
    const light = design({
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 100, readRatio: 1 } },
        {
          id: 'db',
          kind: 'service',
          params: { instances: 1, concurrency: 20, serviceTimeMs: { dist: 'exponential', mean: 5 } },
        },
      ],
      edges: [{ id: 'e1', source: 'users', target: 'db', params: { latencyMs: 1 } }],
    });
    const clock = fakeClock();
    const s = new SimSession(clock.now);
    expect(s.load(light).ok).toBe(true);
    s.play();
    const shown: number[] = [];
    const instant: number[] = [];
    for (let frame = 0; frame < 1200; frame++) {
      clock.t += 1000 / 60; // 60 frames a second at 1×: 20 simulated seconds
      s.pump();
      const f = s.frame();
      expect(nodeField(f.nodes, 0, NF.utilization)).toBeNaN(); // a client has no servers
      if (f.simMs < 2000) continue;
      shown.push(nodeField(f.nodes, 1, NF.utilization));
      instant.push(nodeField(f.nodes, 1, NF.inflight) > 0 ? 1 : 0);
    }
    const mean = shown.reduce((a, b) => a + b, 0) / shown.length;
    expect(mean).toBeGreaterThan(0.02);
    expect(mean).toBeLessThan(0.03);
    // Steady: every frame's figure is the last second's mean, never the instant's 0.
    expect(Math.min(...shown)).toBeGreaterThan(0.01);
    expect(Math.max(...shown)).toBeLessThan(0.05);
    expect(instant.filter((x) => x === 0).length).toBeGreaterThan(0.5 * instant.length);
    // A restart starts the average again (no stale history from the old run).
    s.reset();
    s.play();
    clock.t += 1000 / 60;
    s.pump();
    const u = nodeField(s.frame().nodes, 1, NF.utilization);
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThanOrEqual(1);
  });

  it('at max speed the ring still reads the last simulated second, the same whatever the frames', () => {
    // 2000 calls/s × 15 ms on 40 threads: 75% busy; a slow-down × 4 from 32 s saturates it, so
    // the last two seconds read 100%. A base snapshot per frame at max speed spanned several
    // simulated seconds (the ring said 65%), and moved with the frames' wall-clock timing.
    const slowEnd = design({
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 2000, readRatio: 1 } },
        {
          id: 'api',
          kind: 'service',
          params: { instances: 1, concurrency: 40, serviceTimeMs: { dist: 'exponential', mean: 15 } },
        },
      ],
      scenario: {
        durationS: 34,
        seed: 7,
        faults: [{ type: 'latency', target: 'api', atS: 32, durationS: 10, factor: 4 }],
      },
    });
    // Each clock read costs 1 ms: a frame's slice runs out after a chunk or a few of events,
    // each a few simulated seconds at this load (as a frame's work is at max speed).
    const shownAtEnd = (frameMs: number, sliceMs: number) => {
      const clock = fakeClock(1);
      const s = new SimSession(clock.now, { sliceMs });
      expect(s.load(slowEnd).ok).toBe(true);
      s.setSpeed('max');
      s.play();
      let frames = 0;
      for (; frames < 10_000 && s.isPlaying; frames++) {
        clock.t += frameMs;
        s.pump();
        s.frame();
      }
      const f = s.frame();
      expect(f.finished).toBe(true);
      expect(frames).toBeGreaterThan(3); // several frames, each several simulated seconds apart
      return nodeField(f.nodes, 1, NF.utilization);
    };
    const a = shownAtEnd(16, 1),
      b = shownAtEnd(50, 3);
    expect(a).toBe(b);
    // The series' last second says the same.
    const r = runDesign(slowEnd);
    if (!r.ok) throw new Error('invalid');
    const series = r.engine.stats[1].series;
    const last = series.column('utilization')[series.rows - 1];
    expect(last).toBeGreaterThan(0.99);
    expect(a).toBeCloseTo(last, 6);
  });

  it('keeps every tiny bucket for the client charts, however many close between two frames', () => {
    const clock = fakeClock();
    const s = new SimSession(clock.now);
    const r = s.load(design({ scenario: { durationS: 60, seed: 7, bucketS: 0.01 } }));
    if (!r.ok) throw new Error('load');
    s.setSpeed(10);
    s.play();
    clock.t += 1000; // 10 simulated seconds: 1,000 buckets of 0.01 s in one frame
    s.pump();
    const f = s.frame();
    expect(f.seriesMs).toBeCloseTo(s.simMs, 6);
    // The chart reads the engine's own rows: one per bucket, tiling the run (frames once
    // carried 64 rows at most and joined the rest into wider ones).
    const c = s.series('users')!;
    expect(c.time.length).toBe(1000);
    for (let k = 0; k < 1000; k++) {
      expect(c.widthS[k]).toBeCloseTo(0.01, 9);
      if (k > 0) expect(c.time[k]).toBeCloseTo(c.time[k - 1] + c.widthS[k - 1], 9);
    }
    expect(c.time[999] + c.widthS[999]).toBeCloseTo(f.seriesMs / 1000, 9);
  });

  it('gives live rates over about the last simulated second, however fine the buckets', () => {
    // At 0.01 s buckets a 200 req/s client sends about 2 calls a bucket: the last bucket
    // alone showed anything from 0 to 600/s on the cards from one frame to the next.
    const s = new SimSession(fakeClock().now);
    const r = s.load(design({ scenario: { durationS: 60, seed: 7, bucketS: 0.01 } }));
    if (!r.ok) throw new Error('load');
    const api = r.info.nodeIds.indexOf('api');
    s.step(0.005); // no bucket closed yet: no rate to give
    expect(nodeField(s.frame().nodes, api, NF.arrivalsPerS)).toBe(0);
    s.step(0.5); // half a second of buckets: the rate over what there is
    const early = nodeField(s.frame().nodes, api, NF.arrivalsPerS);
    expect(early).toBeGreaterThan(120);
    expect(early).toBeLessThan(280);
    for (let k = 0; k < 40; k++) {
      s.step(0.137);
      const f = s.frame();
      for (const rate of [
        nodeField(f.nodes, api, NF.arrivalsPerS),
        nodeField(f.nodes, api, NF.okPerS),
        f.edges[0 * EDGE_FIELDS + EF.sentPerS],
      ]) {
        expect(rate).toBeGreaterThan(150);
        expect(rate).toBeLessThan(250);
      }
    }
  });

  it("refuses a live change of an edge's role, which is structure", () => {
    const s = new SimSession(fakeClock().now);
    expect(s.load(design()).ok).toBe(true);
    s.step(1);
    expect(s.updateEdge('e1', { latencyMs: 2, timeoutMs: 1000, role: 'dlq' })).toEqual({
      ok: false,
      errors: [
        {
          path: 'edges[0].params.role',
          message: 'the role of an edge cannot change during a run: restart the run to apply it',
        },
      ],
    });
    // Other params of the same edge still change live.
    expect(s.updateEdge('e1', { latencyMs: 5, timeoutMs: 1000 })).toEqual({ ok: true });
  });

  it('recentCounts sums the newest buckets covering a second, in a coarsened series too', () => {
    const series = new Series(
      [
        ['n', 'sum'],
        ['m', 'sum'],
      ],
      8,
    );
    const out = new Float64Array(2);
    expect(recentCounts(series, [0, 1], 0, out)).toBe(0);
    series.push(0, [1, 10]);
    series.push(0.25, [1, 10]);
    // Half a second so far: all of it.
    expect(recentCounts(series, [0, 1], 500, out)).toBe(0.5);
    expect(Array.from(out)).toEqual([2, 20]);
    for (let k = 2; k < 8; k++) series.push(k * 0.25, [k, 10]);
    // The four newest buckets (4..7) make the second.
    expect(recentCounts(series, [0, 1], 2000, out)).toBe(1);
    expect(Array.from(out)).toEqual([4 + 5 + 6 + 7, 40]);
    // A short last bucket (the run ended 0.1 s into bucket 7) counts at its true width.
    expect(recentCounts(series, [0, 1], 1850, out)).toBeCloseTo(1.1, 12);
    expect(Array.from(out)).toEqual([3 + 4 + 5 + 6 + 7, 50]);
    // Past 8 rows the series merges pairs: rows of two buckets, plus an unfinished one.
    for (let k = 8; k < 13; k++) series.push(k * 0.25, [k, 10]);
    expect(series.stride).toBe(2);
    expect(series.unfinished()?.buckets).toBe(1);
    // Bucket 12 (unfinished), then rows (10, 11) and (8, 9): 1.25 s.
    expect(recentCounts(series, [0, 1], 3250, out)).toBe(1.25);
    expect(Array.from(out)).toEqual([12 + 11 + 10 + 9 + 8, 50]);
  });

  it("the summary's wallMs is the wall time spent in the engine, as the CLI reports it", () => {
    const clock = fakeClock(1); // every read of the clock: 1 ms of work
    const s = new SimSession(clock.now);
    expect(s.load(design()).ok).toBe(true);
    s.step(5);
    const w = s.summary()!.wallMs;
    expect(w).toBeGreaterThan(0); // it was 0
    s.step(5);
    expect(s.summary()!.wallMs).toBeGreaterThan(w);
    expect(s.reset().ok).toBe(true);
    expect(s.summary()!.wallMs).toBe(0);
  });
});

describe('work that piles up without bound', () => {
  it('stops the run with the message naming the node, and the session stays usable', () => {
    const s = new SimSession(fakeClock().now);
    expect(s.load(pileUp('service') as Design).ok).toBe(true);
    s.setSpeed('max');
    s.play();
    for (let i = 0; i < 2000 && s.isPlaying; i++) s.pump();
    const f = s.frame();
    expect(f.playing).toBe(false);
    expect(f.error).toMatch(
      /^The simulation stopped: at 2\.\d s the design held more than 4,194,304 requests at once \([\d,]+ of them at "api"\)/,
    );
    // A fresh load after the error runs normally.
    const small = pileUp('service');
    small.nodes[0].params = { rps: 10 } as never;
    expect(s.load(small as Design).ok).toBe(true);
    s.play();
    s.pump();
    expect(s.frame().error).toBeNull();
  });
});
