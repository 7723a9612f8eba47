/**
 * The run dashboard's and run summary's figures: retry amplification per bucket, the
 * client headline figures (throughput is answers, as in the README), number formatting
 * and node names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runDesign } from '../../src/sim/run';
import type { RunSummary } from '../../src/sim/summary';
import { figureLabel } from '../../src/ui/run/SummaryTable';
import { kindChartGroups } from '../../src/ui/run/chartData';
import { ms as msTick, oneAtATime } from '../../src/ui/run/Dashboard';
import {
  ALL_OUTCOMES,
  amplificationLine,
  clientFigures,
  decimate,
  type Table,
} from '../../src/ui/run/chartData';
import { distinctNames, nodeNames } from '../../src/ui/run/names';
import { fmtCi, fmtFigure, fmtPctCi } from '../../src/ui/run/summaryExport';
import { engineTable } from './engineTable';

const example = (id: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '../../public/examples', `${id}.json`), 'utf8'));

/** A client's per-bucket columns from a headless run, shaped as the dashboard reads them. */
function clientColumns(id: string): Table & { summary: RunSummary; client: string } {
  const r = runDesign(example(id));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const i = r.engine.plan.nodes.findIndex((n) => n.kind === 'client');
  const tb = engineTable(r.engine, i);
  return { ...tb, summary: r.summary, client: r.engine.plan.nodes[i].id };
}

describe('retry amplification per bucket', () => {
  const tb = (cols: Record<string, number[]>): Table => ({ t: [1, 2, 3], width: [1, 1, 1], cols });

  it('divides attempts by the requests answered in the bucket (any outcome), not by arrivals', () => {
    // Attempts are counted when a request is answered: 4 arrive in each second, the first
    // second's answers lag (3 answered, 3 attempts), the second answers 3 with 5 attempts
    // (one ok, two errors after retries), the third answers nothing.
    const line = amplificationLine(
      tb({
        arrivals: [4, 4, 4],
        attempts: [3, 5, 0],
        ok: [3, 1, 0],
        error: [0, 1, 0],
        timeout: [0, 1, 0],
      }),
    );
    expect(line.points[0]).toEqual([1, 1]);
    expect(line.points[1][1]).toBeCloseTo(5 / 3, 12);
    // Nothing answered: no ratio, a gap (not 0, not skipped silently into a straight line).
    expect(line.points[2][0]).toBe(3);
    expect(line.points[2][1]).toBeNaN();
  });

  it('is never below 1 through a retry storm, and matches the run summary over the window', () => {
    const t = clientColumns('retry-storm');
    const amp = amplificationLine(t).points.map((p) => p[1]);
    const finite = amp.filter(Number.isFinite);
    expect(finite.length).toBeGreaterThan(100);
    expect(Math.min(...finite)).toBeGreaterThanOrEqual(1);
    // The storm shows: amplification well above 1 after the fault.
    expect(Math.max(...finite)).toBeGreaterThan(2);
    // Attempts over arrivals (the old chart) reads below 1 somewhere in the same run.
    const old = Array.from(t.cols.attempts, (a, i) => a / t.cols.arrivals[i]).filter(Number.isFinite);
    expect(Math.min(...old)).toBeLessThan(1);
    // Summed over the summary's window, the same definition gives the summary's figure.
    let attempts = 0,
      answered = 0;
    for (let i = 0; i < t.t.length; i++) {
      if (t.t[i] - t.width[i] < t.summary.windowS[0] || t.t[i] > t.summary.windowS[1]) continue;
      attempts += t.cols.attempts[i];
      for (const o of ALL_OUTCOMES) answered += t.cols[o][i];
    }
    expect(attempts / answered).toBeCloseTo(t.summary.clients[t.client].retryAmplification, 4);
  });

  it('keeps the gaps and the extremes when a long line is decimated', () => {
    const pts: [number, number][] = [];
    for (let i = 0; i < 100; i++) pts.push([i, i === 0 ? NaN : i === 5 ? 9 : i === 6 ? 0.5 : 1]);
    const d = decimate(pts, 0, 100, 10);
    // The first slice starts with a gap: its peak and dip are still drawn.
    expect(d.some((p) => p[1] === 9)).toBe(true);
    expect(d.some((p) => p[1] === 0.5)).toBe(true);
  });
});

