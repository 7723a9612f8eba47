/**
 * Zone: a zone outage takes down exactly the nodes inside it, whatever their kind; edges
 * that cross a zone border pay crossZoneMs each way; a partition between two zones cuts
 * exactly the edges that cross between them.
 */
import { describe, expect, it } from 'vitest';
import { KIND_NAMES, kindSpec } from '../../src/model/kinds';
import { prepare, runDesign } from '../../src/sim/run';
import type { Engine } from '../../src/sim/engine';
import { summarize } from '../../src/sim/summary';

function series(engine: Engine, id: string, col: string): { t: number[]; v: number[] } {
  const s = engine.stats[engine.plan.nodeIndex.get(id)!].series;
  return { t: Array.from(s.time.subarray(0, s.rows)), v: Array.from(s.column(col)) };
}
const sumBetween = (s: { t: number[]; v: number[] }, from: number, to: number) =>
  s.t.reduce((a, t, i) => (t >= from && t < to ? a + s.v[i] : a), 0);

function start(design: unknown): Engine {
  const p = prepare(design);
  if (!p.ok) throw new Error(p.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return p.engine;
}

const OUTAGE = { atS: 10, durationS: 10 };
/** Kinds some of whose calls are answered by their callers' caches even while the node is down. */
const SERVED_WITHOUT_THE_NODE: Record<string, string> = {
  dns: 'lookups cached by the callers’ resolvers until their TTL',
};

describe('zone outage', () => {
  const kinds = KIND_NAMES.filter((k) => !kindSpec(k)!.container && kindSpec(k)!.acceptsCalls);
  for (const kind of kinds) {
    it(`takes down a ${kind} inside the zone and nothing outside it`, () => {
      const spec = kindSpec(kind)!;
      const calls = spec.outgoing !== 'none';
      const engine = start({
        schemaVersion: 1,
        nodes: [
          { id: 'z', kind: 'zone', params: { crossZoneMs: 0 } },
          {
            id: 'users',
            kind: 'client',
            params: { rps: 200, readRatio: 0.9, keys: { count: 100, distribution: 'uniform' } },
          },
          { id: 'x', kind, parentId: 'z' },
          ...(calls ? [{ id: 'db', kind: 'database' }] : []),
          // A bystander path that never touches the zone.
          { id: 'other', kind: 'service', params: { serviceTimeMs: 1 } },
        ],
        edges: [
          { id: 'e1', source: 'users', target: 'x', params: { weight: 1 } },
          { id: 'e3', source: 'users', target: 'other', params: { weight: 1 } },
          ...(calls ? [{ id: 'e2', source: 'x', target: 'db' }] : []),
        ],
        scenario: { durationS: 30, seed: 3, faults: [{ type: 'zone-outage', target: 'z', ...OUTAGE }] },
      });
      const idx = (id: string) => engine.plan.nodeIndex.get(id)!;
      engine.advance(15_000);
      // In the middle of the outage: x is down, everything outside is up.
      expect(engine.nodes[idx('x')].isUp()).toBe(false);
      for (const id of ['users', 'other', ...(calls ? ['db'] : [])]) {
        expect(engine.faults.crashed[idx(id)]).toBe(0);
        expect(engine.nodes[idx(id)].isUp()).toBe(true);
      }
      engine.runToEnd();
      const ok = series(engine, 'x', 'ok');
      const arrivals = series(engine, 'x', 'arrivals');
      expect(sumBetween(arrivals, 11, 20)).toBeGreaterThan(0);
      if (kind in SERVED_WITHOUT_THE_NODE)
        expect(sumBetween(series(engine, 'x', 'unavailable'), 11, 20)).toBeGreaterThan(0);
      else expect(sumBetween(ok, 11, 20)).toBe(0); // no call is served during the outage
      expect(sumBetween(ok, 0, 10)).toBeGreaterThan(0);
      expect(sumBetween(ok, 22, 30)).toBeGreaterThan(0); // and it comes back
      // The bystander never noticed.
      const sum = summarize(engine);
      expect(sumBetween(series(engine, 'other', 'ok'), 11, 20)).toBeGreaterThan(500);
      expect(sum.nodes.other.errorRatio).toBe(0);
      if (calls) expect(sum.nodes.db.errorRatio).toBe(0);
    });
  }

  it('silences a client inside the zone: it sends nothing while its zone is down', () => {
    const r = runDesign({
      schemaVersion: 1,
      nodes: [
        { id: 'z', kind: 'zone' },
        { id: 'users', kind: 'client', parentId: 'z', params: { rps: 200 } },
        { id: 'far', kind: 'client', params: { rps: 200 } },
        { id: 'api', kind: 'service' },
      ],
      edges: [
        { id: 'e1', source: 'users', target: 'api' },
        { id: 'e2', source: 'far', target: 'api' },
      ],
      scenario: { durationS: 30, seed: 4, faults: [{ type: 'zone-outage', target: 'z', ...OUTAGE }] },
    });
    if (!r.ok) throw new Error('invalid');
    const sent = series(r.engine, 'users', 'arrivals');
    expect(sumBetween(sent, 11, 20)).toBe(0);
    expect(sumBetween(sent, 21, 30)).toBeGreaterThan(1000);
    expect(sumBetween(series(r.engine, 'far', 'arrivals'), 11, 20)).toBeGreaterThan(1000);
  });
});

describe('cross-zone latency and partitions', () => {
  const CROSS_MS = 20;
  const twoZones = (faults: unknown[] = []) => ({
    schemaVersion: 1,
    nodes: [
      { id: 'a', kind: 'zone', params: { crossZoneMs: CROSS_MS / 2 } },
      { id: 'b', kind: 'zone', params: { crossZoneMs: CROSS_MS / 2 } },
      { id: 'users', kind: 'client', parentId: 'a', params: { rps: 200, readRatio: 1 } },
      { id: 'near', kind: 'service', parentId: 'a', params: { serviceTimeMs: 5 } },
      { id: 'far', kind: 'service', parentId: 'b', params: { serviceTimeMs: 5 } },
      { id: 'near-db', kind: 'database', parentId: 'a', params: { readMs: 2 } },
      { id: 'far-db', kind: 'database', parentId: 'b', params: { readMs: 2 } },
    ],
    edges: [
      { id: 'e-near', source: 'users', target: 'near', params: { latencyMs: 1 } },
      { id: 'e-far', source: 'users', target: 'far', params: { latencyMs: 1, timeoutMs: 500 } },
      { id: 'e-near-db', source: 'near', target: 'near-db', params: { latencyMs: 1 } },
      { id: 'e-far-db', source: 'far', target: 'far-db', params: { latencyMs: 1 } },
    ],
    scenario: { durationS: 60, warmupS: 5, seed: 5, faults },
  });

  /** Allowed error of the measured extra round-trip time (ms). */
  const LATENCY_TOLERANCE_MS = 1;
  it('a call that crosses from zone a to zone b pays crossZoneMs of both zones, each way', () => {
    const r = runDesign(twoZones());
    if (!r.ok) throw new Error('invalid');
    const e = r.engine;
    // Identical paths except for the border: compare the callee latency (no network) and the client's view per path.
    const edge = (id: string) => e.plan.edges[e.plan.edgeIndex.get(id)!];
    expect(edge('e-near').crossZoneMs).toBe(0);
    expect(edge('e-far').crossZoneMs).toBe(CROSS_MS);
    expect(edge('e-far-db').crossZoneMs).toBe(0);
    // The same work on both sides of the border (a node's latency excludes the network)...
    const near = r.summary.nodes.near.latencyMs.mean;
    const far = r.summary.nodes.far.latencyMs.mean;
    expect(Math.abs(near - far)).toBeLessThan(LATENCY_TOLERANCE_MS);
    // ...so the client's mean over the two equally weighted paths is the work, 1 ms each way on
    // the edge, and the border crossing (CROSS_MS each way) on half of the calls.
    const theory = (near + far) / 2 + 2 + (2 * CROSS_MS) / 2;
    const measured = r.summary.clients.users.latencyMs.mean;
    console.log(
      `cross-zone: near path ${near.toFixed(2)} ms at the service, far ${far.toFixed(2)}; client mean ${measured.toFixed(2)} ms, expected ${theory.toFixed(2)}`,
    );
    expect(Math.abs(measured - theory)).toBeLessThan(LATENCY_TOLERANCE_MS);
  });

  it('a partition between the zones cuts exactly the edges that cross it', () => {
    const r = runDesign(
      twoZones([{ type: 'partition', target: 'a', peer: 'b', mode: 'refuse', atS: 20, durationS: 20 }]),
    );
    if (!r.ok) throw new Error('invalid');
    const s = r.summary;
    expect(s.edges['e-far'].outcomes.unavailable).toBeGreaterThan(1000);
    expect(s.edges['e-near'].outcomes.unavailable ?? 0).toBe(0);
    expect(s.edges['e-far-db'].outcomes.unavailable ?? 0).toBe(0);
    // Nothing reaches far during the partition; near carries on.
    expect(sumBetween(series(r.engine, 'far', 'arrivals'), 21, 40)).toBe(0);
    expect(sumBetween(series(r.engine, 'far', 'arrivals'), 41, 60)).toBeGreaterThan(1000);
    expect(sumBetween(series(r.engine, 'near', 'ok'), 21, 40)).toBeGreaterThan(1000);
  });
});

describe('crashed closed-loop client', () => {
  it('its users stop during the outage and all resume afterwards (even with zero think time)', () => {
    const r = runDesign({
      schemaVersion: 1,
      nodes: [
        { id: 'z', kind: 'zone', params: { crossZoneMs: 0 } },
        { id: 'users', kind: 'client', parentId: 'z', params: { users: 20, thinkTimeMs: 0 } },
        { id: 'api', kind: 'service', params: { serviceTimeMs: 10, instances: 1, concurrency: 100 } },
      ],
      edges: [{ id: 'e1', source: 'users', target: 'api', params: { latencyMs: 0 } }],
      scenario: { durationS: 30, seed: 4, faults: [{ type: 'zone-outage', target: 'z', ...OUTAGE }] },
    });
    if (!r.ok) throw new Error('invalid');
    const sent = series(r.engine, 'users', 'arrivals');
    expect(sumBetween(sent, 11, 20)).toBe(0);
    // 20 users, 10 ms per request, no thinking: 2000 requests per second before and after.
    expect(Math.abs(sumBetween(sent, 22, 30) / 8 - 2000)).toBeLessThan(100);
    expect(Math.abs(sumBetween(sent, 2, 10) / 8 - 2000)).toBeLessThan(100);
  });
});
