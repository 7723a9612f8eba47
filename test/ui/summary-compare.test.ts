/** The run summary beside the previous run's: which figures say "was", and what changed. */
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model/design';
import { designChanges, wasFigure } from '../../src/ui/run/summaryCompare';

describe('the previous run beside the summary', () => {
  it("gives the previous figure where it reads differently, bold only beyond both intervals' noise", () => {
    const p50 = (value: number, ci95: number | null) => ({ name: 'latency p50 (ms)', value, ci95 });
    // Same text: nothing to say.
    expect(wasFigure(p50(3.46, 0.07), p50(3.4600001, 0.08))).toBeNull();
    // Different, but the intervals overlap: noise.
    expect(wasFigure(p50(3.3, 0.1), p50(3.46, 0.1))).toEqual({
      text: '3.46',
      beyondNoise: false,
      full: '3.46 ± 0.10',
    });
    // Apart by more than both intervals together.
    expect(wasFigure(p50(3.3, 0.05), p50(3.46, 0.05))?.beyondNoise).toBe(true);
    // Utilization has no interval: shown, never claimed to be beyond noise.
    const util = (value: number) => ({ name: 'utilization', value, ci95: null });
    expect(wasFigure(util(0.2), util(0.392))).toEqual({ text: '39.2%', beyondNoise: false, full: '39.2%' });
    // A row or figure the previous run did not have, or had no value for.
    expect(wasFigure(util(0.2), undefined)).toBeNull();
    expect(wasFigure(util(0.2), { name: 'utilization', value: null, ci95: null })).toBeNull();
  });

  it('names what changed between the two runs as the canvas does', () => {
    const before: Design = {
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 300 } },
        { id: 'api', kind: 'service', label: 'API', params: { instances: 3 } },
        { id: 'db', kind: 'database', label: 'Postgres', params: { connections: 4 } },
        { id: 'old', kind: 'cache' },
      ],
      edges: [
        { id: 'e1', source: 'users', target: 'api', params: { timeoutMs: 1000 } },
        { id: 'e2', source: 'api', target: 'db' },
      ],
      scenario: { durationS: 90, seed: 7, faults: [{ type: 'crash', target: 'api', atS: 30 }] },
    };
    const after = structuredClone(before);
    after.nodes[2].params = { connections: 8 };
    after.nodes[1].params = { instances: 3, serviceTimeMs: { dist: 'exponential', mean: 5 } };
    after.nodes.pop();
    after.nodes.push({ id: 'q', kind: 'queue' });
    after.edges[0].params = { timeoutMs: 500 };
    after.scenario = { durationS: 90, seed: 8, faults: [] };
    expect(designChanges(before, after)).toEqual([
      'API › Service time changed',
      'Postgres › Connections 4 → 8',
      'added Queue',
      'removed Cache',
      'Client → API › Timeout 1000 → 500',
      'Seed 7 → 8',
      'scheduled faults changed',
    ]);
    expect(designChanges(before, structuredClone(before))).toEqual([]);
  });
});
