/**
 * The route of an edge from its source's right handle to its target's left handle: the one
 * geometry the canvas (PolicyEdge), its hit area, its badges, the traffic dots and the image
 * export all follow.
 */
import { getBezierPath, Position, type InternalNode } from '@xyflow/react';

/** A node's box in flow coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EdgeRoute {
  /** SVG path data. */
  path: string;
  /** Where the badges go: a point on the path, about halfway along it. */
  labelX: number;
  labelY: number;
  /**
   * A loop back (target left of the source, or level with it): it runs below both nodes and
   * its badges hang below its bottom run, away from the nodes above it.
   */
  back: boolean;
  /** Room along the path for a row of badges (the handles' distance on a forward edge). */
  span: number;
}

/** Straight run out of the source handle (and into the target's) before a loop turns. */
export const LOOP_OUT = 24;
/** How far below the lower of the two nodes a loop's bottom run lies, at least. */
export const LOOP_MARGIN = 28;
/** Corner radius of a loop. */
export const LOOP_RADIUS = 14;
/**
 * A loop runs lower the wider it is (px per px of width, up to LOOP_NEST_MAX): loops out of
 * one node, or into one, nest instead of sharing their bottom run. About 13 px a column of
 * the auto layout.
 */
export const LOOP_NEST = 0.04;
export const LOOP_NEST_MAX = 60;

/**
 * Gap (px) between an edge's line and its row of badges: above a forward edge, so the traffic
 * dots and a thick live edge never cover the text; below a loop's bottom run, clear of the
 * nodes it passes under. The canvas (PolicyEdge) and the image export both place badges by it.
 */
export const BADGE_GAP = 5;

/**
 * Top-left corner of a `width` × `height` block of badges on `route`: centred on its label
 * point, above it (forward edge) or hanging below it (loop), BADGE_GAP from the line.
 */
export function badgeBox(
  route: Pick<EdgeRoute, 'labelX' | 'labelY' | 'back'>,
  width: number,
  height: number,
): { x: number; y: number } {
  return {
    x: route.labelX - width / 2,
    y: route.back ? route.labelY + BADGE_GAP : route.labelY - BADGE_GAP - height,
  };
}

/**
 * Forward edges (target right of the source) are React Flow's bezier, as ever. An edge
 * whose target is left of its source, or level with it (the target's left handle not right
 * of the source's right one), would be an S-curve straight back over the forward edges
 * between them, so it leaves the source rightwards, drops below both nodes, runs left
 * and rises into the target from its left: a rounded orthogonal loop. Always below, so every
 * loop in a design reads the same way. `source` and `target` are the nodes' boxes (a node not
 * yet measured can be omitted: the handle stands in for it).
 */
export function edgeRoute(
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  source?: Box | null,
  target?: Box | null,
): EdgeRoute {
  if (tx >= sx) {
    const [path, labelX, labelY] = getBezierPath({
      sourceX: sx,
      sourceY: sy,
      sourcePosition: Position.Right,
      targetX: tx,
      targetY: ty,
      targetPosition: Position.Left,
    });
    return { path, labelX, labelY, back: false, span: Math.hypot(tx - sx, ty - sy) };
  }
  const bottom = (b: Box | null | undefined, y: number) => (b ? Math.max(y, b.y + b.height) : y);
  const nest = Math.min(LOOP_NEST_MAX, (sx - tx) * LOOP_NEST);
  const yb = Math.max(bottom(source, sy), bottom(target, ty)) + LOOP_MARGIN + nest;
  const ax = sx + LOOP_OUT; // the source side's drop
  const bx = tx - LOOP_OUT; // the target side's rise
  const r = Math.min(LOOP_RADIUS, (yb - sy) / 2, (yb - ty) / 2, (ax - bx) / 2);
  const path = [
    `M${sx},${sy}`,
    `L${ax - r},${sy}`,
    `Q${ax},${sy} ${ax},${sy + r}`,
    `L${ax},${yb - r}`,
    `Q${ax},${yb} ${ax - r},${yb}`,
    `L${bx + r},${yb}`,
    `Q${bx},${yb} ${bx},${yb - r}`,
    `L${bx},${ty + r}`,
    `Q${bx},${ty} ${bx + r},${ty}`,
    `L${tx},${ty}`,
  ].join(' ');
  return { path, labelX: (ax + bx) / 2, labelY: yb, back: true, span: ax - bx };
}

/** A node's box in flow coordinates, once React Flow has measured it. */
export function internalBox(n: InternalNode | undefined): Box | null {
  const w = n?.measured.width;
  const h = n?.measured.height;
  if (!n || !w || !h) return null;
  return { ...n.internals.positionAbsolute, width: w, height: h };
}

/**
 * The route React Flow draws for an edge between two of its internal nodes, worked out from
 * its store instead of read from the DOM: the source's first source handle (its right side's
 * middle) to the target's first target handle (its left side's middle), as React Flow places
 * them for PolicyEdge. Null until both nodes have been measured. The traffic overlay uses it
 * so that an edge needs no SVG element: with onlyRenderVisibleElements, an edge off screen
 * has none.
 */
export function routeBetween(
  source: InternalNode | undefined,
  target: InternalNode | undefined,
): EdgeRoute | null {
  const out = source?.internals.handleBounds?.source?.[0];
  const into = target?.internals.handleBounds?.target?.[0];
  if (!source || !target || !out || !into) return null;
  const s = source.internals.positionAbsolute,
    t = target.internals.positionAbsolute;
  return edgeRoute(
    s.x + out.x + out.width,
    s.y + out.y + out.height / 2,
    t.x + into.x,
    t.y + into.y + into.height / 2,
    internalBox(source),
    internalBox(target),
  );
}
