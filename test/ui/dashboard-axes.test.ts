/**
 * The dashboard's y axes: log ticks for latency charts (1, 10, 100 ... ms; zero on the
 * floor), and which charts an edge gets (a breaker chart only with a breaker).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model/design';
import { runDesign } from '../../src/sim/run';
import {
  belowFloor,
  belowFloorText,
  BREAKER_STATES,
  LOG_MAX_DECADES,
  logTicks,
  seriesTable,
  showsBreakerChart,
  type Line,
  type Table,
} from '../../src/ui/run/chartData';
import { edgeData } from '../../src/state/flow';
import { ms } from '../../src/ui/run/Dashboard';
import { logAxis, stateLabelLines } from '../../src/ui/run/LineChart';
import { seriesData } from '../../src/worker/session';

const example = (id: string): Design =>
  JSON.parse(readFileSync(join(__dirname, '../../public/examples', `${id}.json`), 'utf8'));

describe('log axis ticks', () => {
  it('are the powers of ten from the smallest value to the largest', () => {
    // ~100 ms with a spike to 3 s: the decades 10, 100, 1000 labelled, the top room for 3 s.
    expect(logTicks(80, 3000)).toEqual({ domain: [10, 5000], ticks: [10, 100, 1000] });
    expect(logTicks(1, 5000)).toEqual({ domain: [1, 5000], ticks: [1, 10, 100, 1000] });
    expect(logTicks(0.3, 40)).toEqual({ domain: [0.1, 50], ticks: [0.1, 1, 10] });
  });

  it('add 2 and 5 between when fewer than three powers of ten fit', () => {
    expect(logTicks(80, 120)).toEqual({ domain: [10, 200], ticks: [10, 20, 50, 100, 200] });
    // A single value: the decade below it and up to it.
    expect(logTicks(100, 100)).toEqual({ domain: [10, 100], ticks: [10, 20, 50, 100] });
    expect(logTicks(0.02, 0.04).ticks).toEqual([0.01, 0.02, 0.05]);
  });

  it('have no float noise and never hold a value past the top', () => {
    for (const [lo, hi] of [
      [0.003, 0.7],
      [0.5, 7],
      [3, 333],
      [42, 9999],
      [1, 1e5],
    ]) {
      const { domain, ticks } = logTicks(lo, hi);
      expect(domain[1]).toBeGreaterThanOrEqual(hi);
      expect(domain[0]).toBeLessThanOrEqual(lo);
      for (const t of ticks) {
        expect(String(t)).toMatch(/^(0\.0*)?[125]0*$/);
        expect(t).toBeGreaterThanOrEqual(domain[0]);
        expect(t).toBeLessThanOrEqual(domain[1]);
      }
      expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
    }
  });

  it('span at most LOG_MAX_DECADES: tinier values sit on the floor', () => {
    const { domain } = logTicks(1e-6, 3000);
    expect(Math.log10(domain[1] / domain[0])).toBeLessThanOrEqual(LOG_MAX_DECADES);
    expect(domain).toEqual([0.1, 5000]);
  });

  it('survive zeros, gaps and an empty chart (a log axis has no 0)', () => {
    const l = (points: [number, number][]): Line => ({ name: 'p50', points });
    // Instant failures among all answers: zeros are not the floor, the smallest positive is.
    expect(
      logAxis([
        l([
          [1, 0],
          [2, 120],
          [3, NaN],
          [4, 2500],
        ]),
      ]),
    ).toEqual({
      domain: [100, 5000],
      ticks: [100, 200, 500, 1000, 2000, 5000],
    });
    // Only zeros, or nothing yet: a default decade, not NaN or an infinite domain.
    expect(logAxis([l([[1, 0]])])).toEqual({ domain: [1, 10], ticks: [1, 10] });
    expect(logAxis([])).toEqual({ domain: [1, 10], ticks: [1, 10] });
    expect(logTicks(0, 0)).toEqual({ domain: [1, 10], ticks: [1, 10] });
    expect(logTicks(NaN, Infinity)).toEqual({ domain: [1, 10], ticks: [1, 10] });
    // The SLO line fits on the axis too.
    expect(logAxis([l([[1, 20]])], 2000).domain[1]).toBeGreaterThanOrEqual(2000);
  });

  it('mark the values under the floor, zeros the same way, at most one mark per few pixels', () => {
    const px = (t: number) => t * 10; // 10 px a second
    // p50 at ~100 ms with instant failures (0) and one answer at 2 µs: 6 decades below the top.
    const p50: [number, number][] = [
      [1, 120],
      [2, 0],
      [3, 0.002],
      [4, NaN],
      [5, 90],
      [6, 0],
      [6.3, 0],
      [7, 0],
      [8, 3000],
    ];
    const { domain } = logAxis([{ name: 'p50', points: p50 }]);
    const floor = domain[0];
    expect(floor).toBe(0.1);
    // Not the gap (NaN), nor the values on the axis; 6.3 s is 3 px after the mark at 6 s.
    expect(belowFloor(p50, floor, px)).toEqual([
      [2, 0],
      [3, 0.002],
      [6, 0],
      [7, 0],
    ]);
    // A stretch of 1,000 zeros across 100 px: a mark every 6 px, not one per bucket.
    const zeros = Array.from({ length: 1000 }, (_, i): [number, number] => [i / 100, 0]);
    expect(belowFloor(zeros, floor, px).length).toBe(17);
    // Nothing is under a linear axis's floor (-Infinity): no marks.
    expect(belowFloor(p50, -Infinity, px)).toEqual([]);
    // The tooltip says the value is under the floor, not that it is the floor.
    expect(belowFloorText('p50', ms(floor), 6)).toBe('p50: < 0.1 at 6 s (below the log scale’s floor)');
  });

  it('read as ms, tenths and hundredths kept, down to a log floor of 0.001', () => {
    expect([0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000].map(ms)).toEqual([
      '0.001',
      '0.01',
      '0.1',
      '1',
      '10',
      '100',
      '1s',
      '10s',
    ]);
    expect([0.002, 0.005, 0.02, 0.05].map(ms)).toEqual(['0.002', '0.005', '0.02', '0.05']);
  });
});

describe("an edge's charts", () => {
  const table = (breaker: number[]): Table => ({
    t: breaker.map((_, i) => i + 1),
    width: breaker.map(() => 1),
    cols: { sent: breaker.map(() => 1), breaker },
  });

  it('get the breaker chart only with a breaker, or when the run shows it left closed', () => {
    expect(showsBreakerChart(false, table([0, 0, 0]))).toBe(false);
    expect(showsBreakerChart(true, table([0, 0, 0]))).toBe(true);
    // A breaker switched off mid-run that had opened keeps its chart: its story is in the run.
    expect(showsBreakerChart(false, table([0, 1, 2, 0]))).toBe(true);
    expect(showsBreakerChart(false, { t: [], width: [], cols: {} })).toBe(false);
  });

  it('follow a real run: the breaker edge of external-dependency gets one, its sibling none', () => {
    const design = example('external-dependency');
    const r = runDesign(design);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const shows = (id: string) => {
      const er = r.engine.edges[r.engine.plan.edgeIndex.get(id)!];
      const edge = design.edges.find((e) => e.id === id)!;
      return showsBreakerChart(edgeData(edge).breaker, seriesTable(seriesData(er.stats.series, r.engine)));
    };
    expect(shows('pay')).toBe(true);
    expect(shows('store')).toBe(false);
    expect(shows('in')).toBe(false);
  });

  it('name the breaker states in the engine order (0 closed, 1 open, 2 half-open)', () => {
    expect(BREAKER_STATES).toEqual(['closed', 'open', 'half-open']);
  });

  it('wrap a state name after its hyphen, to fit the margin every chart shares', () => {
    expect(BREAKER_STATES.map(stateLabelLines)).toEqual([['closed'], ['open'], ['half-', 'open']]);
  });
});
