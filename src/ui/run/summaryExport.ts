/** The run summary as table rows, CSV and JSON (pure; unit-tested). */
import {
  COMMON_NODE_KEYS,
  type CI,
  type LatencyAnswers,
  type LatencySummary,
  type RunSummary,
} from '../../sim/summary';
import { csvCell, csvText } from '../../model/csv';

export interface SummaryRow {
  scope: 'client' | 'node';
  id: string;
  figures: { name: string; value: number | null; ci95: number | null }[];
}

/** A latency figure's name in the rows, the CSV and the summary table: "ok latency p99 (ms)". */
export const latencyFigure = (answers: LatencyAnswers, label: string) => `${answers} latency ${label} (ms)`;

/** The latency figures, by LatencySummary key and label. */
export const LAT = [
  ['mean', 'mean'],
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
] as const;

/** okLatencyMs's interval keys in ci95, by LatencySummary key. */
const OK_CI = { mean: 'okMean', p50: 'okP50', p90: 'okP90', p99: 'okP99', p999: 'okP999' } as const;

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/**
 * Latency figures, of all answers ("all latency p50 (ms)") and of the ok answers alone
 * ("ok latency p50 (ms)"), named alike so neither reads as the default: failures are often
 * instant, so a failing node's all-answers latency reads fast. An ok figure is null where
 * nothing was answered ok (or the summary predates okLatencyMs).
 */
function latencyFigures(all: LatencySummary, ok: LatencySummary | undefined, ci: CI): SummaryRow['figures'] {
  return [
    ...LAT.map(([k, name]) => ({ name: latencyFigure('all', name), value: num(all[k]), ci95: num(ci[k]) })),
    ...LAT.map(([k, name]) => ({
      name: latencyFigure('ok', name),
      value: num(ok?.[k]),
      ci95: num(ci[OK_CI[k]]),
    })),
  ];
}

export function summaryRows(s: RunSummary): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const [id, c] of Object.entries(s.clients)) {
    const ci: CI = c.ci95 ?? {};
    rows.push({
      scope: 'client',
      id,
      figures: [
        ...latencyFigures(c.latencyMs, c.okLatencyMs, ci),
        { name: 'throughput (/s)', value: num(c.throughputRps), ci95: num(ci.throughputRps) },
        { name: 'goodput (/s)', value: num(c.goodputRps), ci95: num(ci.goodputRps) },
        // No answers, no ratio (the JSON says 0; the CLI's table "-", as here).
        { name: 'error ratio', value: c.requests > 0 ? num(c.errorRatio) : null, ci95: num(ci.errorRatio) },
        { name: 'retry amplification', value: num(c.retryAmplification), ci95: null },
      ],
    });
  }
  for (const [id, n] of Object.entries(s.nodes)) {
    const ci: CI = n.ci95 ?? {};
    const extra = Object.entries(n)
      .filter(([k, v]) => !COMMON_NODE_KEYS.has(k) && typeof v === 'number')
      .map(([k, v]) => ({ name: k, value: num(v), ci95: null }));
    rows.push({
      scope: 'node',
      id,
      figures: [
        ...latencyFigures(n.latencyMs, n.okLatencyMs, ci),
        { name: 'throughput (/s)', value: num(n.throughputRps), ci95: num(ci.throughputRps) },
        // Goodput is a client's figure: a node has none, so no interval for one either.
        {
          name: 'goodput (/s)',
          value: num(n.goodputRps),
          ci95: n.goodputRps === undefined ? null : num(ci.goodputRps),
        },
        { name: 'error ratio', value: n.answers > 0 ? num(n.errorRatio) : null, ci95: num(ci.errorRatio) },
        { name: 'utilization', value: num(n.utilization), ci95: null },
        { name: 'mean queue', value: num(n.meanQueueLength), ci95: null },
        ...extra,
      ],
    });
  }
  return rows;
}

/**
 * One line per figure: scope,id,name,figure,value,ci95. `names` maps ids to what the canvas
 * calls them (names.ts nodeNames); an id it lacks is its own name.
 */
export function summaryCsv(s: RunSummary, names: ReadonlyMap<string, string>): string {
  const lines = ['scope,id,name,figure,value,ci95'];
  for (const r of summaryRows(s))
    for (const f of r.figures)
      lines.push(
        [
          ...[r.scope, r.id, names.get(r.id) ?? r.id, f.name].map(csvText),
          ...[f.value, f.ci95].map(csvCell),
        ].join(','),
      );
  return lines.join('\n') + '\n';
}

export function summaryJson(s: RunSummary): string {
  return JSON.stringify(s, null, 2) + '\n';
}

/** Decimals that show `sig` significant digits of x (none for a whole number of that size). */
function decimalsFor(x: number, sig: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  return Math.min(12, Math.max(0, sig - 1 - Math.floor(Math.log10(Math.abs(x)))));
}

/** x with d decimals and thousands grouped; never "-0". */
function fixed(x: number, d: number): string {
  const s = x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  return /^-[0.,]*$/.test(s) ? s.slice(1) : s;
}

/**
 * A figure and its 95% interval as text parts: a whole number (a count: instances,
 * evictions) as a whole number, anything else to 3 significant digits; the interval to 2,
 * and the figure to no more decimals than the interval has (digits below its width are noise).
 */
function ciParts(v: number, ci: number | null): [string, string | null] {
  let c = ci !== null && Number.isFinite(ci) ? Math.abs(ci) : null;
  // Batch means of a figure that never varies leave rounding dust (3.6e-15), not a width.
  if (c !== null && c < 1e-9 * Math.max(1, Math.abs(v))) c = 0;
  let d = Number.isInteger(v) && c === null ? 0 : decimalsFor(v, 3);
  if (c === null) return [fixed(v, d), null];
  const dc = decimalsFor(c, 2);
  if (c > 0) d = Math.min(d, dc);
  return [fixed(v, d), c === 0 ? '0' : fixed(c, dc)];
}

/** "12.3 ± 0.42", "4", "0.0213", "1,250 ± 19"; a dash without a value. */
export function fmtCi(v: number | null, ci: number | null): string {
  if (v === null) return '–';
  const [a, b] = ciParts(v, ci);
  return b === null ? a : `${a} ± ${b}`;
}

/** A ratio (0..1) as a percentage, its interval in percentage points: "1.7% ± 1.5 pp". */
export function fmtPctCi(v: number | null, ci: number | null): string {
  if (v === null) return '–';
  const [a, b] = ciParts(v * 100, ci === null ? null : ci * 100);
  return b === null ? `${a}%` : `${a}% ± ${b} pp`;
}

/** Figures that are ratios (0..1), shown as percentages. */
export function isRatioFigure(name: string): boolean {
  return name === 'error ratio' || name === 'utilization' || /Ratio$/.test(name);
}

/** One figure of the summary table as it reads: percentages for ratios, "×" for amplification. */
export function fmtFigure(f: { name: string; value: number | null; ci95: number | null }): string {
  if (isRatioFigure(f.name)) return fmtPctCi(f.value, f.ci95);
  // A mean of attempts per request, never a count: "1.00×", not "1×".
  if (f.name === 'retry amplification' && f.value !== null)
    return `${fixed(f.value, decimalsFor(f.value, 3))}×`;
  return fmtCi(f.value, f.ci95);
}
