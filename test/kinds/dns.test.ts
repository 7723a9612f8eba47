/**
 * DNS failover: after the primary crashes, fresh lookups move to the secondary once the
 * health checks notice, but callers holding a cached answer keep hitting the dead primary
 * until their TTL runs out (linearly over one TTL, since cache expiries are spread).
 *
 * Weighted: calls split by edge weight (per lookup, so per resolver-TTL, not per call);
 * weight 0 is a backup tier. Latency: every call goes to the healthy target with the
 * lowest mean edge latency (configured, plus zone crossings and edge latency faults).
 * Both: dead targets leave fresh answers after health-check detection and cached answers
 * within one TTL; the same seed gives the same run.
 */
import { describe, expect, test } from 'vitest';
import { col, note, run, sum, type Ran } from './messaging-helpers';

const CRASH_S = 60;
const TTL_S = 30;
const INTERVAL_S = 5;
const UNHEALTHY_AFTER = 2;
/** Detection: at most unhealthyAfter probe intervals plus the probe timeout after the crash. */
const DETECT_MAX_S = UNHEALTHY_AFTER * INTERVAL_S + 1;

function design(ttlS: number) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 200 } },
      {
        id: 'dns',
        kind: 'dns',
        params: {
          policy: 'failover',
          ttlS,
          lookupMs: 20,
          healthCheck: {
            intervalMs: INTERVAL_S * 1000,
            timeoutMs: 1000,
            unhealthyAfter: UNHEALTHY_AFTER,
            healthyAfter: 2,
          },
        },
      },
      { id: 'primary', kind: 'service', params: { instances: 2, concurrency: 50, serviceTimeMs: 10 } },
      { id: 'secondary', kind: 'service', params: { instances: 2, concurrency: 50, serviceTimeMs: 10 } },
    ],
    edges: [
      { id: 'e0', source: 'users', target: 'dns' },
      { id: 'e1', source: 'dns', target: 'primary', params: { latencyMs: 5 } },
      { id: 'e2', source: 'dns', target: 'secondary', params: { latencyMs: 40 } },
    ],
    scenario: {
      durationS: 150,
      warmupS: 0,
      seed: 3,
      faults: [{ type: 'crash', target: 'primary', atS: CRASH_S }],
    },
  };
}

describe('dns', () => {
  test('failover moves traffic to the secondary; cached answers keep hitting the dead primary until the TTL expires', () => {
    const r = run(design(TTL_S));
    const P = col(r.engine, 'primary', 'arrivals');
    const S = col(r.engine, 'secondary', 'arrivals');
    const stale = col(r.engine, 'dns', 'staleRoutes');
    // Before the crash: all traffic on the primary.
    expect(sum(S.slice(0, CRASH_S))).toBe(0);
    // Detection: the first second in which the secondary gets traffic.
    const first = S.findIndex((v) => v > 0);
    note('secondary first gets traffic at (s)', first, `${CRASH_S}..${CRASH_S + DETECT_MAX_S}`);
    expect(first).toBeGreaterThanOrEqual(CRASH_S);
    expect(first).toBeLessThanOrEqual(CRASH_S + DETECT_MAX_S);
    // After detection + TTL: nothing reaches the primary any more.
    const clear = first + TTL_S + 1;
    note('primary arrivals after detection + TTL', sum(P.slice(clear)), 0);
    expect(sum(P.slice(clear))).toBe(0);
    expect(sum(stale.slice(clear))).toBe(0);
    // During the TTL after detection, cached answers still send traffic to the dead primary,
    // falling off roughly linearly: the first half of the TTL carries about 3× the second.
    const firstHalf = sum(P.slice(first, first + TTL_S / 2));
    const secondHalf = sum(P.slice(first + TTL_S / 2, first + TTL_S));
    note('calls to the dead primary, first half of the TTL', firstHalf);
    note('calls to the dead primary, second half of the TTL', secondHalf);
    expect(firstHalf).toBeGreaterThan(1000);
    expect(secondHalf).toBeGreaterThan(0);
    expect(firstHalf).toBeGreaterThan(2 * secondHalf);
    expect(sum(stale)).toBeGreaterThan(1000);
    // Those calls fail at the client.
    expect(r.summary.clients.users.outcomes.unavailable).toBeGreaterThan(firstHalf);
    // Most calls are answered from resolver caches.
    expect(r.summary.nodes.dns.cachedRatio as number).toBeGreaterThan(0.9);
  });

  test('a short TTL fails over faster than a long one', () => {
    const failed = (ttl: number) => run(design(ttl)).summary.clients.users.outcomes.unavailable ?? 0;
    const short = failed(5),
      long = failed(60);
    note('failed calls, TTL 5 s', short);
    note('failed calls, TTL 60 s', long);
    expect(short * 2).toBeLessThan(long);
  });
});

