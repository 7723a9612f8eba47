/**
 * Conservation over random designs that use every kind the catalog has, with parameters
 * drawn from the catalog itself (around each default: a tenth to five times it, the
 * bounds, each option, features on and off), random edge policies and random faults of every type. The
 * hand-written arbitrary of random-design.ts covers clients, balancers, services and
 * databases in depth; this one makes sure no kind (and no kind added later) escapes the
 * same checks: nothing throws, at every node arrivals = answers + calls in flight, and no
 * task or call record is left held by nobody (a leak that would grow a long run's memory).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAULT_TYPES, FAULTS, faultTargetsKind, type FaultType } from '../../src/model/faults';
import { KIND_NAMES, kindSpec } from '../../src/model/kinds';
import type { Fields, ParamSpec } from '../../src/model/params';
import { OUTCOMES } from '../../src/sim/metrics';
import { runDesign } from '../../src/sim/run';
import { leakProblems } from './leaks';

type Obj = Record<string, unknown>;

const timeDist: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 0, max: 30 }),
  fc.integer({ min: 1, max: 40 }).map((mean) => ({ dist: 'exponential', mean })),
  fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 20 })).map(([p50, f]) => ({
    dist: 'lognormal',
    p50,
    p99: p50 * f,
  })),
);

/** A number near the spec's default, within its bounds. */
function numberArb(s: Extract<ParamSpec, { type: 'number' }>): fc.Arbitrary<unknown> {
  const lo = s.min === undefined ? -Infinity : s.exclusiveMin ? s.min + (s.integer ? 1 : 1e-3) : s.min;
  const hi = s.max ?? Infinity;
  const base =
    typeof s.default === 'number' ? s.default : ((s as { suggested?: number }).suggested ?? Math.max(lo, 1));
  const fit = (x: number) => {
    const v = Math.min(hi, Math.max(lo, x));
    return s.integer ? Math.round(v) : v;
  };
  const values = [base, base * 0.1, base * 0.5, base * 2, base * 5, lo, Math.min(hi, lo + 1)]
    .filter((x) => Number.isFinite(x))
    .map(fit)
    // Keep runs short: no huge counts or rates (a million workers or keys cost time, not insight).
    .filter((x) => Math.abs(x) <= 100_000);
  const arb = fc.constantFrom(...(values.length ? values : [fit(0)]));
  return s.nullable ? fc.option(arb, { nil: null, freq: 3 }) : arb;
}

function specArb(s: ParamSpec): fc.Arbitrary<unknown> {
  switch (s.type) {
    case 'number':
      return numberArb(s);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...s.options);
    case 'string':
      return fc.constant(s.default);
    case 'dist':
      return timeDist;
    case 'struct': {
      const struct = fieldsArb(s.fields);
      return s.nullable ? fc.option(struct, { nil: null, freq: 2 }) : struct;
    }
    case 'union':
      return fc.oneof(
        ...Object.entries(s.variants).map(([type, fields]) =>
          fieldsArb(fields as Fields).map((f) => ({ type, ...f })),
        ),
      );
    case 'list':
      return fc.array(fieldsArb(s.item), { maxLength: Math.min(3, s.maxItems) });
  }
}

/** Some of a kind's params (the rest keep their defaults), each drawn from its spec. */
function fieldsArb(fields: Fields): fc.Arbitrary<Obj> {
  const arbs: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, spec] of Object.entries(fields)) arbs[k] = specArb(spec);
  return fc.record(arbs, { requiredKeys: [] });
}

const KINDS = KIND_NAMES.filter((k) => k !== 'client' && k !== 'zone');
const nodeArb = fc
  .constantFrom(...KINDS)
  .chain((kind) => fieldsArb(kindSpec(kind)!.params as Fields).map((params) => ({ kind, params })));

const edgeArb: fc.Arbitrary<Obj> = fc.record(
  {
    mode: fc.constantFrom('sync', 'sync', 'async'),
    route: fc.constantFrom('all', 'all', 'read', 'write'),
    latencyMs: fc.constantFrom(0, 0.5, 2),
    timeoutMs: fc.option(fc.integer({ min: 5, max: 300 }), { nil: null }),
    retries: fc.option(
      fc.record({ max: fc.integer({ min: 0, max: 3 }), budget: fc.constantFrom(null, 0.1) }),
      { nil: null },
    ),
    role: fc.constantFrom(undefined, undefined, undefined, 'dlq'),
  },
  { requiredKeys: [] },
);

/** Values for a fault's own fields (whichever it has, by FAULTS[type].fields). */
const FAULT_VALUES: Record<string, unknown> = { durationS: 3, rate: 0.5, instances: 1 };
const FACTOR: Partial<Record<FaultType, number>> = { latency: 4, cpu: 0.5, traffic: 2 };

