/** Plain-text rendering of run summaries and sweep curves for the terminal. */
import { kindSpec } from '../model/kinds';
import {
  nodeExtras,
  type ClientSummary,
  type LatencyAnswers,
  type LatencySummary,
  type RunSummary,
} from '../sim/summary';

/**
 * Characters a terminal would act on rather than show: C0 controls (ESC, CR, LF, BEL, ...),
 * DEL, C1 controls (U+009B is a CSI of its own), the line and paragraph separators, and the
 * bidi embeddings, overrides and isolates that reorder what follows them.
 */
const BEYOND_C0 = '\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069';
const UNPRINTABLE = new RegExp(`[\u0000-\u001f${BEYOND_C0}]`, 'g');
/** UNPRINTABLE without the C0 controls, which JSON.stringify escapes in strings itself. */
const UNPRINTABLE_IN_JSON = new RegExp(`[${BEYOND_C0}]`, 'g');
/** `\u001b` for ESC: the escape of a character of UNPRINTABLE that has no short one. */
const hexEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from a design file (a name, an id, a label) or the command line, made safe to print
 * to a terminal: each character of UNPRINTABLE is shown escaped (`\n`, `\r`, `\t`, else
 * `\u001b`), so the text stays on one line and cannot restyle, clear or retitle the
 * terminal. Ordinary text is returned unchanged; escaped text is unchanged by a second pass.
 */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => SHORT_ESCAPES[c] ?? hexEscape(c));
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls in strings, but leaves DEL, C1
 * controls, U+2028/U+2029 and bidi controls raw. Outside strings JSON text is ASCII, so
 * escaping those as \uXXXX (C0 ones outside strings are its own line breaks, kept) leaves
 * the same JSON value: JSON.parse gives the exact strings back.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNPRINTABLE_IN_JSON, hexEscape);
}

/**
 * Columns padded to their widest cell; `right` marks right-aligned (numeric) columns.
 * Cells are made printable first, so the widths are those of what the terminal shows.
 */
export function table(cells: string[][], right: boolean[]): string[] {
  const rows = cells.map((r) => r.map(printable));
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) =>
        i === r.length - 1 && !right[i] ? c : right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]),
      )
      .join('  ')
      .trimEnd(),
  );
}

const dash = '-';

