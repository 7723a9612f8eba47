/**
 * What panels outside the canvas need from it: the pane's element (for "add at the centre")
 * and the React Flow instance (to centre on an element, fit the view). Set by <Canvas/>.
 */
import type { ReactFlowInstance } from '@xyflow/react';
import { APPROX_NODE_SIZE, absolutePosition, nodeById, zoneSize } from '../../state/ops';
import { useDesignStore } from '../../state/designStore';
import type { KindFlowNode, PolicyFlowEdge } from '../../state/flow';

let pane: HTMLElement | null = null;
let instance: ReactFlowInstance<KindFlowNode, PolicyFlowEdge> | null = null;
let addCount = 0;

export function setPane(el: HTMLElement | null) {
  pane = el;
}
export function setInstance(rf: ReactFlowInstance<KindFlowNode, PolicyFlowEdge> | null) {
  instance = rf;
}
export function getInstance() {
  return instance;
}

/** Adds a node of `kind` at the centre of the visible canvas (staggered for repeated clicks). */
export function addAtCentre(kind: string): string {
  let at = { x: 0, y: 0 };
  if (pane && instance) {
    const r = pane.getBoundingClientRect();
    at = instance.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
  }
  const design = useDesignStore.getState().design;
  const k = addCount++ % 8;
  let p = { x: at.x - APPROX_NODE_SIZE.width / 2 + k * 24, y: at.y - APPROX_NODE_SIZE.height / 2 + k * 24 };
  // Avoid dropping exactly onto a node that is already there.
  const byId = nodeById(design);
  for (let i = 0; i < 20; i++) {
    const clash = design.nodes.some((n) => {
      const a = absolutePosition(n.id, byId);
      return Math.abs(a.x - p.x) < 30 && Math.abs(a.y - p.y) < 30;
    });
    if (!clash) break;
    p = { x: p.x + 30, y: p.y + 30 };
  }
  return useDesignStore.getState().addNode(kind, p);
}

/** Selects a node or edge and centres the view on it. */
export function focusElement(t: { type: 'node' | 'edge'; id: string }) {
  const st = useDesignStore.getState();
  const byId = nodeById(st.design);
  const centreOf = (id: string) => {
    const n = byId.get(id);
    if (!n) return null;
    const a = absolutePosition(id, byId);
    const m = st.measured[id] ?? (n.size ? zoneSize(n) : APPROX_NODE_SIZE);
    return { x: a.x + m.width / 2, y: a.y + m.height / 2 };
  };
  let c: { x: number; y: number } | null = null;
  if (t.type === 'node') {
    if (!byId.has(t.id)) return;
    st.select({ nodes: [t.id] });
    c = centreOf(t.id);
  } else {
    const e = st.design.edges.find((x) => x.id === t.id);
    if (!e) return;
    st.select({ edges: [t.id] });
    const a = centreOf(e.source);
    const b = centreOf(e.target);
    if (a && b) c = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  }
  if (c && instance)
    void instance.setCenter(c.x, c.y, { zoom: Math.max(instance.getZoom(), 1), duration: 300 });
}

export function fitView() {
  void instance?.fitView({ padding: 0.15, duration: 200 });
}
