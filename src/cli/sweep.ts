/**
 * `spillway sweep`: one design, one parameter, several values. Every variant is
 * validated before any runs, so a bad value fails fast with its JSON path.
 */
import type { Problem } from '../model/params';

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

/**
 * Sets `path` in a copy of `design`. Paths: `nodes.<id>.<field...>`,
 * `edges.<id>.<field...>` (ids may contain dots: the longest matching id wins) or
 * `scenario.<field...>`. Missing intermediate objects (e.g. `retries` on an edge that
 * has none) are created, so `edges.e1.params.retries.max` turns retries on.
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
  if (head === 'nodes' || head === 'edges') {
    const list = copy[head];
    if (!Array.isArray(list)) return fail(`the design has no ${head} list`);
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
    if (!best) {
      const ids = list.filter(isObj).map((e) => String(e.id));
      return fail(
        `no ${head === 'nodes' ? 'node' : 'edge'} matches ${JSON.stringify(path)}; ids are ${ids.join(', ') || '(none)'}`,
      );
    }
    target = best;
    fields = rest.slice(bestLen + 1).split('.');
  } else if (head === 'scenario') {
    if (!isObj(copy.scenario)) copy.scenario = {};
    target = copy.scenario as Obj;
    fields = rest.split('.');
  } else {
    return fail(`must start with nodes.<id>., edges.<id>. or scenario., got ${JSON.stringify(path)}`);
  }
  if (fields.some((f) => f === ''))
    return fail(
      `must name a field after the id, e.g. nodes.api.params.instances; got ${JSON.stringify(path)}`,
    );
  if (fields[0] === 'id') return fail('cannot sweep an id');
  let o = target;
  for (let i = 0; i < fields.length - 1; i++) {
    const next = o[fields[i]];
    if (!isObj(next)) o[fields[i]] = {};
    o = o[fields[i]] as Obj;
  }
  o[fields[fields.length - 1]] = value;
  return { ok: true, design: copy };
}

/** Short column heading for the swept parameter: its last field. */
export function paramLabel(path: string): string {
  const parts = path.split('.');
  return parts[parts.length - 1] || path;
}