describe('client headline figures', () => {
  it('throughput is answers of any outcome per second; arrivals are reported apart', () => {
    // Rates over the last rows that make up a second (two half-second buckets here).
    const f = clientFigures({
      t: [1, 1.5, 2],
      width: [1, 0.5, 0.5],
      cols: {
        arrivals: [100, 40, 40],
        ok: [90, 30, 30],
        timeout: [5, 4, 4],
        error: [1, 1, 1],
        goodput: [80, 29, 29],
        // The header's p99 is of the ok answers: the failures' instant answers pull the
        // all-answers p99 down to nothing.
        p99: [12, 0, 0],
        okP99: [12, 30, 30],
      },
    });
    expect(f.arrivingPerS).toBe(80);
    expect(f.throughputPerS).toBe(70);
    expect(f.goodputPerS).toBe(58);
    expect(f.errorsPerS).toBe(10);
    expect(f.errorsTotal).toBe(16);
    expect(f.okP99).toBe(30);
  });

  it('rates read over the last second, not the last tiny bucket', () => {
    // 0.01 s buckets at 300 req/s: 3 arrivals each on average, 7 in the last one.
    const n = 200;
    const arrivals = Array.from({ length: n }, (_, i) => (i === n - 1 ? 7 : i % 2 ? 2 : 4));
    const f = clientFigures({
      t: arrivals.map((_, i) => (i + 1) / 100),
      width: arrivals.map(() => 0.01),
      cols: { arrivals },
    });
    expect(f.arrivingPerS).toBeCloseTo(305, 6); // (50 × 4 + 49 × 2 + 7) over the last 100 buckets; the last alone read 700
  });

  it('goodput never exceeds throughput, bucket by bucket, in a run that is catching up', () => {
    const t = clientColumns('cache-stampede');
    for (let i = 0; i < t.t.length; i++) {
      const f = clientFigures({ t: t.t.slice(0, i + 1), width: t.width.slice(0, i + 1), cols: t.cols });
      expect(f.goodputPerS).toBeLessThanOrEqual(f.throughputPerS);
    }
  });

  it('is empty before the first bucket', () => {
    const f = clientFigures({ t: [], width: [], cols: {} });
    expect(f.throughputPerS).toBe(0);
    expect(f.okP99).toBeNaN();
  });
});

describe('summary number formatting', () => {
  it('shows counts as whole numbers and other figures to 3 significant digits', () => {
    expect(fmtCi(4, null)).toBe('4');
    expect(fmtCi(0, null)).toBe('0');
    expect(fmtCi(248876, null)).toBe('248,876');
    expect(fmtCi(0.0213, null)).toBe('0.0213');
    expect(fmtCi(34.94, null)).toBe('34.9');
    expect(fmtCi(null, null)).toBe('–');
  });

  it('gives the interval 2 significant digits and the figure no finer digits than it', () => {
    expect(fmtCi(2998.4, 17.9)).toBe('2,998 ± 18');
    expect(fmtCi(22.5, 0.027)).toBe('22.5 ± 0.027');
    expect(fmtCi(0.5, 0)).toBe('0.500 ± 0');
    expect(fmtCi(0, 2.51)).toBe('0 ± 2.5');
  });

  it('writes ratios as percentages with the interval in percentage points', () => {
    // The run summary's errorRatio is a fraction: 0.0174 is 1.74%, not 174% nor 0.0174%.
    expect(fmtPctCi(0.0174, 0.0145)).toBe('1.7% ± 1.5 pp');
    expect(fmtPctCi(0.811, 0.175)).toBe('81% ± 18 pp');
    expect(fmtPctCi(0.00749, null)).toBe('0.749%');
    expect(fmtPctCi(1, null)).toBe('100%');
    expect(fmtFigure({ name: 'error ratio', value: 0.00476, ci95: 0.00838 })).toBe('0.48% ± 0.84 pp');
    expect(fmtFigure({ name: 'utilization', value: 0.451, ci95: null })).toBe('45.1%');
    expect(fmtFigure({ name: 'hitRatio', value: 0.977, ci95: null })).toBe('97.7%');
    expect(fmtFigure({ name: 'retry amplification', value: 3.43, ci95: null })).toBe('3.43×');
    expect(fmtFigure({ name: 'retry amplification', value: 1, ci95: null })).toBe('1.00×');
    expect(fmtFigure({ name: 'instances', value: 4, ci95: null })).toBe('4');
    expect(fmtFigure({ name: 'evictions', value: 0, ci95: null })).toBe('0');
  });
});

describe('node names in the run views', () => {
  it('uses the label, else the kind label, else the id', () => {
    const names = nodeNames([
      { id: 'db', kind: 'database', label: 'Postgres' },
      { id: 'users', kind: 'client' },
      { id: 'x', kind: 'no-such-kind' },
    ]);
    expect(names.get('db')).toBe('Postgres');
    expect(names.get('users')).toBe('Client');
    expect(names.get('x')).toBe('x');
  });

  it('adds the id only where two entries share a name', () => {
    const names = new Map([
      ['a', 'Client'],
      ['b', 'Client'],
      ['c', 'Mobile'],
    ]);
    expect(distinctNames(['a', 'b', 'c', 'd'], names)).toEqual(['Client (a)', 'Client (b)', 'Mobile', 'd']);
  });
});

