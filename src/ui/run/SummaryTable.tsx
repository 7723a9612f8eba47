/** The run summary: the CLI's figures with 95% confidence intervals; CSV and JSON export. */
import { FileDown } from 'lucide-react';
import { useMemo } from 'react';
import { kindSpec } from '../../model/kinds';
import type { RunSummary } from '../../sim/summary';
import { useDesignStore } from '../../state/designStore';
import { download } from '../../state/files';
import { useRunStore } from '../../state/runStore';
import { useUiStore } from '../../state/uiStore';
import type { LatencyAnswers } from '../../sim/summary';
import { LatencyToggle } from './LatencyToggle';
import { nodeNames } from './names';
import { designChanges, figureIndex, liveChangeTexts, wasFigure } from './summaryCompare';
import { fmtFigure, LAT, latencyFigure, summaryCsv, summaryJson, summaryRows } from './summaryExport';

/** Saves `parts` (the text, or its chunks: a Blob joins them without one giant string) as a file. */
const save = (name: string, parts: string | string[], type: string) =>
  download(name, new Blob(typeof parts === 'string' ? [parts] : parts, { type }));

/** What each latency figure (by summaryRows' label) is. */
const LATENCY_WHAT: Record<(typeof LAT)[number][1], string> = {
  mean: 'mean latency',
  p50: 'median latency',
  p90: '90th percentile latency',
  p99: '99th percentile latency',
  'p99.9': '99.9th percentile latency',
};

/** Both answers' latency figures: the table shows one set, the CSV and JSON carry both. */
const LATENCY_FIGURES = new Set(LAT.flatMap(([, k]) => [latencyFigure('all', k), latencyFigure('ok', k)]));

/**
 * The table's columns: a figure (summaryRows' name), its heading and what it is (README,
 * "What the numbers mean"). The latency columns follow the charts' ok / all switch and say
 * which in their heading ("p99 ok"): failures are often instant, so among all answers a
 * failing node's latency reads fast.
 */
export function summaryColumns(answers: LatencyAnswers): { figure: string; head: string; what: string }[] {
  return [
    ...LAT.map(([, k]) => ({
      figure: latencyFigure(answers, k),
      head: `${k} ${answers}`,
      what:
        answers === 'ok'
          ? `${LATENCY_WHAT[k]} of the ok answers alone (ms); – when none was ok`
          : `${LATENCY_WHAT[k]} of all answers, failures included (ms): a refusal or a crashed server answers at once`,
    })),
    // Short heads, as the CLI's table has them: a long head was the widest thing in its column.
    { figure: 'throughput (/s)', head: 'thr/s', what: 'throughput: answers of any outcome per second' },
    { figure: 'goodput (/s)', head: 'goodput/s', what: "a client's ok answers within its SLO per second" },
    {
      figure: 'error ratio',
      head: 'error ratio',
      what: '1 − ok / answers, in %; its interval in percentage points (pp)',
    },
    {
      figure: 'utilization',
      head: 'util',
      what: 'utilization: busy thread or connection time over capacity, in %',
    },
  ];
}

/**
 * A kind-specific figure's name as people read it: the catalog's label for that metric
 * ("Writes failed without a primary"), else the summary key spelled out ("hit ratio");
 * "at end" after a state at the end of the run (the catalog's `atEnd`: "instances at end").
 */
export function figureLabel(kind: string | undefined, key: string): string {
  const metric = kind ? kindSpec(kind)?.metrics?.find((m) => m.key === key) : undefined;
  const label = (metric?.label ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2')).toLowerCase();
  return metric?.atEnd ? `${label} at end` : label;
}

/**
 * A figure with its interval under it ("63.5", then "± 0.25"): side by side, nine of them
 * made the table scroll sideways at 1024 and 1280 px. The text stays "63.5 ± 0.25".
 */
function FigureText({ text }: { text: string }) {
  const at = text.indexOf(' ± ');
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)} <span className="sw-summary__ci">{text.slice(at + 1)}</span>
    </>
  );
}

/** The first few of a list of changes, then how many more. */
const listed = (items: readonly string[]) =>
  `${items.slice(0, 4).join('; ')}${items.length > 4 ? ` and ${items.length - 4} more` : ''}`;

