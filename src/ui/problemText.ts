/**
 * A validator or compiler problem as the app words it (pure; unit-tested). The validator
 * speaks in JSON paths and ids (`nodes[3].params.concurrency`, `"service-2"`), the CLI's
 * contract; the canvas shows names. Here the path becomes the element's name and the
 * param's catalog label ("Checkout API › Threads per instance"), and ids quoted in the
 * message become names. The raw path and message stay on the Problem for a tooltip.
 */
import type { DesignEdge, DesignNode } from '../model/design';
import { EDGE_PARAMS } from '../model/edge';
import { FAULTS, SCENARIO_FIELDS, type FaultType } from '../model/faults';
import { kindSpec, nodeName } from '../model/kinds';
import type { Fields, ParamSpec, Problem } from '../model/params';
import { faultTypeText } from './run/liveFaults';
import { elementNamer } from './run/names';

export interface ProblemText {
  /** What the problem is about: "Checkout API › Threads per instance". */
  subject: string;
  /** The message with the ids it quotes replaced by names. */
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** "nodes[3].params.x" -> ['nodes', 3, 'params', 'x']. */
function segments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) out.push(m[1] !== undefined ? Number(m[1]) : m[2]);
  return out;
}

/** A path tail as the validator writes it: "values[2]", "mean". */
function rawTail(segs: readonly (string | number)[]): string {
  return segs.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
}

/**
 * Catalog labels along a param path: `retries.backoff.baseMs` -> ['Retries', 'Base backoff']
 * (a group's label is left out where the next label repeats it: "Backoff › Base backoff");
 * past what the catalog declares (a distribution's fields, an unknown key) the raw path tail.
 */
export function paramLabels(
  fields: Fields | undefined,
  value: unknown,
  segs: readonly (string | number)[],
): string[] {
  const out: string[] = [];
  let f = fields;
  let v = value;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (typeof s === 'number' && out.length) {
      // A list item: "Steps #3".
      out[out.length - 1] += ` #${s + 1}`;
      v = Array.isArray(v) ? v[s] : undefined;
      continue;
    }
    const spec: ParamSpec | undefined = typeof s === 'string' && f && own(f, s) ? f[s] : undefined;
    if (!spec) {
      out.push(rawTail(segs.slice(i)));
      break;
    }
    out.push(spec.label);
    v = isObj(v) ? v[s] : undefined;
    f = undefined;
    if (spec.type === 'struct') f = spec.fields;
    else if (spec.type === 'list') f = spec.item;
    else if (spec.type === 'union') {
      // `.type` names the variant: the union's own label says it. Fields belong to the variant set.
      if (segs[i + 1] === 'type') i++;
      const variant = typeof v === 'string' ? v : str(isObj(v) ? v.type : undefined);
      const variants = spec.variants as Record<string, Fields>;
      f =
        variant && own(variants, variant)
          ? variants[variant]
          : Object.assign({}, ...Object.values(variants).reverse());
    }
  }
  const words = (l: string) => ` ${l.toLowerCase()} `;
  return out.filter((l, i) => !words(out[i + 1] ?? '').includes(words(l)));
}

const NODE_FIELDS: Record<string, string> = {
  id: 'Id',
  kind: 'Kind',
  label: 'Name',
  parentId: 'Zone',
  position: 'Position',
  size: 'Size',
};
const EDGE_FIELDS: Record<string, string> = { id: 'Id', source: 'Source', target: 'Target', label: 'Name' };
const ROOTS: Record<string, string> = {
  '(file)': 'File',
  '(link)': 'Share link',
  '(example)': 'Example',
  '(design)': 'Design',
  schemaVersion: 'Schema version',
  name: 'Design name',
  description: 'Description',
  nodes: 'Nodes',
  edges: 'Edges',
  scenario: 'Scenario',
};
/** Fields whose value is a node or edge id: a "got" there quotes an element. */
const ID_FIELDS = new Set(['source', 'target', 'parentId', 'peer']);

/** Longest element name a problem's text quotes; longer ones end in "…". */
const MAX_NAME_IN_PROBLEM = 60;
const clip = (s: string) => (s.length > MAX_NAME_IN_PROBLEM ? `${s.slice(0, MAX_NAME_IN_PROBLEM - 1)}…` : s);

