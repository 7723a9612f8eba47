/** What the run views call a node: the name the canvas shows, not its internal id (pure; unit-tested). */
import type { Design, DesignEdge } from '../../model/design';
import { distinctNames, nodeNames } from '../../model/kinds';

// Re-exported for the run views, which name nodes the way the canvas does.
export { distinctNames, nodeNames };

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
