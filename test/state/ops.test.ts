import { describe, expect, it } from 'vitest';
import { EDGE_PARAMS, nodeName, type Design } from '../../src/model';
import {
  addNode,
  connectionProblem,
  copyFragment,
  deleteElements,
  isFragment,
  pasteFragment,
  setParam,
  withLayout,
  zoneAt,
  zoneDeletionNote,
} from '../../src/state/ops';

const design: Design = {
  schemaVersion: 1,
  nodes: [
    { id: 'z', kind: 'zone', position: { x: 100, y: 100 }, size: { width: 400, height: 300 } },
    {
      id: 'inner',
      kind: 'zone',
      parentId: 'z',
      position: { x: 50, y: 50 },
      size: { width: 200, height: 150 },
    },
    { id: 'api', kind: 'service', parentId: 'inner', position: { x: 10, y: 40 } },
    { id: 'c', kind: 'client', position: { x: 0, y: 0 } },
  ],
  edges: [{ id: 'e1', source: 'c', target: 'api' }],
};

describe('design operations', () => {
  it('numbers the name of a node whose kind is already on the canvas', () => {
    let d: Design = { schemaVersion: 1, nodes: [], edges: [] };
    const add = (kind: string) => {
      const r = addNode(d, kind, { x: 0, y: 0 });
      d = r.design;
      return d.nodes.find((n) => n.id === r.id)!;
    };
    expect(add('service').label).toBeUndefined(); // "Service", its kind's name
    expect(add('service').label).toBe('Service 2');
    expect(add('database').label).toBeUndefined();
    expect(add('service').label).toBe('Service 3');
    // A name the user took is skipped; a renamed first one frees "Service" again.
    d = { ...d, nodes: d.nodes.map((n) => (n.id === 'service' ? { ...n, label: 'Service 4' } : n)) };
    expect(add('service').label).toBeUndefined();
    expect(add('service').label).toBe('Service 5');
  });

  it('names a pasted or duplicated node afresh where its name is taken, and keeps it where not', () => {
    let d: Design = { schemaVersion: 1, nodes: [], edges: [] };
    d = addNode(d, 'service', { x: 0, y: 0 }).design;
    d = addNode(d, 'service', { x: 0, y: 200 }).design; // "Service 2"
    const names = (x: Design) => x.nodes.map(nodeName);
    const once = pasteFragment(d, copyFragment(d, ['service', 'service-2']), { x: 40, y: 40 }).design;
    expect(names(once)).toEqual(['Service', 'Service 2', 'Service 3', 'Service 4']);
    const api = { ...d, nodes: [{ ...d.nodes[0], label: 'Checkout API' }] };
    expect(names(pasteFragment(api, copyFragment(api, ['service']), { x: 0, y: 0 }).design)).toEqual([
      'Checkout API',
      'Checkout API 2',
    ]);
    // Into a design without those names: as they were, and no label where there was none.
    const into = pasteFragment({ schemaVersion: 1, nodes: [], edges: [] }, copyFragment(d, ['service']), {
      x: 0,
      y: 0,
    }).design;
    expect(into.nodes[0].label).toBeUndefined();
  });

  it('finds the innermost zone under a point', () => {
    expect(zoneAt(design, { x: 10, y: 10 })).toBeUndefined();
    expect(zoneAt(design, { x: 120, y: 120 })).toBe('z');
    expect(zoneAt(design, { x: 170, y: 170 })).toBe('inner');
    expect(zoneAt(design, { x: 170, y: 170 }, 'inner')).toBe('z'); // a zone is never dropped into itself
  });

  it('puts a layout in place: nodes moved, zones resized, the rest untouched', () => {
    const d = withLayout(design, {
      positions: new Map([
        ['c', { x: 0, y: 40 }],
        ['z', { x: 300, y: 0 }],
      ]),
      sizes: new Map([['z', { width: 520.4, height: 310 }]]),
    });
    const at = (id: string) => d.nodes.find((n) => n.id === id)!;
    expect(at('c').position).toEqual({ x: 0, y: 40 });
    expect(at('z').position).toEqual({ x: 300, y: 0 });
    expect(at('z').size).toEqual({ width: 520, height: 310 });
    expect(at('inner')).toBe(design.nodes[1]);
    expect(withLayout(design, { positions: new Map() })).toBe(design);
  });

  it('explains refused connections', () => {
    expect(connectionProblem(design, 'api', 'c')).toBe('a client does not accept calls');
    expect(connectionProblem(design, 'c', 'z')).toMatch(/zones/);
    expect(connectionProblem(design, 'c', 'api')).toMatch(/already calls/);
  });

  it('copies a zone with its contents and pastes it whole', () => {
    const f = copyFragment(design, ['z']);
    expect(isFragment(JSON.parse(JSON.stringify(f)))).toBe(true);
    expect(f.nodes.map((n) => n.id)).toEqual(['z', 'inner', 'api']);
    const r = pasteFragment(design, f, { x: 500, y: 0 });
    const pasted = r.design.nodes.filter((n) => r.nodeIds.includes(n.id));
    expect(pasted.map((n) => n.parentId)).toEqual([undefined, 'z-2', 'inner-2']);
    expect(pasted[0].position).toEqual({ x: 600, y: 100 });
    expect(pasted[2].position).toEqual({ x: 10, y: 40 }); // relative to its (pasted) zone
  });

  it('writes params sparsely and never writes an invalid value', () => {
    const spec = EDGE_PARAMS.timeoutMs;
    expect(setParam({}, 'timeoutMs', spec, 500)).toEqual({ timeoutMs: 500 });
    expect(setParam({ timeoutMs: 500 }, 'timeoutMs', spec, null)).toEqual({});
    expect(setParam({}, 'timeoutMs', spec, -1)).toBeNull();
    expect(setParam({}, 'retries', EDGE_PARAMS.retries, {})).toEqual({ retries: {} });
    expect(setParam({}, 'retries', EDGE_PARAMS.retries, { max: -1 })).toBeNull();
  });

  it('says what a deleted zone takes with it: the nodes inside and their edges, not what was named', () => {
    const named: Design = {
      ...design,
      nodes: design.nodes.map((n) => (n.id === 'z' ? { ...n, label: 'Zone A' } : n)),
      edges: [...design.edges, { id: 'e2', source: 'c', target: 'x' }],
    };
    named.nodes.push({ id: 'x', kind: 'service', parentId: 'z', position: { x: 300, y: 40 } });
    // As the store calls it: with the design before and after the deletion.
    const note = (d: Design, nodeIds: string[], edgeIds: string[]) =>
      zoneDeletionNote(d, deleteElements(d, nodeIds, edgeIds), nodeIds, edgeIds);
    expect(note(named, ['z'], [])).toBe(
      'Deleted zone “Zone A” with its 3 nodes and 2 edges. Undo brings them back.',
    );
    expect(note(named, ['inner'], [])).toBe(
      'Deleted zone “Zone” with its 1 node and 1 edge. Undo brings them back.',
    );
    expect(note(named, ['z', 'inner'], ['e1'])).toBe(
      'Deleted 2 zones with their 2 nodes and 1 edge. Undo brings them back.',
    );
    // Everything named (select all, delete), a plain node, an empty zone: nothing unasked.
    expect(note(named, ['z', 'inner', 'api', 'x'], ['e1', 'e2'])).toBeNull();
    expect(note(named, ['api'], [])).toBeNull();
    expect(note({ ...named, nodes: [named.nodes[0]], edges: [] }, ['z'], [])).toBeNull();
  });
});