/** Milliseconds: about 3 significant digits. */
export function fmtMs(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return dash;
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

/** A rate or a ratio-like figure with sensible decimals. */
export function fmtNum(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return dash;
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (Number.isInteger(x)) return String(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 0.01) return x.toFixed(2);
  return x.toPrecision(2);
}

/** Share of answers that were ok, in percent; "-" with no answers. */
function okPct(answers: number, errorRatio: number): string {
  if (!answers) return dash;
  const p = (1 - errorRatio) * 100;
  return p === 100 ? '100' : p.toFixed(2);
}

function fmtUtil(u: number | null): string {
  return u === null || !Number.isFinite(u) ? dash : `${(u * 100).toFixed(1)}%`;
}

/** Non-ok outcomes: "timeout 50, rejected 3" or "-". */
function failures(outcomes: Partial<Record<string, number>>): string {
  const parts = Object.entries(outcomes)
    .filter(([k, v]) => k !== 'ok' && v)
    .map(([k, v]) => `${k} ${v}`);
  return parts.length ? parts.join(', ') : dash;
}

const latencyCells = (l: LatencySummary) => [
  fmtMs(l.mean),
  fmtMs(l.p50),
  fmtMs(l.p90),
  fmtMs(l.p99),
  fmtMs(l.p999),
];

/**
 * A kind-specific figure's name in the details column: its key, and "at end" after one
 * its catalog entry declares a state at the end of the run rather than a figure over the
 * window (api-east "instances at end 0" beside 14,959 arrivals in the window is then not
 * a contradiction).
 */
function extraName(kind: string, key: string): string {
  return kindSpec(kind)?.metrics?.find((m) => m.key === key)?.atEnd ? `${key} at end` : key;
}

function fmtExtra(v: unknown): string {
  return typeof v === 'number' ? fmtNum(v) : JSON.stringify(v);
}

export interface FormatOptions {
  /** Edge id -> "source → target", for the edge table. */
  edgeEnds?: Record<string, string>;
  /** Latencies of ok answers (the default) or of every answer. */
  latency?: LatencyAnswers;
}

/** The latency figures the tables show for a client or node. */
const shownLatency = (
  x: { latencyMs: LatencySummary; okLatencyMs: LatencySummary },
  which: LatencyAnswers,
) => (which === 'all' ? x.latencyMs : x.okLatencyMs);

/** How the header names the latencies shown. */
const latencyWords = (which: LatencyAnswers) =>
  which === 'all'
    ? 'latencies in ms, of every answer, failures too (--latency ok: ok answers only)'
    : 'latencies in ms, of ok answers (--latency all: every answer)';

export function formatRunSummary(s: RunSummary, opts: FormatOptions = {}): string {
  const out: string[] = [];
  const which = opts.latency ?? 'ok';
  const wall = s.wallMs >= 1000 ? `${(s.wallMs / 1000).toFixed(2)} s` : `${s.wallMs} ms`;
  out.push(`${printable(s.name)}: ${fmtNum(s.simTimeS)} s simulated, ${s.events} events in ${wall} wall`);
  out.push(
    `Figures over the window ${fmtNum(s.windowS[0])}-${fmtNum(s.windowS[1])} s; ${latencyWords(which)}; 95% confidence intervals in --json.`,
  );

  const clients = Object.entries(s.clients) as [string, ClientSummary][];
  if (clients.length) {
    out.push('');
    const rows = [
      [
        'client',
        'requests',
        'thr/s',
        'ok%',
        'goodput/s',
        'mean',
        'p50',
        'p90',
        'p99',
        'p99.9',
        'retry×',
        'failures',
      ],
    ];
    for (const [id, c] of clients) {
      rows.push([
        id,
        String(c.requests),
        fmtNum(c.throughputRps),
        okPct(c.requests, c.errorRatio),
        fmtNum(c.goodputRps),
        ...latencyCells(shownLatency(c, which)),
        // NaN or 0: the client made no call at all (it calls nothing, or made no request).
        c.retryAmplification > 0 ? fmtNum(c.retryAmplification) : dash,
        failures(c.outcomes),
      ]);
    }
    out.push(...table(rows, [false, true, true, true, true, true, true, true, true, true, true, false]));
  }

  const nodes = Object.entries(s.nodes);
  if (nodes.length) {
    out.push('');
    const rows = [
      [
        'node',
        'kind',
        'arrivals',
        'thr/s',
        'ok%',
        'mean',
        'p50',
        'p90',
        'p99',
        'p99.9',
        'util',
        'queue',
        'maxQ',
        'failures',
        'details',
      ],
    ];
    for (const [id, n] of nodes) {
      const extras = nodeExtras(n)
        .map(([k, v]) => `${extraName(n.kind, k)} ${fmtExtra(v)}`)
        .join(', ');
      rows.push([
        id,
        n.kind,
        String(n.arrivals),
        fmtNum(n.throughputRps),
        okPct(n.answers, n.errorRatio),
        ...latencyCells(shownLatency(n, which)),
        fmtUtil(n.utilization),
        fmtNum(n.meanQueueLength),
        String(n.maxQueueLength),
        failures(n.outcomes),
        extras || dash,
      ]);
    }
    out.push(
      ...table(rows, [
        false,
        false,
        true,
        true,
        true,
        true,
        true,
        true,
        true,
        true,
        true,
        true,
        true,
        false,
        false,
      ]),
    );
  }

  const edges = Object.entries(s.edges).filter(
    ([, e]) => e.retries > 0 || e.breaker !== 'closed' || failures(e.outcomes) !== dash,
  );
  if (edges.length) {
    out.push('');
    const rows = [['edge', 'path', 'sent', 'retries', 'breaker at end', 'failures']];
    for (const [id, e] of edges) {
      rows.push([
        id,
        opts.edgeEnds?.[id] ?? '',
        String(e.sent),
        String(e.retries),
        e.breaker,
        failures(e.outcomes),
      ]);
    }
    out.push(...table(rows, [false, false, true, true, false, false]));
  }

  if (s.warnings.length) {
    out.push('');
    for (const w of s.warnings) out.push(`warning: ${printable(w)}`);
  }
  return out.join('\n') + '\n';
}

export interface SweepRow {
  value: unknown;
  summary: RunSummary;
}

/** The figures of the swept node a sweep shows: whose, which (keys of its NodeSummary), and the kind's others. */
export interface SweepFigures {
  node: string;
  kind: string;
  keys: readonly string[];
  /** The node's other kind figures, which --figures could name (for the note under the table). */
  others: readonly string[];
}

/**
 * Headings for figures the catalog does not declare under the summary's key: the common
 * ones every node has, and a few summaries' own (a queue's depthAtEnd, its end-to-end
 * time; a DNS's cachedRatio). Keys of a `kind.key` form apply to that kind only.
 */
const FIGURE_LABELS: Record<string, string> = {
  meanQueueLength: 'mean queue',
  maxQueueLength: 'max queue',
  'queue.meanQueueLength': 'mean depth',
  'queue.maxQueueLength': 'max depth',
  meanInFlight: 'in flight',
  arrivals: 'arrivals',
  throughputRps: 'thr/s',
  errorRatio: 'error ratio',
  utilization: 'util',
  depthAtEnd: 'depth at end',
  maxOldestAgeMs: 'peak age ms',
  endToEndMeanMs: 'enqueue→ack ms',
  endToEndP50Ms: 'enqueue→ack p50 ms',
  endToEndP99Ms: 'enqueue→ack p99 ms',
  cachedRatio: 'cached ratio',
};

/** Longest catalog label a sweep's heading uses; a longer one gives way to the figure's key. */
const MAX_LABEL = 24;

/**
 * A figure's column heading in a sweep: its catalog label in lower case, without a
 * trailing parenthesis ("Stale hits (served after a write)" is "stale hits"), with its
 * unit and "at end" for a state at the end of the run (as the run's details column says);
 * the key itself when the label is longer than MAX_LABEL or there is none.
 */
export function figureHeading(kind: string, key: string): string {
  const own = FIGURE_LABELS[`${kind}.${key}`] ?? FIGURE_LABELS[key];
  if (own) return own;
  const m = kindSpec(kind)?.metrics?.find((x) => x.key === key);
  let label = (m?.label ?? '').replace(/\s*\([^)]*\)$/, '');
  label = label.length > MAX_LABEL || !label ? key : label[0].toLowerCase() + label.slice(1);
  return label + (m?.unit ? ` ${m.unit}` : '') + (m?.atEnd ? ' at end' : '');
}

