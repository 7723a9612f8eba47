/**
 * Edge routes (src/ui/canvas/edgePath.ts): a forward edge is React Flow's bezier, a loop back
 * runs below both nodes from the source's right handle into the target's left handle.
 */
import { getBezierPath, Position, type InternalNode } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import {
  edgeRoute,
  internalBox,
  LOOP_MARGIN,
  LOOP_NEST_MAX,
  routeBetween,
  type Box,
} from '../../src/ui/canvas/edgePath';
import { samplePathData, type Pt } from './pathData';

/** The y of a path's lowest point. */
const lowestY = (d: string) => Math.max(...samplePathData(d).map((p) => p[1]));

/** True when y lies the loop margin below `bottom`, and no deeper than the widest loop goes. */
const belowBy = (y: number, bottom: number) =>
  y >= bottom + LOOP_MARGIN && y <= bottom + LOOP_MARGIN + LOOP_NEST_MAX;

const distanceTo = (pts: Pt[], x: number, y: number) =>
  Math.min(...pts.map(([px, py]) => Math.hypot(px - x, py - y)));

/** Handles as React Flow places them: 5 px outside the node's right and left sides, mid-height. */
const handles = (s: Box, t: Box) =>
  [s.x + s.width + 5, s.y + s.height / 2, t.x - 5, t.y + t.height / 2] as const;

describe('edge routes', () => {
  it('draws a forward edge exactly as the bezier it always was, badges at its midpoint', () => {
    const s: Box = { x: 0, y: 0, width: 240, height: 64 };
    const t: Box = { x: 330, y: 120, width: 240, height: 64 };
    const [sx, sy, tx, ty] = handles(s, t);
    const r = edgeRoute(sx, sy, tx, ty, s, t);
    const [path, lx, ly] = getBezierPath({
      sourceX: sx,
      sourceY: sy,
      sourcePosition: Position.Right,
      targetX: tx,
      targetY: ty,
      targetPosition: Position.Left,
    });
    expect(r).toEqual({ path, labelX: lx, labelY: ly, back: false, span: Math.hypot(tx - sx, ty - sy) });
    // Boxes or none: a forward edge does not look at them.
    expect(edgeRoute(sx, sy, tx, ty).path).toBe(path);
    expect(distanceTo(samplePathData(r.path), r.labelX, r.labelY)).toBeLessThan(0.5);
  });

  it('routes a loop back below both nodes, from the right handle into the left one', () => {
    // worker (right, lower) calls back to api (left, higher).
    const api: Box = { x: 300, y: 100, width: 240, height: 64 };
    const worker: Box = { x: 900, y: 160, width: 240, height: 80 };
    const [sx, sy, tx, ty] = handles(worker, api);
    const r = edgeRoute(sx, sy, tx, ty, worker, api);
    expect(r.back).toBe(true);
    const pts = samplePathData(r.path);
    expect(pts[0]).toEqual([sx, sy]);
    expect(pts[pts.length - 1]).toEqual([tx, ty]);
    // It leaves the source rightwards and enters the target rightwards (as the arrowhead points).
    expect(pts[1][0]).toBeGreaterThan(sx);
    expect(pts[1][1]).toBeCloseTo(sy, 6);
    expect(pts[pts.length - 2][0]).toBeLessThan(tx);
    expect(pts[pts.length - 2][1]).toBeCloseTo(ty, 6);
    // Its lowest run is below both nodes, by the margin (and a little more, being wide).
    const lowest = Math.max(...pts.map((p) => p[1]));
    expect(belowBy(lowest, worker.y + worker.height)).toBe(true);
    // It never crosses either node's box (the handles sit 5 px outside them).
    for (const b of [api, worker])
      for (const [x, y] of pts)
        expect(x > b.x && x < b.x + b.width && y > b.y && y < b.y + b.height, `${x},${y} inside`).toBe(false);
    // The badges' point lies on the path, on its bottom run between the two nodes.
    expect(distanceTo(pts, r.labelX, r.labelY)).toBeLessThan(0.5);
    expect(r.labelY).toBe(lowest);
    expect(r.labelX).toBeGreaterThan(api.x + api.width);
    expect(r.labelX).toBeLessThan(worker.x);
    // The badge row has the bottom run's length.
    expect(r.span).toBeCloseTo(sx - tx + 48, 6);
  });

  it('loops below a target level with the source, and around a node calling itself', () => {
    // Target straight below the source, overlapping it in x.
    const a: Box = { x: 0, y: 0, width: 240, height: 64 };
    const b: Box = { x: 40, y: 200, width: 240, height: 64 };
    const [sx, sy, tx, ty] = handles(a, b);
    const down = edgeRoute(sx, sy, tx, ty, a, b);
    expect(down.back).toBe(true);
    expect(belowBy(lowestY(down.path), b.y + b.height)).toBe(true);

    const [ssx, ssy, stx, sty] = handles(a, a);
    const self = edgeRoute(ssx, ssy, stx, sty, a, a);
    const pts = samplePathData(self.path);
    expect(self.back).toBe(true);
    expect(pts[0]).toEqual([ssx, ssy]);
    expect(pts[pts.length - 1]).toEqual([stx, sty]);
    expect(belowBy(lowestY(self.path), a.y + a.height)).toBe(true);
    expect(distanceTo(pts, self.labelX, self.labelY)).toBeLessThan(0.5);
    // Without boxes (nodes not yet measured) the handles stand in for them.
    const bare = edgeRoute(ssx, ssy, stx, sty);
    expect(belowBy(lowestY(bare.path), ssy)).toBe(true);
  });

  it('nests loops out of one node: the wider runs lower, so their bottom runs never coincide', () => {
    const worker: Box = { x: 1000, y: 100, width: 240, height: 64 };
    const [sx, sy] = handles(worker, worker);
    const depths = [660, 330, 0].map((x) => {
      const t: Box = { x, y: 100, width: 240, height: 64 };
      const [, , tx, ty] = handles(worker, t);
      return lowestY(edgeRoute(sx, sy, tx, ty, worker, t).path);
    });
    expect(depths[1]).toBeGreaterThan(depths[0] + 10);
    expect(depths[2]).toBeGreaterThan(depths[1] + 10);
    // However wide, a loop stays within reach of its nodes.
    const far: Box = { x: -20_000, y: 100, width: 240, height: 64 };
    const [, , fx, fy] = handles(worker, far);
    expect(lowestY(edgeRoute(sx, sy, fx, fy, worker, far).path)).toBe(164 + LOOP_MARGIN + LOOP_NEST_MAX);
  });
});

