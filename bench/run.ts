/**
 * `npm run bench [-- --quick] [-- --runs N]`: engine speed and memory, and histogram recording speed.
 *
 *   (a) M/M/1, λ 80/s, μ 100/s, 2,000,000 requests (25,000 simulated s), 10 s timeout
 *   (b) a 10-node design (bench/scenarios.ts) at 1000 req/s for one simulated hour
 *   (c) Histogram.record vs hdr-histogram-js recordValue over 10M values
 *   (y) the flat yardstick of bench/flat-mm1.ts on (a)'s requests, as a machine reference:
 *       the engine-to-yardstick ratio of (a) moves with the code, not with the machine's
 *       mood, so builds measured in different spells can still be compared
 *
 * Each scenario runs in its own child process (same Node flags, so tsx stays loaded) so
 * that one scenario's heap does not inflate the next one's RSS. (a) and (b) run three
 * times each (`--runs N`), interleaved, and the report shows the median run. `--quick`
 * runs a 10× shorter version of each, once. Targets are printed beside the figures,
 * never asserted.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';
import type { Engine } from '../src/sim/engine';
import { Histogram } from '../src/sim/histogram';
import { prepare } from '../src/sim/run';
import { summarize } from '../src/sim/summary';
import { flatMm1 } from './flat-mm1';
import { mm1Design, mm1DurationFor, tenNodeDesign } from './scenarios';

const MB = 1024 * 1024;

export interface EngineResult {
  scenario: 'a' | 'b';
  simS: number;
  requests: number;
  events: number;
  buildMs: number;
  wallMs: number;
  peakRssMB: number;
  peakHeapMB: number;
  /** RSS before the engine was built (Node, tsx and the modules), MB. */
  baseRssMB: number;
  /** RSS (MB) at 25, 50, 75 and 100% of the simulated time. */
  rssAt: number[];
  heapAt: number[];
  /** Events and wall ms over the second half of the simulated time (JIT warm-up long over). */
  secondHalfEvents: number;
  secondHalfMs: number;
  /** Sanity figure: mean end-to-end latency of the (first) client, ms. */
  meanLatencyMs: number;
  okRatio: number;
}
export interface HistResult {
  scenario: 'c';
  values: number;
  oursNs: number;
  hdrNs: number;
}
export interface YardstickResult {
  scenario: 'y';
  requests: number;
  wallMs: number;
}
type Result = EngineResult | HistResult | YardstickResult;

/** Advances `engine` to the end in 1% steps of simulated time, sampling memory. */
export function driveWithSamples(engine: Engine, onStep?: (fraction: number) => void): void {
  const end = engine.endMs;
  for (let k = 1; k <= 100 && !engine.finished; k++) {
    engine.advance((end * k) / 100);
    onStep?.(k / 100);
  }
  while (!engine.finished) engine.advance(end);
}

/** Requests of scenario (a), which the yardstick also runs. */
export const MM1_REQUESTS = { full: 2_000_000, quick: 200_000 };
/** Simulated seconds of each engine scenario. */
export const SIM_S = {
  a: { full: mm1DurationFor(MM1_REQUESTS.full), quick: mm1DurationFor(MM1_REQUESTS.quick) },
  b: { full: 3600, quick: 360 },
};
export const HIST_VALUES = { full: 10_000_000, quick: 1_000_000 };

