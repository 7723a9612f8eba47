/** Pure logic behind the live run UI: paths, dots, colours, chart data, timeline drags, summary export. */
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/sim/summary';
import { faultFor, faultOptionsFor, faultTypeName } from '../../src/ui/run/chaos';
import {
  errorLines,
  decimate,
  kindColumns,
  line,
  ratioLine,
  seriesTable,
  sumLine,
  total,
} from '../../src/ui/run/chartData';
import { fmtClock, fmtLatency } from '../../src/ui/run/format';
import { faultMarks } from '../../src/ui/run/LineChart';
import { faultLabel } from '../../src/ui/run/liveFaults';
import { nodeNames } from '../../src/ui/run/names';
import { fmtCi, summaryCsv, summaryJson, summaryRows } from '../../src/ui/run/summaryExport';
import {
  dragDuration,
  dragStart,
  keyNudge,
  pxToS,
  snap,
  snapStep,
  sToPx,
} from '../../src/ui/run/timelineMath';
import {
  DOT_COLORS,
  dotColor,
  dotKind,
  edgeWidth,
  isResponse,
  MAX_DOT_MS,
  MIN_DOT_MS,
  pointAt,
  polyline,
  progress,
  wallDuration,
} from '../../src/ui/run/traffic';

describe('path sampling and interpolation', () => {
  it('interpolates by arc length, clamped to the ends', () => {
    // An L shape: (0,0) -> (100,0) -> (100,100), length 200.
    const p = polyline(new Float32Array([0, 0, 100, 0, 100, 100]));
    const o = { x: 0, y: 0 };
    pointAt(p, 0.25, o);
    expect(o).toEqual({ x: 50, y: 0 });
    pointAt(p, 0.75, o);
    expect(o.x).toBeCloseTo(100);
    expect(o.y).toBeCloseTo(50);
    pointAt(p, -1, o);
    expect(o).toEqual({ x: 0, y: 0 });
    pointAt(p, 2, o);
    expect(o).toEqual({ x: 100, y: 100 });
  });
  it('follows a curve', () => {
    const r = 100;
    // A quarter circle as 33 points (the chords flattenPath would cut it into).
    const pts = new Float32Array(66);
    for (let i = 0; i <= 32; i++) {
      const a = (Math.PI / 2) * (i / 32);
      pts[2 * i] = r * Math.cos(a);
      pts[2 * i + 1] = r * Math.sin(a);
    }
    const p = polyline(pts);
    const o = { x: 0, y: 0 };
    pointAt(p, 0.5, o);
    expect(Math.hypot(o.x, o.y)).toBeGreaterThan(99.5);
    expect(o.x).toBeCloseTo(o.y, 0);
  });
});

describe('dot timing', () => {
  it('divides simulated time by the speed and clamps to a readable range', () => {
    expect(wallDuration(1000, 1)).toBe(1000);
    expect(wallDuration(1000, 2)).toBe(500);
    expect(wallDuration(5, 1)).toBe(MIN_DOT_MS);
    expect(wallDuration(1000, 0.1)).toBe(MAX_DOT_MS);
    expect(wallDuration(1e6, 1000)).toBe(1000);
    expect(wallDuration(100, 0)).toBe(250); // a bad speed falls back to 1×
  });
  it('progress runs from 0 to 1 over the duration', () => {
    expect(progress(100, 100, 400)).toBe(0);
    expect(progress(300, 100, 400)).toBe(0.5);
    expect(progress(600, 100, 400)).toBeGreaterThan(1);
    expect(progress(50, 100, 400)).toBeLessThan(0);
  });
});

