/**
 * `spillway sweep`: one design, one parameter, several values. Every variant is
 * validated before any runs, so a bad value fails fast with its JSON path.
 */
import type { Problem } from '../model/params';
import { printable } from './format';

export interface SweepPoint {
  /** The value as given on the command line, parsed. */
  value: unknown;
  /** The design with the value applied (a deep copy). */
  design: unknown;
}

/** `--values 1,2,3` / `round-robin,random` / `null,500` / `{"dist":"constant","value":5}`. */
export function parseValues(list: string): unknown[] {
  const t = list.trim();
  if (t.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v)) return v;
    } catch {
      // fall through to comma splitting
    }
  }
  return splitTopLevel(t).map((s) => {
    const x = s.trim();
    try {
      return JSON.parse(x) as unknown;
    } catch {
      return x; // a bare word, e.g. least-connections
    }
  });
}

/** Splits on commas that are not inside {...}, [...] or a string. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0,
    inStr = false,
    start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The element of `list` whose id `rest` starts with (then a dot, or nothing): the longest such id. */
function matchById(list: readonly unknown[], rest: string): Obj | undefined {
  let best: Obj | undefined;
  let bestLen = -1;
  for (const el of list) {
    if (!isObj(el) || typeof el.id !== 'string') continue;
    const id = el.id;
    if ((rest === id || rest.startsWith(id + '.')) && id.length > bestLen) {
      best = el;
      bestLen = id.length;
    }
  }
  return best;
}

/**
 * The id of the node a `nodes.<id>.<field...>` path points into, as applyParam picks it;
 * undefined for an edge or scenario path, or one that matches no node.
 */
export function sweptNodeId(design: unknown, path: string): string | undefined {
  if (!path.startsWith('nodes.') || !isObj(design) || !Array.isArray(design.nodes)) return undefined;
  return matchById(design.nodes, path.slice('nodes.'.length))?.id as string | undefined;
}

/**
 * Sets `path` in a copy of `design`. Paths: `nodes.<id>.<field...>`,
 * `edges.<id>.<field...>` (ids may contain dots: the longest matching id wins) or
 * `scenario.<field...>`. Missing intermediate objects (e.g. `retries` on an edge that
 * has none) are created, so `edges.e1.params.retries.max` turns retries on. A list is
 * indexed by a number field, `scenario.faults.0.factor` (or `scenario.faults[0].factor`);
 * the index must exist (a sweep changes a design's entries, it never adds any).
 */
export function applyParam(
  design: unknown,
  path: string,
  value: unknown,
): { ok: true; design: unknown } | { ok: false; error: Problem } {
  const fail = (message: string) => ({ ok: false as const, error: { path: '--param', message } });
  if (!isObj(design)) return fail('the design is not a JSON object');
  const copy = structuredClone(design);
  const dot = path.indexOf('.');
  const head = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? '' : path.slice(dot + 1);
  let target: Obj;
  let fields: string[];
  /** What the fields follow: "scenario" or "nodes.<id>". */
  let prefix: string;
  if (head === 'nodes' || head === 'edges') {
    const list = copy[head];
    if (!Array.isArray(list)) return fail(`the design has no ${head} list`);
    const best = matchById(list, rest);
    if (!best) {
      // Each id on its own, escaped: oneLine() would fold an id's line breaks into spaces.
      const ids = list.filter(isObj).map((e) => printable(String(e.id)));
      return fail(
        `no ${head === 'nodes' ? 'node' : 'edge'} matches ${JSON.stringify(path)}; ids are ${ids.join(', ') || '(none)'}`,
      );
    }
    target = best;
    prefix = `${head}.${printable(best.id as string)}`;
    fields = rest.slice((best.id as string).length + 1).split('.');
  } else if (head === 'scenario') {
    if (!isObj(copy.scenario)) copy.scenario = {};
    target = copy.scenario as Obj;
    prefix = 'scenario';
    fields = rest.split('.');
  } else {
    return fail(`must start with nodes.<id>., edges.<id>. or scenario., got ${JSON.stringify(path)}`);
  }
  // `faults[0].factor` is read as `faults.0.factor`.
  fields = fields.flatMap((f) => f.replace(/\[(\d+)\]/g, '.$1').split('.'));
  if (fields.some((f) => f === ''))
    return fail(
      `must name a field after the id, e.g. nodes.api.params.instances; got ${JSON.stringify(path)}`,
    );
  if (fields[0] === 'id') return fail('cannot sweep an id');
  /** The path down to field i, in the dotted spelling, for messages. */
  const upTo = (i: number) => [prefix, ...fields.slice(0, i)].join('.');
  const isIndex = (f: string) => /^\d+$/.test(f);
  let o: Obj | unknown[] = target;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const last = i === fields.length - 1;
    if (Array.isArray(o)) {
      if (!isIndex(f))
        return fail(
          `${upTo(i)} is a list: put an index from 0 before ${JSON.stringify(f)}, e.g. ${upTo(i)}.0.${fields.slice(i).join('.')}`,
        );
      const k = Number(f);
      if (k >= o.length)
        return fail(
          `${upTo(i)} has ${o.length === 0 ? 'no entries' : o.length === 1 ? 'one entry (index 0)' : `${o.length} entries (indexes 0 to ${o.length - 1})`}, so there is no index ${k}`,
        );
      if (last) o[k] = value;
      else if (typeof o[k] !== 'object' || o[k] === null)
        return fail(`${upTo(i + 1)} is ${JSON.stringify(o[k])}, not an object or list with fields`);
      else o = o[k] as Obj | unknown[];
      continue;
    }
    if (last) {
      o[f] = value;
      break;
    }
    const next = o[f];
    if (isIndex(fields[i + 1]) && !Array.isArray(next))
      return fail(
        next === undefined
          ? `${upTo(i + 1)} is not in the design, so it has no index ${fields[i + 1]}: add the list to the design first`
          : `${upTo(i + 1)} is not a list, so it has no index ${fields[i + 1]}`,
      );
    // Missing objects are created (edges.e1.params.retries.max turns retries on).
    if (!isObj(next) && !Array.isArray(next)) o[f] = {};
    o = o[f] as Obj | unknown[];
  }
  return { ok: true, design: copy };
}

