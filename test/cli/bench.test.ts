// Keeps bench/run.ts from rotting: builds and drives every benchmark scenario for a few
// simulated seconds and renders the report. No timing assertions.
import { describe, expect, it } from 'vitest';
import { medianRun, report, runEngine, runHistogram, SIM_S, spread } from '../../bench/run';
import { mm1Design, tenNodeDesign } from '../../bench/scenarios';
import { validateDesign } from '../../src/model/design';

describe('benchmark scenarios', () => {
  it('the designs are valid: (a) an M/M/1 with a 10 s timeout, (b) ten nodes', () => {
    const a = validateDesign(mm1Design(SIM_S.a.full));
    expect(a.ok).toBe(true);
    if (a.ok) {
      expect(a.resolved.scenario.durationS).toBe(25_000);
      expect(a.resolved.edges[0].params.timeoutMs).toBe(10_000);
    }
    const b = validateDesign(tenNodeDesign(SIM_S.b.full));
    expect(b.ok).toBe(true);
    if (b.ok) {
      expect(b.resolved.nodes).toHaveLength(10);
      expect(b.resolved.edges.some((e) => e.params.retries !== null)).toBe(true);
      expect(b.resolved.edges.some((e) => e.params.timeoutMs !== null)).toBe(true);
    }
  });

  it('runs a few simulated seconds of each scenario and renders the report', () => {
    const a = runEngine('a', 20);
    const b = runEngine('b', 3);
    const c = runHistogram(10_000);
    expect(a.requests).toBeGreaterThan(1000);
    expect(a.okRatio).toBe(1);
    expect(b.requests).toBeGreaterThan(1000);
    expect(b.okRatio).toBeGreaterThan(0.99);
    expect(b.rssAt).toHaveLength(4);
    expect(c.values).toBe(10_000);
    expect(c.oursNs).toBeGreaterThan(0);
    const text = report([a], [b], c, true, [{ scenario: 'y', requests: 1600, wallMs: a.wallMs / 2 }]);
    expect(text).toContain('(a) M/M/1');
    expect(text).toContain('(a) took 2.00× the yardstick');
    expect(text).toContain('(b) 10 nodes');
    expect(text).toContain('ns/record');
    expect(text).toContain('>= 3,000,000 simulated req/s');
  });

  it('reports the median of repeated runs and their spread', () => {
    const run = (wallMs: number) => ({ ...runEngine('a', 1), wallMs });
    const runs = [run(1300), run(1000), run(1100)];
    expect(medianRun(runs).wallMs).toBe(1100);
    expect(medianRun([run(2), run(1)]).wallMs).toBe(1);
    expect(spread(runs)).toBe('1.00 / 1.10 / 1.30 s');
  });
});