/** A figure's cell: a ratio in percent, milliseconds as the latencies, anything else as a number. */
function fmtFigure(kind: string, key: string, v: unknown): string {
  if (typeof v !== 'number') return v === undefined || v === null ? dash : JSON.stringify(v);
  if (/(Ratio|^utilization)$/.test(key)) return fmtUtil(v);
  const unit = kindSpec(kind)?.metrics?.find((x) => x.key === key)?.unit;
  return unit === 'ms' || /Ms$/.test(key) ? fmtMs(v) : fmtNum(v);
}

/** The swept node's shown figures in one run, by key (NaN, as in the JSON, is null). */
export function sweepFigureValues(s: RunSummary, f: SweepFigures | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!f) return out;
  const n = s.nodes[f.node];
  for (const k of f.keys) {
    const v = n?.[k];
    out[k] = typeof v === 'number' && !Number.isFinite(v) ? null : (v ?? null);
  }
  return out;
}

/** Compact figures of one sweep point (the JSON form of the curve). */
export function sweepPoint(value: unknown, s: RunSummary, figures: SweepFigures | null = null) {
  const clients: Record<
    string,
    {
      throughputRps: number;
      goodputRps: number;
      p50: number;
      p99: number;
      okP50: number;
      okP99: number;
      errorRatio: number;
      retryAmplification: number;
    }
  > = {};
  for (const [id, c] of Object.entries(s.clients)) {
    clients[id] = {
      throughputRps: c.throughputRps,
      goodputRps: c.goodputRps,
      p50: c.latencyMs.p50,
      p99: c.latencyMs.p99,
      okP50: c.okLatencyMs.p50,
      okP99: c.okLatencyMs.p99,
      errorRatio: c.errorRatio,
      retryAmplification: c.retryAmplification,
    };
  }
  const nodes: Record<
    string,
    { utilization: number | null; throughputRps: number; p99: number; okP99: number; errorRatio: number }
  > = {};
  for (const [id, n] of Object.entries(s.nodes)) {
    nodes[id] = {
      utilization: n.utilization,
      throughputRps: n.throughputRps,
      p99: n.latencyMs.p99,
      okP99: n.okLatencyMs.p99,
      errorRatio: n.errorRatio,
    };
  }
  return {
    value,
    events: s.events,
    wallMs: s.wallMs,
    clients,
    nodes,
    figures: sweepFigureValues(s, figures),
  };
}