describe('routeBetween (the route worked out from React Flow internal nodes)', () => {
  /** An internal node as React Flow keeps it: a 10 × 10 handle 5 px outside each side. */
  const internal = (x: number, y: number, measured = true) =>
    ({
      id: `n${x}`,
      position: { x, y },
      data: {},
      measured: measured ? { width: 200, height: 60 } : {},
      internals: {
        positionAbsolute: { x, y },
        z: 0,
        userNode: {},
        handleBounds: measured
          ? {
              source: [
                { id: null, type: 'source', position: Position.Right, x: 195, y: 25, width: 10, height: 10 },
              ],
              target: [
                { id: null, type: 'target', position: Position.Left, x: -5, y: 25, width: 10, height: 10 },
              ],
            }
          : undefined,
      },
    }) as unknown as InternalNode;

  it('runs from the source handle’s outer side to the target handle’s inner side, as PolicyEdge draws it', () => {
    const s = internal(0, 0),
      t = internal(400, 100);
    // React Flow gives PolicyEdge (x + handle.x + handle.width, mid-handle) and (x + handle.x, mid-handle).
    const drawn = edgeRoute(205, 30, 395, 130, internalBox(s), internalBox(t));
    expect(routeBetween(s, t)).toEqual(drawn);
    // A loop back passes below both measured boxes.
    const back = routeBetween(t, s)!;
    expect(back.back).toBe(true);
    expect(back).toEqual(edgeRoute(605, 130, -5, 30, internalBox(t), internalBox(s)));
  });

  it('is null until both nodes are measured', () => {
    expect(routeBetween(internal(0, 0), internal(400, 0, false))).toBeNull();
    expect(routeBetween(undefined, internal(400, 0))).toBeNull();
  });
});