// Weighted and latency policies.

/** Health checks for the policy tests: a dead target is out after 2 failed probes 2 s apart. */
const HC = { intervalMs: 2000, timeoutMs: 500, unhealthyAfter: 2, healthyAfter: 2 };
/** Most seconds from a crash (or recovery) to the checker noticing: that many probe intervals plus the probe timeout. */
const HC_DETECT_S = Math.ceil(
  (Math.max(HC.unhealthyAfter, HC.healthyAfter) * HC.intervalMs + HC.timeoutMs) / 1000,
);

interface Target {
  id: string;
  weight?: number;
  latencyMs?: unknown;
  zone?: string;
}

interface Opts {
  policy: 'weighted' | 'latency';
  targets: Target[];
  ttlS: number;
  resolvers: number;
  rps: number;
  durationS: number;
  faults?: unknown[];
  zones?: { id: string; crossZoneMs: number }[];
  seed?: number;
}

/** users → dns → targets; the targets are services far from saturation, so only routing matters. */
function policyDesign(o: Opts) {
  return {
    schemaVersion: 1,
    nodes: [
      ...(o.zones ?? []).map((z) => ({ id: z.id, kind: 'zone', params: { crossZoneMs: z.crossZoneMs } })),
      { id: 'users', kind: 'client', params: { rps: o.rps } },
      {
        id: 'dns',
        kind: 'dns',
        params: { policy: o.policy, ttlS: o.ttlS, resolvers: o.resolvers, lookupMs: 5, healthCheck: HC },
      },
      ...o.targets.map((t) => ({
        id: t.id,
        kind: 'service',
        ...(t.zone ? { parentId: t.zone } : {}),
        params: { instances: 2, concurrency: 100, serviceTimeMs: 2 },
      })),
    ],
    edges: [
      { id: 'e-users', source: 'users', target: 'dns' },
      ...o.targets.map((t) => ({
        id: `e-${t.id}`,
        source: 'dns',
        target: t.id,
        params: { weight: t.weight ?? 1, latencyMs: t.latencyMs ?? 1 },
      })),
    ],
    scenario: { durationS: o.durationS, warmupS: 0, seed: o.seed ?? 7, faults: o.faults ?? [] },
  };
}

/** Arrivals at each target over the buckets [from, to) (seconds). */
function arrivals(r: Ran, ids: string[], from = 0, to = Infinity): Record<string, number> {
  return Object.fromEntries(ids.map((id) => [id, sum(col(r.engine, id, 'arrivals').slice(from, to))]));
}

/** First bucket (second) at or after `from` where the DNS believes `n` targets healthy. */
function healthyAt(r: Ran, n: number, from = 0): number {
  return col(r.engine, 'dns', 'healthyTargets').findIndex((v, i) => i >= from && v === n);
}