export function SummaryTable({ summary }: { summary: RunSummary }) {
  const rows = summaryRows(summary);
  const answers = useUiStore((s) => s.latencyAnswers);
  const cols = summaryColumns(answers);
  const shown = new Set(cols.map((c) => c.figure));
  const nodes = useDesignStore((s) => s.design.nodes);
  const ran = useRunStore((s) => s.loaded?.nodes);
  // The canvas's names; a node deleted since the run keeps the name it ran under.
  const names = useMemo(() => nodeNames([...(ran ?? []), ...nodes]), [ran, nodes]);
  const base = (summary.name || 'run').replace(/[^\w.-]+/g, '-').toLowerCase();
  const previous = useRunStore((s) => s.previous);
  const ranNow = useRunStore((s) => s.summaryOf);
  const before = useMemo(() => (previous ? figureIndex(previous.summary) : null), [previous]);
  const changes = useMemo(
    () => (previous && ranNow ? designChanges(previous.design, ranNow) : []),
    [previous, ranNow],
  );
  const liveNow = useRunStore((s) => s.summaryLive);
  const liveTexts = useMemo(
    () => ({
      now: liveNow && ranNow ? liveChangeTexts(liveNow, ranNow) : [],
      before: previous ? liveChangeTexts(previous.live, previous.design) : [],
    }),
    [liveNow, ranNow, previous],
  );
  return (
    <section className="sw-dash__group sw-summary" aria-label="Run summary">
      <header className="sw-dash__head">
        <h3>Run summary</h3>
        <span
          className="sw-summary__window"
          title="Figures over the summary window (after the warm-up). Latencies in ms. ± is the half-width of the 95% confidence interval by batch means; for a percentage, in percentage points (pp)."
        >
          window {summary.windowS[0]}–{summary.windowS[1]} s, ms, ± 95% CI
        </span>
        <LatencyToggle />
        <button
          type="button"
          className="sw-btn sw-btn--small"
          onClick={() => save(`${base}-summary.csv`, summaryCsv(summary, names), 'text/csv')}
        >
          <FileDown size={12} aria-hidden /> CSV
        </button>
        <button
          type="button"
          className="sw-btn sw-btn--small"
          onClick={() => save(`${base}-summary.json`, summaryJson(summary), 'application/json')}
        >
          <FileDown size={12} aria-hidden /> JSON
        </button>
        <button
          type="button"
          className="sw-btn sw-btn--small"
          title="Every time series of this run (each client, node and edge, every column the charts draw) as one CSV: scope,id,t_s,width_s,column,value"
          onClick={() =>
            void useRunStore
              .getState()
              .seriesCsv()
              .then(
                (chunks) => {
                  if (chunks !== null) save(`${base}-series.csv`, chunks, 'text/csv');
                },
                (e: unknown) =>
                  useUiStore
                    .getState()
                    .toast(
                      `Could not export the series: ${e instanceof Error ? e.message : String(e)}`,
                      'error',
                    ),
              )
          }
        >
          <FileDown size={12} aria-hidden /> Series
        </button>
      </header>
      {before ? (
        <p className="sw-summary__compare">
          Beside each figure, the previous run’s where it differs; <strong>bold</strong> where the two 95%
          intervals do not overlap (a change beyond the noise).{' '}
          {changes.length ? `Changed since: ${listed(changes)}.` : 'Nothing in the design changed since.'}
          {liveTexts.before.length ? ` Done live in the previous run: ${listed(liveTexts.before)}.` : ''}
          {liveTexts.now.length ? ` Done live in this run: ${listed(liveTexts.now)}.` : ''}
        </p>
      ) : null}
      {/* Fits the dashboard from a 1024 px window on (headings wrap, each interval under its
          figure); narrower, it scrolls sideways under the names, which stay in view;
          focusable, so the arrow keys scroll it too. */}
      <div className="sw-summary__scroll" tabIndex={0} role="region" aria-label="Figures by client and node">
        <table className="sw-summary__table">
          <thead>
            <tr>
              <th scope="col">{rows.some((r) => r.scope === 'client') ? 'client / node' : 'node'}</th>
              {cols.map((c) => (
                <th key={c.figure} scope="col" title={c.what}>
                  {c.head}
                </th>
              ))}
              <th scope="col">kind figures</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const by = new Map(r.figures.map((f) => [f.name, f]));
              const extra = r.figures.filter((f) => !shown.has(f.name) && !LATENCY_FIGURES.has(f.name));
              const name = names.get(r.id) ?? r.id;
              return (
                <tr key={`${r.scope}:${r.id}`} className={`is-${r.scope}`}>
                  <th scope="row" title={`${r.scope} id ${r.id}`}>
                    <span className="sw-summary__name" title={name}>
                      {name}
                    </span>
                    {name !== r.id ? <span className="sw-summary__id">{r.id}</span> : null}
                  </th>
                  {cols.map(({ figure: c }) => {
                    const f = by.get(c);
                    const was = f ? wasFigure(f, before?.get(`${r.scope}:${r.id}`)?.get(c)) : null;
                    return (
                      <td key={c} data-figure={c}>
                        {f ? <FigureText text={fmtFigure(f)} /> : '–'}
                        {was ? (
                          <span
                            className={`sw-summary__was${was.beyondNoise ? ' is-beyond-noise' : ''}`}
                            title={`Previous run: ${was.full}`}
                          >
                            was {was.text}
                          </span>
                        ) : null}
                      </td>
                    );
                  })}
                  <td className="sw-summary__extra">
                    {extra.map((f, i) => {
                      // The kind's own figures compare too: retry amplification is what a
                      // retry budget is for, the hit ratio what coalescing is for.
                      const was = wasFigure(f, before?.get(`${r.scope}:${r.id}`)?.get(f.name));
                      return (
                        <span key={f.name} data-figure={f.name}>
                          {i > 0 ? ', ' : ''}
                          {figureLabel(summary.nodes[r.id]?.kind, f.name)} {fmtFigure(f)}
                          {was ? (
                            <span
                              className={`sw-summary__was is-inline${was.beyondNoise ? ' is-beyond-noise' : ''}`}
                              title={`Previous run: ${was.full}`}
                            >
                              {' '}
                              (was {was.text})
                            </span>
                          ) : null}
                        </span>
                      );
                    })}
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