describe('colours', () => {
  it('maps hop kinds and outcomes to dot categories', () => {
    expect(dotKind(0)).toBe('request');
    expect(dotKind(1)).toBe('retry');
    expect(dotKind(2)).toBe('timeout');
    expect(dotKind(8)).toBe('ok');
    expect(dotKind(9)).toBe('rejected');
    expect(dotKind(10)).toBe('throttled');
    expect(dotKind(11)).toBe('timeout');
    expect(dotKind(12)).toBe('error');
    expect(dotKind(13)).toBe('error'); // unavailable
    expect(dotKind(15)).toBe('timeout'); // dropped
    expect(isResponse(8)).toBe(true);
    expect(isResponse(1)).toBe(false);
  });
  it('has a colour per category in both themes, distinct within a theme', () => {
    for (const t of ['light', 'dark'] as const) {
      const c = Object.values(DOT_COLORS[t]);
      expect(new Set(c).size).toBe(c.length);
      expect(dotColor(12, t)).toBe(DOT_COLORS[t].error);
    }
  });
  it('edge width grows with throughput on a log scale', () => {
    expect(edgeWidth(0)).toBe(1.5);
    expect(edgeWidth(10)).toBeLessThan(edgeWidth(100));
    expect(edgeWidth(1e9)).toBe(7);
  });
  it('formats the clock as mm:ss.s', () => {
    expect(fmtClock(0)).toBe('00:00.0');
    expect(fmtClock(61_250)).toBe('01:01.2');
    expect(fmtClock(3_599_999)).toBe('59:59.9');
    expect(fmtClock(3_600_000)).toBe('1:00:00.0');
    expect(fmtClock(20_238_200)).toBe('5:37:18.2');
    expect(fmtClock(1e10)).toBe('2777:46:40.0'); // the longest run (1e7 s)
    // Latencies carry their own unit (the dashboard once showed "2s ms").
    expect(fmtLatency(4.25)).toBe('4.3 ms');
    expect(fmtLatency(144.4)).toBe('144 ms');
    expect(fmtLatency(999.4)).toBe('999 ms');
    expect(fmtLatency(999.7)).toBe('1.0 s');
    expect(fmtLatency(2026)).toBe('2.0 s');
    expect(fmtLatency(NaN)).toBe('–');
  });
});

describe('chart data', () => {
  // A client's series as the worker sends it (SeriesData): three 1 s buckets.
  const columns = ['arrivals', 'ok', 'timeout', 'attempts', 'p99'];
  const c = {
    columns,
    time: new Float64Array([0, 1, 2]),
    widthS: new Float64Array([1, 1, 1]),
    data: [
      [100, 200, 0],
      [90, 150, 0],
      [10, 50, 0],
      [110, 300, 0],
      [10, NaN, 30],
    ].map((v) => new Float32Array(v)),
  };
  it('turns columns into lines at the bucket end, with rates and sums', () => {
    const tb = seriesTable(c);
    expect(line(tb, 'arrivals').points).toEqual([
      [1, 100],
      [2, 200],
      [3, 0],
    ]);
    expect(line(tb, 'p99').points).toEqual([
      [1, 10],
      [3, 30],
    ]);
    expect(sumLine(tb, ['ok', 'timeout'], 'all').points.map((p) => p[1])).toEqual([100, 200, 0]);
    expect(ratioLine(tb, 'attempts', 'arrivals', 'amp').points).toEqual([
      [1, 1.1],
      [2, 1.5],
    ]);
    expect(total(tb, ['timeout'])).toBe(60);
    expect(line(tb, 'missing').points).toEqual([]);
  });
  it('reads node series (coarsened rows, a last group still filling) as per-second rates', () => {
    const tb = seriesTable({
      columns: ['arrivals', 'utilization', 'hits'],
      time: new Float64Array([0, 2, 4]),
      widthS: new Float64Array([2, 2, 1]),
      data: [
        new Float32Array([20, 40, 15]),
        new Float32Array([0.5, 0.75, 0.25]),
        new Float32Array([1, 2, 0]),
      ],
    });
    expect(line(tb, 'arrivals', { rate: true }).points).toEqual([
      [2, 10],
      [4, 20],
      [5, 15],
    ]);
    expect(line(tb, 'utilization').points).toEqual([
      [2, 0.5],
      [4, 0.75],
      [5, 0.25],
    ]);
    expect(kindColumns(['arrivals', 'utilization', 'hits', 'queue'])).toEqual(['hits']);
  });
  it('fault markers: the scenario from the design, injected ones from the run', () => {
    const m = faultMarks(
      [
        { type: 'crash', target: 'api', atS: 10, durationS: 5 },
        { type: 'cache-flush', target: 'cache', atS: 60 },
        { type: 'latency', target: 'db', atS: 30 },
      ],
      [
        {
          id: 0,
          type: 'crash',
          target: 'api',
          startS: 10,
          endS: 15,
          injected: false,
          active: false,
          ended: true,
        },
        {
          id: 1,
          type: 'errors',
          target: 'db',
          startS: 40,
          endS: null,
          injected: true,
          active: true,
          ended: false,
        },
      ],
      120,
      (type, target) => `${type} ${target}`,
    );
    expect(m.map((x) => [x.startS, x.endS, x.injected])).toEqual([
      [10, 15, false],
      [60, 60, false],
      [30, 120, false],
      [40, null, true],
    ]);
  });
  it('fault markers stop at the end of the run (a band past it was drawn into the margin)', () => {
    const m = faultMarks(
      [{ type: 'latency', target: 'db', atS: 32, durationS: 10 }],
      [
        {
          id: 3,
          type: 'crash',
          target: 'api',
          startS: 30,
          endS: 50,
          injected: true,
          active: false,
          ended: true,
        },
      ],
      34,
      (type, target) => `${type} ${target}`,
    );
    expect(m.map((x) => [x.startS, x.endS])).toEqual([
      [32, 34],
      [30, 34],
    ]);
  });
});