describe('summary kind figures', () => {
  it('are named by the catalog, else by their key spelled out', () => {
    expect(figureLabel('database', 'writesFailedNoPrimary')).toBe('writes failed without a primary');
    expect(figureLabel('cache', 'coalesced')).toBe('coalesced misses');
    expect(figureLabel('client', 'retryAmplification')).toBe('retry amplification');
    expect(figureLabel(undefined, 'hitRatio')).toBe('hit ratio');
  });
});

describe('latency axis ticks', () => {
  it('keep their fractions below 10 ms (0.5, 1, 1.5 read as "0 1 1" when rounded)', () => {
    expect([0, 0.5, 1, 1.5, 2].map(msTick)).toEqual(['0', '0.5', '1', '1.5', '2']);
    expect([0.25, 12.4, 400, 2500].map(msTick)).toEqual(['0.25', '12', '400', '2.5s']);
  });
});

describe("a kind's own charts", () => {
  it('split ratios, counts, levels and times onto charts of their own scale, named from the catalog', () => {
    const r = runDesign(example('read-heavy-cache'));
    if (!r.ok) throw new Error('invalid');
    const i = r.engine.plan.nodes.findIndex((n) => n.kind === 'cache');
    const s = r.engine.stats[i].series;
    const groups = kindChartGroups('cache', {
      columns: [...s.columns],
      counts: s.columns.map((_, k) => s.isCount(k)),
    });
    const by = Object.fromEntries(groups.map((g) => [g.unit, g.columns.map((c) => c.name)]));
    expect(by.ratio).toEqual(['Hit ratio']);
    expect(by.count).toEqual(expect.arrayContaining(['Hits', 'Misses', 'Evictions']));
    expect(by.level).toEqual(expect.arrayContaining(['Keys cached', 'Unflushed writes']));
    expect(groups.find((g) => g.unit === 'ratio')?.title).toBe('Hit ratio');
    // A queue's message age is a time, apart from its dead letters.
    const q = kindChartGroups('queue', {
      columns: ['arrivals', 'oldestAgeMs', 'deadLetters', 'endToEndMs'],
      counts: [true, false, true, false],
    });
    expect(q.map((g) => [g.unit, g.columns.map((c) => c.key)])).toEqual([
      ['count', ['deadLetters']],
      ['ms', ['oldestAgeMs', 'endToEndMs']],
    ]);
  });
});

describe('charts of a long run', () => {
  it('show the merged rows and the group still filling, each as wide as it is: the chart tiles the run', () => {
    // 410.1 s in 0.1 s buckets: 4,101 buckets overflow the 4,096 rows a series keeps, so
    // rows merge pairwise and the last bucket waits alone in an unfinished group.
    const r = runDesign({
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 50 } },
        { id: 'api', kind: 'service', params: {} },
      ],
      edges: [{ id: 'e', source: 'users', target: 'api' }],
      scenario: { durationS: 410.1, warmupS: 0, bucketS: 0.1 },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const tb = engineTable(r.engine, 1);
    expect(tb.t.at(-1)).toBeCloseTo(410.1, 9);
    expect(tb.width.at(-1)).toBeCloseTo(0.1, 9);
    for (let i = 1; i < tb.t.length; i++) expect(tb.t[i] - tb.width[i]).toBeCloseTo(tb.t[i - 1], 9);
    let arrivals = 0;
    for (let i = 0; i < tb.t.length; i++) arrivals += tb.cols.arrivals[i];
    expect(arrivals).toBe(r.summary.nodes.api.arrivals);
  });
});

describe('client chart fetches', () => {
  it('run one at a time; of the asks made meanwhile only the latest runs, and a slow answer still lands', async () => {
    const queue = oneAtATime();
    const done: string[] = [];
    const pending: (() => void)[] = [];
    const ask = (name: string) => () =>
      new Promise<void>((resolve) => pending.push(() => (done.push(name), resolve())));
    const run = {};
    queue(run, ask('a'));
    queue(run, ask('b')); // a bucket closed while a was out
    queue(run, ask('c')); // and another: b is no longer worth asking
    expect(pending).toHaveLength(1);
    pending.shift()!();
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    pending.shift()!();
    await vi.waitFor(() => expect(done).toEqual(['a', 'c']));
    // A failed ask does not stop the next.
    queue(run, () => Promise.reject(new Error('worker gone')));
    queue(run, ask('d'));
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    pending.shift()!();
    await vi.waitFor(() => expect(done).toEqual(['a', 'c', 'd']));
  });

  it('does not wait for an answer that never comes once a new run asks (a crashed worker drops its calls)', async () => {
    const queue = oneAtATime();
    const done: string[] = [];
    const crashed = {},
      restarted = {};
    queue(crashed, () => new Promise<void>(() => {})); // never settles
    queue(crashed, async () => void done.push('stuck')); // waits behind it, and is dropped
    queue(restarted, async () => void done.push('new run'));
    queue(restarted, async () => void done.push('new run, later'));
    await vi.waitFor(() => expect(done).toEqual(['new run', 'new run, later']));
  });
});
