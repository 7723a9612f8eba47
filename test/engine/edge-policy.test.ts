/**
 * Edge policy corner cases (DESIGN.md §3), each found by an audit of the engine:
 * - a half-open breaker's probe answered throttled or circuit-open (a deliberate refusal,
 *   not a failure) is given back, so the breaker goes on probing and recovers; it used to
 *   keep the probe, and after halfOpenProbes such answers the edge failed fast for ever;
 * - the caller's own bulkhead refusals say nothing about the dependency: a breaker does
 *   not count them (it used to trip on them and cut goodput 14×);
 * - an open breaker whose open time is over is reported half-open, call or no call;
 * - an edge's timeout starts when the attempt leaves, after a balancer's overhead.
 */
import { describe, expect, it } from 'vitest';
import { BREAKER_HALF_OPEN } from '../../src/sim/edge';
import { runDesign } from '../../src/sim/run';

const breaker = (openS = 5) => ({ failureRate: 0.5, minRequests: 20, windowS: 10, openS, halfOpenProbes: 3 });

function run(design: unknown) {
  const r = runDesign(design);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

/** The breaker column of an edge's series, per second. */
const breakerSeries = (r: ReturnType<typeof run>, edge: string) =>
  Array.from(r.engine.edges[r.engine.plan.edgeIndex.get(edge)!].stats.series.column('breaker'));

describe('circuit breaker probes', () => {
  it('a probe answered throttled is given back: the breaker recovers once the dependency has', () => {
    // Client → rate limiter (50/s) → service; errors on the service 20-30 s trip the
    // breaker on the client's edge. Afterwards half the calls are throttled, probes included.
    const r = run({
      schemaVersion: 1,
      nodes: [
        { id: 'c', kind: 'client', params: { rps: 100 } },
        { id: 'rl', kind: 'ratelimiter', params: { ratePerS: 50, burst: 1 } },
        { id: 's', kind: 'service', params: { instances: 1, concurrency: 100, serviceTimeMs: 5 } },
      ],
      edges: [
        { id: 'e1', source: 'c', target: 'rl', params: { circuitBreaker: breaker() } },
        { id: 'e2', source: 'rl', target: 's' },
      ],
      scenario: {
        durationS: 120,
        warmupS: 0,
        seed: 1,
        faults: [{ type: 'errors', target: 's', rate: 1, atS: 20, durationS: 10 }],
      },
    });
    const states = breakerSeries(r, 'e1');
    expect(states.slice(20, 30)).toContain(1); // it did open during the fault
    expect(states.slice(45).every((s) => s === 0)).toBe(true); // and is closed long after it
    const c = r.summary.clients.c;
    // Failing fast only while the fault and the open times last (it was 9,353 of 11,913).
    expect(c.outcomes['circuit-open'] ?? 0).toBeLessThan(1500);
    expect(c.ok / c.requests).toBeGreaterThan(0.25); // the limiter admits ~50 of 100 per second
  });

  it('nested breakers: a probe answered circuit-open by the next breaker is given back, and both recover', () => {
    const r = run({
      schemaVersion: 1,
      nodes: [
        { id: 'c', kind: 'client', params: { rps: 100 } },
        { id: 'lb', kind: 'loadbalancer', params: {} },
        { id: 's', kind: 'service', params: { instances: 1, concurrency: 100, serviceTimeMs: 5 } },
      ],
      edges: [
        { id: 'e1', source: 'c', target: 'lb', params: { circuitBreaker: breaker(5) } },
        { id: 'e2', source: 'lb', target: 's', params: { circuitBreaker: breaker(20) } },
      ],
      scenario: {
        durationS: 120,
        warmupS: 0,
        seed: 1,
        faults: [{ type: 'errors', target: 's', rate: 1, atS: 10, durationS: 10 }],
      },
    });
    for (const e of ['e1', 'e2'])
      expect(
        breakerSeries(r, e)
          .slice(60)
          .every((s) => s === 0),
      ).toBe(true);
    const c = r.summary.clients.c;
    expect(c.ok / c.requests).toBeGreaterThan(0.7); // it was 0.13: both edges dead to the end
  });

  it('the caller’s own bulkhead refusals do not trip its breaker', () => {
    const design = (withBreaker: boolean) => ({
      schemaVersion: 1,
      nodes: [
        { id: 'c', kind: 'client', params: { rps: 100 } },
        { id: 's', kind: 'service', params: { instances: 1, concurrency: 100, serviceTimeMs: 100 } },
      ],
      edges: [
        {
          id: 'e1',
          source: 'c',
          target: 's',
          params: { bulkhead: { maxConcurrent: 5 }, circuitBreaker: withBreaker ? breaker() : null },
        },
      ],
      scenario: { durationS: 60, warmupS: 0, seed: 1 },
    });
    const guarded = run(design(true)).summary.clients.c;
    const plain = run(design(false)).summary.clients.c;
    // Five at a time, 100 ms each: ~50 ok per second either way (it was 3 with the breaker).
    expect(guarded.outcomes['circuit-open'] ?? 0).toBe(0);
    expect(guarded.ok).toBe(plain.ok);
    expect(guarded.ok / 60).toBeGreaterThan(40);
  });

  it('reports half-open once the open time is over, even when no call comes to move it', () => {
    // Errors from 2 s trip the breaker (at about 4 s, and again when its probes fail at
    // about 9 s); the client stops sending at 10 s, so no call ever finds it open past its 5 s.
    const r = run({
      schemaVersion: 1,
      nodes: [
        { id: 'c', kind: 'client', params: { rps: 100 } },
        { id: 's', kind: 'service', params: {} },
      ],
      edges: [{ id: 'e', source: 'c', target: 's', params: { circuitBreaker: breaker(5) } }],
      scenario: {
        durationS: 30,
        warmupS: 0,
        seed: 1,
        faults: [
          { type: 'errors', target: 's', rate: 1, atS: 2 },
          { type: 'crash', target: 'c', atS: 10 },
        ],
      },
    });
    const states = breakerSeries(r, 'e');
    expect(states[6]).toBe(1);
    expect(states.slice(15)).toEqual(new Array(states.length - 15).fill(BREAKER_HALF_OPEN));
    expect(r.engine.breakerState(0)).toBe(BREAKER_HALF_OPEN);
    expect(r.summary.edges.e.breaker).toBe('half-open');
  });
});

describe('timeouts after a balancer’s overhead', () => {
  /** Client → balancer (overhead) → service, the balancer's edge with a 50 ms timeout. */
  function behindBalancer(overheadMs: unknown, serviceTimeMs: number) {
    return run({
      schemaVersion: 1,
      nodes: [
        { id: 'c', kind: 'client', params: { rps: 50 } },
        { id: 'lb', kind: 'loadbalancer', params: { overheadMs, healthCheck: null } },
        { id: 's', kind: 'service', params: { instances: 1, concurrency: 100, serviceTimeMs } },
      ],
      edges: [
        { id: 'in', source: 'c', target: 'lb', params: { latencyMs: 0 } },
        { id: 'out', source: 'lb', target: 's', params: { timeoutMs: 50, latencyMs: 0 } },
      ],
      scenario: { durationS: 60, warmupS: 0, seed: 2 },
    }).summary;
  }

  it('start when the call leaves: 100 ms of balancer work does not time out a 1 ms call', () => {
    const s = behindBalancer(100, 1);
    expect(s.edges.out.outcomes.timeout ?? 0).toBe(0); // every call timed out before
    expect(s.nodes.lb.latencyMs.mean).toBeCloseTo(101, 6);
  });

  it('fire on time when a varying overhead sends deadlines out of order', () => {
    // Overhead exponential (mean 20 ms), so calls leave out of the order they arrived; the
    // service takes 80 ms, so every call times out exactly 50 ms after it left.
    const s = behindBalancer({ dist: 'exponential', mean: 20 }, 80);
    const lb = s.nodes.lb;
    // Every answer a timeout (a few calls are still in flight at the end).
    expect(Object.keys(lb.outcomes)).toEqual(['timeout']);
    expect(lb.outcomes.timeout).toBeGreaterThan(lb.arrivals - 10);
    expect(lb.latencyMs.mean).toBeGreaterThan(50 + 20 * 0.9);
    expect(lb.latencyMs.mean).toBeLessThan(50 + 20 * 1.1);
    // Median: 50 + the exponential's median (20 ln 2 = 13.9 ms).
    expect(lb.latencyMs.p50).toBeCloseTo(50 + 20 * Math.LN2, 0);
  });
});
