/**
 * The run dashboard (lazy-loaded with d3): client latency, throughput and retry
 * amplification; the selected node's or edge's own series; fault markers; the fault
 * timeline; the run summary with CSV and JSON export.
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useDesignStore } from '../../state/designStore';
import { edgeData } from '../../state/flow';
import { useRunStore } from '../../state/runStore';
import { useUiStore, type LogChartKind } from '../../state/uiStore';
import type { LatencyAnswers } from '../../sim/summary';
import type { ActiveFaultInfo, SeriesData, SessionInfo } from '../../worker/api';
import {
  ALL_OUTCOMES,
  amplificationLine,
  BREAKER_STATES,
  showsBreakerChart,
  clientFigures,
  errorLines,
  ERROR_OUTCOMES,
  kindChartGroups,
  latencyLines,
  latencyTitle,
  line,
  noOkStretch,
  noOkText,
  seriesTable,
  sumLine,
  type Line,
  type Table,
} from './chartData';
import { fmtLatency, fmtNum } from './format';
import { LatencyToggle } from './LatencyToggle';
import { faultMarks, LineChart } from './LineChart';
import { faultLabel } from './liveFaults';
import { distinctNames, nodeNames } from './names';
import { SummaryTable } from './SummaryTable';
import { elementName } from './names';

const NO_FAULTS: never[] = [];

const FaultTimeline = lazy(() => import('./FaultTimeline'));

/** seriesVersion, at most 4 times a second. */
function useThrottledVersion(): number {
  const [v, setV] = useState(() => useRunStore.getState().seriesVersion);
  useEffect(() => {
    let t: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const unsub = useRunStore.subscribe((s, prev) => {
      if (s.seriesVersion === prev.seriesVersion || t) return;
      const wait = Math.max(0, 250 - (performance.now() - last));
      t = setTimeout(() => {
        t = null;
        last = performance.now();
        setV(useRunStore.getState().seriesVersion);
      }, wait);
    });
    return () => {
      unsub();
      if (t) clearTimeout(t);
    };
  }, []);
  return v;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;
/**
 * Axis ticks in ms: whole numbers from 10 ms, tenths below (ticks at 0.5, 1, 1.5 read as
 * "0 1 1" rounded), and two significant digits under 0.01 ms (a log axis reaches 0.001).
 */
export const ms = (v: number) =>
  v >= 1000
    ? `${+(v / 1000).toFixed(1)}s`
    : v >= 10 || v === 0
      ? `${+v.toFixed(0)}`
      : v < 0.01
        ? `${+v.toPrecision(2)}`
        : `${+v.toFixed(2)}`;

/** A chart kind's log scale switch: on or off, for every chart of that kind, for the session. */
function useLogScale(kind: LogChartKind): boolean {
  return useUiStore((s) => s.logScale[kind] === true);
}

/**
 * The log scale switch in a chart's caption, beside ok / all: after a spike to seconds the
 * linear axis squeezes the usual tens of ms into a flat band at the bottom.
 */
function LogToggle({ kind }: { kind: LogChartKind }) {
  const on = useLogScale(kind);
  const setLog = useUiStore((s) => s.setLogScale);
  return (
    <span className="sw-chart__toggle">
      <button
        type="button"
        aria-pressed={on}
        aria-label="log scale"
        title={
          on
            ? 'Log scale: every factor of 10 gets the same height. Press for the linear scale'
            : 'Log scale: every factor of 10 gets the same height, so a spike to seconds leaves the usual milliseconds readable'
        }
        onClick={() => setLog(kind, !on)}
      >
        log
      </button>
    </span>
  );
}

/** The ok latency chart's word where its lines stop because every answer failed. */
function latencyNote(tb: Table, answers: LatencyAnswers): { text: string; fromS: number } | undefined {
  const stretch = answers === 'ok' ? noOkStretch(tb) : null;
  return stretch ? { text: noOkText(stretch), fromS: stretch.sinceS } : undefined;
}

/** The charts' fault bands, worded as the fault timeline words them. */
function useFaultMarks(faults: ActiveFaultInfo[], durationS: number) {
  const scheduled = useDesignStore(
    (s) => (s.design.scenario?.faults ?? NO_FAULTS) as Array<Record<string, unknown>>,
  );
  const nodes = useDesignStore((s) => s.design.nodes);
  const edges = useDesignStore((s) => s.design.edges);
  return useMemo(
    () =>
      faultMarks(scheduled, faults, durationS, (type, target) => faultLabel(type, target, { nodes, edges })),
    [scheduled, faults, durationS, nodes, edges],
  );
}

/** A client's series as fetched: for which run (its info) and client, and the how-manieth. */
interface Fetched {
  info: SessionInfo;
  id: string;
  s: SeriesData;
  n: number;
}

/**
 * The series last fetched, by element, for the current run only: kept over a remount (the
 * Validation tab and back), so that after the worker crashed, with nothing to fetch again,
 * the charts stay as they were.
 */
const lastFetched = new Map<string, Fetched>();
/**
 * Copies kept at most: a long run's copy is up to about 1 MB, and a user clicking through a
 * large design would otherwise keep one per element. The least recently fetched go first;
 * the clients' and the selected element's are fetched every bucket, so they stay.
 */
const MAX_KEPT_SERIES = 12;

/** Before a client's first rows arrive: empty charts, figures 0 and –. */
const NO_ROWS: Table = { t: [], width: [], cols: {} };

/**
 * Runs one ask at a time per `run` (a SessionInfo): an ask made while one of the same run is
 * out waits for it, and of those waiting only the latest runs. A slow answer is never dropped
 * for a newer ask (asking 4 times a second, answers slower than that would never be shown),
 * and asks do not pile up. An ask for another run starts at once: the one still out may
 * belong to a worker that crashed, whose answer never comes (comlink drops its pending
 * calls), and waiting for it would stop the charts for good.
 */
export function oneAtATime(): (run: unknown, ask: () => Promise<unknown>) => void {
  let out: { run: unknown } | null = null;
  let next: { run: unknown; ask: () => Promise<unknown> } | null = null;
  const start = (run: unknown, ask: () => Promise<unknown>) => {
    if (out !== null && out.run === run) {
      next = { run, ask };
      return;
    }
    const mine = { run };
    out = mine;
    next = null;
    void ask()
      .catch(() => {})
      .finally(() => {
        if (out !== mine) return; // superseded by another run's ask
        out = null;
        const n = next;
        next = null;
        if (n) start(n.run, n.ask);
      });
  };
  return start;
}

/**
 * An element's series from the engine (runStore.series), fetched again whenever a bucket
 * closed (`version`): live while running, and after a pause, a step or a restart. Each ask
 * sends where the copy held ends, and only the rows after it come back. The clients' charts
 * and the selected element's both read it. An answer for another run or element is never
 * shown as this one's.
 *
 * Switched to an element fetched before in this run, its last copy shows at once; to one
 * never fetched, the element shown before stays, `loading` (greyed), until its first answer
 * is in: emptied for that round trip, the charts flashed.
 */
/** Whether the running session has the element: one added since the run started has no series. */
const runHas = (info: SessionInfo, id: string) => info.nodeIds.includes(id) || info.edgeIds.includes(id);

function useSeries(
  info: SessionInfo | null,
  id: string | undefined,
  version: number,
): { fetched: Fetched | null; loading: boolean } {
  const [got, setGot] = useState<Fetched | null>(() => (id ? (lastFetched.get(id) ?? null) : null));
  const [queue] = useState(oneAtATime);
  // An element the running session does not have (added since the run started): nothing to
  // fetch or wait for, so it is not shown as loading another element's charts for good.
  const inRun = !!info && !!id && runHas(info, id);
  useEffect(() => {
    if (!info || !id || !inRun) return;
    queue(info, () => {
      // The copy as it is when the ask starts (the answer before may have just grown it).
      const held = lastFetched.get(id);
      return useRunStore
        .getState()
        .series(id, held?.info === info ? held.s : null)
        .then((s) => {
          // No worker (it crashed): the last rows stay. Another run's rows (one loaded after
          // the ask was made): not this run's.
          if (!s || s.run !== info.run) return;
          for (const [k, f] of lastFetched) if (f.info !== info) lastFetched.delete(k);
          const f = { info, id, s, n: (lastFetched.get(id)?.n ?? 0) + 1 };
          lastFetched.delete(id); // re-inserted last: the Map's order is how recently fetched
          lastFetched.set(id, f);
          for (const k of lastFetched.keys()) {
            if (lastFetched.size <= MAX_KEPT_SERIES) break;
            lastFetched.delete(k);
          }
          setGot(f);
        });
    });
  }, [info, id, inRun, version, queue]);
  if (!info || !id || !inRun) return { fetched: null, loading: false };
  // The newest copy: the other hook may have fetched this element since.
  const cached = lastFetched.get(id);
  const own = cached?.info === info ? cached : got?.id === id && got.info === info ? got : null;
  if (own) return { fetched: own, loading: false };
  return got?.info === info ? { fetched: got, loading: true } : { fetched: null, loading: false };
}

function ClientCharts({ version, durationS }: { version: number; durationS: number }) {
  const info = useRunStore((s) => s.info);
  const faults = useRunStore((s) => s.faults);
  const nodes = useDesignStore((s) => s.design.nodes);
  const [pick, setPick] = useState(0);
  const answers = useUiStore((s) => s.latencyAnswers);
  const log = useLogScale('client-latency');
  const clients = useMemo(() => info?.clientIndices.map((i) => info.nodeIds[i]) ?? [], [info]);
  const id = clients[Math.min(pick, clients.length - 1)];
  const { fetched, loading } = useSeries(info, id, version);
  const marks = useFaultMarks(faults, durationS);
  // While loading, the lines are another client's: its SLO goes with them.
  const slo = Number(nodes.find((n) => n.id === (fetched?.id ?? id))?.params?.sloMs);
  const names = useMemo(() => nodeNames(nodes), [nodes]);
  const options = useMemo(() => distinctNames(clients, names), [clients, names]);
  const data = useMemo(() => {
    if (!id) return null;
    const tb = fetched ? seriesTable(fetched.s) : NO_ROWS;
    const lat = latencyLines(tb, answers, ['p50', 'p90', 'p99']);
    // Throughput is answers of any outcome, as in the run summary and the README (not the
    // requests arriving, the offered load: the header shows those beside it).
    const thr: Line[] = [
      sumLine(tb, ALL_OUTCOMES, 'throughput', true),
      line(tb, 'goodput', { rate: true, name: 'goodput' }),
      ...errorLines(tb, ERROR_OUTCOMES),
    ];
    const amp: Line[] = [amplificationLine(tb)];
    return { lat, thr, amp, figs: clientFigures(tb), noOk: latencyNote(tb, answers) };
  }, [id, fetched, answers]);
  if (!id || !data)
    return (
      <p className="sw-dash__empty">Press Run to see the clients’ latency, throughput and errors here.</p>
    );
  return (
    <section
      className={`sw-dash__group${loading ? ' is-loading' : ''}`}
      aria-label="Clients"
      aria-busy={loading}
    >
      <header className="sw-dash__head">
        <h3>Clients</h3>
        {clients.length > 1 ? (
          <select aria-label="Client" value={pick} onChange={(e) => setPick(Number(e.target.value))}>
            {clients.map((x, i) => (
              <option key={x} value={i} title={x}>
                {options[i]}
              </option>
            ))}
          </select>
        ) : (
          <span className="sw-dash__client" title={`id ${id}`}>
            {names.get(id) ?? id}
          </span>
        )}
        <dl className="sw-dash__figs">
          <div title="Requests the client started per second (the offered load), last second">
            <dt>arriving/s</dt>
            <dd data-testid="dash-rps">{fmtNum(data.figs.arrivingPerS)}</dd>
          </div>
          <div title="Requests answered per second, any outcome, last second">
            <dt>throughput/s</dt>
            <dd data-testid="dash-throughput">{fmtNum(data.figs.throughputPerS)}</dd>
          </div>
          <div title="Requests answered ok within the SLO per second, last second">
            <dt>goodput/s</dt>
            <dd data-testid="dash-goodput">{fmtNum(data.figs.goodputPerS)}</dd>
          </div>
          <div title="Requests answered with any failure per second, last second">
            <dt>errors/s</dt>
            <dd data-testid="dash-errors">{fmtNum(data.figs.errorsPerS)}</dd>
          </div>
          <div title="Requests that failed since the run began, warm-up included (the run summary counts from the end of the warm-up)">
            <dt>errors total</dt>
            <dd data-testid="dash-errors-total">{Math.round(data.figs.errorsTotal)}</dd>
          </div>
          <div title="99th percentile latency of the requests answered ok, last second (– when none was): failures are often instant and would read fast. With buckets under 1 s, their p99s averaged by ok answers">
            <dt>p99 ok</dt>
            <dd data-testid="dash-p99-ok">{fmtLatency(data.figs.okP99)}</dd>
          </div>
        </dl>
      </header>
      <div className="sw-dash__charts">
        <LineChart
          title={latencyTitle(answers)}
          tools={
            <>
              <LatencyToggle />
              <LogToggle kind="client-latency" />
            </>
          }
          yLog={log}
          lines={data.lat}
          durationS={durationS}
          faults={marks}
          refLine={Number.isFinite(slo) && slo > 0 ? { value: slo, label: `SLO ${slo} ms` } : undefined}
          yFormat={ms}
          version={fetched?.n ?? 0}
          note={data.noOk}
        />
        <LineChart
          title="Throughput, goodput, errors (/s)"
          lines={data.thr}
          durationS={durationS}
          faults={marks}
          yFormat={fmtNum}
          version={fetched?.n ?? 0}
        />
        <LineChart
          title="Retry amplification"
          lines={data.amp}
          durationS={durationS}
          faults={marks}
          version={fetched?.n ?? 0}
        />
      </div>
    </section>
  );
}

function ElementCharts({ version, durationS }: { version: number; durationS: number }) {
  const selected = useDesignStore((s) => s.selection.nodes[0] ?? s.selection.edges[0] ?? null);
  // What the canvas calls it (a node's name, an edge as "a → b").
  const name = useDesignStore((s) => (selected ? elementName(s.design, selected) : ''));
  const isNode = useDesignStore((s) => s.design.nodes.some((n) => n.id === selected));
  const answers = useUiStore((s) => s.latencyAnswers);
  const latencyLog = useLogScale('node-latency');
  const timesLog = useLogScale('node-times');
  const faults = useRunStore((s) => s.faults);
  const marks = useFaultMarks(faults, durationS);
  const info = useRunStore((s) => (s.status === 'idle' ? null : s.info));
  const { fetched: data, loading } = useSeries(info, selected ?? undefined, version);
  // The charts are of the element whose rows are shown: while loading, the one shown before.
  const charted = data?.id ?? selected;
  const kind = useDesignStore(
    (s) => s.design.nodes.find((n) => n.id === charted)?.kind ?? (charted ? 'edge' : null),
  );
  // The edge object keeps its identity until it is edited: its params resolve once per edit.
  const edge = useDesignStore((s) => s.design.edges.find((e) => e.id === charted));
  const breaker = useMemo(() => edge !== undefined && edgeData(edge).breaker, [edge]);
  if (!selected) return <p className="sw-dash__empty">Select a node or an edge to chart its own series.</p>;
  if (!data)
    return (
      <p className="sw-dash__empty">
        {info && !runHas(info, selected)
          ? // The run-notice banner above offers Restart for exactly this change.
            `${name} was added after this run started: Restart to chart it.`
          : `Run the design to chart ${name}.`}
      </p>
    );
  const tb = seriesTable(data.s);
  const utilization = line(tb, 'utilization');
  const charts: {
    title: string;
    lines: Line[];
    fmt?: (v: number) => string;
    /** Stays when the title changes (ok / all answers), so the chart is not drawn anew. */
    key?: string;
    tools?: ReactNode;
    note?: { text: string; fromS: number };
    log?: boolean;
    states?: readonly string[];
  }[] =
    kind === 'edge'
      ? [
          {
            title: 'Calls (/s)',
            lines: [
              line(tb, 'sent', { rate: true }),
              line(tb, 'retries', { rate: true }),
              sumLine(tb, ERROR_OUTCOMES, 'failed', true),
            ],
            fmt: fmtNum,
          },
          { title: 'In flight', lines: [line(tb, 'inflight')], fmt: fmtNum },
          ...(showsBreakerChart(breaker, tb)
            ? [
                {
                  title: 'Circuit breaker',
                  // Named as the title, so no legend repeats it.
                  lines: [line(tb, 'breaker', { name: 'circuit breaker' })],
                  states: BREAKER_STATES,
                },
              ]
            : []),
        ]
      : [
          // A node without servers (a cache, a balancer) has neither: no empty charts for it.
          ...(utilization.points.length
            ? [
                { title: 'Utilization', lines: [utilization], fmt: pct },
                {
                  title: 'Queue length',
                  lines: [line(tb, 'queue'), line(tb, 'queueMax', { name: 'max' })],
                  fmt: fmtNum,
                },
              ]
            : []),
          {
            title: latencyTitle(answers),
            key: 'latency',
            lines: latencyLines(tb, answers, ['p50', 'p99']),
            fmt: ms,
            tools: (
              <>
                <LatencyToggle />
                <LogToggle kind="node-latency" />
              </>
            ),
            log: latencyLog,
            note: latencyNote(tb, answers),
          },
          ...kindChartGroups(kind ?? '', data.s).map((g) => ({
            title: g.title,
            lines: g.columns.map((c) =>
              // Counts are per bucket: drawn per second, like the other rates.
              line(tb, c.key, {
                name: c.name,
                rate: g.unit === 'count',
                scale: g.unit === 'ratio' ? 100 : undefined,
              }),
            ),
            fmt: g.unit === 'ms' ? ms : g.unit === 'ratio' ? (v: number) => `${Math.round(v)}%` : fmtNum,
            ...(g.unit === 'ms' ? { tools: <LogToggle kind="node-times" />, log: timesLog } : {}),
          })),
        ];
  return (
    <section
      className={`sw-dash__group${loading ? ' is-loading' : ''}`}
      aria-label={`Series of ${name}`}
      aria-busy={loading}
    >
      <header className="sw-dash__head">
        <h3>{isNode ? 'Node' : 'Edge'}</h3>
        <span title={selected}>{name}</span>
      </header>
      <div className="sw-dash__charts">
        {charts.map((c) => (
          <LineChart
            key={c.key ?? c.title}
            title={c.title}
            lines={c.lines}
            durationS={durationS}
            faults={marks}
            yFormat={c.fmt}
            tools={c.tools}
            note={c.note}
            yLog={c.log}
            yStates={c.states}
            version={data.n}
          />
        ))}
      </div>
    </section>
  );
}

export default function Dashboard() {
  const version = useThrottledVersion();
  const runDuration = useRunStore((s) => s.info?.durationS ?? null);
  const designDuration = useDesignStore((s) => Number(s.design.scenario?.durationS) || 60);
  const durationS = runDuration ?? designDuration;
  const summary = useRunStore((s) => s.summary);
  const selected = useDesignStore((s) => s.selection.nodes[0] ?? s.selection.edges[0] ?? null);
  const elementRef = useRef<HTMLDivElement>(null);
  // A node or edge picked on the canvas is what the user wants to see now: its charts come
  // first, and into view. Below the clients' they started under the fold at 1280 × 800.
  useEffect(() => {
    if (selected) elementRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  const element = (
    <div ref={elementRef} className="sw-dash__element">
      <ElementCharts version={version} durationS={durationS} />
    </div>
  );
  return (
    <div className="sw-dash">
      {selected ? element : null}
      <ClientCharts version={version} durationS={durationS} />
      {selected ? null : element}
      <Suspense fallback={null}>
        <FaultTimeline durationS={durationS} />
      </Suspense>
      {summary ? <SummaryTable summary={summary} /> : null}
    </div>
  );
}
