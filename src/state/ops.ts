/**
 * Pure operations on a design in the file format (sparse params). The store calls these;
 * they never mutate their input and return a new design that shares untouched parts.
 */
import {
  defaultOf,
  kindSpec,
  KINDS,
  nodeName,
  resolveParam,
  type Design,
  type DesignEdge,
  type DesignNode,
  type ParamSpec,
  type Position,
  type Problem,
} from '../model';

export const GRID = 10;
export const DEFAULT_ZONE_SIZE = { width: 420, height: 280 };
/** Rough size of a node before the canvas has measured it (used by layout and drop tests). */
export const APPROX_NODE_SIZE = { width: 190, height: 64 };

export function emptyDesign(name = 'Untitled design'): Design {
  return { schemaVersion: 1, name, nodes: [], edges: [], scenario: { durationS: 60, faults: [] } };
}

// ---- ids ---------------------------------------------------------------------------

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'node'
  );
}

/** The first free id of the form `base`, `base-2`, `base-3`, ... */
export function freshId(base: string, taken: Set<string>): string {
  const b = slug(base);
  if (!taken.has(b)) return b;
  for (let i = 2; ; i++) {
    const id = `${b}-${i}`;
    if (!taken.has(id)) return id;
  }
}

export function takenIds(design: Design): Set<string> {
  const s = new Set<string>();
  for (const n of design.nodes) s.add(n.id);
  for (const e of design.edges) s.add(e.id);
  return s;
}

function freshEdgeId(taken: Set<string>): string {
  for (let i = 1; ; i++) {
    const id = `e${i}`;
    if (!taken.has(id)) return id;
  }
}

// ---- geometry ------------------------------------------------------------------------

export function isContainer(kind: string): boolean {
  return kindSpec(kind)?.container === true;
}

export function nodeById(design: Design): Map<string, DesignNode> {
  return new Map(design.nodes.map((n) => [n.id, n]));
}

/** Absolute canvas position of a node (positions of children are relative to their zone). */
export function absolutePosition(id: string, byId: Map<string, DesignNode>): Position {
  let x = 0;
  let y = 0;
  let cur = byId.get(id);
  const seen = new Set<string>();
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    x += cur.position?.x ?? 0;
    y += cur.position?.y ?? 0;
    cur = cur.parentId !== undefined ? byId.get(cur.parentId) : undefined;
  }
  return { x, y };
}

export function zoneSize(n: DesignNode): { width: number; height: number } {
  return n.size ?? DEFAULT_ZONE_SIZE;
}

/** True when `id` is `ancestor` or sits (transitively) inside it. */
export function isInside(id: string, ancestor: string, byId: Map<string, DesignNode>): boolean {
  let cur: DesignNode | undefined = byId.get(id);
  const seen = new Set<string>();
  while (cur && !seen.has(cur.id)) {
    if (cur.id === ancestor) return true;
    seen.add(cur.id);
    cur = cur.parentId !== undefined ? byId.get(cur.parentId) : undefined;
  }
  return false;
}

/**
 * The innermost zone containing the absolute point `p`, skipping `exclude` and anything inside
 * it (a zone cannot be dropped into itself or its own children).
 */
export function zoneAt(design: Design, p: Position, exclude?: string): string | undefined {
  const byId = nodeById(design);
  let best: { id: string; depth: number } | undefined;
  for (const n of design.nodes) {
    if (!isContainer(n.kind)) continue;
    if (exclude !== undefined && isInside(n.id, exclude, byId)) continue;
    const a = absolutePosition(n.id, byId);
    const s = zoneSize(n);
    if (p.x >= a.x && p.y >= a.y && p.x <= a.x + s.width && p.y <= a.y + s.height) {
      let depth = 0;
      for (
        let c = n;
        c.parentId !== undefined && byId.has(c.parentId) && depth < 100;
        c = byId.get(c.parentId)!
      )
        depth++;
      if (!best || depth >= best.depth) best = { id: n.id, depth };
    }
  }
  return best?.id;
}

const snap = (v: number) => Math.round(v / GRID) * GRID;

// ---- nodes ---------------------------------------------------------------------------

