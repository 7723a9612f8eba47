/** storage and external: long-tailed defaults, error rates, the external quota and storage's request rate limit. */
import { describe, expect, test } from 'vitest';
import { prepare } from '../../src/sim/run';
import { col, idx, note, run } from './messaging-helpers';

/** Default lognormal latencies are p99/p50 ≈ 10–12; require a clearly long tail. */
const MIN_TAIL_RATIO = 6;

function design(kind: string, params: Record<string, unknown>, rps: number, readRatio = 0.9) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'app', kind: 'client', params: { rps, readRatio } },
      { id: 'x', kind, params },
    ],
    edges: [{ id: 'e', source: 'app', target: 'x' }],
    scenario: { durationS: 120, warmupS: 10, seed: 9 },
  };
}

describe('storage and external', () => {
  test('storage defaults: a long tail and a small error rate, no queueing at moderate load', () => {
    const s = run(design('storage', {}, 500)).summary.nodes.x;
    const ratio = s.latencyMs.p99 / s.latencyMs.p50;
    note('storage p50 (ms)', s.latencyMs.p50);
    note('storage p99 (ms)', s.latencyMs.p99);
    note('storage p99/p50', ratio, `>= ${MIN_TAIL_RATIO}`);
    expect(ratio).toBeGreaterThanOrEqual(MIN_TAIL_RATIO);
    expect(s.errorRatio).toBeGreaterThan(0);
    expect(s.errorRatio).toBeLessThan(0.005);
    expect(s.maxQueueLength).toBe(0);
  });

  test('storage throttles reads and writes beyond their own rate limits (503 Slow Down)', () => {
    const short = (readRatio: number, params: Record<string, unknown>) => {
      const d = design('storage', { errorRate: 0, ...params }, 8000, readRatio);
      return run({ ...d, scenario: { ...d.scenario, durationS: 40 } }).summary.nodes.x;
    };
    // All reads at 8,000/s against the default 5,500 GET/s: 2,500/s throttled.
    const reads = short(1, {});
    const readShare = (reads.outcomes.throttled ?? 0) / reads.answers;
    note('throttled share, 8,000 GET/s against 5,500', readShare, 2500 / 8000);
    expect(Math.abs(readShare - 2500 / 8000)).toBeLessThan(0.01);
    expect(reads.overQuota).toBe(reads.outcomes.throttled);
    // Half writes: 4,000 GET/s pass (under 5,500), 4,000 PUT/s meet the 3,500 limit: 500/s throttled.
    const mixed = short(0.5, {});
    const mixedShare = (mixed.outcomes.throttled ?? 0) / mixed.answers;
    note('throttled share, 4,000 GET/s + 4,000 PUT/s', mixedShare, 500 / 8000);
    expect(Math.abs(mixedShare - 500 / 8000)).toBeLessThan(0.005);
    // Raised limits (keys spread over more prefixes) or the limit off: nothing throttled.
    expect(
      short(0.5, { requestRate: { readsPerS: 20_000, writesPerS: 20_000 } }).outcomes.throttled ?? 0,
    ).toBe(0);
    expect(short(1, { requestRate: null }).outcomes.throttled ?? 0).toBe(0);
  });

  test('storage follows a live change of its request rate limit at once', () => {
    const p = prepare(design('storage', { errorRate: 0 }, 8000, 1));
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    const e = p.engine;
    const params = (requestRate: unknown) => ({ ...e.plan.nodes[idx(e, 'x')].params, requestRate });
    e.advance(20_000);
    e.setNodeParams(idx(e, 'x'), params(null));
    e.advance(40_000);
    e.setNodeParams(idx(e, 'x'), params({ readsPerS: 1000, writesPerS: 1000 }));
    e.advance(60_000);
    const throttled = col(e, 'x', 'throttled');
    const perS = (from: number, to: number) =>
      throttled.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
    // 8,000 GET/s: 2,500/s over the default 5,500, none with the limit off, 7,000/s over 1,000.
    expect(Math.abs(perS(2, 20) - 2500)).toBeLessThan(150);
    expect(perS(20, 40)).toBe(0);
    expect(Math.abs(perS(41, 60) - 7000)).toBeLessThan(150);
  });

  test('external defaults: a long tail; the quota throttles calls beyond it', () => {
    const free = run(design('external', { quota: null }, 50)).summary.nodes.x;
    const ratio = free.latencyMs.p99 / free.latencyMs.p50;
    note('external p50 (ms)', free.latencyMs.p50);
    note('external p99 (ms)', free.latencyMs.p99);
    expect(ratio).toBeGreaterThanOrEqual(MIN_TAIL_RATIO);
    expect(free.outcomes.throttled ?? 0).toBe(0);

    // Quota 600 per 10 s window (60/s) against 100 req/s: 40% throttled, exactly limit per window.
    const r = run(
      design(
        'external',
        { errorRate: 0, quota: { algorithm: 'fixed-window', limit: 600, windowS: 10 } },
        100,
      ),
    );
    const x = r.summary.nodes.x;
    const windows = (120 - 10) / 10;
    note('external calls served within the quota', x.outcomes.ok ?? 0, windows * 600);
    expect(x.outcomes.ok).toBe(windows * 600);
    expect(x.overQuota).toBe(x.outcomes.throttled);
    note('throttled share', (x.outcomes.throttled ?? 0) / x.answers, 0.4);
    expect(Math.abs((x.outcomes.throttled ?? 0) / x.answers - 0.4)).toBeLessThan(0.03);
  });

  test('a crash of the provider answers unavailable; cpu throttling slows it down', () => {
    const d = design('external', { quota: null, errorRate: 0 }, 50);
    const crashed = run({
      ...d,
      scenario: { ...d.scenario, faults: [{ type: 'crash', target: 'x', atS: 60, durationS: 30 }] },
    });
    const share =
      (crashed.summary.clients.app.outcomes.unavailable ?? 0) / crashed.summary.clients.app.requests;
    note('unavailable share with a 30 s crash in a 110 s window', share, 30 / 110);
    expect(Math.abs(share - 30 / 110)).toBeLessThan(0.03);
    const slow = run({
      ...d,
      scenario: { ...d.scenario, faults: [{ type: 'cpu', target: 'x', atS: 0, factor: 0.5 }] },
    });
    const base = run(d);
    expect(slow.summary.nodes.x.latencyMs.p50).toBeGreaterThan(1.8 * base.summary.nodes.x.latencyMs.p50);
  });
});