describe('dns weighted policy', () => {
  test('splits calls 3:1 by edge weight (within 5 standard errors of a lookup-level draw); a weight-0 target gets nothing', () => {
    const r = run(
      policyDesign({
        policy: 'weighted',
        targets: [
          { id: 'a', weight: 3 },
          { id: 'b', weight: 1 },
          { id: 'idle', weight: 0 },
        ],
        ttlS: 1,
        resolvers: 500,
        rps: 1000,
        durationS: 60,
      }),
    );
    const n = arrivals(r, ['a', 'b', 'idle']);
    const share = n.a / (n.a + n.b);
    const lookups = r.summary.nodes.dns.lookups as number;
    // The unit of randomness is a lookup, not a call: lookup j draws one target (a with
    // p = 3/4) and its answer then carries n_j calls (itself plus that resolver's cache
    // hits for one TTL). So Var(share) = p(1-p)·Σn_j²/(Σn_j)² ≈ p(1-p)/N·E[n²]/E[n]² over N
    // lookups. Calls reach a resolver as Poisson(λ) per TTL (λ = 1000 rps / 500 resolvers
    // × 1 s = 2), so n = 1 + Poisson(λ) and E[n²]/E[n]² = 1 + λ/(1+λ)² ≤ 1.25 for any λ.
    // Five such standard errors: a false alarm for under one seed in a million, while a
    // policy ignoring the weights (1/2) would be more than 70 of them off.
    const se = Math.sqrt((1.25 * 0.75 * 0.25) / lookups);
    note('share of calls on the weight-3 target', share, `0.75 ± ${(5 * se).toFixed(4)}`);
    note('lookups (independent draws)', lookups);
    // Caching is really in play (most calls ride a cached answer), yet there are enough
    // draws for a tight bound.
    expect(r.summary.nodes.dns.cachedRatio as number).toBeGreaterThan(0.6);
    expect(lookups).toBeGreaterThan(15_000);
    expect(5 * se).toBeLessThan(0.02);
    expect(Math.abs(share - 0.75)).toBeLessThan(5 * se);
    // Weight 0: not one call, not even from the warm caches at the start.
    expect(n.idle).toBe(0);
    // Every call went somewhere.
    expect(r.summary.clients.users.outcomes.unavailable ?? 0).toBe(0);
  });

  test('a target failing its health checks stops getting calls once cached answers expire, and gets its share back after it recovers', () => {
    const CRASH = 20,
      RECOVER = 50,
      TTL = 5;
    const r = run(
      policyDesign({
        policy: 'weighted',
        targets: [{ id: 'a' }, { id: 'b' }],
        ttlS: TTL,
        resolvers: 1000,
        rps: 1000,
        durationS: 80,
        faults: [{ type: 'crash', target: 'b', atS: CRASH, durationS: RECOVER - CRASH }],
      }),
    );
    const B = col(r.engine, 'b', 'arrivals');
    const failed = col(r.engine, 'users', 'unavailable');
    const stale = col(r.engine, 'dns', 'staleRoutes');
    // Before the crash, b has its half (loose bound: over 20 s the draws are ~4000 lookups,
    // one standard error ≈ 0.01).
    const before = arrivals(r, ['a', 'b'], 0, CRASH);
    expect(Math.abs(before.b / (before.a + before.b) - 0.5)).toBeLessThan(0.05);
    // Health checks notice within unhealthyAfter intervals plus the probe timeout.
    const out = healthyAt(r, 1);
    note('b taken out at (s)', out, `${CRASH}..${CRASH + HC_DETECT_S}`);
    expect(out).toBeGreaterThanOrEqual(CRASH);
    expect(out).toBeLessThanOrEqual(CRASH + HC_DETECT_S);
    // Until then fresh lookups still name b; after it, only cached answers do, and those
    // run out within one TTL, falling off as the spread expiries pass.
    expect(sum(B.slice(CRASH, out))).toBeGreaterThan(0);
    expect(sum(stale.slice(out, out + TTL))).toBeGreaterThan(0);
    expect(sum(B.slice(out + 1, out + 3))).toBeGreaterThan(sum(B.slice(out + 3, out + 5)));
    const clear = out + TTL + 1;
    note('calls to b from detection + TTL until it recovers', sum(B.slice(clear, RECOVER)), 0);
    expect(sum(B.slice(clear, RECOVER))).toBe(0);
    expect(sum(stale.slice(clear))).toBe(0);
    // ... and from then on nothing fails: a takes every call.
    expect(sum(failed.slice(clear))).toBe(0);
    // Recovery: b comes back only after healthyAfter good probes, then fresh lookups give
    // it its weight again; one TTL later the old answers (all a) have expired.
    const back = healthyAt(r, 2, out);
    note('b healthy again at (s)', back, `${RECOVER}..${RECOVER + HC_DETECT_S}`);
    expect(back).toBeGreaterThanOrEqual(RECOVER);
    expect(back).toBeLessThanOrEqual(RECOVER + HC_DETECT_S);
    expect(sum(B.slice(clear, back))).toBe(0);
    const after = arrivals(r, ['a', 'b'], back + TTL + 1);
    note('b share after recovery + TTL', after.b / (after.a + after.b), 0.5);
    expect(Math.abs(after.b / (after.a + after.b) - 0.5)).toBeLessThan(0.05);
  });

  test('weight-0 targets are a backup: nothing while a weighted target is healthy, an even split when none is', () => {
    const CRASH = 20,
      TTL = 2;
    const r = run(
      policyDesign({
        policy: 'weighted',
        targets: [
          { id: 'main', weight: 1 },
          { id: 'spare1', weight: 0 },
          { id: 'spare2', weight: 0 },
        ],
        ttlS: TTL,
        resolvers: 500,
        rps: 1000,
        durationS: 50,
        faults: [{ type: 'crash', target: 'main', atS: CRASH }],
      }),
    );
    const ids = ['main', 'spare1', 'spare2'];
    const before = arrivals(r, ids, 0, CRASH);
    expect(before.spare1 + before.spare2).toBe(0);
    expect(before.main).toBeGreaterThan(15_000);
    const out = healthyAt(r, 2);
    expect(out).toBeGreaterThanOrEqual(CRASH);
    expect(out).toBeLessThanOrEqual(CRASH + HC_DETECT_S);
    const after = arrivals(r, ids, out + TTL + 1);
    const share = after.spare1 / (after.spare1 + after.spare2);
    note('spare1 share of the backup traffic', share, 0.5);
    expect(after.main).toBe(0);
    // ~5000 lookups over the 20-odd seconds: one standard error ≈ 0.008.
    expect(Math.abs(share - 0.5)).toBeLessThan(0.05);
  });
});