/**
 * A node name no node in `names` has: `name` itself when free, else its stem numbered with
 * the first free number ("Service" and "Service 2" both give "Service 3" once those exist).
 */
function freshName(name: string, names: ReadonlySet<string>): string {
  if (!names.has(name)) return name;
  const stem = name.replace(/ \d+$/, '');
  let k = 2;
  while (names.has(`${stem} ${k}`)) k++;
  return `${stem} ${k}`;
}

/** Adds a node of `kind` with its top-left corner at the absolute point `at` (inside the zone there, if any). */
export function addNode(design: Design, kind: string, at: Position): { design: Design; id: string } {
  const spec = kindSpec(kind);
  if (!spec) throw new Error(`unknown kind ${kind}`);
  const id = freshId(kind, takenIds(design));
  const probe = spec.container
    ? at
    : { x: at.x + APPROX_NODE_SIZE.width / 2, y: at.y + APPROX_NODE_SIZE.height / 2 };
  const parentId = zoneAt(design, probe);
  let position = { x: snap(at.x), y: snap(at.y) };
  if (parentId !== undefined) {
    const pa = absolutePosition(parentId, nodeById(design));
    position = { x: snap(at.x - pa.x), y: snap(at.y - pa.y) };
  }
  const node: DesignNode = { id, kind, position, params: {} };
  // The first of a kind shows the kind's name; the next ones are numbered ("Service 2"), so
  // that three services added from the palette are not three boxes called "Service".
  const name = freshName(spec.label, new Set(design.nodes.map(nodeName)));
  if (name !== spec.label) node.label = name;
  if (parentId !== undefined) node.parentId = parentId;
  if (spec.container) node.size = { ...DEFAULT_ZONE_SIZE };
  // Zones go first so that they are drawn beneath everything else.
  const nodes = spec.container ? [node, ...design.nodes] : [...design.nodes, node];
  return { design: { ...design, nodes }, id };
}

export function updateNode(design: Design, id: string, patch: (n: DesignNode) => DesignNode): Design {
  let changed = false;
  const nodes = design.nodes.map((n) => {
    if (n.id !== id) return n;
    const m = patch(n);
    if (m !== n) changed = true;
    return m;
  });
  return changed ? { ...design, nodes } : design;
}

/** The label stored for typed text: trimmed, and none when empty or the kind's own name. */
export function labelToStore(text: string, kindLabel: string | undefined): string | undefined {
  const t = text.trim().slice(0, 200);
  return t && t !== kindLabel ? t : undefined;
}

export function renameNode(design: Design, id: string, label: string): Design {
  return updateNode(design, id, (n) => {
    const text = labelToStore(label, kindSpec(n.kind)?.label);
    const { label: _old, ...rest } = n;
    if (text === undefined) return n.label === undefined ? n : rest;
    return n.label === text ? n : { ...rest, label: text };
  });
}