describe('chart fault bands', () => {
  it('are worded as the fault timeline words its bars: the canvas name, and "stop" for a traffic source', () => {
    const design = {
      nodes: [
        { id: 'users', kind: 'client', label: 'Users', position: { x: 0, y: 0 }, params: {} },
        { id: 'api', kind: 'service', label: 'API', position: { x: 0, y: 0 }, params: {} },
      ],
      edges: [],
    };
    const m = faultMarks(
      [{ type: 'crash', target: 'users', atS: 10, durationS: 5 }],
      [
        {
          id: 0,
          type: 'crash',
          target: 'api',
          startS: 20,
          endS: 25,
          injected: true,
          active: true,
          ended: false,
        },
      ],
      60,
      (type, target) => faultLabel(type, target, design as never),
    );
    expect(m.map((x) => x.label)).toEqual(['stop Users', 'crash API (injected)']);
  });
});

describe('chart decimation', () => {
  it('keeps short lines as they are', () => {
    const pts: [number, number][] = [
      [1, 5],
      [2, 7],
    ];
    expect(decimate(pts, 0, 10, 100)).toBe(pts);
  });

  it('keeps at most first, lowest, highest and last per column, in time order, peaks included', () => {
    // 3000 one-second buckets on a 100-column chart: 30 buckets per column.
    const pts: [number, number][] = Array.from({ length: 3000 }, (_, i) => [i + 1, i % 30 === 7 ? 100 : 1]);
    pts[1500][1] = -50; // one dip
    const d = decimate(pts, 0, 3000, 100);
    expect(d.length).toBeLessThanOrEqual(400);
    expect(d.length).toBeGreaterThan(100);
    for (let i = 1; i < d.length; i++) expect(d[i][0]).toBeGreaterThan(d[i - 1][0]);
    expect(d.filter((p) => p[1] === 100).length).toBe(100); // every peak survives
    expect(d.some((p) => p[1] === -50)).toBe(true);
    expect(d[0]).toBe(pts[0]);
    expect(d[d.length - 1]).toBe(pts[pts.length - 1]);
  });
});

describe('fault timeline drag math', () => {
  it('moves a bar a step from the keyboard, or with Shift changes its length, within the run', () => {
    // A 90 s run snaps to 1 s.
    expect(keyNudge(30, 20, 'ArrowRight', false, 90)).toEqual({ atS: 31, durationS: 20 });
    expect(keyNudge(30, 20, 'ArrowLeft', true, 90)).toEqual({ atS: 30, durationS: 19 });
    expect(keyNudge(0, 20, 'ArrowLeft', false, 90)).toEqual({ atS: 0, durationS: 20 });
    expect(keyNudge(70, 20, 'ArrowRight', false, 90)).toEqual({ atS: 70, durationS: 20 }); // ends at the run's end
    expect(keyNudge(70, 20, 'ArrowRight', true, 90)).toEqual({ atS: 70, durationS: 20 });
    expect(keyNudge(30, 1, 'ArrowLeft', true, 90)).toEqual({ atS: 30, durationS: 1 }); // at least a step
    // Open-ended: it moves on; Shift gives it a length (to the end, less a step).
    expect(keyNudge(30, null, 'ArrowRight', false, 90)).toEqual({ atS: 31, durationS: null });
    expect(keyNudge(30, null, 'ArrowLeft', true, 90)).toEqual({ atS: 30, durationS: 59 });
    expect(keyNudge(30, 20, 'ArrowUp', false, 90)).toBeNull();
  });
  const s = { width: 600, durationS: 120 };
  it('converts between pixels and seconds', () => {
    expect(pxToS(300, s)).toBe(60);
    expect(sToPx(30, s)).toBe(150);
    expect(pxToS(10, { width: 0, durationS: 10 })).toBe(0);
  });
  it('snaps to a step that suits the axis', () => {
    expect(snapStep(120)).toBe(1);
    expect(snapStep(30)).toBe(0.5);
    expect(snapStep(3600)).toBe(30);
    expect(snap(12.4, 1)).toBe(12);
    expect(snap(12.6, 0.5)).toBe(12.5);
  });
  it('moves a bar, snapped and kept inside the run', () => {
    expect(dragStart(30, 10, 52, s)).toBe(40); // 52 px = 10.4 s
    expect(dragStart(30, 10, -1000, s)).toBe(0);
    expect(dragStart(30, 10, 1000, s)).toBe(110);
  });
  it('resizes a bar from its right edge, at least one step, not past the end', () => {
    expect(dragDuration(30, 10, 25, s)).toBe(15);
    expect(dragDuration(30, 10, -500, s)).toBe(1);
    expect(dragDuration(100, 10, 500, s)).toBe(20);
  });
});

