import { beforeEach, describe, expect, it } from 'vitest';
import type { Design, DesignNode, Position } from '../../src/model';
import { clearHistory, redo, undo, useDesignStore } from '../../src/state/designStore';
import { APPROX_NODE_SIZE, emptyDesign, withPositions } from '../../src/state/ops';
import { layoutOpened } from '../../src/ui/actions';

const st = () => useDesignStore.getState();
const past = () => useDesignStore.temporal.getState().pastStates.length;
const at = (d: Design, id: string): Position => d.nodes.find((n) => n.id === id)!.position!;

/** Listed against the flow, so that a grid in file order runs right to left. */
function unplaced(): Design {
  const nodes: DesignNode[] = [
    { id: 'db', kind: 'database' },
    { id: 'worker', kind: 'service' },
    { id: 'jobs', kind: 'queue' },
    { id: 'api', kind: 'service' },
    { id: 'users', kind: 'client' },
  ];
  const edges = [
    ['users', 'api'],
    ['api', 'jobs'],
    ['jobs', 'worker'],
    ['worker', 'api'],
    ['api', 'db'],
  ].map(([source, target], i) => ({ id: `e${i + 1}`, source, target }));
  return { schemaVersion: 1, name: 'No positions', nodes, edges };
}

function overlapping(d: Design): string[] {
  const boxes = d.nodes.map((n) => ({ id: n.id, ...n.position!, ...APPROX_NODE_SIZE }));
  const out: string[] = [];
  for (const a of boxes)
    for (const b of boxes)
      if (
        a.id < b.id &&
        a.x < b.x + b.width &&
        b.x < a.x + a.width &&
        a.y < b.y + b.height &&
        b.y < a.y + a.height
      )
        out.push(`${a.id}/${b.id}`);
  return out;
}

describe('opening a design without positions', () => {
  beforeEach(() => {
    st().load(emptyDesign('Mine'), { record: false });
    st().addNode('service', { x: 0, y: 0 });
    clearHistory();
  });

  it('opens at once on a grid, then lays it out left to right as part of the same undo step', async () => {
    const mine = st().design;
    st().load(unplaced());
    const pending = st().pendingLayout;
    expect(pending).toBe(st().design);
    expect(st().design.nodes.every((n) => n.position)).toBe(true); // usable before the layout
    expect(past()).toBe(1);

    expect(await layoutOpened(pending!)).toBe(true);
    const d = st().design;
    expect(st().pendingLayout).toBeNull();
    const xs = ['users', 'api', 'jobs', 'worker'].map((id) => at(d, id).x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(4);
    expect(at(d, 'db').x).toBeGreaterThan(at(d, 'api').x);
    expect(overlapping(d)).toEqual([]);

    expect(past()).toBe(1); // no undo step of its own
    undo();
    expect(st().design).toBe(mine);
    redo();
    expect(st().design).toBe(d);
  });

  it('lays out a design restored without recording (start-up) without recording either', async () => {
    clearHistory();
    st().load(unplaced(), { record: false });
    expect(await layoutOpened(st().pendingLayout!)).toBe(true);
    expect(past()).toBe(0);
  });

  it('leaves the design alone when the user changed it first, or another design opened', async () => {
    st().load(unplaced());
    const pending = st().pendingLayout!;
    st().moveNodes(new Map([['users', { x: 500, y: 500 }]]));
    const moved = st().design;
    expect(await layoutOpened(pending)).toBe(false);
    expect(st().design).toBe(moved);
    expect(st().pendingLayout).toBeNull();

    st().load(unplaced());
    const first = st().pendingLayout!;
    st().load(unplaced());
    const second = st().pendingLayout!;
    expect(await layoutOpened(first)).toBe(false);
    expect(st().pendingLayout).toBe(second);
  });

  it('keeps the grid, quietly, when the layout fails', () => {
    st().load(unplaced());
    const grid = st().design;
    expect(st().settleLayout(grid, null)).toBe(false);
    expect(st().design).toBe(grid);
    expect(st().pendingLayout).toBeNull();
  });

  it('does not lay out a design that has its positions', () => {
    const d = unplaced();
    d.nodes = d.nodes.map((n, i) => ({ ...n, position: { x: i * 300, y: 0 } }));
    st().load(d);
    expect(st().pendingLayout).toBeNull();
    expect(st().design.nodes.map((n) => n.position)).toEqual(d.nodes.map((n) => n.position));
  });
});

describe('a design with some positions', () => {
  it('keeps the placed nodes where they are and puts the others beside their neighbours', () => {
    const d = unplaced();
    const placed: Record<string, Position> = {
      users: { x: 0, y: 0 },
      api: { x: 300, y: 0 },
      jobs: { x: 600, y: 0 },
    };
    d.nodes = d.nodes.map((n) => (placed[n.id] ? { ...n, position: placed[n.id] } : n));
    const r = withPositions(d);
    expect(r.needsLayout).toBe(false);
    for (const [id, p] of Object.entries(placed)) expect(at(r.design, id)).toEqual(p);
    // The worker is called by the queue: to its right. The db is called by the API: right of
    // it, on its row, pushed down clear of the queue that sits there.
    expect(at(r.design, 'worker').x).toBeGreaterThan(600 + APPROX_NODE_SIZE.width);
    expect(at(r.design, 'worker').y).toBe(0);
    expect(at(r.design, 'db').x).toBeGreaterThan(300 + APPROX_NODE_SIZE.width);
    expect(at(r.design, 'db').y).toBeGreaterThanOrEqual(APPROX_NODE_SIZE.height);
    expect(overlapping(r.design)).toEqual([]);
  });

  it('places a node that only calls placed ones to their left, a loner below, a zone child inside', () => {
    const d: Design = {
      schemaVersion: 1,
      nodes: [
        { id: 'zone', kind: 'zone', position: { x: 1000, y: 0 }, size: { width: 420, height: 280 } },
        { id: 'users', kind: 'client' },
        { id: 'api', kind: 'service', position: { x: 400, y: 100 } },
        { id: 'cache', kind: 'cache', parentId: 'zone' },
        { id: 'lonely', kind: 'service' },
      ],
      edges: [{ id: 'e1', source: 'users', target: 'api' }],
    };
    const r = withPositions(d).design;
    expect(at(r, 'users').x + APPROX_NODE_SIZE.width).toBeLessThan(400);
    expect(at(r, 'users').y).toBe(100);
    expect(at(r, 'lonely').y).toBeGreaterThanOrEqual(280); // below the zone, the lowest thing there
    const c = at(r, 'cache'); // relative to its zone, inside it
    expect(c.x).toBeGreaterThan(0);
    expect(c.y).toBeGreaterThan(0);
    expect(c.x + APPROX_NODE_SIZE.width).toBeLessThanOrEqual(420);
    expect(c.y + APPROX_NODE_SIZE.height).toBeLessThanOrEqual(280);
    expect(r.nodes.findIndex((n) => n.id === 'zone')).toBeLessThan(
      r.nodes.findIndex((n) => n.id === 'cache'),
    );
  });
});
