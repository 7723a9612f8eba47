/** What the run views call a node: the name the canvas shows, not its internal id (pure; unit-tested). */
import type { Design, DesignEdge, DesignNode } from '../../model/design';
import { nodeName } from '../../model/kinds';

/** Id -> the node's label, else its kind's label (as the canvas draws it), else the id. */
export function nodeNames(nodes: readonly Pick<DesignNode, 'id' | 'kind' | 'label'>[]): Map<string, string> {
  return new Map(nodes.map((n) => [n.id, nodeName(n)]));
}

/**
 * One name per id, for a list the user picks from: the node's name, with its id in
 * parentheses only where another id in the list has the same name (two "Client"s).
 */
export function distinctNames(ids: readonly string[], names: ReadonlyMap<string, string>): string[] {
  const named = ids.map((id) => names.get(id) ?? id);
  const count = new Map<string, number>();
  for (const n of named) count.set(n, (count.get(n) ?? 0) + 1);
  return named.map((n, i) => ((count.get(n) ?? 0) > 1 && n !== ids[i] ? `${n} (${ids[i]})` : n));
}

/**
 * What the canvas calls a node or an edge: a node's name (with its id when another node has
 * the same name), an edge as "source → target", else the id itself.
 */
export function elementName(design: Pick<Design, 'nodes' | 'edges'>, id: string): string {
  return elementNamer(design)(id);
}

/** A node's kind by id; undefined for an edge or an id the design lacks. */
export function elementKind(design: Pick<Design, 'nodes'>, id: string): string | undefined {
  return design.nodes.find((n) => n.id === id)?.kind;
}

export interface ElementNamer {
  /** elementName of one id. */
  (id: string): string;
  /** What the canvas calls this edge (found by more than its id). */
  edge(e: Pick<DesignEdge, 'source' | 'target' | 'label'>): string;
}

/** elementName for many ids of one design: the names are worked out once. */
export function elementNamer(design: Pick<Design, 'nodes' | 'edges'>): ElementNamer {
  const ids = design.nodes.map((n) => n.id);
  const distinct = new Map(zip(ids, distinctNames(ids, nodeNames(design.nodes))));
  const named = (nid: string) => distinct.get(nid) ?? nid;
  const edges = new Map<string, DesignEdge>();
  for (const e of design.edges) if (!edges.has(e.id)) edges.set(e.id, e);
  const edge = (e: Pick<DesignEdge, 'source' | 'target' | 'label'>) =>
    e.label ?? `${named(e.source)} → ${named(e.target)}`;
  const name = (id: string) => {
    if (distinct.has(id)) return named(id);
    const e = edges.get(id);
    return e ? edge(e) : id;
  };
  return Object.assign(name, { edge });
}

const zip = <A, B>(a: readonly A[], b: readonly B[]): [A, B][] => a.map((x, i) => [x, b[i]]);
