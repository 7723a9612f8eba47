/**
 * Fault types of DESIGN.md §5 that no kind test pins on its own: each one's effect, and
 * that it holds exactly while the fault lasts. A client at 100 calls/s feeds the node
 * under test; every fault runs from 10 s to 20 s of a 30 s run.
 */
import { describe, expect, it } from 'vitest';
import { between, edgeSeries, mean, nodeSeries, run, sum } from '../theory/helpers';

const FAULT_AT = 10,
  FAULT_END = 20;

/** Client → x (→ backend service, for kinds that forward) over zero-latency edges. */
function design(kind: string, fault: Record<string, unknown>, edge: Record<string, unknown> = {}) {
  const forwards = !['service', 'database', 'storage', 'external'].includes(kind);
  const params: Record<string, unknown> =
    kind === 'ratelimiter'
      ? { ratePerS: 1000, burst: 1000 }
      : kind === 'external' || kind === 'storage'
        ? { errorRate: 0 } // their defaults fail a few calls of their own
        : {};
  return {
    schemaVersion: 1,
    name: `${String(fault.type)} on ${kind}`,
    nodes: [
      { id: 'c', kind: 'client', params: { rps: 100, keys: { count: 1_000_000 } } },
      { id: 'x', kind, params },
      ...(forwards ? [{ id: 'b', kind: 'service', params: { serviceTimeMs: 5 } }] : []),
    ],
    edges: [
      { id: 'e', source: 'c', target: 'x', params: { latencyMs: 0, ...edge } },
      ...(forwards ? [{ id: 'eb', source: 'x', target: 'b', params: { latencyMs: 0 } }] : []),
    ],
    scenario: {
      durationS: 30,
      seed: 5,
      faults: [{ target: 'x', atS: FAULT_AT, durationS: FAULT_END - FAULT_AT, ...fault }],
    },
  };
}

/**
 * Share of x's (or an edge's) answers with `outcome` while the fault lasts, and outside it
 * (skipping the second after it ends, where calls it delayed still answer).
 */
function shares(engine: Parameters<typeof nodeSeries>[0], outcome: string, edge?: string) {
  const series = (c: string) => (edge ? edgeSeries(engine, edge, c) : nodeSeries(engine, 'x', c));
  const all = ['ok', 'error', 'unavailable', 'timeout', 'dropped', 'rejected'].map(series);
  const total = (from: number, to: number) => sum(all.flatMap((s) => between(s, from, to)));
  const hit = (from: number, to: number) => sum(between(series(outcome), from, to));
  return {
    during: hit(FAULT_AT, FAULT_END) / total(FAULT_AT, FAULT_END),
    outside: (hit(0, FAULT_AT) + hit(FAULT_END + 1, 30)) / (total(0, FAULT_AT) + total(FAULT_END + 1, 30)),
  };
}

describe('errors fault', () => {
  // Every kind that answers calls honours it (a DNS answers most calls from resolver caches,
  // so only its lookups could fail: it is left out).
  for (const kind of [
    'service',
    'loadbalancer',
    'gateway',
    'ratelimiter',
    'cache',
    'cdn',
    'database',
    'queue',
    'storage',
    'external',
  ]) {
    it(`${kind}: the share \`rate\` of calls fails with error while it lasts, none outside`, () => {
      const { engine } = run(design(kind, { type: 'errors', rate: 0.5 }));
      const s = shares(engine, 'error');
      expect(Math.abs(s.during - 0.5)).toBeLessThan(0.05); // ~1000 calls: sd 0.016
      expect(s.outside).toBe(0);
    });
  }
});