describe('live fault menu', () => {
  it("the Scenario tab names a client's crash as the menu does: stop traffic", () => {
    expect(faultTypeName('crash', 'client')).toEqual({
      label: 'Stop traffic',
      help: 'The client sends no new requests until the fault ends; requests in flight still get their answers.',
    });
    expect(faultTypeName('crash', 'service').label).toBe('Crash');
    expect(faultTypeName('crash', undefined).label).toBe('Crash');
    expect(faultTypeName('latency', 'client').label).toBe('Slow down');
  });
  it('offers the faults that apply to each target', () => {
    const keys = (t: Parameters<typeof faultOptionsFor>[0]) => faultOptionsFor(t).map((o) => o.key);
    expect(keys({ kind: 'service' })).toEqual(['kill', 'kill-one', 'slow', 'errors', 'cpu']);
    expect(keys({ kind: 'cache' })).toContain('flush');
    expect(keys({ kind: 'database' })).toContain('primary');
    // Nothing to slow, fail or throttle; one instance; its crash stops its traffic, and says so.
    expect(keys({ kind: 'client' })).toEqual(['stop', 'spike']);
    expect(keys({ kind: 'loadbalancer' })).not.toContain('kill-one');
    expect(keys({ kind: 'zone' })).toEqual(['partition', 'zone']);
    expect(keys('edge')).toEqual(['slow', 'partition', 'loss']);
  });
  it('builds the fault to inject', () => {
    const [kill, one] = faultOptionsFor({ kind: 'service' });
    expect(faultFor(kill, 'api', 10)).toEqual({ type: 'crash', target: 'api', durationS: 10 });
    expect(faultFor(one, 'api', null)).toEqual({ type: 'crash', target: 'api', instances: 1 });
    const slow = faultOptionsFor('edge')[0];
    expect(faultFor(slow, 'e1', 5, 8)).toEqual({ type: 'latency', target: 'e1', durationS: 5, factor: 8 });
  });
});

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      record.push(field);
      field = '';
      if (c === '\n') {
        records.push(record);
        record = [];
      }
    } else field += c;
  }
  record.push(field);
  records.push(record);
  return records;
}

