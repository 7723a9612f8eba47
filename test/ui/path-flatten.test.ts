/**
 * Traffic dots follow each edge's path data, flattened without the DOM (traffic.ts
 * flattenPath): lines, quadratic corners and cubic béziers, checked against
 * known lengths and against a brute-force sampling of the same path.
 */
import { getBezierPath, getSmoothStepPath, Position } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { edgeRoute } from '../../src/ui/canvas/edgePath';
import { flattenPath, pointAt } from '../../src/ui/run/traffic';
import { samplePathData, type Pt } from './pathData';

/** Brute force: every segment cut into 2,000 parameter steps. */
const bruteForce = (d: string) => samplePathData(d, 2000);

/** Distance from a point to the nearest segment of a dense polyline. */
function distTo(pts: Pt[], x: number, y: number): number {
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = pts[i - 1];
    const [bx, by] = pts[i];
    const dx = bx - ax;
    const dy = by - ay;
    const l2 = dx * dx + dy * dy;
    const t = l2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(ax + dx * t - x, ay + dy * t - y));
  }
  return best;
}

/** The brute-force point `l` px along a dense polyline (`cum`: its cumulative lengths). */
function atLength(pts: Pt[], cum: number[], l: number): Pt {
  let i = 1;
  while (i < pts.length - 1 && cum[i] < l) i++;
  const seg = cum[i] - cum[i - 1];
  const f = seg > 0 ? Math.min(1, Math.max(0, (l - cum[i - 1]) / seg)) : 0;
  return [pts[i - 1][0] + (pts[i][0] - pts[i - 1][0]) * f, pts[i - 1][1] + (pts[i][1] - pts[i - 1][1]) * f];
}

/**
 * The flattened path has the brute-force length, its points lie on the path, and a dot at
 * any fraction of it is where the brute-force path puts that fraction of its length.
 */
function expectMatches(d: string) {
  const ref = bruteForce(d);
  const cum = [0];
  for (let i = 1; i < ref.length; i++)
    cum.push(cum[i - 1] + Math.hypot(ref[i][0] - ref[i - 1][0], ref[i][1] - ref[i - 1][1]));
  const len = cum[cum.length - 1];
  const p = flattenPath(d)!;
  expect(Math.abs(p.length - len) / len).toBeLessThan(0.0005);
  for (let i = 0; i < p.pts.length / 2; i++)
    expect(distTo(ref, p.pts[i * 2], p.pts[i * 2 + 1])).toBeLessThan(0.01);
  const o = { x: 0, y: 0 };
  for (let i = 0; i <= 200; i++) {
    pointAt(p, i / 200, o);
    const [x, y] = atLength(ref, cum, (len * i) / 200);
    expect(Math.hypot(o.x - x, o.y - y)).toBeLessThan(0.3);
    if (i % 5 === 0) expect(distTo(ref, o.x, o.y)).toBeLessThan(0.12); // FLATTEN_TOLERANCE, and Float32
  }
}

describe('flattening path data', () => {
  it('reads a straight line exactly', () => {
    const p = flattenPath('M0,0 L300,400')!;
    expect(Array.from(p.pts)).toEqual([0, 0, 300, 400]);
    expect(p.length).toBe(500);
    const o = { x: 0, y: 0 };
    pointAt(p, 0.5, o);
    expect(o).toEqual({ x: 150, y: 200 });
  });

  it('gets a quarter-circle bézier to its known length', () => {
    // The standard cubic for a quarter circle of radius 100 (k = 0.5523): within 0.03% of
    // π·100/2 and of the radius everywhere.
    const k = 55.228474983;
    const p = flattenPath(`M100,0 C100,${k} ${k},100 0,100`)!;
    expect(Math.abs(p.length - (Math.PI * 100) / 2) / ((Math.PI * 100) / 2)).toBeLessThan(0.005);
    for (let i = 0; i < p.pts.length / 2; i++)
      expect(Math.abs(Math.hypot(p.pts[i * 2], p.pts[i * 2 + 1]) - 100)).toBeLessThan(0.05);
    const o = { x: 0, y: 0 };
    pointAt(p, 0.5, o);
    expect(o.x).toBeCloseTo(o.y, 1); // halfway along is on the diagonal
  });

  it('matches a brute-force sampling of a forward edge (React Flow bezier)', () => {
    for (const [tx, ty] of [
      [400, 0],
      [260, 180],
      [120, -300],
      [1500, 900],
    ]) {
      const d = edgeRoute(10, 20, 10 + tx, 20 + ty).path;
      expect(d).toContain('C');
      expectMatches(d);
    }
  });

  it('matches a brute-force sampling of a loop back, its four rounded corners included', () => {
    const src = { x: 600, y: 100, width: 160, height: 80 };
    const tgt = { x: 100, y: 140, width: 160, height: 80 };
    const d = edgeRoute(760, 140, 100, 180, src, tgt).path;
    expect(d).toContain('Q');
    expectMatches(d);
    // A self-loop: a node's right handle back into its own left handle.
    const self = edgeRoute(760, 140, 600, 140, src, src).path;
    expectMatches(self);
  });

  it('matches a brute-force sampling of smoothstep and bezier paths in React Flow format', () => {
    const args = {
      sourceX: 0,
      sourceY: 0,
      sourcePosition: Position.Right,
      targetX: 200,
      targetY: 120,
      targetPosition: Position.Left,
    };
    const [step] = getSmoothStepPath(args); // "M0 0L 95,0Q 100,0 100,5L …": spaces and commas mixed
    expectMatches(step);
    const [bez] = getBezierPath(args);
    expectMatches(bez);
  });

  it('reads relative commands, H, V and Z', () => {
    const p = flattenPath('m10,10 h100 v50 z')!;
    expect(p.length).toBeCloseTo(150 + Math.hypot(100, 50), 3);
    expect(Array.from(p.pts)).toEqual([10, 10, 110, 10, 110, 60, 10, 10]);
    // Implicit line-tos after a move-to, exponents, and relative curves.
    expect(flattenPath('M0 0 10 0 10 1e1')!.length).toBeCloseTo(20, 5);
    const rel = flattenPath('M10,20 c50,0 50,100 100,100')!;
    const abs = flattenPath('M10,20 C60,20 60,120 110,120')!;
    expect(rel.length).toBeCloseTo(abs.length, 4);
  });

  it('gives up on what it cannot read, so the caller can ask the DOM', () => {
    for (const d of [
      '',
      'garbage',
      'L10,10',
      'M0,0 A10,10 0 0 1 20,0',
      'M0,0 S10,10 20,0',
      'M0,0 L10',
      'M0,0 L10,10 M20,20 L30,30',
      'M0,0 L10,x',
    ])
      expect(flattenPath(d), d).toBeNull();
    expect(flattenPath('M5,5')).toBeNull(); // no length: nothing to travel along
    expect(flattenPath('M5,5 L5,5')).toBeNull();
  });

  it('flattens 300 edges of a big design in a few milliseconds', () => {
    const paths = Array.from({ length: 300 }, (_, i) =>
      i % 10 === 0
        ? edgeRoute(900, 100 + i * 12, 100, 80 + i * 7).path
        : edgeRoute(100, 400, 500, i * 60 - 4000).path,
    );
    const t0 = performance.now();
    for (const d of paths) expect(flattenPath(d)).not.toBeNull();
    // ~2 ms once warm, ~20 ms cold; the DOM took seconds for a design this size. Generous for CI.
    expect(performance.now() - t0).toBeLessThan(250);
  });
});