export function moveNodes(design: Design, positions: ReadonlyMap<string, Position>): Design {
  if (positions.size === 0) return design;
  let changed = false;
  const nodes = design.nodes.map((n) => {
    const p = positions.get(n.id);
    if (!p || (n.position && n.position.x === p.x && n.position.y === p.y)) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  return changed ? { ...design, nodes } : design;
}

/** Moves the given nodes by (dx, dy), skipping nodes whose zone also moves (they follow it). */
export function nudge(design: Design, ids: readonly string[], dx: number, dy: number): Design {
  const set = new Set(ids);
  const byId = nodeById(design);
  const m = new Map<string, Position>();
  for (const id of ids) {
    const n = byId.get(id);
    if (!n) continue;
    let p = n.parentId;
    let parentMoves = false;
    while (p !== undefined) {
      if (set.has(p)) parentMoves = true;
      p = byId.get(p)?.parentId;
      if (parentMoves) break;
    }
    if (parentMoves) continue;
    m.set(id, { x: (n.position?.x ?? 0) + dx, y: (n.position?.y ?? 0) + dy });
  }
  return moveNodes(design, m);
}

/**
 * Room between a zone's border and the nodes in it (the top keeps its title bar clear):
 * where the auto layout puts a zone's first child, and how far inside a node moved into a
 * zone is kept.
 */
const ZONE_INSET = { x: 24, y: 44 };

/**
 * Puts a node into `parentId` (or onto the canvas when undefined), keeping it where it is on
 * screen. Given the node's `size`, a node that joins a zone by its centre but hangs over the
 * zone's border is moved just inside (when it fits), so that it is drawn where it belongs.
 */
export function reparent(
  design: Design,
  id: string,
  parentId: string | undefined,
  size?: { width: number; height: number },
): Design {
  const byId = nodeById(design);
  const n = byId.get(id);
  if (!n || n.parentId === parentId) return design;
  if (parentId !== undefined && (!byId.has(parentId) || isInside(parentId, id, byId))) return design;
  const abs = absolutePosition(id, byId);
  const pa = parentId !== undefined ? absolutePosition(parentId, byId) : { x: 0, y: 0 };
  const { parentId: _old, ...rest } = n;
  const position = { x: abs.x - pa.x, y: abs.y - pa.y };
  const zone = parentId !== undefined ? byId.get(parentId) : undefined;
  if (zone && size) {
    const z = zoneSize(zone);
    // Only a node over the border moves, to the inset (the sides' inset at the bottom too:
    // only the top has a title bar); one wholly inside stays where it was dropped.
    const fit = (v: number, extent: number, zone: number, lo: number, hi: number) =>
      (v < 0 || v + extent > zone) && hi >= lo ? Math.min(hi, Math.max(lo, v)) : v;
    position.x = fit(position.x, size.width, z.width, ZONE_INSET.x, z.width - size.width - ZONE_INSET.x);
    position.y = fit(position.y, size.height, z.height, ZONE_INSET.y, z.height - size.height - ZONE_INSET.x);
  }
  const moved: DesignNode = { ...rest, position };
  if (parentId !== undefined) moved.parentId = parentId;
  let nodes = design.nodes.map((x) => (x.id === id ? moved : x));
  // React Flow needs a zone before its children in the node list.
  if (parentId !== undefined) nodes = orderParentsFirst(nodes);
  return { ...design, nodes };
}

/** Stable order in which every zone precedes the nodes inside it. */
export function orderParentsFirst(nodes: DesignNode[]): DesignNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depth = (n: DesignNode) => {
    let d = 0;
    let c = n;
    const seen = new Set<string>();
    while (c.parentId !== undefined && byId.has(c.parentId) && !seen.has(c.id) && d < 1000) {
      seen.add(c.id);
      c = byId.get(c.parentId)!;
      d++;
    }
    return d;
  };
  const depths = new Map(nodes.map((n) => [n.id, depth(n)]));
  let sorted = true;
  const seen = new Set<string>();
  for (const n of nodes) {
    if (n.parentId !== undefined && byId.has(n.parentId) && !seen.has(n.parentId)) sorted = false;
    seen.add(n.id);
  }
  if (sorted) return nodes;
  return nodes
    .map((n, i) => ({ n, i }))
    .sort((a, b) => depths.get(a.n.id)! - depths.get(b.n.id)! || a.i - b.i)
    .map((x) => x.n);
}

export function resizeZone(
  design: Design,
  id: string,
  size: { width: number; height: number },
  position?: Position,
): Design {
  return updateNode(design, id, (n) => {
    const s = { width: Math.max(80, Math.round(size.width)), height: Math.max(60, Math.round(size.height)) };
    const same = n.size?.width === s.width && n.size?.height === s.height;
    const samePos = !position || (n.position?.x === position.x && n.position?.y === position.y);
    if (same && samePos) return n;
    return { ...n, size: s, ...(position ? { position: { x: position.x, y: position.y } } : {}) };
  });
}

/** A layout's result: where nodes go (relative to their zone) and the zones' new sizes. */
export interface Layout {
  positions: ReadonlyMap<string, Position>;
  sizes?: ReadonlyMap<string, { width: number; height: number }>;
}

/** The design with a layout in place: nodes moved, zones resized around what they now hold. */
export function withLayout(design: Design, layout: Layout): Design {
  let d = moveNodes(design, layout.positions);
  if (layout.sizes) for (const [id, s] of layout.sizes) d = resizeZone(d, id, s);
  return d;
}

// ---- params --------------------------------------------------------------------------

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The validator's problems for one param value (empty when it may be written). */
export function paramProblems(spec: ParamSpec, value: unknown, path = ''): Problem[] {
  const problems: Problem[] = [];
  resolveParam(spec, value, path, problems);
  return problems;
}

/**
 * Sets (or with `undefined` removes) one top-level param in a sparse params object. A value
 * that resolves to the catalog default is removed so saved files stay sparse. Invalid
 * values are refused (returns null).
 */
export function setParam(
  params: Record<string, unknown> | undefined,
  key: string,
  spec: ParamSpec,
  value: unknown,
): Record<string, unknown> | null {
  const cur = params ?? {};
  if (value !== undefined && paramProblems(spec, value).length) return null;
  const isDefault = value === undefined || deepEqual(resolveParam(spec, value, '', []), defaultOf(spec));
  if (isDefault) {
    if (!(key in cur)) return cur;
    const { [key]: _removed, ...rest } = cur;
    return rest;
  }
  if (deepEqual(cur[key], value)) return cur;
  return { ...cur, [key]: value };
}

export function setNodeParam(design: Design, id: string, key: string, value: unknown): Design | null {
  let refused = false;
  const out = updateNode(design, id, (n) => {
    const spec = kindSpec(n.kind)?.params[key];
    if (!spec) {
      refused = true;
      return n;
    }
    const params = setParam(n.params, key, spec, value);
    if (params === null) {
      refused = true;
      return n;
    }
    if (params === n.params || (n.params === undefined && Object.keys(params).length === 0)) return n;
    return { ...n, params };
  });
  return refused ? null : out;
}

export function updateEdge(design: Design, id: string, patch: (e: DesignEdge) => DesignEdge): Design {
  let changed = false;
  const edges = design.edges.map((e) => {
    if (e.id !== id) return e;
    const m = patch(e);
    if (m !== e) changed = true;
    return m;
  });
  return changed ? { ...design, edges } : design;
}

export function setEdgeParam(
  design: Design,
  id: string,
  key: string,
  spec: ParamSpec,
  value: unknown,
): Design | null {
  let refused = false;
  const out = updateEdge(design, id, (e) => {
    const params = setParam(e.params, key, spec, value);
    if (params === null) {
      refused = true;
      return e;
    }
    if (params === e.params || (e.params === undefined && Object.keys(params).length === 0)) return e;
    return { ...e, params };
  });
  return refused ? null : out;
}

// ---- edges ---------------------------------------------------------------------------

/** Why a connection from `source` to `target` is not allowed, or null when it is. */
export function connectionProblem(design: Design, source: string, target: string): string | null {
  const byId = nodeById(design);
  const s = byId.get(source);
  const t = byId.get(target);
  if (!s || !t) return 'both ends must be nodes';
  const ss = kindSpec(s.kind);
  const ts = kindSpec(t.kind);
  if (!ss || !ts) return 'unknown kind';
  if (ss.container || ts.container) return 'zones contain nodes; they are not connected';
  if (source === target) return `a node cannot call itself`;
  if (ss.outgoing === 'none') return `a ${ss.label.toLowerCase()} makes no calls`;
  if (!ts.acceptsCalls) return `a ${ts.label.toLowerCase()} does not accept calls`;
  if (design.edges.some((e) => e.source === source && e.target === target))
    return `${s.label ?? s.id} already calls ${t.label ?? t.id}`;
  if (ss.outgoing === 'one' && design.edges.some((e) => e.source === source))
    return `a ${ss.label.toLowerCase()} calls exactly one target; remove its edge first`;
  return null;
}

export function connect(
  design: Design,
  source: string,
  target: string,
): { ok: true; design: Design; id: string } | { ok: false; reason: string } {
  const reason = connectionProblem(design, source, target);
  if (reason) return { ok: false, reason };
  const id = freshEdgeId(takenIds(design));
  return { ok: true, id, design: { ...design, edges: [...design.edges, { id, source, target }] } };
}

// ---- deletion --------------------------------------------------------------------------

/** Removes nodes (with everything inside zones), edges, attached edges and faults that target them. */
export function deleteElements(
  design: Design,
  nodeIds: readonly string[],
  edgeIds: readonly string[],
): Design {
  if (!nodeIds.length && !edgeIds.length) return design;
  const byId = nodeById(design);
  const gone = new Set<string>();
  for (const n of design.nodes) if (nodeIds.some((id) => isInside(n.id, id, byId))) gone.add(n.id);
  const goneEdges = new Set(edgeIds);
  for (const e of design.edges) if (gone.has(e.source) || gone.has(e.target)) goneEdges.add(e.id);
  const nodes = design.nodes.filter((n) => !gone.has(n.id));
  const edges = design.edges.filter((e) => !goneEdges.has(e.id));
  if (nodes.length === design.nodes.length && edges.length === design.edges.length) return design;
  const out: Design = { ...design, nodes, edges };
  const faults = design.scenario?.faults;
  if (faults?.length) {
    const kept = faults.filter((f) => {
      const t = f.target;
      return !(typeof t === 'string' && (gone.has(t) || goneEdges.has(t)));
    });
    if (kept.length !== faults.length) out.scenario = { ...design.scenario, faults: kept };
  }
  return out;
}

/**
 * What deleting `nodeIds` and `edgeIds` took along unasked, from the design `before` and
 * `after` deleteElements: the contents of deleted zones (nodes not themselves named, and the
 * edges that go with them), as a sentence for a toast. Null when a zone's deletion took
 * nothing else.
 */
export function zoneDeletionNote(
  before: Design,
  after: Design,
  nodeIds: readonly string[],
  edgeIds: readonly string[],
): string | null {
  const byId = nodeById(before);
  const zones = nodeIds
    .map((id) => byId.get(id))
    .filter((n): n is DesignNode => n !== undefined && isContainer(n.kind));
  if (!zones.length) return null;
  const kept = new Set(after.nodes.map((n) => n.id));
  const named = new Set(nodeIds);
  const along = new Set(before.nodes.filter((n) => !kept.has(n.id) && !named.has(n.id)).map((n) => n.id));
  if (!along.size) return null;
  const keptEdges = new Set(after.edges.map((e) => e.id));
  const namedEdges = new Set(edgeIds);
  const edges = before.edges.filter(
    (e) => !keptEdges.has(e.id) && !namedEdges.has(e.id) && (along.has(e.source) || along.has(e.target)),
  ).length;
  const count = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  const what =
    zones.length === 1 ? `zone “${nodeName(zones[0])}” with its` : `${zones.length} zones with their`;
  const contents = edges
    ? `${count(along.size, 'node')} and ${count(edges, 'edge')}`
    : count(along.size, 'node');
  return `Deleted ${what} ${contents}. Undo brings them back.`;
}

// ---- clipboard fragments -----------------------------------------------------------------

export interface Fragment {
  spillway: 'fragment';
  version: 1;
  nodes: DesignNode[];
  edges: DesignEdge[];
}

export function isFragment(v: unknown): v is Fragment {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return (
    f.spillway === 'fragment' &&
    Array.isArray(f.nodes) &&
    Array.isArray(f.edges) &&
    f.nodes.every(
      (n) =>
        typeof n === 'object' &&
        n !== null &&
        typeof (n as DesignNode).id === 'string' &&
        typeof (n as DesignNode).kind === 'string' &&
        kindSpec((n as DesignNode).kind) !== undefined,
    ) &&
    f.edges.every(
      (e) =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as DesignEdge).source === 'string' &&
        typeof (e as DesignEdge).target === 'string',
    )
  );
}

