/**
 * The design's skeleton (node ids, kinds and labels; edge ids and ends) for components that
 * name or pick elements: the same object while nodes are dragged, so they do not re-render
 * on every frame of a drag.
 */
import { useMemo } from 'react';
import type { Design } from '../model';
import { useDesignStore } from '../state/designStore';

/** Ids, kinds and labels only, as a key that does not change while nodes are dragged. */
function skeletonKey(d: Design): string {
  return JSON.stringify([
    d.nodes.map((n) => [n.id, n.kind, n.label ?? null]),
    d.edges.map((e) => [e.id, e.source, e.target]),
  ]);
}

export function useDesignSkeleton(): Design {
  const key = useDesignStore((s) => skeletonKey(s.design));
  return useMemo(() => {
    const [ns, es] = JSON.parse(key) as [[string, string, string | null][], [string, string, string][]];
    return {
      schemaVersion: 1,
      nodes: ns.map(([id, kind, label]) => (label === null ? { id, kind } : { id, kind, label })),
      edges: es.map(([id, source, target]) => ({ id, source, target })),
    };
  }, [key]);
}