describe('dns latency policy', () => {
  /**
   * Edge order deliberately not latency order, so "first in edge order" (failover) would
   * pick `far`. `spiky` has the lowest median (≈3 ms) but a mean of 30 ms: the policy ranks
   * by the edge's mean latency, so it must not win.
   */
  const TARGETS: Target[] = [
    { id: 'far', latencyMs: 40 },
    { id: 'spiky', latencyMs: { dist: 'lognormal', mean: 30, sd: 300 } },
    { id: 'near', latencyMs: 5 },
    { id: 'mid', latencyMs: 20 },
  ];
  const IDS = TARGETS.map((t) => t.id);

  test('sends every call to the target with the lowest mean edge latency, whatever the edge order', () => {
    const r = run(
      policyDesign({ policy: 'latency', targets: TARGETS, ttlS: 5, resolvers: 200, rps: 500, durationS: 30 }),
    );
    const n = arrivals(r, IDS);
    note('arrivals at near', n.near);
    expect(n.near).toBeGreaterThan(14_000);
    expect(n.far + n.spiky + n.mid).toBe(0);
    expect(r.summary.clients.users.outcomes.unavailable ?? 0).toBe(0);
  });

  test('when the nearest target fails its health checks, traffic moves to the next nearest (not the next in edge order), and back after it recovers', () => {
    const CRASH = 20,
      RECOVER = 45,
      TTL = 5;
    const r = run(
      policyDesign({
        policy: 'latency',
        targets: TARGETS,
        ttlS: TTL,
        resolvers: 200,
        rps: 500,
        durationS: 70,
        faults: [{ type: 'crash', target: 'near', atS: CRASH, durationS: RECOVER - CRASH }],
      }),
    );
    const N = col(r.engine, 'near', 'arrivals');
    const M = col(r.engine, 'mid', 'arrivals');
    const stale = col(r.engine, 'dns', 'staleRoutes');
    // Nothing but near before the crash.
    expect(sum(M.slice(0, CRASH))).toBe(0);
    // Detection: the first second mid gets traffic.
    const moved = M.findIndex((v) => v > 0);
    note('mid first gets traffic at (s)', moved, `${CRASH}..${CRASH + HC_DETECT_S}`);
    expect(moved).toBeGreaterThanOrEqual(CRASH);
    expect(moved).toBeLessThanOrEqual(CRASH + HC_DETECT_S);
    // Cached answers keep sending calls to the dead near for up to one TTL.
    expect(sum(stale.slice(moved, moved + TTL))).toBeGreaterThan(0);
    const clear = moved + TTL + 1;
    expect(sum(N.slice(clear, RECOVER))).toBe(0);
    expect(sum(col(r.engine, 'users', 'unavailable').slice(clear))).toBe(0);
    // The next nearest is mid (20 ms), not far (first in edge order) nor spiky (median 3 ms).
    const during = arrivals(r, IDS, clear, RECOVER);
    expect(during.far + during.spiky).toBe(0);
    expect(during.mid).toBeGreaterThan(400 * (RECOVER - clear));
    // Recovery: near is healthy again after healthyAfter good probes; fresh lookups return
    // to it at once and the cached answers naming mid run out within one TTL.
    const back = N.findIndex((v, i) => i >= RECOVER && v > 0);
    note('near gets traffic again at (s)', back, `${RECOVER}..${RECOVER + HC_DETECT_S}`);
    expect(back).toBeGreaterThanOrEqual(RECOVER);
    expect(back).toBeLessThanOrEqual(RECOVER + HC_DETECT_S);
    const after = arrivals(r, IDS, back + TTL + 1);
    expect(after.mid + after.far + after.spiky).toBe(0);
    expect(after.near).toBeGreaterThan(0);
  });

  test('counts zone crossings and edge latency faults: what the call would actually pay', () => {
    // near sits behind a zone border costing 30 ms each way: 35 ms > mid's 20 ms.
    const zoned = run(
      policyDesign({
        policy: 'latency',
        targets: TARGETS.map((t) => (t.id === 'near' ? { ...t, zone: 'remote' } : t)),
        zones: [{ id: 'remote', crossZoneMs: 30 }],
        ttlS: 5,
        resolvers: 200,
        rps: 500,
        durationS: 20,
      }),
    );
    const z = arrivals(zoned, IDS);
    expect(z.near + z.far + z.spiky).toBe(0);
    expect(z.mid).toBeGreaterThan(9000);

    // A +50 ms latency fault on near's edge from 10 s to 25 s: fresh lookups go to mid at
    // once (no health check involved), cached answers follow within one TTL, and the
    // traffic comes back once the fault ends.
    const FROM = 10,
      TO = 25,
      TTL = 2;
    const r = run(
      policyDesign({
        policy: 'latency',
        targets: TARGETS,
        ttlS: TTL,
        resolvers: 200,
        rps: 500,
        durationS: 40,
        faults: [{ type: 'latency', target: 'e-near', atS: FROM, durationS: TO - FROM, addMs: 50 }],
      }),
    );
    const M = col(r.engine, 'mid', 'arrivals');
    expect(sum(M.slice(0, FROM))).toBe(0);
    // Mid gets calls in the very second the fault starts: sooner than health checks could
    // act (and they would not: a 110 ms round trip is well inside the probe timeout).
    expect(M[FROM]).toBeGreaterThan(0);
    const during = arrivals(r, IDS, FROM + TTL + 1, TO);
    expect(during.near + during.far + during.spiky).toBe(0);
    expect(during.mid).toBeGreaterThan(400 * (TO - FROM - TTL - 1));
    const after = arrivals(r, IDS, TO + TTL + 1);
    expect(after.mid + after.far + after.spiky).toBe(0);
    expect(after.near).toBeGreaterThan(0);
  });
});