/**
 * The selected nodes (and everything inside selected zones) and every edge whose both ends
 * are copied. Positions become absolute for nodes whose
 * zone is not copied.
 */
export function copyFragment(design: Design, nodeIds: readonly string[]): Fragment {
  const byId = nodeById(design);
  const ids = new Set<string>();
  for (const n of design.nodes) if (nodeIds.some((id) => isInside(n.id, id, byId))) ids.add(n.id);
  const nodes = design.nodes
    .filter((n) => ids.has(n.id))
    .map((n) => {
      if (n.parentId !== undefined && !ids.has(n.parentId)) {
        const { parentId: _p, ...rest } = n;
        return { ...rest, position: absolutePosition(n.id, byId) };
      }
      return n;
    });
  const edges = design.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { spillway: 'fragment', version: 1, nodes: structuredClone(nodes), edges: structuredClone(edges) };
}

/** Pastes a fragment with fresh ids, shifted by `offset`; returns the new ids for selection. */
export function pasteFragment(
  design: Design,
  fragment: Fragment,
  offset: Position,
): { design: Design; nodeIds: string[]; edgeIds: string[] } {
  const taken = takenIds(design);
  const map = new Map<string, string>();
  for (const n of fragment.nodes) {
    if (!kindSpec(n.kind)) continue;
    const id = freshId(n.id, taken);
    taken.add(id);
    map.set(n.id, id);
  }
  const nodes: DesignNode[] = [];
  // A copy gets a name of its own, as a node from the palette does ("Service 2" duplicated
  // is "Service 3"); pasted into a design without that name, it keeps it.
  const names = new Set(design.nodes.map(nodeName));
  for (const n of fragment.nodes) {
    const id = map.get(n.id);
    if (id === undefined) continue;
    const inside = n.parentId !== undefined && map.has(n.parentId);
    const { parentId: _p, ...rest } = n;
    const pos = n.position ?? { x: 0, y: 0 };
    const node: DesignNode = {
      ...structuredClone(rest),
      id,
      position: inside ? { ...pos } : { x: pos.x + offset.x, y: pos.y + offset.y },
    };
    const name = freshName(nodeName(n), names);
    names.add(name);
    if (name !== nodeName(n)) node.label = name;
    if (inside) node.parentId = map.get(n.parentId!)!;
    nodes.push(node);
  }
  const edges: DesignEdge[] = [];
  for (const e of fragment.edges) {
    const s = map.get(e.source);
    const t = map.get(e.target);
    if (s === undefined || t === undefined) continue;
    const id = freshEdgeId(taken);
    taken.add(id);
    edges.push({ ...structuredClone(e), id, source: s, target: t });
  }
  const all = orderParentsFirst([...design.nodes, ...nodes]);
  // Zones first overall, so that pasted zones sit beneath existing nodes.
  return {
    design: { ...design, nodes: all, edges: [...design.edges, ...edges] },
    nodeIds: nodes.map((n) => n.id),
    edgeIds: edges.map((e) => e.id),
  };
}

