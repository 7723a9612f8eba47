/**
 * The Series CSV (the CLI's --series, the app's export) and the dashboard's rows are one
 * reading of a series (seriesRows): every row is of closed buckets, so an export taken in
 * the middle of a run gives each row its whole width, and only the run's end cuts one short.
 */
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model/design';
import { prepare } from '../../src/sim/run';
import { seriesCsvChunks, seriesRows } from '../../src/sim/seriesCsv';
import { seriesData } from '../../src/worker/session';

const design = (durationS: number): Design => ({
  schemaVersion: 1,
  nodes: [
    { id: 'users', kind: 'client', params: { rps: 200 } },
    { id: 'api', kind: 'service' },
  ],
  edges: [{ id: 'e', source: 'users', target: 'api' }],
  scenario: { durationS, bucketS: 0.1, seed: 3 },
});

describe('series rows', () => {
  it('a reading in the middle of a run gives every row its whole width', () => {
    const p = prepare(design(10));
    if (!p.ok) throw new Error('invalid');
    p.engine.advance(300); // the third bucket has just closed
    const s = p.engine.stats[1].series;
    expect([...seriesData(s, p.engine).widthS]).toEqual([0.1, 0.1, 0.1]);
    // Measured to the current time instead, the row that just closed is 0.3 - 0.2 wide.
    expect(seriesRows(s, 0.1, p.engine.now / 1000).widthS[2]).not.toBe(0.1);
    const widths = new Set<string>();
    for (const chunk of seriesCsvChunks(p.engine))
      for (const line of chunk.split('\n')) if (line.startsWith('node,api,')) widths.add(line.split(',')[3]);
    expect([...widths]).toEqual(['0.1']);
  });

  it('the run end cuts the last row short, in the export and the charts alike', () => {
    const p = prepare(design(1.05));
    if (!p.ok) throw new Error('invalid');
    p.engine.runToEnd();
    const s = p.engine.stats[1].series;
    const rows = seriesRows(s, 0.1, 1.05);
    expect(rows.widthS.length).toBe(11);
    expect(rows.widthS[10]).toBeCloseTo(0.05, 9);
    const chart = seriesData(s, p.engine);
    expect([...chart.widthS]).toEqual([...rows.widthS]);
    // Asked for the rows after the first 7: the same rows from there on.
    const tail = seriesData(s, p.engine, 0, { run: 0, stride: s.stride, stored: 7 });
    expect(tail.from).toBe(7);
    expect([...tail.time]).toEqual([...rows.time.subarray(7)]);
    expect(tail.data.map((c) => [...c])).toEqual(rows.data.map((c) => [...c.subarray(7)]));
  });
});