describe('summary export', () => {
  const lat = { mean: 20, p50: 18, p90: 40, p99: 90, p999: 150 };
  const summary = {
    name: 'demo',
    simTimeS: 60,
    windowS: [10, 60],
    events: 1000,
    wallMs: 10,
    clients: {
      users: {
        requests: 1000,
        ok: 990,
        goodput: 985,
        throughputRps: 20,
        goodputRps: 19.7,
        errorRatio: 0.01,
        retryAmplification: 1.02,
        outcomes: { ok: 990, timeout: 10 },
        latencyMs: lat,
        ci95: { mean: 1.5, p99: 8, throughputRps: 0.4, errorRatio: null },
      },
    },
    nodes: {
      'my,cache': {
        kind: 'cache',
        arrivals: 1000,
        answers: 1000,
        throughputRps: 20,
        errorRatio: 0,
        utilization: 0.25,
        meanQueueLength: 0.1,
        maxQueueLength: 3,
        meanInFlight: 1,
        outcomes: { ok: 1000 },
        latencyMs: lat,
        ci95: {},
        hitRatio: 0.93,
      },
    },
    edges: {},
    warnings: [],
  } as unknown as RunSummary;

  it('lists clients then nodes, with kind figures', () => {
    const rows = summaryRows(summary);
    expect(rows.map((r) => `${r.scope}:${r.id}`)).toEqual(['client:users', 'node:my,cache']);
    expect(rows[1].figures.find((f) => f.name === 'hitRatio')?.value).toBe(0.93);
  });
  it('writes CSV: one line per figure, value and ci95, quoted when needed', () => {
    const csv = summaryCsv(summary, new Map([['users', 'Users']]));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('scope,id,name,figure,value,ci95');
    expect(lines).toContain('client,users,Users,all latency mean (ms),20,1.5');
    expect(lines).toContain('client,users,Users,all latency p99.9 (ms),150,');
    expect(lines).toContain('client,users,Users,error ratio,0.01,');
    // A node the names do not know is called by its id.
    expect(lines).toContain('node,"my,cache","my,cache",utilization,0.25,');
    expect(lines).toContain('node,"my,cache","my,cache",hitRatio,0.93,');
    expect(JSON.parse(summaryJson(summary))).toEqual(summary);
  });
  it('names each id as the canvas does, quoting names with commas, quotes and line breaks', () => {
    const names = nodeNames([
      { id: 'users', kind: 'client', label: 'Shoppers, "EU"' },
      { id: 'my,cache', kind: 'cache', label: 'Hot\nkeys' },
    ]);
    const csv = summaryCsv(summary, names);
    expect(csv).toContain('\nclient,users,"Shoppers, ""EU""",throughput (/s),20,0.4\n');
    expect(csv).toContain('\nnode,"my,cache","Hot\nkeys",hitRatio,0.93,\n');
    // Every record has six fields once quoted fields are read as one.
    const records = parseCsv(csv.trimEnd());
    expect(records.every((r) => r.length === 6)).toBe(true);
    expect(records.find((r) => r[0] === 'node')?.slice(0, 3)).toEqual(['node', 'my,cache', 'Hot\nkeys']);
    // Without a label the canvas shows the kind's name.
    expect(summaryCsv(summary, nodeNames([{ id: 'users', kind: 'client' }]))).toContain(
      '\nclient,users,Client,error ratio,0.01,\n',
    );
  });
  it('neutralises text cells a spreadsheet would run as a formula, but not negative numbers', () => {
    const hostile = {
      ...summary,
      clients: { '+cmd|/C calc!A0': summary.clients.users },
      nodes: { '@SUM(A1)': { ...summary.nodes['my,cache'], drift: -3 } },
    } as unknown as RunSummary;
    const names = new Map([
      ['+cmd|/C calc!A0', '=HYPERLINK("http://evil","x")'],
      ['@SUM(A1)', '\t-2+3'],
    ]);
    const csv = summaryCsv(hostile, names);
    // The quote prefix comes first, then RFC 4180 quoting of the whole cell.
    expect(csv).toContain(
      '\nclient,\'+cmd|/C calc!A0,"\'=HYPERLINK(""http://evil"",""x"")",throughput (/s),20,0.4\n',
    );
    const records = parseCsv(csv.trimEnd());
    expect(records.every((r) => r.length === 6)).toBe(true);
    const drift = records.find((r) => r[3] === 'drift');
    expect(drift).toEqual(['node', "'@SUM(A1)", "'\t-2+3", 'drift', '-3', '']);
    // No text cell starts with a formula character once read back.
    for (const r of records.slice(1))
      for (const cell of r.slice(0, 4)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Harmless text is left alone.
    expect(summaryCsv(summary, new Map([['users', 'Users - EU']]))).toContain('\nclient,users,Users - EU,');
  });
  it('formats figures with their interval', () => {
    expect(fmtCi(20, 1.5)).toBe('20.0 ± 1.5');
    expect(fmtCi(0.5, null)).toBe('0.500');
    expect(fmtCi(null, null)).toBe('–');
    // An interval of rounding dust (a constant figure's batch means) reads as none.
    expect(fmtCi(20, 3.552713678800501e-15)).toBe('20.0 ± 0');
    expect(fmtCi(0.0004, 1e-7)).toBe('0.000400 ± 0.00000010');
  });
});

describe('dashboard error lines', () => {
  const table = (cols: Record<string, number[]>) => ({ t: [1, 2], width: [1, 1], cols });
  it('draws one "all errors" line when only one kind of error occurred, each kind too when several did', () => {
    const one = errorLines(table({ timeout: [2, 3], error: [0, 0], rejected: [0, 0] }), [
      'timeout',
      'error',
      'rejected',
    ]);
    expect(one.map((l) => l.name)).toEqual(['all errors']);
    expect(one[0].points).toEqual([
      [1, 2],
      [2, 3],
    ]);
    const two = errorLines(table({ timeout: [2, 3], error: [1, 0], rejected: [0, 0] }), [
      'timeout',
      'error',
      'rejected',
    ]);
    expect(two.map((l) => l.name)).toEqual(['all errors', 'timeout', 'error']);
    expect(two[0].points).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });
});
