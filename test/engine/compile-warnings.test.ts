import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model/design';
import { runDesign, prepare } from '../../src/sim/run';
import { roughTime } from '../../src/sim/compile';

function twoNodes(scenario: Design['scenario']): Design {
  return {
    schemaVersion: 1,
    name: 'window',
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 50 } },
      { id: 'api', kind: 'service', params: {} },
    ],
    edges: [{ id: 'e', source: 'users', target: 'api' }],
    scenario,
  };
}

const warningsOf = (d: Design) => {
  const p = prepare(d);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.engine.plan.warnings;
};

describe('the summary window and the bucket size', () => {
  it('says when a coarse bucket moves the window past the warm-up', () => {
    const w = warningsOf(twoNodes({ durationS: 120, warmupS: 10, seed: 1, bucketS: 100 }));
    expect(w).toContainEqual({
      path: 'scenario.bucketS',
      message:
        'the summary window starts at 100 s, the first 100 s bucket boundary at or after the warm-up (10 s): the 90 s between them count in no summary figure; use a bucket that divides the warm-up',
    });
  });

  it('says when the window would be empty, and the run indeed reports nothing', () => {
    const d = twoNodes({ durationS: 120, warmupS: 10, seed: 1, bucketS: 1000 });
    const w = warningsOf(d);
    expect(w.filter((x) => x.path === 'scenario.bucketS').map((x) => x.message)).toEqual([
      'the summary window would be empty: it starts at the first 1000 s bucket boundary at or after the warm-up (10 s), which is the end of the run (120 s), so every summary figure is 0; use a bucket that divides the warm-up, or a shorter one',
    ]);
    const r = runDesign(d);
    if (!r.ok) throw new Error('run');
    expect(r.summary.windowS).toEqual([120, 120]);
  });

  it('stays quiet when the bucket divides the warm-up, float noise included', () => {
    for (const [warmupS, bucketS] of [
      [10, 1],
      [0, 7],
      [2.1, 0.7],
      [0.3, 0.1],
      [12, 0.01],
    ])
      expect(
        warningsOf(twoNodes({ durationS: 60, warmupS, seed: 1, bucketS })).filter(
          (x) => x.path === 'scenario.bucketS',
        ),
      ).toEqual([]);
  });
});

function chain(services: number): Design {
  const ids = Array.from({ length: services }, (_, i) => `s${i + 1}`);
  return {
    schemaVersion: 1,
    name: 'chain',
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 20 } },
      ...ids.map((id) => ({
        id,
        kind: 'service',
        params: { serviceTimeMs: { dist: 'constant', value: 0.1 } },
      })),
    ],
    edges: ['users', ...ids.slice(0, -1)].map((source, i) => ({
      id: `e${i}`,
      source,
      target: ids[i],
      params: { latencyMs: 0.1 },
    })),
    scenario: { durationS: 5, warmupS: 0, seed: 1 },
  };
}

describe('call chains deeper than the hop limit', () => {
  it('warns at the client when its longest chain passes 64 calls, which is why every request fails', () => {
    const w = warningsOf(chain(70));
    expect(w).toContainEqual({
      path: 'nodes[0]',
      message:
        'the longest chain of calls from "users" is 70 calls deep, and a request dies with error after 64 hops: its calls past the 64th fail',
    });
    const r = runDesign(chain(70));
    if (!r.ok) throw new Error('run');
    const users = r.summary.clients.users;
    expect(users.requests).toBeGreaterThan(50);
    expect(users.ok).toBe(0);
  });

  it('stays quiet at 64 calls, which all succeed, and measures the longest of several branches', () => {
    expect(warningsOf(chain(64)).filter((x) => x.path === 'nodes[0]')).toEqual([]);
    const r = runDesign(chain(64));
    if (!r.ok) throw new Error('run');
    expect(r.summary.clients.users.requests).toBeGreaterThan(50);
    expect(r.summary.clients.users.errorRatio).toBe(0);
    // A short branch beside the long one: the long one counts.
    const d = chain(66);
    d.nodes.push({ id: 'side', kind: 'service', params: {} });
    d.edges.push({ id: 'side-e', source: 'users', target: 'side' });
    expect(
      warningsOf(d)
        .map((x) => x.message)
        .join('\n'),
    ).toContain('is 66 calls deep');
  });
});

