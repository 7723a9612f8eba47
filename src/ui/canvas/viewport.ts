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

export function setPane(el: HTMLElement | null) {
  pane = el;
}
export function setInstance(rf: ReactFlowInstance<KindFlowNode, PolicyFlowEdge> | null) {
  instance = rf;
}
export function getInstance() {
  return instance;
}

/** Gap left between a node added by a click and the nodes already there. */
const ADD_GAP = 70;

/**
 * Adds a node of `kind` at the centre of the visible canvas, or, when something is there
 * already, in the nearest free slot to its right (then in the rows below): clicking three
 * components in a row lays them out left to right with room for the edges between them.
 */
export function addAtCentre(kind: string): string {
  let at = { x: 0, y: 0 };
  if (pane && instance) {
    const r = pane.getBoundingClientRect();
    at = instance.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
  }
  const st = useDesignStore.getState();
  const design = st.design;
  const byId = nodeById(design);
  const W = APPROX_NODE_SIZE.width,
    H = APPROX_NODE_SIZE.height;
  const boxes = design.nodes
    .filter((n) => !n.size) // zones may hold nodes: only other nodes block a slot
    .map((n) => {
      const a = absolutePosition(n.id, byId);
      const m = st.measured[n.id] ?? APPROX_NODE_SIZE;
      return { x: a.x, y: a.y, w: m.width, h: m.height };
    });
  const free = (x: number, y: number) =>
    boxes.every(
      (b) =>
        x + W + ADD_GAP / 2 <= b.x ||
        b.x + b.w + ADD_GAP / 2 <= x ||
        y + H + 30 <= b.y ||
        b.y + b.h + 30 <= y,
    );
  const x0 = at.x - W / 2,
    y0 = at.y - H / 2;
  let p = { x: x0, y: y0 };
  search: for (let row = 0; row < 12; row++)
    for (let col = 0; col < 6; col++) {
      const x = x0 + col * (W + ADD_GAP),
        y = y0 + row * (H + 60);
      if (free(x, y)) {
        p = { x, y };
        break search;
      }
    }
  const id = st.addNode(kind, p);
  // Off screen (a long row of clicks): fit the view so the new node and the rest show.
  if (pane && instance) {
    const r = pane.getBoundingClientRect();
    const tl = instance.screenToFlowPosition({ x: r.left, y: r.top });
    const br = instance.screenToFlowPosition({ x: r.right, y: r.bottom });
    if (p.x < tl.x || p.y < tl.y || p.x + W > br.x || p.y + H > br.y) setTimeout(fitView, 30);
  }
  return id;
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

/**
 * How the view fits a design: little padding; never past 100% (a lone node after File ›
 * New would fill the screen); never below 50% (a large design starts readable, centred,
 * and the user zooms out to see it all).
 */
export const FIT_VIEW_OPTIONS = { padding: 0.08, minZoom: 0.5, maxZoom: 1 };
/** The canvas's fit button: the whole design, at whatever zoom that takes (up to 100%). */
export const FIT_ALL_OPTIONS = { padding: 0.08, maxZoom: 1 };

/** Fits the view to the design: readably (automatic fits), or `all` of it (the user asked). */
export function fitView(all = false) {
  void instance?.fitView({ ...(all ? FIT_ALL_OPTIONS : FIT_VIEW_OPTIONS), duration: 200 });
}
