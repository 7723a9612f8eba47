/**
 * What a node kind declares about itself. One module per kind under `kinds/`; the
 * inspector, palette, validator, compiler and docs read only this.
 */
import type { Fields, ParamsOf } from './params';
import type { Merge } from './seriesMerge';

export const KIND_GROUPS = [
  'Traffic',
  'Edge & routing',
  'Compute',
  'Data',
  'Messaging',
  'Infrastructure',
] as const;
export type KindGroup = (typeof KIND_GROUPS)[number];

export interface KindSpec<F extends Fields = Fields> {
  /** The `kind` string in design files. */
  readonly kind: string;
  /** Human name: palette button, default node label. */
  readonly label: string;
  /**
   * Other names people search the palette by: shorthand ("db", "lb"), products ("redis",
   * "kafka"), synonyms ("backend"). Lower case; matched by word start, like the label.
   */
  readonly aliases: readonly string[];
  readonly group: KindGroup;
  /** Name of a lucide icon (the UI maps names to components). */
  readonly icon: string;
  /** One paragraph: what it is, when to use it, what to watch. */
  readonly description: string;
  readonly params: F;
  /** The two or three facts shown on the node on the canvas, e.g. "3 × 8 threads". */
  summary(p: ParamsOf<F>): string;
  /** May other nodes call it? (A client is a pure source.) */
  readonly acceptsCalls: boolean;
  /** May it call others? ("none": leaf; "one": exactly one target; "many": any number) */
  readonly outgoing: 'none' | 'one' | 'many';
  /**
   * How calls fan out: 'split' sends each call down one outgoing edge (clients, load
   * balancers, DNS); 'fanout' calls every matching edge (services). Default fanout.
   */
  readonly routing?: 'split' | 'fanout';
  /**
   * Does it draw each outgoing edge's `probability` (a call made only that share of the
   * time)? Clients and services do; kinds that pass each call they take down an edge
   * (balancers, caches, gateways...) always make it. Default false.
   */
  readonly honoursProbability?: boolean;
  /**
   * For 'split' kinds whose choice is not by edge weight: the expected share of calls each
   * candidate edge gets with every target healthy (any non-negative numbers; they are
   * normalized), for the compiler's load estimate. Default: the edge weights.
   */
  splitShares?(p: ParamsOf<F>, candidates: readonly { weight: number; latencyMs: number }[]): number[];
  /**
   * Does it dead-letter (a queue)? Only such a kind may have an outgoing edge with role
   * "dlq", and at most one: elsewhere the role would mean nothing.
   */
  readonly deadLetters?: boolean;
  /** A zone contains other nodes instead of taking part in calls. */
  readonly container?: boolean;
  /**
   * The one live figure shown on the node during a run (the behaviour's headline()), and
   * how to print it: a ratio as a percentage, a count, or milliseconds.
   */
  readonly headline?: { readonly label: string; readonly unit: 'ratio' | 'count' | 'ms' };
  /**
   * Series, beyond the common ones, that the engine keeps for this kind, in the order they
   * are charted and exported: the behaviour writes them by key (NodeBehaviour.extra), and
   * `merge` says how a long run's adjacent buckets join (a count adds up, a level averages,
   * a peak keeps the larger). `atEnd`: the run summary's figure under this key is the
   * state at the end of the run (instances up, keys cached), not a figure over the window;
   * the CLI's details column and the dashboard's summary label it "at end".
   */
  readonly metrics?: readonly {
    key: string;
    label: string;
    unit?: string;
    merge: Merge;
    atEnd?: boolean;
  }[];
  /**
   * Rough request capacity per second (for the compiler's overload warning), or null when
   * it does not make sense. `meanMs` gives the mean of a time distribution.
   */
  capacityRps?(p: ParamsOf<F>, meanMs: (d: unknown) => number): number | null;
  /**
   * Requests per second the node admits before it answers `throttled` at once (a quota or
   * a request rate limit), per class and in total; absent fields mean no cap. For the
   * compiler's load estimate and its warning, which says how much will be throttled (nothing
   * queues for it). `perClient`: the caps hold for each client's calls apart. `param` names
   * the param the warning points at.
   */
  rateCaps?(
    p: ParamsOf<F>,
  ): { param: string; read?: number; write?: number; total?: number; perClient?: boolean } | null;
  /**
   * Share of the reads and writes it receives that the node passes on along its outgoing
   * edges, for the compiler's load estimate (default: all of them). `keys` describes the
   * clients' keys (the largest keyspace), for kinds whose share depends on them (caches).
   * A share that depends on the load (a write-behind cache coalesces more writes the more
   * it gets) says so with `dependsOnLoad`: the estimate then iterates, passing `arriving`,
   * the node's reads and writes per second in its previous pass (null in the first).
   */
  forwardShare?(
    p: ParamsOf<F>,
    keys: { count: number; skew: number },
    arriving: { read: number; write: number } | null,
  ): { read: number; write: number; dependsOnLoad?: boolean };
}

