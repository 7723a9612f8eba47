/**
 * Which calls a large design draws as React Flow edges and which on one canvas (BulkEdges),
 * and how a point on the canvas finds the call drawn there. No DOM here (unit-tested in node).
 *
 * React Flow gives every edge a component with its own store subscriptions and its own <svg>:
 * a 100-service mesh (9,901 calls) took 1.4 s to mount, and as long again whenever every
 * node moved or grew (a run adds a live row to every card), the tab frozen throughout.
 */
import type { DesignEdge } from '../../model';
import type { Polyline } from '../run/traffic';

/**
 * From this many calls the canvas draws them on one 2D canvas (BulkEdges.tsx): the ones a
 * user is looking at (selected, or touching a selected node) stay React Flow edges, with
 * their badges, focus and highlight. Below it every call is an edge component, as ever
 * (the examples have at most a few dozen; 1,000 mount in about 0.15 s here).
 */
export const BULK_EDGES_FROM = 1000;

/**
 * The most calls kept as React Flow edges in a bulk design: selecting every node of a mesh
 * must not mount every call again. The selected calls come first, then those touching a
 * selected node, in the design's order.
 */
export const BULK_FOCUS_MAX = 600;

export interface EdgeSplit {
  /** Drawn by React Flow (the design's own edge objects, in its order). */
  dom: DesignEdge[];
  /** Drawn on the canvas. */
  drawn: DesignEdge[];
}

/** Every call an edge component below BULK_EDGES_FROM; above it, only the selection's. */
export function splitEdges(
  edges: readonly DesignEdge[],
  selectedNodes: ReadonlySet<string>,
  selectedEdges: ReadonlySet<string>,
): EdgeSplit {
  if (edges.length < BULK_EDGES_FROM) return { dom: edges as DesignEdge[], drawn: [] };
  const keep = new Set<DesignEdge>();
  for (const e of edges) {
    if (keep.size >= BULK_FOCUS_MAX) break;
    if (selectedEdges.has(e.id)) keep.add(e);
  }
  for (const e of edges) {
    if (keep.size >= BULK_FOCUS_MAX) break;
    if (selectedNodes.has(e.source) || selectedNodes.has(e.target)) keep.add(e);
  }
  const dom: DesignEdge[] = [];
  const drawn: DesignEdge[] = [];
  for (const e of edges) (keep.has(e) ? dom : drawn).push(e);
  return { dom, drawn };
}

/** Squared distance from (x, y) to the polyline `p`. */
export function distance2ToPolyline(p: Polyline, x: number, y: number): number {
  const pts = p.pts;
  let best = Infinity;
  for (let i = 0; i + 3 < pts.length; i += 2) {
    const ax = pts[i],
      ay = pts[i + 1],
      dx = pts[i + 2] - ax,
      dy = pts[i + 3] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    const ex = ax + t * dx - x,
      ey = ay + t * dy - y;
    best = Math.min(best, ex * ex + ey * ey);
  }
  return best;
}

/** A drawn call's route, flattened, with its bounding box ([left, top, right, bottom]). */
export interface HitShape {
  id: string;
  poly: Polyline;
  box: readonly [number, number, number, number];
}

export function hitShape(id: string, poly: Polyline): HitShape {
  let l = Infinity,
    t = Infinity,
    r = -Infinity,
    b = -Infinity;
  for (let i = 0; i + 1 < poly.pts.length; i += 2) {
    l = Math.min(l, poly.pts[i]);
    r = Math.max(r, poly.pts[i]);
    t = Math.min(t, poly.pts[i + 1]);
    b = Math.max(b, poly.pts[i + 1]);
  }
  return { id, poly, box: [l, t, r, b] };
}

/** The id of the call whose route passes nearest (x, y), within `tolerance`; null when none does. */
export function nearestShape(
  shapes: Iterable<HitShape>,
  x: number,
  y: number,
  tolerance: number,
): string | null {
  let best: string | null = null;
  let bestD = tolerance * tolerance;
  for (const s of shapes) {
    const [l, t, r, b] = s.box;
    if (x < l - tolerance || x > r + tolerance || y < t - tolerance || y > b + tolerance) continue;
    const d = distance2ToPolyline(s.poly, x, y);
    if (d <= bestD) {
      bestD = d;
      best = s.id;
    }
  }
  return best;
}

/** The end point of SVG path data (its last two numbers): the arrowhead's tip. */
export function pathEnd(d: string): [number, number] | null {
  // Split, not matched: a regular expression anchored at the end rescans from every position
  // of the string (it was 40% of routing 9,901 calls).
  const nums = d
    .trimEnd()
    .split(/[\s,]+/)
    .slice(-2);
  if (nums.length < 2) return null;
  const x = Number(nums[0].replace(/^[A-Za-z]/, ''));
  const y = Number(nums[1]);
  return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
}