export function runEngine(scenario: 'a' | 'b', simS: number): EngineResult {
  const design = scenario === 'a' ? mm1Design(simS) : tenNodeDesign(simS);
  const baseRssMB = process.memoryUsage().rss / MB;
  const t0 = performance.now();
  const p = prepare(design);
  if (!p.ok)
    throw new Error(
      `bench design ${scenario} is invalid: ${p.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  const t1 = performance.now();
  let peakRss = 0,
    peakHeap = 0;
  const rssAt: number[] = [],
    heapAt: number[] = [];
  const sample = (fraction: number) => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    if (Math.abs(fraction * 4 - Math.round(fraction * 4)) < 1e-9 && fraction > 0) {
      rssAt.push(m.rss / MB);
      heapAt.push(m.heapUsed / MB);
    }
  };
  sample(0);
  let halfAt = NaN,
    halfEvents = NaN;
  driveWithSamples(p.engine, (fraction) => {
    sample(fraction);
    if (fraction === 0.5) {
      halfAt = performance.now();
      halfEvents = p.engine.events;
    }
  });
  const wallMs = performance.now() - t1;
  const secondHalfMs = t1 + wallMs - halfAt;
  sample(0);
  const s = summarize(p.engine, wallMs);
  const clients = Object.values(s.clients);
  const requests = clients.reduce((a, c) => a + c.requests, 0);
  const ok = clients.reduce((a, c) => a + c.ok, 0);
  return {
    scenario,
    simS: s.simTimeS,
    requests,
    events: s.events,
    buildMs: t1 - t0,
    wallMs,
    peakRssMB: peakRss / MB,
    peakHeapMB: peakHeap / MB,
    baseRssMB,
    rssAt,
    heapAt,
    secondHalfEvents: p.engine.events - halfEvents,
    secondHalfMs,
    meanLatencyMs: clients[0]?.latencyMs.mean ?? NaN,
    okRatio: requests ? ok / requests : NaN,
  };
}

/** Latency-like values (ms): exponential, mean 50, with a 1% tail of ×100, from xorshift32. */
function values(n: number): Float64Array {
  const out = new Float64Array(n);
  let x = 2463534242;
  const u = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) + 0.5) / 4294967296;
  };
  for (let i = 0; i < n; i++) out[i] = -50 * Math.log(u()) * (u() < 0.01 ? 100 : 1);
  return out;
}

export function runHistogram(n: number): HistResult {
  const vs = values(n);
  const ours = (): number => {
    const h = new Histogram();
    const t = performance.now();
    for (let i = 0; i < n; i++) h.record(vs[i]);
    const ms = performance.now() - t;
    if (h.count !== n) throw new Error('histogram lost values');
    return (ms * 1e6) / n;
  };
  const theirs = (): number => {
    const h = hdr.build({ numberOfSignificantValueDigits: 3 });
    const t = performance.now();
    // hdr-histogram-js records integers: microseconds, as Histogram does internally.
    for (let i = 0; i < n; i++) h.recordValue(Math.round(vs[i] * 1000));
    const ms = performance.now() - t;
    if (h.totalCount !== n) throw new Error('hdr histogram lost values');
    return (ms * 1e6) / n;
  };
  // Warm both up (JIT), then keep the best of three timed passes each.
  ours();
  theirs();
  let oursNs = Infinity,
    hdrNs = Infinity;
  for (let k = 0; k < 3; k++) {
    oursNs = Math.min(oursNs, ours());
    hdrNs = Math.min(hdrNs, theirs());
  }
  return { scenario: 'c', values: n, oursNs, hdrNs };
}

function runScenario(name: string, quick: boolean): Result {
  const size = quick ? 'quick' : 'full';
  if (name === 'a' || name === 'b') return runEngine(name, SIM_S[name][size]);
  if (name === 'c') return runHistogram(HIST_VALUES[size]);
  if (name === 'y') {
    const requests = MM1_REQUESTS[size];
    return { scenario: 'y', requests, wallMs: flatMm1(requests).wallMs };
  }
  throw new Error(`unknown scenario ${name}`);
}

/** Runs one scenario in a fresh Node process (falls back to this process if that fails). */
function isolated(name: string, quick: boolean): Result {
  const script = fileURLToPath(import.meta.url);
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--eval'));
  const r = spawnSync(
    process.execPath,
    [...execArgv, script, '--child', name, ...(quick ? ['--quick'] : [])],
    {
      encoding: 'utf8',
      maxBuffer: 16 * MB,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = r.stdout?.trim().split('\n').pop();
  if (r.status === 0 && line) return JSON.parse(line) as Result;
  process.stderr.write(
    `bench: child process for (${name}) failed (status ${r.status}); running it in-process\n`,
  );
  return runScenario(name, quick);
}

// ---- report -------------------------------------------------------------------------------

const int = (x: number) => Math.round(x).toLocaleString('en-US');
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

function tableLines(rows: string[][]): string[] {
  const w: number[] = [];
  for (const r of rows) r.forEach((c, i) => (w[i] = Math.max(w[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
}

/** The median of a sorted list (the lower middle one for an even count). */
const middle = <T>(sorted: readonly T[]): T => sorted[(sorted.length - 1) >> 1];

/** The run with the median wall time. */
export function medianRun(runs: EngineResult[]): EngineResult {
  return middle([...runs].sort((x, y) => x.wallMs - y.wallMs));
}

/** "1.02 / 1.10 / 1.31 s" (min / median / max) over repeated runs. */
export function spread(runs: readonly { wallMs: number }[]): string {
  const w = runs.map((r) => r.wallMs / 1000).sort((x, y) => x - y);
  return `${w[0].toFixed(2)} / ${middle(w).toFixed(2)} / ${w[w.length - 1].toFixed(2)} s`;
}

/**
 * The report. `a` and `b` are repeated runs of each engine scenario: the table shows the
 * median run (by wall time) and the targets are judged on it, never on the luckiest one.
 */
export function report(
  aRuns: EngineResult[],
  bRuns: EngineResult[],
  c: HistResult,
  quick: boolean,
  yRuns: YardstickResult[] = [],
): string {
  const a = medianRun(aRuns),
    b = medianRun(bRuns);
  const out: string[] = [];
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  out.push(`Spillway benchmark${quick ? ' (--quick: 10× shorter, targets are for the full run)' : ''}`);
  out.push(`Node ${process.version}, ${process.platform} ${process.arch}, ${cpu}, ${cpus().length} threads`);
  out.push('');
  const row = (label: string, r: EngineResult) => [
    label,
    int(r.simS),
    int(r.requests),
    f2(r.wallMs / 1000),
    int(r.requests / (r.wallMs / 1000)),
    int(r.events),
    int(r.events / (r.wallMs / 1000)),
    int((r.secondHalfEvents / (r.secondHalfMs / 1000)) * (r.requests / r.events)),
    f1(r.baseRssMB),
    f1(r.peakRssMB),
    f1(r.peakHeapMB),
  ];
  out.push(
    ...tableLines([
      [
        'scenario',
        'sim s',
        'requests',
        'wall s',
        'sim req/s',
        'events',
        'events/s',
        'steady req/s',
        'base RSS MB',
        'peak RSS MB',
        'peak heap MB',
      ],
      row('(a) M/M/1 λ80 μ100', a),
      row('(b) 10 nodes, 1000 req/s', b),
    ]),
  );
  out.push(
    'base RSS: before the engine is built (Node + tsx + modules); peak: sampled at every 1% of simulated time.',
  );
  out.push(
    'steady req/s: the rate over the second half of the simulated time, once the JIT has warmed up (the targets use the whole run).',
  );
  out.push(
    `Each row is the median of ${aRuns.length} / ${bRuns.length} runs (each in a fresh process, a and b interleaved); ` +
      `wall min / median / max: (a) ${spread(aRuns)}, (b) ${spread(bRuns)}.`,
  );
  if (yRuns.length > 0 && aRuns.length >= yRuns.length) {
    // Pairs of (a) and yardstick runs made back to back: the median of their ratios.
    const ratios = yRuns.map((y, k) => aRuns[k].wallMs / y.wallMs).sort((x, y) => x - y);
    out.push(
      `Machine reference: the flat yardstick (bench/flat-mm1.ts) ran (a)'s ${int(yRuns[0].requests)} requests in ` +
        `${spread(yRuns)} (min / median / max); (a) took ${f2(middle(ratios))}× the yardstick's time ` +
        '(median of back-to-back pairs). Compare builds by this ratio when the machine is noisy.',
    );
  }
  out.push('');
  const aRate = a.requests / (a.wallMs / 1000);
  const growth = b.rssAt.length === 4 ? b.rssAt[3] - b.rssAt[0] : NaN;
  const flat = growth <= Math.max(10, 0.1 * b.rssAt[0]);
  const mark = (ok: boolean) => (quick ? '(n/a in --quick)' : ok ? 'met' : 'NOT met');
  out.push('Targets (from the issue):');
  out.push(
    `  (a) >= 3,000,000 simulated req/s          measured ${int(aRate)} req/s   ${mark(aRate >= 3e6)}`,
  );
  out.push(
    `  (b) under 10 s wall for 1 simulated hour   measured ${f2(b.wallMs / 1000)} s   ${mark(b.wallMs < 10_000)}`,
  );
  out.push(
    `  (b) peak RSS under 200 MB                  measured ${f1(b.peakRssMB)} MB   ${mark(b.peakRssMB < 200)}`,
  );
  out.push(
    `  (b) RSS flat as the run grows              RSS at 25/50/75/100%: ${b.rssAt.map(f1).join(' / ')} MB` +
      ` (heap ${b.heapAt.map(f1).join(' / ')} MB); growth ${f1(growth)} MB   ${flat ? 'flat' : 'GROWING'}`,
  );
  out.push('');
  out.push(
    `Sanity: (a) mean latency ${f2(a.meanLatencyMs)} ms (M/M/1 theory 1/(μ-λ) = 50 ms), ok ${f2(a.okRatio * 100)}%;`,
  );
  out.push(
    `        (b) mean latency ${f2(b.meanLatencyMs)} ms, ok ${f2(b.okRatio * 100)}%; engine construction ${f1(a.buildMs)} / ${f1(b.buildMs)} ms.`,
  );
  out.push('');
  out.push(`(c) histogram recording, ${int(c.values)} values (best of 3, after a warm-up pass):`);
  out.push(
    ...tableLines([
      ['implementation', 'ns/record'],
      ['src/sim/histogram.ts Histogram.record', f2(c.oursNs)],
      ['hdr-histogram-js build({numberOfSignificantValueDigits:3}).recordValue', f2(c.hdrNs)],
    ]),
  );
  out.push(`  Histogram is ${f2(c.hdrNs / c.oursNs)}× the speed of hdr-histogram-js.`);
  return out.join('\n') + '\n';
}

