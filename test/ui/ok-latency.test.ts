/**
 * Latency of ok answers in the app: failures are often instant (a full queue refuses at
 * once), so mixed in they made a failing node read fast. The dashboard's latency charts
 * and its "p99 ok" header figure read the ok columns; the run summary table, its CSV and
 * the previous-run comparison carry okLatencyMs beside latencyMs.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { Design } from '../../src/model/design';
import { runDesign } from '../../src/sim/run';
import type { RunSummary } from '../../src/sim/summary';
import { useUiStore } from '../../src/state/uiStore';
import { clientFigures, latencyLines, latencyTitle, line, type Table } from '../../src/ui/run/chartData';
import { fmtLatency } from '../../src/ui/run/format';
import { SummaryTable, summaryColumns } from '../../src/ui/run/SummaryTable';
import { figureIndex, wasFigure } from '../../src/ui/run/summaryCompare';
import { summaryCsv, summaryRows } from '../../src/ui/run/summaryExport';
import { refusingDesign } from '../fixtures/refusing';
import { engineTable } from './engineTable';

const refusing = refusingDesign;

function run(design: Design) {
  const r = runDesign(design);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

/** A node's (or client's) series from a headless run, as the dashboard reads it. */
const table = (r: ReturnType<typeof run>, id: string): Table =>
  engineTable(r.engine, r.engine.plan.nodeIndex.get(id)!);

const values = (points: [number, number][]) => points.map((p) => p[1]);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('latency charts', () => {
  const r = run(refusing());

  it('plot the ok answers by default: 10 ms where the all-answers median reads 0', () => {
    expect(useUiStore.getState().latencyAnswers).toBe('ok');
    for (const id of ['users', 'svc']) {
      const tb = table(r, id);
      const ok = latencyLines(tb, 'ok', ['p50', 'p90', 'p99']);
      expect(ok.map((l) => l.name)).toEqual(['p50', 'p90', 'p99']);
      for (const l of ok) {
        expect(l.points.length).toBe(tb.t.length);
        for (const v of values(l.points)) expect(v).toBeCloseTo(10, 6);
      }
      const all = latencyLines(tb, 'all', ['p50', 'p99']);
      expect(all.map((l) => l.name)).toEqual(['p50', 'p99']);
      expect(median(values(all[0].points))).toBe(0);
      expect(values(all[1].points).every((v) => Math.abs(v - 10) < 1e-6)).toBe(true);
    }
    expect(latencyTitle('ok')).toBe('Latency of ok answers (ms)');
    expect(latencyTitle('all')).toBe('Latency of all answers (ms)');
  });

  it('break the ok lines where a bucket had no ok answer (an outage), and join the all-answer ones as before', () => {
    const tb: Table = {
      t: [1, 2, 3],
      width: [1, 1, 1],
      cols: { p99: [40, 0.5, NaN], okP99: [40, NaN, 42] },
    };
    expect(latencyLines(tb, 'ok', ['p99'])[0].points).toEqual([
      [1, 40],
      [2, NaN],
      [3, 42],
    ]);
    expect(latencyLines(tb, 'all', ['p99'])[0].points).toEqual([
      [1, 40],
      [2, 0.5],
    ]);
    expect(line(tb, 'okP99').points).toEqual([
      [1, 40],
      [3, 42],
    ]);
  });

  it('keep the choice of answers for the session only (not among the saved preferences)', () => {
    const ui = useUiStore.getState();
    ui.setLatencyAnswers('all');
    expect(useUiStore.getState().latencyAnswers).toBe('all');
    const saved = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: saved.set.bind(saved),
    });
    try {
      ui.setPref('snapToGrid', false); // writes the preferences, where it must not appear
      expect(saved.get('spillway.prefs.v1')).toContain('snapToGrid');
      expect(saved.get('spillway.prefs.v1')).not.toContain('latency');
    } finally {
      vi.unstubAllGlobals();
      ui.setLatencyAnswers('ok');
    }
    expect(useUiStore.getState().latencyAnswers).toBe('ok');
  });
});