describe('network faults on an edge', () => {
  it('loss: the share `rate` of calls is dropped, seen at the caller’s timeout', () => {
    const { engine } = run(design('service', { type: 'loss', target: 'e', rate: 0.25 }, { timeoutMs: 200 }));
    const s = shares(engine, 'dropped', 'e');
    expect(Math.abs(s.during - 0.25)).toBeLessThan(0.04);
    expect(s.outside).toBe(0);
    // 3/4 answered in ~10 ms, 1/4 given up at 200 ms.
    const lat = mean(between(nodeSeries(engine, 'c', 'mean'), FAULT_AT + 1, FAULT_END));
    expect(Math.abs(lat - (0.75 * 10 + 0.25 * 200))).toBeLessThan(8);
  });

  it('latency: network time × factor, then + addMs, paid both ways', () => {
    const edgeMs = 2,
      workMs = 10;
    const latency = (fault: Record<string, unknown>) => {
      const d = design('service', { type: 'latency', target: 'e', ...fault }, { latencyMs: edgeMs });
      (d.nodes[1] as { params: Record<string, unknown> }).params = { serviceTimeMs: workMs };
      const c = nodeSeries(run(d).engine, 'c', 'mean');
      return [mean(between(c, 2, FAULT_AT)), mean(between(c, FAULT_AT + 1, FAULT_END))];
    };
    expect(latency({ factor: 5 })).toEqual([2 * edgeMs + workMs, 2 * 5 * edgeMs + workMs]);
    expect(latency({ addMs: 20 })).toEqual([2 * edgeMs + workMs, 2 * (edgeMs + 20) + workMs]);
  });
});

describe('node capacity and traffic faults', () => {
  it('cpu: work takes 1/factor as long, so the same load keeps the threads busy 1/factor as much', () => {
    const d = design('service', { type: 'cpu', factor: 0.5 });
    (d.nodes[1] as { params: Record<string, unknown> }).params = { serviceTimeMs: 10 };
    const { engine } = run(d);
    const lat = nodeSeries(engine, 'x', 'mean'),
      util = nodeSeries(engine, 'x', 'utilization');
    expect(mean(between(lat, 2, FAULT_AT))).toBe(10);
    expect(mean(between(lat, FAULT_AT + 1, FAULT_END))).toBe(20);
    const before = mean(between(util, 0, FAULT_AT)),
      during = mean(between(util, FAULT_AT, FAULT_END));
    expect(Math.abs(during / before - 2)).toBeLessThan(0.2);
  });

  it('traffic: the client’s rate × factor while it lasts (3× and a drop to 0)', () => {
    const rate = (factor: number) => {
      const d = design('service', { type: 'traffic', target: 'c', factor });
      const a = nodeSeries(run(d).engine, 'c', 'arrivals');
      return [
        sum(between(a, 0, FAULT_AT)),
        sum(between(a, FAULT_AT, FAULT_END)),
        sum(between(a, FAULT_END, 30)),
      ].map((n) => n / 10);
    };
    const [before, during, after] = rate(3);
    expect(Math.abs(before - 100)).toBeLessThan(10);
    expect(Math.abs(during - 300)).toBeLessThan(20);
    expect(Math.abs(after - 100)).toBeLessThan(10);
    expect(rate(0)[1]).toBe(0);
  });
});

describe('a fault at a bucket boundary', () => {
  // A non-durable queue crashes at 30 s and loses the messages it holds, at 30 s.
  const queueCrash = (warmupS: number) => ({
    schemaVersion: 1,
    name: 'queue crash on a boundary',
    nodes: [
      { id: 'c', kind: 'client', params: { rps: 100 } },
      { id: 'q', kind: 'queue', params: { consumers: 2, durable: false } },
      { id: 'w', kind: 'service', params: { concurrency: 100, serviceTimeMs: 25 } },
    ],
    edges: [
      { id: 'e1', source: 'c', target: 'q' },
      { id: 'e2', source: 'q', target: 'w' },
    ],
    scenario: {
      durationS: 60,
      warmupS,
      seed: 1,
      faults: [{ type: 'crash', target: 'q', atS: 30, durationS: 5 }],
    },
  });

  it('acts in the bucket that starts then, and in a summary window that starts then', () => {
    // Scheduled at 0 s, the fault's event came before the bucket closing at 30 s was even
    // scheduled, so its losses went to the bucket [29, 30) and out of a window from 30 s.
    const { summary, engine } = run(queueCrash(30));
    const lost = nodeSeries(engine, 'q', 'lost');
    expect(sum(between(lost, 0, 30))).toBe(0);
    expect(lost.v[30]).toBeGreaterThan(0);
    expect(summary.nodes.q.lost).toBe(lost.v[30]);
    // The same run with the window from 29 s counts the same losses.
    expect(run(queueCrash(29)).summary.nodes.q.lost).toBe(summary.nodes.q.lost);
  });
});