/** The nodes, edges and faults of a design, or of what a refused file holds (any shape). */
interface Shape {
  nodes: (Pick<DesignNode, 'id' | 'kind' | 'label' | 'params'> | null)[];
  edges: (Pick<DesignEdge, 'id' | 'source' | 'target' | 'label' | 'params'> | null)[];
  faults: (Obj | null)[];
}

function shapeOf(input: unknown): Shape {
  const d = isObj(input) ? input : {};
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  return {
    nodes: list(d.nodes).map((n) =>
      isObj(n) && typeof n.id === 'string'
        ? {
            id: n.id,
            kind: str(n.kind) ?? '',
            label: str(n.label),
            params: isObj(n.params) ? n.params : undefined,
          }
        : null,
    ),
    edges: list(d.edges).map((e) =>
      isObj(e) && typeof e.id === 'string'
        ? {
            id: e.id,
            source: str(e.source) ?? '?',
            target: str(e.target) ?? '?',
            label: str(e.label),
            params: isObj(e.params) ? e.params : undefined,
          }
        : null,
    ),
    faults: list(isObj(d.scenario) ? d.scenario.faults : undefined).map((f) => (isObj(f) ? f : null)),
  };
}

const faultHead = (fault: Obj | null) => {
  const type = str(fault?.type);
  return type && own(FAULTS, type) ? faultTypeText(type) : null;
};
const faultFields = (fault: Obj | null): Fields | undefined => {
  const type = str(fault?.type);
  return type && own(FAULTS, type) ? FAULTS[type as FaultType].fields : undefined;
};
/** A fault's own keys: its type, then its catalog fields. */
function faultLabels(fault: Obj | null, segs: readonly (string | number)[]): string[] {
  if (segs[0] === 'type') return ['Type'];
  return paramLabels(faultFields(fault), fault, segs);
}

/**
 * Words problems about `design` (a design, or the parsed content of a refused file, of any
 * shape) as the canvas names things. `fault` is the fault a live injection refused (its
 * problems' paths start at `fault`).
 */