describe('the "p99 ok" header figure', () => {
  it('is the ok p99 of the last bucket, a dash when nothing was answered ok (not 0)', () => {
    const tb = (okP99: number[]): Table => ({
      t: [1, 2],
      width: [1, 1],
      cols: { ok: [5, 0], rejected: [10, 20], p99: [10, 0], okP99 },
    });
    expect(clientFigures(tb([12, 10])).okP99).toBe(10);
    const none = clientFigures(tb([12, NaN]));
    expect(none.okP99).toBeNaN();
    expect(fmtLatency(none.okP99)).toBe('–');
  });

  it('spans the last second when buckets are shorter: their p99s weighted by ok answers', () => {
    // Five 0.25 s buckets: the first lies outside the last second; one answered nothing ok.
    const tb: Table = {
      t: [0.25, 0.5, 0.75, 1, 1.25],
      width: [0.25, 0.25, 0.25, 0.25, 0.25],
      cols: { ok: [100, 10, 30, 0, 60], okP99: [500, 20, 40, NaN, 80] },
    };
    // (20·10 + 40·30 + 80·60) / 100 = 62, not the last bucket's 80 nor the earliest's 500.
    expect(clientFigures(tb).okP99).toBeCloseTo(62, 9);
    const none: Table = { ...tb, cols: { ok: [1, 0, 0, 0, 0], okP99: [5, NaN, NaN, NaN, NaN] } };
    expect(clientFigures(none).okP99).toBeNaN();
  });

  it('reads 10 ms for the refused-at-once design, where the all-answers p50 is 0', () => {
    const tb = table(run(refusing()), 'users');
    expect(clientFigures(tb).okP99).toBeCloseTo(10, 6);
  });
});

describe('run summary with ok latency', () => {
  const r = run(refusing());
  const fig = (rows: ReturnType<typeof summaryRows>, key: string, name: string) =>
    rows.find((x) => `${x.scope}:${x.id}` === key)?.figures.find((f) => f.name === name);

  it('has the ok answers figures beside the all-answer ones, with their intervals', () => {
    const rows = summaryRows(r.summary);
    for (const key of ['client:users', 'node:svc']) {
      expect(fig(rows, key, 'all latency p50 (ms)')?.value).toBe(0);
      expect(fig(rows, key, 'ok latency p50 (ms)')).toEqual({
        name: 'ok latency p50 (ms)',
        value: 10,
        ci95: 0,
      });
      expect(fig(rows, key, 'ok latency p99 (ms)')?.value).toBe(10);
      expect(fig(rows, key, 'ok latency mean (ms)')?.value).toBe(10);
      expect(fig(rows, key, 'ok latency p99.9 (ms)')?.value).toBe(10);
    }
  });

  it('writes CSV rows for every okLatencyMs figure, in the same six columns', () => {
    const s = structuredClone(r.summary) as RunSummary;
    s.nodes.svc.ci95.okP99 = 0.25;
    const lines = summaryCsv(s, new Map([['svc', '=Svc']]))
      .trim()
      .split('\n');
    expect(lines[0]).toBe('scope,id,name,figure,value,ci95');
    expect(lines).toContain("node,svc,'=Svc,ok latency p99 (ms),10,0.25");
    expect(lines).toContain("node,svc,'=Svc,all latency p50 (ms),0,0");
    for (const f of ['mean', 'p50', 'p90', 'p99', 'p99.9'])
      expect(lines.some((l) => l.startsWith(`client,users,users,ok latency ${f} (ms),10,`))).toBe(true);
    expect(lines.every((l) => l.split(',').length === 6)).toBe(true);
  });

  it('leaves an ok figure empty where nothing was answered ok, or the summary has none', () => {
    const s = structuredClone(r.summary) as RunSummary;
    s.nodes.svc.okLatencyMs = { mean: NaN, p50: NaN, p90: NaN, p99: NaN, p999: NaN };
    s.nodes.svc.ci95.okP50 = null;
    delete (s.clients.users as Partial<typeof s.clients.users>).okLatencyMs;
    const rows = summaryRows(s);
    expect(fig(rows, 'node:svc', 'ok latency p50 (ms)')).toEqual({
      name: 'ok latency p50 (ms)',
      value: null,
      ci95: null,
    });
    expect(fig(rows, 'client:users', 'ok latency p99 (ms)')?.value).toBeNull();
    expect(summaryCsv(s, new Map())).toContain('\nnode,svc,svc,ok latency p50 (ms),,\n');
  });

  it('compares the ok figures with the previous run', () => {
    const before = figureIndex(run(refusing(20)).summary);
    const now = summaryRows(r.summary).find((x) => x.id === 'svc')!;
    const okP99 = now.figures.find((f) => f.name === 'ok latency p99 (ms)')!;
    const was = wasFigure(okP99, before.get('node:svc')?.get('ok latency p99 (ms)'));
    expect(was?.text).toBe('20');
    expect(was?.beyondNoise).toBe(true);
  });
});

