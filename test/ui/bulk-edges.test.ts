/**
 * A large design's calls: which stay React Flow edges (the selection's) and which the bulk
 * layer draws on one canvas, and how a click on the canvas finds the call under it.
 */
import { describe, expect, it } from 'vitest';
import type { DesignEdge } from '../../src/model';
import {
  BULK_EDGES_FROM,
  BULK_FOCUS_MAX,
  hitShape,
  nearestShape,
  pathEnd,
  splitEdges,
} from '../../src/ui/canvas/bulkEdges';
import { edgeRoute } from '../../src/ui/canvas/edgePath';
import { flattenPath } from '../../src/ui/run/traffic';

/** `n` calls from a{i % 50} to b{i}. */
const calls = (n: number): DesignEdge[] =>
  Array.from({ length: n }, (_, i) => ({ id: `e${i}`, source: `a${i % 50}`, target: `b${i}` }));
const none = new Set<string>();

describe('splitting the calls of a design', () => {
  it('keeps every call an edge component below BULK_EDGES_FROM', () => {
    const edges = calls(BULK_EDGES_FROM - 1);
    const s = splitEdges(edges, none, none);
    expect(s.dom).toBe(edges); // the same array: the canvas's memo holds
    expect(s.drawn).toEqual([]);
  });

  it('from BULK_EDGES_FROM on, draws all but the selected calls and those of selected nodes', () => {
    const edges = calls(BULK_EDGES_FROM);
    expect(splitEdges(edges, none, none).dom).toEqual([]);
    const s = splitEdges(edges, new Set(['a3']), new Set(['e7', 'nope']));
    expect(s.dom.map((e) => e.id)).toEqual(
      edges.filter((e) => e.id === 'e7' || e.source === 'a3').map((e) => e.id),
    );
    expect(s.drawn).toHaveLength(BULK_EDGES_FROM - s.dom.length);
    expect(new Set([...s.dom, ...s.drawn]).size).toBe(BULK_EDGES_FROM);
  });

  it('keeps at most BULK_FOCUS_MAX edge components, the selected calls first', () => {
    const edges = calls(5000);
    const everyNode = new Set(Array.from({ length: 50 }, (_, i) => `a${i}`));
    const s = splitEdges(edges, everyNode, new Set(['e4999']));
    expect(s.dom).toHaveLength(BULK_FOCUS_MAX);
    expect(s.dom.some((e) => e.id === 'e4999')).toBe(true);
    expect(s.drawn).toHaveLength(5000 - BULK_FOCUS_MAX);
  });
});

describe('finding the call under a click', () => {
  const forward = edgeRoute(0, 0, 200, 100);
  const loop = edgeRoute(400, 50, 100, 50, { x: 300, y: 20, width: 100, height: 60 }, null);
  const shapes = [hitShape('fwd', flattenPath(forward.path)!), hitShape('loop', flattenPath(loop.path)!)];

  it('picks the call whose route passes within the tolerance, the nearest of two', () => {
    expect(nearestShape(shapes, forward.labelX, forward.labelY + 3, 6)).toBe('fwd');
    expect(nearestShape(shapes, loop.labelX, loop.labelY - 2, 6)).toBe('loop');
    expect(nearestShape(shapes, forward.labelX, forward.labelY + 30, 6)).toBeNull();
    expect(nearestShape(shapes, 1000, 1000, 6)).toBeNull();
  });

  it('reads the arrowhead tip from either kind of route', () => {
    expect(pathEnd(forward.path)).toEqual([200, 100]);
    expect(pathEnd(loop.path)).toEqual([100, 50]);
    expect(pathEnd('M1,2 L3e2,-4.5')).toEqual([300, -4.5]);
    expect(pathEnd('junk')).toBeNull();
  });
});
