/** The fault timeline's time axis: nice steps, 6–10 ticks across a usual width. */
import { describe, expect, it } from 'vitest';
import { chartTimeTicks } from '../../src/ui/run/LineChart';
import { TICK_CHAR_PX, TICK_GAP_PX, tickLabelSpan, timeTicks } from '../../src/ui/run/timelineMath';

const labels = (d: number, w: number) => timeTicks(d, w).ticks.map((x) => x.label);

describe('fault timeline ticks', () => {
  it('a 150 s run on a wide timeline: every 20 s, not only 0, 60 and 120', () => {
    expect(timeTicks(150, 1300).step).toBe(20);
    expect(labels(150, 1300)).toEqual(['0s', '20s', '40s', '60s', '80s', '100s', '120s', '140s']);
  });

  it('6 to 10 ticks on 1 / 2 / 5 × 10^k second or minute steps over usual runs and widths', () => {
    const nice = new Set([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 60, 120, 300, 600, 1200, 1800, 3600, 7200]);
    for (const d of [10, 30, 60, 90, 120, 150, 180, 300, 600, 900, 1800, 3600])
      for (const w of [700, 1000, 1300, 1800]) {
        const { step, ticks } = timeTicks(d, w);
        expect(nice.has(step), `${d} s on ${w} px: step ${step}`).toBe(true);
        expect(ticks.length, `${d} s on ${w} px`).toBeGreaterThanOrEqual(5);
        expect(ticks.length, `${d} s on ${w} px`).toBeLessThanOrEqual(10);
        expect(ticks.at(-1)!.t).toBeLessThanOrEqual(d);
      }
  });

  it('keeps labels apart on a narrow timeline', () => {
    const { ticks } = timeTicks(150, 300);
    expect(ticks.length).toBeLessThanOrEqual(6); // 300 px / 56 px + 1
    expect(ticks.map((x) => x.t)).toEqual([0, 50, 100, 150]);
  });

  it('never lets two 11 px labels touch, the last one ending by the axis’s end, over runs of 1 s to 2 h', () => {
    expect(TICK_CHAR_PX * 6).toBeGreaterThanOrEqual(38); // "10 min" at 11 px, as the browser draws it
    const crowded: string[] = [];
    for (let d = 1; d <= 7200; d += d < 120 ? 1 : d < 1200 ? 10 : 60)
      for (let w = 150; w <= 1800; w += 10)
        for (const gap of [56, 70]) {
          const { ticks } = timeTicks(d, w, gap);
          const spans = ticks.map((k) => tickLabelSpan(k, d, w));
          const apart = spans.every((s, i) => i === 0 || s[0] - spans[i - 1][1] >= TICK_GAP_PX);
          if (!apart || spans.at(-1)![1] > w) crowded.push(`${d} s on ${w} px: ${ticks.map((k) => k.label)}`);
        }
    expect(crowded).toEqual([]);
  });

  it('steps out where 11 px labels would crowd: an 18-minute run on 600 px', () => {
    // Every 2 min gave ten ticks 67 px apart: "16 min" ran into "18 min" at the end.
    expect(labels(1080, 600)).toEqual(['0 min', '5 min', '10 min', '15 min']);
    expect(labels(1080, 700)).toHaveLength(10);
    // The end’s label ends at the end; the others are centred on their tick.
    expect(tickLabelSpan({ t: 1080, label: '18 min' }, 1080, 700)).toEqual([700 - 6 * TICK_CHAR_PX, 700]);
    expect(tickLabelSpan({ t: 540, label: '9 min' }, 1080, 700)).toEqual([
      350 - 2.5 * TICK_CHAR_PX,
      350 + 2.5 * TICK_CHAR_PX,
    ]);
  });

  it('minutes and hours for long runs, exact tenths for short ones', () => {
    expect(labels(600, 1300)).toEqual(['0 min', '2 min', '4 min', '6 min', '8 min', '10 min']);
    expect(labels(4 * 3600, 1300)).toEqual([
      '0 h',
      '0.5 h',
      '1 h',
      '1.5 h',
      '2 h',
      '2.5 h',
      '3 h',
      '3.5 h',
      '4 h',
    ]);
    expect(labels(1, 1300)).toEqual(['0s', '0.2s', '0.4s', '0.6s', '0.8s', '1s']);
  });
});

describe('dashboard chart time axis', () => {
  it('labels time as the fault timeline below it does, about one label per 70 px', () => {
    // A 10-minute run on a 500 px plot: minutes, as on the timeline, not "120s", "240s".
    expect(chartTimeTicks(600, 500).map((x) => x.label)).toEqual([
      '0 min',
      '2 min',
      '4 min',
      '6 min',
      '8 min',
      '10 min',
    ]);
    expect(chartTimeTicks(90, 600).map((x) => x.label)).toEqual(['0s', '20s', '40s', '60s', '80s']);
    for (const w of [200, 400, 600, 900])
      expect(chartTimeTicks(3600, w).length).toBeLessThanOrEqual(w / 70 + 1);
  });
});