// ---- scenario ----------------------------------------------------------------------------

export function setScenario(design: Design, patch: Partial<NonNullable<Design['scenario']>>): Design {
  const scenario = { ...(design.scenario ?? {}), ...patch };
  for (const k of Object.keys(patch) as (keyof typeof patch)[])
    if (patch[k] === undefined) delete scenario[k];
  return { ...design, scenario };
}

export function faultsOf(design: Design): Array<Record<string, unknown>> {
  return design.scenario?.faults ?? [];
}

export function setFaults(design: Design, faults: Array<Record<string, unknown>>): Design {
  return setScenario(design, { faults });
}

/**
 * Gives every node a position (the canvas needs one; a file may leave them out).
 * - None has one: a grid for now, and `needsLayout` says so; the editor then lays the design
 *   out with the auto layout (elkjs, asynchronous) as it opens, the grid being what stays if
 *   that fails.
 * - Some have one: the user placed those, so they stay exactly where they are, and only the
 *   others are placed, synchronously, next to their neighbours (see placeMissing). Laying out
 *   everything would throw away the user's arrangement for the sake of one new node.
 */
export function withPositions(design: Design): { design: Design; needsLayout: boolean } {
  if (design.nodes.every((n) => n.position)) return { design, needsLayout: false };
  if (design.nodes.some((n) => n.position))
    return { design: { ...design, nodes: orderParentsFirst(placeMissing(design)) }, needsLayout: false };
  let i = 0;
  const nodes = design.nodes.map((n) => {
    const k = i++;
    return { ...n, position: { x: (k % 5) * 300, y: Math.floor(k / 5) * 140 } };
  });
  return { design: { ...design, nodes: orderParentsFirst(nodes) }, needsLayout: true };
}