export function problemNamer(design: unknown, fault?: unknown): (p: Problem) => ProblemText {
  const shape = shapeOf(design);
  const valid = <T>(xs: (T | null)[]) => xs.filter((x): x is T => x !== null);
  const namer = elementNamer({ nodes: valid(shape.nodes), edges: valid(shape.edges) });
  // A refused file's names can be anything, a megabyte long: messages quote them cut short.
  const name = (id: string) => clip(namer(id));
  const idCount = new Map<string, number>();
  for (const n of valid(shape.nodes)) idCount.set(n.id, (idCount.get(n.id) ?? 0) + 1);
  // Two nodes with one id (a duplicate-id error) are told apart by their own names.
  const nodeAt = (i: number) => {
    const n = shape.nodes[i];
    if (!n) return null;
    return (idCount.get(n.id) ?? 0) > 1 ? clip(nodeName(n)) : name(n.id);
  };
  const edgeAt = (i: number) => {
    const e = shape.edges[i];
    return e ? clip(namer.edge(e)) : null;
  };
  const known = new Set([...valid(shape.nodes).map((n) => n.id), ...valid(shape.edges).map((e) => e.id)]);
  const liveFault = isObj(fault) ? fault : null;

  const subject = (path: string): string => {
    const segs = segments(path);
    const [root, index] = segs;
    const rest = segs.slice(2);
    const join = (head: string, labels: string[]) => [head, ...labels].join(' › ');
    if (root === 'nodes' && typeof index === 'number') {
      const head = nodeAt(index);
      if (head === null) return path;
      if (rest[0] === 'params' && rest.length === 1) return join(head, ['Parameters']);
      if (rest[0] === 'params') {
        const n = shape.nodes[index]!;
        return join(head, paramLabels(kindSpec(n.kind)?.params, n.params, rest.slice(1)));
      }
      if (typeof rest[0] === 'string' && own(NODE_FIELDS, rest[0]))
        return join(head, [NODE_FIELDS[rest[0]], ...(rest.length > 1 ? [rawTail(rest.slice(1))] : [])]);
      return join(head, rest.length ? [rawTail(rest)] : []);
    }
    if (root === 'edges' && typeof index === 'number') {
      const head = edgeAt(index);
      if (head === null) return path;
      if (rest[0] === 'params' && rest.length === 1) return join(head, ['Parameters']);
      if (rest[0] === 'params')
        return join(head, paramLabels(EDGE_PARAMS, shape.edges[index]!.params, rest.slice(1)));
      if (typeof rest[0] === 'string' && own(EDGE_FIELDS, rest[0])) return join(head, [EDGE_FIELDS[rest[0]]]);
      return join(head, rest.length ? [rawTail(rest)] : []);
    }
    if (root === 'scenario' && index === 'faults' && typeof segs[2] === 'number') {
      const f = shape.faults[segs[2]] ?? null;
      const type = faultHead(f);
      return join(`Fault ${segs[2] + 1}${type ? ` (${type})` : ''}`, faultLabels(f, segs.slice(3)));
    }
    if (root === 'scenario' && index !== undefined)
      return join(
        'Scenario',
        index === 'faults' ? ['Faults'] : paramLabels(SCENARIO_FIELDS, undefined, segs.slice(1)),
      );
    if (root === 'fault') {
      const type = faultHead(liveFault);
      const labels = faultLabels(liveFault, segs.slice(1));
      return labels.length ? labels.join(' › ') : `Fault${type ? ` (${type})` : ''}`;
    }
    if (typeof root === 'string' && segs.length === 1 && own(ROOTS, root)) return ROOTS[root];
    return path;
  };

  const message = (p: Problem): string => {
    const segs = segments(p.path);
    const last = segs[segs.length - 1];
    // A message about the element its path names opens with it ('client "users" calls
    // nothing'): the CLI needs that, but here the subject already names it.
    const [root, index] = segs;
    const self =
      segs.length === 2 && typeof index === 'number'
        ? root === 'nodes'
          ? shape.nodes[index]?.id
          : root === 'edges'
            ? shape.edges[index]?.id
            : undefined
        : undefined;
    if (self !== undefined) {
      const lead = /^(?:[a-z]+ )?("(?:[^"\\]|\\.)*") /.exec(p.message);
      if (lead && lead[1] === JSON.stringify(self))
        return message({ ...p, message: p.message.slice(lead[0].length) });
    }
    // Other elements the message points at by path: "(also nodes[2])".
    let m = p.message.replace(/\b(nodes|edges)\[(\d+)\]/g, (all, what: string, i: string) => {
      const n = what === 'nodes' ? nodeAt(Number(i)) : edgeAt(Number(i));
      return n === null ? all : `“${n}”`;
    });
    // A message about ids (a duplicate id) quotes the id itself, not an element.
    if (last === 'id') return m;
    const quoted = m;
    m = quoted.replace(/"((?:[^"\\]|\\.)*)"/g, (all, inner: string, at: number) => {
      let id: unknown;
      try {
        id = JSON.parse(`"${inner}"`);
      } catch {
        return all;
      }
      if (typeof id !== 'string' || !known.has(id)) return all;
      // The word before the quote, or before the list it is in ("unknown fields "a", "b"").
      const lead = quoted.slice(0, at).replace(/(?:"(?:[^"\\]|\\.)*",\s*)+$/, '');
      const before = /(\w+)\s*$/.exec(lead)?.[1];
      // "no node has id "x"", "unknown kind "x"", a field name ("unknown field "x"") and an
      // offending value ("got "x"") outside an id field quote a string, not an element.
      if (before === 'id' || before === 'kind' || before === 'field' || before === 'fields') return all;
      if (before === 'got' && !(typeof last === 'string' && ID_FIELDS.has(last))) return all;
      return `“${name(id)}”`;
    });
    // The compiler's call loop: "(api → db → api)".
    return m.replace(/\(([^()]* → [^()]*)\)/g, (_all, list: string) => {
      const parts = list.split(' → ');
      return `(${parts.map((x) => (known.has(x) ? name(x) : x)).join(' → ')})`;
    });
  };

  return (p) => ({ subject: subject(p.path), message: message(p) });
}

/** One line per problem, "subject: message", at most `max` of them (a file may have thousands). */
export function problemLines(
  problems: readonly Problem[],
  design: unknown,
  max = 12,
): { text: string; path: string }[] {
  const word = problemNamer(design);
  const lines = problems.slice(0, max).map((p) => {
    const t = word(p);
    return { text: `${t.subject}: ${t.message}`, path: `${p.path}: ${p.message}` };
  });
  if (problems.length > max) lines.push({ text: `… and ${problems.length - max} more`, path: '' });
  return lines;
}
