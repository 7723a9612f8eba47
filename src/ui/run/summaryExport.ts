/** The run summary as table rows, CSV and JSON (pure; unit-tested). */
import { COMMON_NODE_KEYS, type CI, type RunSummary } from '../../sim/summary';

export interface SummaryRow {
  scope: 'client' | 'node';
  id: string;
  figures: { name: string; value: number | null; ci95: number | null }[];
}

const LAT = [
  ['mean', 'mean'],
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p99', 'p99'],
  ['p999', 'p99.9'],
] as const;

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export function summaryRows(s: RunSummary): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const [id, c] of Object.entries(s.clients)) {
    const ci: CI = c.ci95 ?? {};
    rows.push({
      scope: 'client',
      id,
      figures: [
        ...LAT.map(([k, name]) => ({
          name: `latency ${name} (ms)`,
          value: num(c.latencyMs[k]),
          ci95: num(ci[k]),
        })),
        { name: 'throughput (/s)', value: num(c.throughputRps), ci95: num(ci.throughputRps) },
        { name: 'goodput (/s)', value: num(c.goodputRps), ci95: num(ci.goodputRps) },
        { name: 'error ratio', value: num(c.errorRatio), ci95: num(ci.errorRatio) },
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
        ...LAT.map(([k, name]) => ({
          name: `latency ${name} (ms)`,
          value: num(n.latencyMs[k]),
          ci95: num(ci[k]),
        })),
        { name: 'throughput (/s)', value: num(n.throughputRps), ci95: num(ci.throughputRps) },
        { name: 'goodput (/s)', value: num(n.goodputRps), ci95: num(ci.goodputRps) },
        { name: 'error ratio', value: num(n.errorRatio), ci95: num(ci.errorRatio) },
        { name: 'utilization', value: num(n.utilization), ci95: null },
        { name: 'mean queue', value: num(n.meanQueueLength), ci95: null },
        ...extra,
      ],
    });
  }
  return rows;
}

const csvCell = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One line per figure: scope,id,figure,value,ci95. */
export function summaryCsv(s: RunSummary): string {
  const lines = ['scope,id,figure,value,ci95'];
  for (const r of summaryRows(s))
    for (const f of r.figures) lines.push([r.scope, r.id, f.name, f.value, f.ci95].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

export function summaryJson(s: RunSummary): string {
  return JSON.stringify(s, null, 2) + '\n';
}

/** "12.3 ± 0.4" with a precision that suits the value. */
export function fmtCi(v: number | null, ci: number | null): string {
  if (v === null) return '–';
  const f = (x: number) => {
    const a = Math.abs(x);
    return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
  };
  return ci === null ? f(v) : `${f(v)} ± ${f(ci)}`;
}