const designArb = fc
  .record({
    rps: fc.integer({ min: 1, max: 200 }),
    readRatio: fc.constantFrom(0, 0.5, 0.9, 1),
    keys: fc.integer({ min: 1, max: 200 }),
    others: fc.array(nodeArb, { minLength: 1, maxLength: 5 }),
    parents: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
    extra: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
    edgeParams: fc.array(edgeArb, { minLength: 8, maxLength: 8 }),
    faults: fc.array(
      fc.record({
        type: fc.constantFrom(...FAULT_TYPES),
        pick: fc.nat(),
        atS: fc.integer({ min: 0, max: 10 }),
        mode: fc.constantFrom('blackhole', 'refuse'),
      }),
      { maxLength: 3 },
    ),
    zoned: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    durationS: fc.integer({ min: 3, max: 15 }),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map((r) => {
    const nodes: Obj[] = [
      { id: 'c0', kind: 'client', params: { rps: r.rps, readRatio: r.readRatio, keys: { count: r.keys } } },
      ...r.others.map((o, i) => ({ id: `n${i}`, kind: o.kind, params: o.params })),
    ];
    const calls = (n: Obj) => kindSpec(n.kind as string)!.outgoing !== 'none';
    const edges: Obj[] = [];
    const seen = new Set<string>();
    const dlqFrom = new Set<string>();
    const addEdge = (s: string, t: string) => {
      if (s === t || seen.has(`${s}>${t}`)) return;
      seen.add(`${s}>${t}`);
      const params = { ...r.edgeParams[edges.length % 8] };
      // Role "dlq" is valid only on a queue's one dead-letter edge: elsewhere it is dropped.
      if (params.role === 'dlq') {
        if (nodes.find((n) => n.id === s)!.kind !== 'queue' || dlqFrom.has(s)) delete params.role;
        else dlqFrom.add(s);
      }
      edges.push({ id: `e${edges.length}`, source: s, target: t, params });
    };
    for (let i = 1; i < nodes.length; i++) {
      const callers = nodes.slice(0, i).filter(calls);
      addEdge(callers[r.parents[i - 1] % callers.length].id as string, nodes[i].id as string);
    }
    for (const [a, b] of r.extra) {
      const t = 1 + (b % r.others.length);
      const callers = nodes.slice(0, t).filter(calls);
      addEdge(callers[a % callers.length].id as string, nodes[t].id as string);
    }
    // A zone around some of them (zone faults need one; edges crossing it add latency).
    if (r.zoned.some(Boolean)) {
      r.others.forEach((_, i) => {
        if (r.zoned[i]) nodes[i + 1].parentId = 'z0';
      });
      nodes.push({ id: 'z0', kind: 'zone', params: {} });
    }
    const faults = r.faults.flatMap((f) => {
      const spec = FAULTS[f.type];
      const pool = nodes.filter((n) => faultTargetsKind(f.type, n.kind as string)).map((n) => n.id as string);
      if ('edges' in spec.targets && spec.targets.edges) pool.push(...edges.map((e) => e.id as string));
      if (pool.length === 0) return [];
      const fault: Obj = { type: f.type, target: pool[f.pick % pool.length], atS: f.atS };
      for (const k of Object.keys(spec.fields)) {
        if (k in FAULT_VALUES) fault[k] = FAULT_VALUES[k];
        if (k === 'factor') fault.factor = FACTOR[f.type];
        if (k === 'mode') fault.mode = f.mode;
      }
      return [fault];
    });
    return {
      schemaVersion: 1,
      name: 'random, every kind',
      nodes,
      edges,
      scenario: { durationS: r.durationS, warmupS: 0, seed: r.seed, faults },
    };
  });

const total = (s: { column(n: string): Float32Array }, name: string) =>
  s.column(name).reduce((a, b) => a + b, 0);

describe('conservation over random designs of every kind', () => {
  it('nothing throws; at every node arrivals = answers + in flight; every kind and fault is drawn', () => {
    const kindsSeen = new Set<string>();
    const faultsRun = new Set<string>();
    let valid = 0,
      runs = 0;
    fc.assert(
      fc.property(designArb, (design) => {
        runs++;
        const r = runDesign(design);
        if (!r.ok) return; // a combination the validator refuses (it says why): not this test's concern
        valid++;
        const { engine } = r;
        for (const f of engine.plan.faults) faultsRun.add(f.type);
        const out: string[] = [];
        engine.plan.nodes.forEach((n, i) => {
          kindsSeen.add(n.kind);
          const series = engine.stats[i].series;
          const arrivals = total(series, 'arrivals');
          const answers = OUTCOMES.reduce((a, o) => a + total(series, o), 0);
          const live = engine.liveCount(i);
          if (arrivals !== answers + live)
            out.push(`${n.id} (${n.kind}): arrivals ${arrivals} != answers ${answers} + in flight ${live}`);
        });
        out.push(...leakProblems(engine));
        JSON.stringify(r.summary);
        if (out.length) throw new Error(out.slice(0, 5).join('; '));
      }),
      { numRuns: 600, seed: 20261122 },
    );
    console.log('valid', valid, [...faultsRun]);
    expect(runs).toBe(600);
    expect(valid).toBeGreaterThan(450);
    expect([...kindsSeen].sort()).toEqual([...KIND_NAMES].sort());
    expect([...faultsRun].sort()).toEqual([...FAULT_TYPES].sort());
  });
});