function cli(argv: string[]): void {
  const quick = argv.includes('--quick');
  const child = argv.indexOf('--child');
  if (child >= 0) {
    process.stdout.write(JSON.stringify(runScenario(argv[child + 1], quick)) + '\n');
    return;
  }
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : quick ? 1 : 3;
  const unknown = argv.filter((a, i) => a !== '--quick' && i !== runsAt && i !== runsAt + 1);
  if (unknown.length || !Number.isInteger(runs) || runs < 1 || runs > 20) {
    process.stderr.write(
      `bench: ${unknown.length ? `unknown argument ${unknown[0]}` : '--runs takes an integer from 1 to 20'}; ` +
        'usage: npm run bench [-- --quick] [-- --runs N]\n',
    );
    process.exitCode = 2;
    return;
  }
  // Wall times on a shared 2-core VM swing by ±20% from run to run: repeat each scenario
  // in fresh processes, interleaved so that a slow spell does not hit one scenario only.
  const a: EngineResult[] = [],
    b: EngineResult[] = [],
    y: YardstickResult[] = [];
  for (let k = 1; k <= runs; k++) {
    process.stderr.write(`running (a) M/M/1${quick ? ' (quick)' : ''}, run ${k} of ${runs}...\n`);
    a.push(isolated('a', quick) as EngineResult);
    process.stderr.write(`running the yardstick, run ${k} of ${runs}...\n`);
    y.push(isolated('y', quick) as YardstickResult);
    process.stderr.write(`running (b) 10-node design, run ${k} of ${runs}...\n`);
    b.push(isolated('b', quick) as EngineResult);
  }
  process.stderr.write(`running (c) histograms...\n`);
  const c = isolated('c', quick) as HistResult;
  process.stdout.write(report(a, b, c, quick, y));
}

// Run only as a script, not when imported by the tests.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) cli(process.argv.slice(2));