/** Room kept between a placed node and the next: a column gap for the edges, a row gap. */
const PLACE_GAP = { x: 90, y: 36 };

/**
 * Positions for the nodes that have none, leaving the others untouched. A node goes right of
 * the placed nodes that call it (on the first caller's row), else left of a placed node it
 * calls, else (no placed neighbour in its zone) at the top left of its zone, or below what is
 * on the canvas; then down, a row at a time, until it overlaps nothing beside it (nodes with
 * the same parent: positions are relative to it). Placed nodes become anchors for the rest,
 * so a missing chain grows from its placed end.
 */
function placeMissing(design: Design): DesignNode[] {
  const byId = nodeById(design);
  const pos = new Map<string, Position>();
  for (const n of design.nodes) if (n.position) pos.set(n.id, n.position);
  const size = (n: DesignNode) => (isContainer(n.kind) ? zoneSize(n) : APPROX_NODE_SIZE);
  const parentOf = (n: DesignNode) =>
    n.parentId !== undefined && byId.has(n.parentId) ? n.parentId : undefined;
  const callers = new Map<string, DesignNode[]>();
  const callees = new Map<string, DesignNode[]>();
  for (const e of design.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t || s === t) continue;
    if (!callers.has(t.id)) callers.set(t.id, []);
    callers.get(t.id)!.push(s);
    if (!callees.has(s.id)) callees.set(s.id, []);
    callees.get(s.id)!.push(t);
  }
  const placedBeside = (n: DesignNode, list: DesignNode[] | undefined) =>
    (list ?? []).filter((m) => pos.has(m.id) && parentOf(m) === parentOf(n));

  /** Takes the first free row at or below `at` among the node's placed siblings. */
  const settle = (n: DesignNode, at: Position) => {
    const s = size(n);
    const siblings = design.nodes
      .filter((m) => m !== n && pos.has(m.id) && parentOf(m) === parentOf(n))
      .map((m) => ({ ...pos.get(m.id)!, ...size(m) }));
    const x = at.x;
    let y = at.y;
    for (let guard = 0; guard <= siblings.length; guard++) {
      const hit = siblings.find(
        (b) =>
          x < b.x + b.width + PLACE_GAP.y &&
          b.x < x + s.width + PLACE_GAP.y &&
          y < b.y + b.height + PLACE_GAP.y &&
          b.y < y + s.height + PLACE_GAP.y,
      );
      if (!hit) break;
      y = hit.y + hit.height + PLACE_GAP.y;
    }
    pos.set(n.id, { x: snap(x), y: snap(y) });
  };

  /** Beside a placed neighbour in the same zone, or null when it has none. */
  const besideNeighbour = (n: DesignNode): Position | null => {
    const from = placedBeside(n, callers.get(n.id));
    if (from.length) {
      const right = Math.max(...from.map((m) => pos.get(m.id)!.x + size(m).width));
      return { x: right + PLACE_GAP.x, y: pos.get(from[0].id)!.y };
    }
    const to = placedBeside(n, callees.get(n.id));
    if (to.length) {
      const left = Math.min(...to.map((m) => pos.get(m.id)!.x));
      return { x: left - PLACE_GAP.x - size(n).width, y: pos.get(to[0].id)!.y };
    }
    return null;
  };

  /** No placed neighbour: the zone's top left, or a new row below what is on the canvas. */
  const onItsOwn = (n: DesignNode): Position => {
    if (parentOf(n) !== undefined) return { ...ZONE_INSET };
    const top = design.nodes.filter((m) => pos.has(m.id) && parentOf(m) === undefined);
    if (!top.length) return { x: 0, y: 0 };
    return {
      x: Math.min(...top.map((m) => pos.get(m.id)!.x)),
      y: Math.max(...top.map((m) => pos.get(m.id)!.y + size(m).height)) + PLACE_GAP.y,
    };
  };

  let missing = design.nodes.filter((n) => !n.position);
  while (missing.length) {
    let progress = false;
    for (const n of missing) {
      const at = besideNeighbour(n);
      if (at) {
        settle(n, at);
        progress = true;
      }
    }
    if (!progress) settle(missing[0], onItsOwn(missing[0]));
    missing = missing.filter((n) => !pos.has(n.id));
  }
  return design.nodes.map((n) => (n.position ? n : { ...n, position: pos.get(n.id)! }));
}

/** Every kind in the catalog (for tests and the palette). */
export const ALL_KINDS = Object.values(KINDS);
