/**
 * Answers due at the current instant (a zero-latency trip back, an attempt refused by a
 * bulkhead, an open breaker or a refusing partition) skip the future-event list and are
 * handled right after the event that caused them. These tests pin what that must keep:
 * such answers reach the caller at the very instant they were given, they count against
 * advance()'s event budget, answers produced outside advance() (a live fault failing
 * tasks) are handled at the same instant by the next advance, and a loop of them that
 * never lets time move is still caught as a stall.
 */
import { describe, expect, it } from 'vitest';
import { StalledError } from '../../src/sim/engine';
import { OK, REJECTED, UNAVAILABLE } from '../../src/sim/metrics';
import { prepare } from '../../src/sim/run';
import { nodeIndex, run } from '../theory/helpers';

function twoNodes(client: Record<string, unknown>, service: Record<string, unknown>, edge = {}) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'c', kind: 'client', params: { keys: { count: 1000 }, ...client } },
      { id: 's', kind: 'service', params: service },
    ],
    edges: [{ id: 'e', source: 'c', target: 's', params: { latencyMs: 0, ...edge } }],
    scenario: { durationS: 20, warmupS: 0, seed: 3 },
  };
}

function engineOf(design: unknown) {
  const p = prepare(design);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.engine;
}

describe('answers due now', () => {
  it('a zero-latency answer reaches the caller at the instant it was given', () => {
    // Constant 10 ms work, one thread, arrivals 100 ms apart: no queueing, so every
    // request takes exactly the service time, end to end.
    const { summary } = run(
      twoNodes({ rps: 10, arrivals: 'uniform' }, { concurrency: 1, serviceTimeMs: 10 }),
    );
    const c = summary.clients.c;
    expect(c.requests).toBeGreaterThan(190);
    expect(c.latencyMs.p50).toBeCloseTo(10, 9);
    expect(c.latencyMs.p999).toBeCloseTo(10, 9);
    expect(c.latencyMs.mean).toBeCloseTo(10, 9);
  });

  it('an attempt refused by a bulkhead is answered at once, with zero latency', () => {
    // 200 calls/s into 100 ms of work behind a bulkhead of 1: most attempts are refused
    // on the spot and the client sees them rejected after no time at all.
    const { engine, summary } = run(
      twoNodes({ rps: 200 }, { concurrency: 100, serviceTimeMs: 100 }, { bulkhead: { maxConcurrent: 1 } }),
    );
    const c = summary.clients.c;
    const rejected = c.outcomes.rejected ?? 0;
    expect(rejected / c.requests).toBeGreaterThan(0.8);
    const stats = engine.stats[nodeIndex(engine, 'c')];
    // Every answer is either a 100 ms success or a 0 ms rejection: the median is 0.
    expect(c.latencyMs.p50).toBe(0);
    expect(stats.windowAnswers[REJECTED]).toBe(rejected);
    expect(stats.windowAnswers[OK]).toBe(c.outcomes.ok);
  });

  it('answers given outside advance (a live crash) are handled at that instant by the next advance', () => {
    const engine = engineOf(twoNodes({ users: 20, thinkTimeMs: 100 }, { concurrency: 1, serviceTimeMs: 50 }));
    engine.advance(5_000);
    const t = engine.now;
    const client = engine.stats[nodeIndex(engine, 'c')];
    const before = client.answers[UNAVAILABLE];
    const waiting = engine.liveCount(nodeIndex(engine, 's'));
    expect(waiting).toBeGreaterThan(10); // one in service, the rest queued
    engine.inject({ type: 'crash', target: 's', atS: 0, durationS: 1 });
    // Their calls failed as the service crashed; the answers wait to be handled at the
    // same instant, one event each.
    expect(client.answers[UNAVAILABLE] - before).toBe(0);
    expect(engine.advance(t, 1)).toBe(1);
    expect(engine.now).toBe(t);
    engine.advance(t);
    expect(engine.now).toBe(t);
    expect(client.answers[UNAVAILABLE] - before).toBe(waiting);
  });

  it('counts against the event budget of advance', () => {
    const engine = engineOf(twoNodes({ rps: 100 }, { serviceTimeMs: 1 }));
    let handled = 0;
    while (!engine.finished) {
      const n = engine.advance(engine.endMs, 7);
      expect(n).toBeLessThanOrEqual(7);
      handled += n;
    }
    expect(handled).toBe(engine.events);
  });

  it('a loop of them that never lets time move is a stall, not a hang', () => {
    // Closed-loop users with no think time over a path that answers instantly.
    const engine = engineOf(twoNodes({ users: 3, thinkTimeMs: 0 }, { serviceTimeMs: 0 }));
    expect(() => engine.runToEnd()).toThrow(StalledError);
  });
});