describe('dns determinism', () => {
  const designs = {
    weighted: (seed: number) =>
      policyDesign({
        policy: 'weighted',
        targets: [
          { id: 'a', weight: 3 },
          { id: 'b', weight: 1 },
          { id: 'c', weight: 0 },
        ],
        ttlS: 2,
        resolvers: 100,
        rps: 300,
        durationS: 40,
        faults: [{ type: 'crash', target: 'a', atS: 10, durationS: 15 }],
        seed,
      }),
    latency: (seed: number) =>
      policyDesign({
        policy: 'latency',
        targets: [
          { id: 'a', latencyMs: { dist: 'lognormal', p50: 5, p99: 50 } },
          { id: 'b', latencyMs: 10 },
        ],
        ttlS: 2,
        resolvers: 100,
        rps: 300,
        durationS: 40,
        faults: [{ type: 'crash', target: 'a', atS: 10, durationS: 15 }],
        seed,
      }),
  };
  for (const [policy, design] of Object.entries(designs)) {
    test(`${policy}: the same seed gives an identical summary and per-second series; another seed does not`, () => {
      const trace = (r: Ran) => ({
        summary: r.summary,
        series: ['dns', 'a', 'b'].map((id) => ['arrivals', 'unavailable'].map((c) => col(r.engine, id, c))),
        stale: col(r.engine, 'dns', 'staleRoutes'),
      });
      const one = trace(run(design(11)));
      const two = trace(run(design(11)));
      expect(two).toEqual(one);
      // Not vacuous: the run has lookups, failovers and stale routes that depend on the seed.
      expect(sum(one.stale)).toBeGreaterThan(0);
      expect(trace(run(design(12))).summary).not.toEqual(one.summary);
    });
  }
});