describe('a run that would take hours', () => {
  /** Closed-loop users with think time `thinkMs` on a fast service, for `durationS`. */
  const closed = (users: number, thinkMs: number, durationS: number): Design => ({
    schemaVersion: 1,
    name: 'busy',
    nodes: [
      { id: 'c', kind: 'client', params: { users, thinkTimeMs: thinkMs } },
      { id: 's', kind: 'service', params: { instances: 10, concurrency: 100, serviceTimeMs: 0.001 } },
    ],
    edges: [{ id: 'e1', source: 'c', target: 's', params: { latencyMs: 0 } }],
    scenario: { durationS },
  });
  const costWarning = (d: Design) => warningsOf(d).find((w) => w.path === 'scenario.durationS')?.message;

  it('says so from the events it needs, where a tiny think time asks for billions of calls', () => {
    // 1,000 users thinking 1 µs: up to 1e9 requests a second (the run took about 15M events
    // per 0.01 simulated second, with no word).
    expect(costWarning(closed(1000, 0.001, 60))).toBe(
      'the run needs up to about 3.00e11 events (~1.00e9 requests/s, ~1.00e9 calls/s into its nodes, over 60 s): at a few million events a second that is about 1 day; shorten the run, or lower the load (a rate, the number of users, or a think time near 0)',
    );
    // An open-loop million a second for ten million seconds.
    const big = twoNodes({ durationS: 1e7, seed: 1 });
    big.nodes[0].params = { rps: 1e6 };
    expect(costWarning(big)).toMatch(/^the run needs up to about 5\.00e13 events .* about 193 days;/);
  });

  it('stays quiet for an ordinary run, and for every example', () => {
    expect(costWarning(closed(100, 1000, 600))).toBeUndefined();
    expect(costWarning(twoNodes({ durationS: 3600, seed: 1 }))).toBeUndefined();
    for (const f of readdirSync('public/examples').filter((x) => x !== 'index.json'))
      expect(costWarning(JSON.parse(readFileSync(`public/examples/${f}`, 'utf8'))), f).toBeUndefined();
  });

  it('words durations in the unit that reads', () => {
    expect(roughTime(45)).toBe('about 45 seconds');
    expect(roughTime(60)).toBe('about 1 minute');
    expect(roughTime(5400)).toBe('about 2 hours');
    expect(roughTime(86400 * 1.2)).toBe('about 1 day');
    expect(roughTime(365 * 86400 * 3e9)).toBe('about 3.00e9 years');
  });
});

describe('call loops', () => {
  /** A client into service s0 of `n` services that all call each other. */
  function mesh(n: number): Design {
    const ids = Array.from({ length: n }, (_, i) => `s${i}`);
    return {
      schemaVersion: 1,
      name: 'mesh',
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 1 } },
        ...ids.map((id) => ({ id, kind: 'service' as const, params: {} })),
      ],
      edges: [
        { id: 'in', source: 'users', target: 's0' },
        ...ids.flatMap((a) =>
          ids.filter((b) => b !== a).map((b) => ({ id: `${a}-${b}`, source: a, target: b })),
        ),
      ],
      scenario: { durationS: 1, seed: 1 },
    };
  }
  const loopWarnings = (d: Design) =>
    warningsOf(d).filter((w) => w.message.includes('call loops') || w.message.startsWith('calls loop'));

  it('a full mesh names its first 20 loops and counts the rest in one warning', () => {
    const w = loopWarnings(mesh(30)); // 30 × 29 calls; the walk goes down one path through all 30, and each call back up it closes a loop: 435
    expect(w).toHaveLength(21);
    expect(w[20]).toEqual({
      path: 'edges',
      message:
        '… and 415 more call loops (435 in all; the first 20 are listed): in each a request dies with error after 64 hops',
    });
  });

  it('a long loop is cut in the middle', () => {
    // s0 → s1 → … → s19 → s0: one loop of 20 services.
    const d = mesh(20);
    d.edges = [
      d.edges[0],
      ...d.nodes.slice(1).map((n, i) => ({ id: `r${i}`, source: n.id, target: `s${(i + 1) % 20}` })),
    ];
    expect(loopWarnings(d).map((x) => x.message)).toEqual([
      'calls loop (s0 → s1 → s2 → s3 → s4 → … 11 more … → s16 → s17 → s18 → s19 → s0); a request dies with error after 64 hops',
    ]);
  });

  it('a few loops are each named in full', () => {
    const w = loopWarnings(mesh(3)); // 3 back edges
    expect(w.map((x) => x.message)).toEqual([
      'calls loop (s0 → s1 → s0); a request dies with error after 64 hops',
      'calls loop (s0 → s1 → s2 → s0); a request dies with error after 64 hops',
      'calls loop (s1 → s2 → s1); a request dies with error after 64 hops',
    ]);
  });
});