export function formatSweep(
  label: string,
  rows: SweepRow[],
  header: string,
  which: LatencyAnswers = 'ok',
  figures: SweepFigures | null = null,
): string {
  const out = [printable(header), ''];
  if (!rows.length) return out.join('\n') + '\n';
  const first = rows[0].summary;
  const clientIds = Object.keys(first.clients);
  const utilIds = Object.keys(first.nodes).filter((id) =>
    rows.some((r) => r.summary.nodes[id]?.utilization !== null),
  );
  const head = [label]; // table() makes the cells printable
  const right = [true];
  const multi = clientIds.length > 1;
  for (const id of clientIds) {
    const p = multi ? `${id} ` : '';
    head.push(`${p}thr/s`, `${p}goodput/s`, `${p}p50`, `${p}p99`, `${p}err%`);
    right.push(true, true, true, true, true);
  }
  for (const id of utilIds) {
    head.push(`util ${id}`);
    right.push(true);
  }
  const figureKeys = figures?.keys ?? [];
  for (const k of figureKeys) {
    head.push(figureHeading(figures!.kind, k));
    right.push(true);
  }
  const body = [head];
  for (const r of rows) {
    const v = typeof r.value === 'string' ? r.value : JSON.stringify(r.value);
    const cells = [v];
    for (const id of clientIds) {
      const c = r.summary.clients[id];
      cells.push(
        fmtNum(c?.throughputRps),
        fmtNum(c?.goodputRps),
        fmtMs(c && shownLatency(c, which).p50),
        fmtMs(c && shownLatency(c, which).p99),
        c && c.requests ? (c.errorRatio * 100).toFixed(2) : dash,
      );
    }
    for (const id of utilIds) cells.push(fmtUtil(r.summary.nodes[id]?.utilization ?? null));
    const n = figures ? r.summary.nodes[figures.node] : undefined;
    for (const k of figureKeys) cells.push(fmtFigure(figures!.kind, k, n?.[k]));
    body.push(cells);
  }
  out.push(...table(body, right));
  if (!multi && clientIds.length === 1)
    out.push(
      '',
      `Client ${printable(clientIds[0])}; ${latencyWords(which)}; utilization is busy thread-time over capacity.`,
    );
  else out.push('', `Client ${latencyWords(which)}; utilization is busy thread-time over capacity.`);
  if (figures && figureKeys.length) out.push(printable(figureNote(figures)));
  return out.join('\n') + '\n';
}

/**
 * The note under a sweep's table on the swept node's figures: whose they are and which
 * others --figures could show: "Hit ratio, evictions, expirations: node cache (cache);
 * others: --figures hits,misses,... (or all)."
 */
function figureNote(f: SweepFigures): string {
  const list = f.keys.map((k) => figureHeading(f.kind, k)).join(', ');
  const others = f.others.length ? `; others: --figures ${f.others.join(',')} (or all)` : '';
  return `${list[0].toUpperCase()}${list.slice(1)}: node ${f.node} (${f.kind})${others}.`;
}
