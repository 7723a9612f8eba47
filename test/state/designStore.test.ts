import { beforeEach, describe, expect, it } from 'vitest';
import { validateDesign, type Design } from '../../src/model';
import { clearHistory, redo, undo, useDesignStore } from '../../src/state/designStore';
import { copyFragment, emptyDesign } from '../../src/state/ops';
import { useUiStore } from '../../src/state/uiStore';

const st = () => useDesignStore.getState();
const past = () => useDesignStore.temporal.getState().pastStates.length;

function reset(design: Design = emptyDesign()) {
  st().load(design, { record: false });
  clearHistory();
}

function threeTier() {
  const users = st().addNode('client', { x: 0, y: 0 });
  const lb = st().addNode('loadbalancer', { x: 250, y: 0 });
  const api = st().addNode('service', { x: 500, y: 0 });
  const db = st().addNode('database', { x: 750, y: 0 });
  for (const [a, b] of [
    [users, lb],
    [lb, api],
    [api, db],
  ])
    expect(st().connect(a, b).ok).toBe(true);
  return { users, lb, api, db };
}

describe('design store', () => {
  beforeEach(() => reset());

  it('builds a valid design from the palette and connections', () => {
    const ids = threeTier();
    expect(Object.values(ids)).toEqual(['client', 'loadbalancer', 'service', 'database']);
    const r = validateDesign(st().design);
    expect(r.ok).toBe(true);
    expect(st().design.edges.map((e) => [e.source, e.target])).toEqual([
      ['client', 'loadbalancer'],
      ['loadbalancer', 'service'],
      ['service', 'database'],
    ]);
  });

  it('refuses invalid connections with a reason and changes nothing', () => {
    const { users, api, db } = threeTier();
    const before = st().design;
    const into = st().connect(api, users);
    expect(into).toEqual({ ok: false, reason: 'a client does not accept calls' });
    const out = st().connect(db, api);
    expect(out).toEqual({ ok: false, reason: 'a database makes no calls' });
    expect(st().connect(api, api).ok).toBe(false);
    expect(st().connect(api, db).ok).toBe(false); // duplicate
    expect(st().design).toBe(before);
  });

  it('undoes and redoes every change, one step each', () => {
    threeTier();
    expect(past()).toBe(7);
    const full = st().design;
    undo();
    expect(st().design.edges).toHaveLength(2);
    undo();
    undo();
    expect(st().design.edges).toHaveLength(0);
    redo();
    redo();
    redo();
    expect(st().design).toEqual(full);
  });

  it('keeps at least 100 undo steps', () => {
    const id = st().addNode('service', { x: 0, y: 0 });
    for (let i = 1; i <= 120; i++) st().setNodeParam(id, 'instances', (i % 50) + 1);
    expect(past()).toBeGreaterThanOrEqual(100);
    for (let i = 0; i < 100; i++) undo();
    expect(st().design.nodes).toHaveLength(1);
  });

  it('does not record selection or measured sizes', () => {
    const id = st().addNode('service', { x: 0, y: 0 });
    const n = past();
    st().select({ nodes: [id] });
    st().clearSelection();
    st().selectAll();
    st().setMeasured({ [id]: { width: 100, height: 50 } });
    expect(past()).toBe(n);
  });

  it('makes a drag gesture one undo step', () => {
    const id = st().addNode('service', { x: 0, y: 0 });
    const n = past();
    st().beginGesture();
    for (let i = 1; i <= 30; i++) st().moveNodes(new Map([[id, { x: i * 10, y: i }]]));
    st().endGesture();
    expect(past()).toBe(n + 1);
    expect(st().design.nodes[0].position).toEqual({ x: 300, y: 30 });
    undo();
    expect(st().design.nodes[0].position).toEqual({ x: 0, y: 0 });
  });

  it('merges typing into one field into one undo step', () => {
    const id = st().addNode('service', { x: 0, y: 0 });
    const n = past();
    for (const v of [1, 12, 123]) st().setNodeParam(id, 'queueCapacity', v, `${id}.queueCapacity`);
    expect(past()).toBe(n + 1);
    undo();
    expect(st().design.nodes[0].params).toEqual({});
  });

  it('keeps params sparse and refuses invalid values', () => {
    const id = st().addNode('service', { x: 0, y: 0 });
    expect(st().setNodeParam(id, 'instances', 5)).toBe(true);
    expect(st().design.nodes[0].params).toEqual({ instances: 5 });
    expect(st().setNodeParam(id, 'instances', -2)).toBe(false);
    expect(st().setNodeParam(id, 'instances', 'many')).toBe(false);
    expect(st().design.nodes[0].params).toEqual({ instances: 5 });
    expect(st().setNodeParam(id, 'instances', 2)).toBe(true); // the default: removed
    expect(st().design.nodes[0].params).toEqual({});
  });

  it('deletes nodes with their edges and the faults that target them', () => {
    const { api, lb } = threeTier();
    st().setFaults([{ type: 'crash', target: api, atS: 5 }]);
    st().select({ nodes: [api] });
    st().deleteSelection();
    expect(st().design.nodes.map((n) => n.id)).not.toContain(api);
    expect(st().design.edges.map((e) => [e.source, e.target])).toEqual([['client', lb]]);
    expect(st().design.scenario?.faults).toEqual([]);
    expect(validateDesign(st().design).ok).toBe(true);
    undo();
    expect(st().design.nodes.map((n) => n.id)).toContain(api);
    expect(st().design.scenario?.faults).toHaveLength(1);
  });

  it('copies and pastes with fresh ids, keeping edges between copied nodes', () => {
    const { lb, api, db } = threeTier();
    st().select({ nodes: [api, db] });
    const frag = copyFragment(st().design, st().selection.nodes);
    expect(frag.nodes).toHaveLength(2);
    expect(frag.edges).toHaveLength(1);
    // Paste into another design (as across tabs).
    reset();
    st().paste(JSON.parse(JSON.stringify(frag)), { x: 40, y: 40 });
    expect(st().design.nodes.map((n) => n.id)).toEqual(['service', 'database']);
    expect(st().design.edges).toHaveLength(1);
    // Paste again: new ids, the same shape.
    st().paste(frag, { x: 80, y: 80 });
    expect(st().design.nodes.map((n) => n.id)).toEqual(['service', 'database', 'service-2', 'database-2']);
    expect(st().design.edges.map((e) => [e.source, e.target])).toEqual([
      ['service', 'database'],
      ['service-2', 'database-2'],
    ]);
    expect(st().selection.nodes).toEqual(['service-2', 'database-2']);
    expect(validateDesign(st().design).ok).toBe(true);
    void lb;
  });

  it('duplicates the selection', () => {
    const { api } = threeTier();
    st().select({ nodes: [api] });
    st().duplicateSelection();
    expect(st().design.nodes).toHaveLength(5);
    expect(st().selection.nodes).toEqual(['service-2']);
  });

  it('nudges the selection', () => {
    const id = st().addNode('service', { x: 100, y: 100 });
    st().select({ nodes: [id] });
    st().nudgeSelection(10, 0);
    st().nudgeSelection(0, -1);
    expect(st().design.nodes[0].position).toEqual({ x: 110, y: 99 });
  });

  it('puts nodes into zones (relative positions) and takes them out', () => {
    const zone = st().addNode('zone', { x: 100, y: 100 });
    const inside = st().addNode('service', { x: 150, y: 150 });
    const node = st().design.nodes.find((n) => n.id === inside)!;
    expect(node.parentId).toBe(zone);
    expect(node.position).toEqual({ x: 50, y: 50 });
    expect(st().design.nodes[0].id).toBe(zone); // zones first
    st().reparent(inside, undefined);
    const out = st().design.nodes.find((n) => n.id === inside)!;
    expect(out.parentId).toBeUndefined();
    expect(out.position).toEqual({ x: 150, y: 150 });
    expect(validateDesign(st().design).ok).toBe(true);
    // Zones cannot be connected.
    expect(st().connect(zone, inside)).toMatchObject({ ok: false });
  });

  it('a node that joins a zone by its centre but hangs over the border moves just inside', () => {
    const zone = st().addNode('zone', { x: 0, y: 0 }); // 420 × 280
    const id = st().addNode('service', { x: 600, y: 100 });
    // Dragged so that its centre is inside near the right border: x 300..490 of a 420 wide zone.
    st().moveNodes(new Map([[id, { x: 300, y: 100 }]]));
    st().reparent(id, zone, { width: 190, height: 64 });
    const n = st().design.nodes.find((x) => x.id === id)!;
    expect(n.parentId).toBe(zone);
    expect(n.position).toEqual({ x: 420 - 190 - 24, y: 100 });
    // Without a size (or too big to fit) it stays where it is.
    const big = st().addNode('service', { x: 700, y: 0 });
    st().moveNodes(new Map([[big, { x: 100, y: 150 }]]));
    st().reparent(big, zone, { width: 500, height: 64 });
    expect(st().design.nodes.find((x) => x.id === big)!.position).toEqual({ x: 100, y: 150 });
  });

  it('deletes a zone with its contents and says so in a toast; undo brings them back', () => {
    const zone = st().addNode('zone', { x: 100, y: 100 });
    st().renameNode(zone, 'Zone A');
    const a = st().addNode('service', { x: 150, y: 150 });
    const b = st().addNode('database', { x: 350, y: 150 });
    const c = st().addNode('client', { x: 800, y: 800 });
    st().connect(c, a);
    st().connect(a, b);
    const before = st().design;
    useUiStore.setState({ toasts: [] });
    st().select({ nodes: [zone] });
    st().deleteSelection();
    expect(st().design.nodes.map((n) => n.id)).toEqual([c]);
    expect(useUiStore.getState().toasts.map((t) => t.message)).toEqual([
      'Deleted zone “Zone A” with its 2 nodes and 2 edges. Undo brings them back.',
    ]);
    undo();
    expect(st().design).toBe(before);
    // A plain node goes without a word (it was what was asked for).
    useUiStore.setState({ toasts: [] });
    st().deleteElements([c], []);
    expect(useUiStore.getState().toasts).toEqual([]);
  });

  it('writes a label as typed, one undo step per burst, and leaves an unchanged label alone', () => {
    const id = st().addNode('service', { x: 0, y: 0 });
    const n = past();
    for (const text of ['P', 'Pa', 'Pay', 'Pay ', 'Pay A', 'Pay API'])
      st().renameNode(id, text, `label:${id}`);
    expect(st().design.nodes[0].label).toBe('Pay API');
    expect(past()).toBe(n + 1);
    const d = st().design;
    st().renameNode(id, ' Pay API ', `label:${id}`);
    expect(st().design).toBe(d);
    undo();
    expect(st().design.nodes[0].label).toBeUndefined();
  });

  it('loads a design as one undoable step', () => {
    threeTier();
    const mine = st().design;
    st().load(emptyDesign('Other'));
    expect(st().design.name).toBe('Other');
    undo();
    expect(st().design).toBe(mine);
  });
});