/** Declares a kind with full type inference of its params. */
export function defineKind<const F extends Fields>(spec: KindSpec<F>): KindSpec<F> {
  return spec;
}

/** Text for a kind's live headline figure, or null when there is none. */
export function headlineText(spec: Pick<KindSpec, 'headline'> | undefined, value: number): string | null {
  const h = spec?.headline;
  if (!h || !Number.isFinite(value)) return null;
  if (h.unit === 'ratio') return `${h.label} ${Math.round(value * 100)}%`;
  if (h.unit === 'ms') return `${h.label} ${value >= 100 ? Math.round(value) : value.toPrecision(2)} ms`;
  return `${h.label} ${compact(Math.round(value))}`;
}

/**
 * The one compact number format, for every figure on a node card (live counts and
 * headlines, the summary's configured parameters) and the dashboard: 2348 -> "2.3k",
 * 3000 -> "3k" (not "3.0k"), 12345 -> "12k", 1500000 -> "1.5M", 999600 -> "1M" (not
 * "1000k"); below a thousand at most three significant digits, no trailing zeros (4.5, 0.12,
 * 151). Configured parameters go through it too ("cap 2.3k" for a capacity of 2348): a card
 * is read at a glance, and the inspector shows the exact value the user typed.
 */
export function compact(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  const trim = (t: string) => (t.includes('.') ? t.replace(/\.?0+$/, '') : t);
  const short = (v: number, unit: string) => `${trim(v.toFixed(1))}${unit}`;
  if (a >= 999_500) return short(n / 1e6, 'M');
  if (a >= 9_999.5) return `${Math.round(n / 1e3)}k`;
  if (a >= 999.5) return short(n / 1e3, 'k');
  if (a >= 99.95 || Number.isInteger(n)) return String(Math.round(n));
  const t = trim(n.toFixed(a >= 9.995 ? 1 : 2));
  return t === '-0' ? '0' : t;
}

/** Short text for a time distribution: "exp 20 ms", "5 ms". */
export function distText(d: unknown): string {
  if (typeof d === 'number') return `${compact(d)} ms`;
  if (typeof d !== 'object' || d === null) return '?';
  const o = d as Record<string, number>;
  switch ((d as { dist: string }).dist) {
    case 'constant':
      return `${compact(o.value)} ms`;
    case 'exponential':
      return `exp ${compact(o.mean)} ms`;
    case 'uniform':
      return `${compact(o.min)}–${compact(o.max)} ms`;
    case 'normal':
      return `~${compact(o.mean)} ms`;
    case 'lognormal':
      return 'p50' in o ? `p50 ${compact(o.p50)} ms` : `~${compact(o.mean)} ms`;
    case 'erlang':
      return `erl ${compact(o.mean)} ms`;
    case 'pareto':
      return `pareto ≥${compact(o.scale)} ms`;
    case 'weibull':
      return `weibull ${compact(o.scale)} ms`;
    case 'empirical':
      return 'empirical';
    default:
      return '?';
  }
}