describe('run summary table', () => {
  const r = run(refusing());
  /** A row's cells as [data-figure, text], the kind figures last. */
  const rowCells = (html: string, id: string) => {
    const at = html.indexOf(`title="node id ${id}"`);
    // Each cell's text: an interval sits in a span of its own, under its figure.
    return [
      ...html.slice(at, html.indexOf('</tr>', at)).matchAll(/<td( data-figure="[^"]*")?[^>]*>(.*?)<\/td>/g),
    ].map((m) => [m[1]?.slice(14, -1) ?? 'kind figures', m[2].replace(/<[^>]*>/g, '')]);
  };

  it('shows the ok answers’ latency by default, as the charts do, headed "p99 ok"', () => {
    expect(useUiStore.getState().latencyAnswers).toBe('ok');
    const html = renderToStaticMarkup(createElement(SummaryTable, { summary: r.summary }));
    for (const h of ['mean ok', 'p50 ok', 'p90 ok', 'p99 ok', 'p99.9 ok'])
      expect(html).toContain(`>${h}</th>`);
    expect(html).not.toMatch(/>p\d+(\.\d)? all<\/th>/);
    // The switch sits in the summary's heading too: one choice for the charts and the table.
    expect(html).toContain('aria-label="Latency of which answers"');
    const cells = rowCells(html, 'svc');
    expect(cells.slice(0, 6)).toEqual([
      ['ok latency mean (ms)', '10.0 ± 0'],
      ['ok latency p50 (ms)', '10.0 ± 0'],
      ['ok latency p90 (ms)', '10.0 ± 0'],
      ['ok latency p99 (ms)', '10.0 ± 0'],
      ['ok latency p99.9 (ms)', '10.0 ± 0'],
      ['throughput (/s)', expect.stringMatching(/^\d+ ± /)],
    ]);
    // The other answers' figures are left to the export, not listed as kind figures.
    expect(cells.at(-1)?.[0]).toBe('kind figures');
    expect(cells.at(-1)?.[1]).not.toContain('latency');
  });

  it('switches its latency columns to all answers with the charts, headed "p99 all"', () => {
    const ok = summaryColumns('ok');
    const all = summaryColumns('all');
    expect(all.slice(0, 5).map((c) => [c.figure, c.head])).toEqual([
      ['all latency mean (ms)', 'mean all'],
      ['all latency p50 (ms)', 'p50 all'],
      ['all latency p90 (ms)', 'p90 all'],
      ['all latency p99 (ms)', 'p99 all'],
      ['all latency p99.9 (ms)', 'p99.9 all'],
    ]);
    expect(ok.slice(0, 5).map((c) => c.head)).toEqual(['mean ok', 'p50 ok', 'p90 ok', 'p99 ok', 'p99.9 ok']);
    // Every latency figure the table can show is one the summary rows (and so the CSV) carry.
    const rows = summaryRows(r.summary);
    const names = new Set(rows[0].figures.map((f) => f.name));
    for (const c of [...ok, ...all].filter((x) => x.figure.includes('latency')))
      expect(names).toContain(c.figure);
    // Besides the latency, the same columns either way.
    expect(all.slice(5)).toEqual(ok.slice(5));
  });

  it('exports both answers’ latency to CSV whichever the switch shows', () => {
    const csv = () => summaryCsv(r.summary, new Map());
    const before = csv();
    useUiStore.getState().setLatencyAnswers('all');
    try {
      expect(csv()).toBe(before);
    } finally {
      useUiStore.getState().setLatencyAnswers('ok');
    }
    for (const f of ['mean', 'p50', 'p90', 'p99', 'p99.9']) {
      expect(before).toContain(`\nnode,svc,svc,all latency ${f} (ms),`);
      expect(before).toContain(`\nnode,svc,svc,ok latency ${f} (ms),`);
    }
  });
});