/**
 * Short column heading for the swept parameter: its last field, or from the last list on
 * when it indexes one (`faults.0.durationS`, not a `durationS` that reads as the run's).
 */
export function paramLabel(path: string): string {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const n = parts.length;
  let k = n - 1;
  for (let i = n - 1; i >= 1; i--)
    if (/^\d+$/.test(parts[i])) {
      k = i - 1;
      break;
    }
  return parts.slice(k).join('.') || path;
}

/**
 * The figures a sweep of a node's parameter shows beside the curve unless --figures says
 * otherwise, per kind: what a sweep of that kind is usually about (a capacity or eviction
 * sweep moves a cache's hit ratio; a consumers sweep, a queue's backlog). A kind not listed
 * shows its first three figures. Kept here rather than in the catalog, which declares
 * each kind's figures but not which of them head a comparison.
 */
export const DEFAULT_FIGURES: Readonly<Record<string, readonly string[]>> = {
  cache: ['hitRatio', 'evictions', 'expirations'],
  cdn: ['hitRatio', 'evictions', 'expirations'],
  gateway: ['hitRatio', 'throttled'],
  queue: ['meanQueueLength', 'depthAtEnd', 'maxOldestAgeMs', 'endToEndMeanMs'],
  service: ['meanQueueLength', 'instances'],
  database: ['meanQueueLength', 'staleReads', 'failovers'],
};

/**
 * Figures every node's summary has that --figures may name beside the kind's own (the
 * curve already shows utilization; latencies and outcomes are not single numbers).
 */
export const COMMON_FIGURES: readonly string[] = [
  'meanQueueLength',
  'maxQueueLength',
  'meanInFlight',
  'arrivals',
  'throughputRps',
  'errorRatio',
  'utilization',
];

/**
 * Which figures of a node of `kind` the sweep shows, in order. `own`: the kind-specific
 * figures its summaries have (NodeSummary beyond the common keys), in their order.
 */
export function chooseFigures(
  kind: string,
  own: readonly string[],
  asked: readonly string[] | 'all' | 'none' | undefined,
): string[] {
  if (asked === 'none') return [];
  if (Array.isArray(asked)) return [...(asked as readonly string[])];
  const has = (k: string) => own.includes(k) || COMMON_FIGURES.includes(k);
  const preset = (DEFAULT_FIGURES[kind] ?? []).filter(has);
  if (asked === 'all') return [...preset, ...own.filter((k) => !preset.includes(k))];
  return preset.length ? preset : own.slice(0, 3);
}
