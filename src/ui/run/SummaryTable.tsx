/** The run summary: the CLI's figures with 95% confidence intervals; CSV and JSON export. */
import { FileDown } from 'lucide-react';
import type { RunSummary } from '../../sim/summary';
import { fmtCi, summaryCsv, summaryJson, summaryRows } from './summaryExport';

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const COLS = [
  'latency mean (ms)',
  'latency p50 (ms)',
  'latency p90 (ms)',
  'latency p99 (ms)',
  'latency p99.9 (ms)',
  'throughput (/s)',
  'goodput (/s)',
  'error ratio',
  'utilization',
];
const HEAD = [
  'mean',
  'p50',
  'p90',
  'p99',
  'p99.9',
  'throughput/s',
  'goodput/s',
  'error ratio',
  'utilization',
];

export function SummaryTable({ summary }: { summary: RunSummary }) {
  const rows = summaryRows(summary);
  const base = (summary.name || 'run').replace(/[^\w.-]+/g, '-').toLowerCase();
  return (
    <section className="sw-dash__group sw-summary" aria-label="Run summary">
      <header className="sw-dash__head">
        <h3>Run summary</h3>
        <span className="sw-summary__window">
          window {summary.windowS[0]}–{summary.windowS[1]} s, latency in ms, ± 95% CI
        </span>
        <button
          type="button"
          className="sw-btn sw-btn--small"
          onClick={() => download(`${base}-summary.csv`, summaryCsv(summary), 'text/csv')}
        >
          <FileDown size={12} aria-hidden /> CSV
        </button>
        <button
          type="button"
          className="sw-btn sw-btn--small"
          onClick={() => download(`${base}-summary.json`, summaryJson(summary), 'application/json')}
        >
          <FileDown size={12} aria-hidden /> JSON
        </button>
      </header>
      <div className="sw-summary__scroll">
        <table className="sw-summary__table">
          <thead>
            <tr>
              <th scope="col">id</th>
              {HEAD.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
              <th scope="col">kind figures</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const by = new Map(r.figures.map((f) => [f.name, f]));
              const extra = r.figures.filter((f) => !COLS.includes(f.name));
              return (
                <tr key={`${r.scope}:${r.id}`} className={`is-${r.scope}`}>
                  <th scope="row">{r.id}</th>
                  {COLS.map((c) => {
                    const f = by.get(c);
                    return (
                      <td key={c}>
                        {f
                          ? (c === 'utilization' || c === 'error ratio') && f.value !== null
                            ? fmtCi(f.value * 100, f.ci95 === null ? null : f.ci95 * 100) + '%'
                            : fmtCi(f.value, f.ci95)
                          : '–'}
                      </td>
                    );
                  })}
                  <td className="sw-summary__extra">
                    {extra.map((f) => `${f.name} ${fmtCi(f.value, f.ci95)}`).join(', ')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
