/**
 * The run summary's rows (table and CSV): a figure with nothing behind it is empty, not 0,
 * as the CLI's table has it: an idle client's error ratio, a node's goodput interval.
 */
import { describe, expect, it } from 'vitest';
import { runDesign } from '../../src/sim/run';
import { summaryCsv, summaryRows } from '../../src/ui/run/summaryExport';

describe('summary rows', () => {
  const r = runDesign({
    schemaVersion: 1,
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 50 } },
      { id: 'api', kind: 'service', params: { instances: 1 } },
      { id: 'idle', kind: 'client', params: { rps: 0 } },
      { id: 'c', kind: 'cache' },
    ],
    edges: [
      { id: 'e1', source: 'users', target: 'api' },
      { id: 'e2', source: 'idle', target: 'api' },
      { id: 'e3', source: 'api', target: 'c' },
    ],
    // The API is down throughout: the cache behind it gets no calls.
    scenario: {
      durationS: 30,
      warmupS: 5,
      seed: 3,
      faults: [{ type: 'crash', target: 'api', atS: 0, durationS: 100 }],
    },
  });
  if (!r.ok) throw new Error('invalid');
  const rows = summaryRows(r.summary);
  const figure = (id: string, name: string) =>
    rows.find((x) => x.id === id)!.figures.find((f) => f.name === name)!;

  it('leave the error ratio empty where nothing was answered, and keep it where something was', () => {
    expect(figure('idle', 'error ratio').value).toBeNull();
    expect(figure('c', 'error ratio').value).toBeNull();
    expect(figure('users', 'error ratio').value).toBe(1);
    expect(figure('api', 'error ratio').value).toBe(1);
  });

  it('give a node no goodput interval, as it has no goodput', () => {
    for (const id of ['api', 'c'])
      expect(figure(id, 'goodput (/s)')).toEqual({ name: 'goodput (/s)', value: null, ci95: null });
    const csv = summaryCsv(r.summary, new Map());
    expect(csv).toContain('node,api,api,goodput (/s),,\n');
    expect(csv).toContain('client,idle,idle,error ratio,,');
  });
});
