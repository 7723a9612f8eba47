/**
 * The ok latency chart says why it is empty: when every answer failed since some time (the
 * only database crashed), its lines stop there and students read the blank as "no latency
 * problem". The note names when it began and what the answers were; it goes when ok
 * answers come back.
 */
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model/design';
import { runDesign } from '../../src/sim/run';
import { latencyLines, noOkStretch, noOkText, type Table } from '../../src/ui/run/chartData';
import { noteLeft } from '../../src/ui/run/LineChart';
import { refusingDesign } from '../fixtures/refusing';
import { engineTable } from './engineTable';

/** One-second buckets ending at 1, 2, 3 ... s. */
const tb = (cols: Record<string, number[]>): Table => {
  const n = Object.values(cols)[0].length;
  return { t: Array.from({ length: n }, (_, i) => i + 1), width: Array(n).fill(1), cols };
};

describe('no ok answers at the end of a series', () => {
  it('starts where the failures began, and counts them by outcome', () => {
    const s = noOkStretch(
      tb({ ok: [5, 5, 0, 0, 0], unavailable: [0, 1, 10, 12, 9], timeout: [0, 0, 0, 2, 0] }),
    );
    expect(s).toEqual({ sinceS: 2, fromStart: false, failed: 33, outcomes: ['unavailable', 'timeout'] });
    expect(noOkText(s!)).toBe(
      'No ok answers since 2 s: all 33 failed (unavailable, timeout). Switch to “all” to see how fast they failed.',
    );
  });

  it('goes as soon as the latest bucket has an ok answer again', () => {
    expect(noOkStretch(tb({ ok: [5, 0, 0, 0, 1], unavailable: [0, 10, 12, 9, 9] }))).toBeNull();
  });

  it('waits for a second failed bucket: one unlucky bucket of a slow client is no outage', () => {
    expect(noOkStretch(tb({ ok: [5, 5, 5, 5, 0], error: [0, 1, 0, 1, 1] }))).toBeNull();
    expect(noOkStretch(tb({ ok: [5, 5, 5, 0, 0], error: [0, 1, 0, 1, 1] }))?.sinceS).toBe(3);
  });

  it('says nothing when nothing failed: a client whose traffic stopped answers nothing', () => {
    expect(noOkStretch(tb({ ok: [5, 5, 0, 0, 0], error: [0, 0, 0, 0, 0] }))).toBeNull();
    expect(noOkStretch(tb({ ok: [], error: [] }))).toBeNull();
    expect(noOkStretch(tb({ error: [3, 3, 3] }))).toBeNull(); // no ok column to judge by
  });

  it('runs through buckets without any answer (calls waiting for their timeout)', () => {
    const s = noOkStretch(tb({ ok: [5, 0, 0, 0, 0], timeout: [0, 0, 4, 0, 4] }));
    expect(s?.sinceS).toBe(1);
    expect(s?.failed).toBe(8);
  });

  it('reads "yet" when nothing was ever answered ok, and keeps long outcome lists short', () => {
    const s = noOkStretch(tb({ ok: [0, 0, 0], error: [1, 1, 1], timeout: [2, 2, 2], rejected: [0, 0, 1] }))!;
    expect(s.fromStart).toBe(true);
    expect(noOkText(s)).toBe(
      'No ok answers yet: all 10 failed (timeout, error, …). Switch to “all” to see how fast they failed.',
    );
  });

  it('groups thousands and keeps the start to a tenth of a second', () => {
    const s = noOkStretch({
      t: [0.5, 1, 1.5],
      width: [0.5, 0.5, 0.5],
      cols: { ok: [3, 0, 0], error: [0, 800, 700] },
    });
    expect(noOkText(s!)).toMatch(/^No ok answers since 0\.5 s: all 1,500 failed \(error\)\./);
  });
});

describe('the note’s place over the plot', () => {
  // The plot runs from x 44 to w - 8 (LineChart's margins).
  const lines = [{ name: 'p50', points: [[1, 10] as [number, number], [30, NaN] as [number, number]] }];

  it('sits over the empty stretch, where the chart draws its start', () => {
    // 500 px wide, 60 s: 448 px of plot, 32 s at 44 + 448 × 32 / 60, 209 px before its end.
    expect(noteLeft(32, lines, 60, 500)).toBeCloseTo(44 + (448 * 32) / 60, 6);
  });

  it('takes the whole plot when the stretch is too narrow to hold it', () => {
    expect(noteLeft(32, lines, 60, 400)).toBe(44); // 162 px left of 348
    expect(noteLeft(50, lines, 60, 500)).toBe(44);
    expect(noteLeft(0, lines, 60, 400)).toBe(44);
  });

  it('follows the axis past the run’s planned end, as the drawing does', () => {
    const longer = [{ name: 'p50', points: [[120, 5] as [number, number]] }];
    expect(noteLeft(30, longer, 60, 400)).toBeCloseTo(44 + (348 * 30) / 120, 6);
  });
});

describe('after the only service crashed, in a headless run', () => {
  /** Users → Svc; Svc crashes at 8 s, for `durationS` (to the end when undefined). */
  function run(durationS?: number) {
    const d: Design = refusingDesign();
    d.scenario = { ...d.scenario, faults: [{ type: 'crash', target: 'svc', atS: 8, durationS }] };
    const r = runDesign(d);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return (id: string) => engineTable(r.engine, r.engine.plan.nodeIndex.get(id)!);
  }

  it('finds the stretch from the crash to the end for the client and the service, where the ok lines are empty', () => {
    const table = run();
    for (const id of ['users', 'svc']) {
      const t = table(id);
      const s = noOkStretch(t);
      expect(s, id).not.toBeNull();
      expect(s!.sinceS, id).toBeGreaterThanOrEqual(7);
      expect(s!.sinceS, id).toBeLessThanOrEqual(9);
      expect(s!.failed, id).toBeGreaterThan(1000);
      // The symptom: nothing drawn past the start of the stretch.
      for (const l of latencyLines(t, 'ok', ['p50', 'p99']))
        expect(
          l.points.filter(([x, y]) => x > s!.sinceS && Number.isFinite(y)),
          id,
        ).toEqual([]);
    }
  });

  it('has nothing to say once the service is back', () => {
    const table = run(5);
    for (const id of ['users', 'svc']) expect(noOkStretch(table(id)), id).toBeNull();
  });
});
