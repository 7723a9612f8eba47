/**
 * Auto-layout with elkjs (layered, left to right), zones laid out with their contents.
 * Loaded on demand: elkjs is large and first paint does not need it. In the browser ELK runs
 * in its own Web Worker: a design of a few hundred nodes takes ELK most of a second (1000
 * nodes: seconds), which on the main thread froze the tab, and a design opened without
 * positions is laid out as it opens.
 */
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Design, DesignEdge, DesignNode, Position } from '../model';
import { isTrafficSource } from '../model/kinds';
import { nodeData } from '../state/flow';
import { APPROX_NODE_SIZE, isContainer, zoneSize } from '../state/ops';
import { estimateMeasure } from './export/fitText';

export interface LayoutResult {
  positions: Map<string, Position>;
  sizes: Map<string, { width: number; height: number }>;
}

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  // Cycles (a worker calling back into the service that fed its queue, A→B→A) are broken by
  // reversing the edges that go against the children's order, which flowOrder() sets along
  // the calls from the clients. ELK's default (GREEDY) reversed whatever suited its heuristic:
  // a queue's worker landed left of the service feeding it, a service left of its client.
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  // Every node at its longest distance from a source: clients (sources) form the first column.
  // Network simplex pulled a client with a short chain towards its callee, into the middle.
  'elk.layered.layering.strategy': 'LONGEST_PATH_SOURCE',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  // Nodes in one column: a 36 px gap, plus room for the live row (about 36 px) that a run adds
  // under every node, so that stacked nodes do not touch once a run starts.
  'elk.spacing.nodeNode': '72',
  'elk.spacing.componentComponent': '60',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
};

/**
 * For a design with zones: nodes and zones keep their flow order (flowOrder) down a column
 * where that costs no crossings. Three zones a balancer feeds came out C, A, B from the top.
 */
const ZONED_OPTIONS = { 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES' };

/** Space a zone leaves around its contents: its title bar above, 24 px on the other sides. */
export const ZONE_PADDING = { top: 44, left: 24, bottom: 24, right: 24 } as const;

/** The smallest zone the layout makes: room for a single narrow node under the title bar. */
const ZONE_MIN = { width: 300, height: 120 };

/** Spacing options hold per graph: a zone's own contents were packed 20 px apart (ELK's default). */
function zoneOptions(n: DesignNode): Record<string, string> {
  const { top, left, bottom, right } = ZONE_PADDING;
  return {
    'elk.padding': `[top=${top},left=${left},bottom=${bottom},right=${right}]`,
    'elk.layered.spacing.nodeNodeBetweenLayers': ROOT_OPTIONS['elk.layered.spacing.nodeNodeBetweenLayers'],
    'elk.spacing.nodeNode': ROOT_OPTIONS['elk.spacing.nodeNode'],
    // Room for the zone's title bar (name and summary) however little it holds.
    'elk.nodeSize.constraints': 'MINIMUM_SIZE',
    'elk.nodeSize.minimum': `(${Math.max(ZONE_MIN.width, zoneTitleWidth(n))}, ${ZONE_MIN.height})`,
  };
}

const titleLabel = estimateMeasure(13, true);
const titleSummary = estimateMeasure(11.5);

/**
 * The width a zone needs to show its name and summary whole, as app.css draws its title bar
 * (.sw-zone__bar): a 1.5 px border and 10 px padding each side, the 14 px icon, 6 px gaps,
 * the name in 13 px semibold and the summary in 11.5 px, which gets at most half the bar.
 * Text widths are estimated on the wide side (fitText's estimate): a zone 300 px wide cut
 * "eu-west-1b · +1 ms across" short.
 */
export function zoneTitleWidth(n: DesignNode): number {
  const { label, summary } = nodeData(n);
  const chrome = 2 * 1.5 + 2 * 10;
  const name = 14 + 6 + titleLabel(label);
  if (!summary) return Math.ceil(chrome + name);
  const s = titleSummary(summary);
  return Math.ceil(chrome + Math.max(name + 6 + s, 2 * s));
}

/** Longer than any sane layout; a worker that never answers (a failed load) must not hang us. */
const LAYOUT_TIMEOUT_MS = 20_000;

let engine: Promise<ELK> | null = null;

function elkEngine(): Promise<ELK> {
  if (engine) return engine;
  const loading = (async () => {
    if (typeof Worker === 'undefined') {
      // Node (tests, tools): the bundled build runs in this thread.
      const { default: ElkBundled } = await import('elkjs/lib/elk.bundled.js');
      return new ElkBundled();
    }
    const [{ default: ElkApi }, { default: workerUrl }] = await Promise.all([
      import('elkjs/lib/elk-api.js'),
      import('elkjs/lib/elk-worker.min.js?url'),
    ]);
    return new ElkApi({ workerUrl });
  })();
  // A failed load (a chunk the network dropped) is not kept: the next layout tries again
  // rather than failing for the rest of the session.
  const kept: Promise<ELK> = loading.catch((e: unknown) => {
    if (engine === kept) engine = null;
    throw e;
  });
  engine = kept;
  return kept;
}

/** Drops the engine (its worker is stopped): the next layout starts a fresh one. */
function dropEngine(e: ELK) {
  if (!engine) return;
  engine = null;
  try {
    e.terminateWorker();
  } catch {
    // the bundled build has no worker to stop
  }
}

/**
 * Past this much layout work (layoutWork) ELK cannot finish in LAYOUT_TIMEOUT_MS, and the
 * layout is not tried. ELK's time grows faster than the work (in Node on a 2-core VM: 4,700
 * units 2.9 s, 9,000 4.5 s; a 100-service full mesh, 176,000 units, 5.4 minutes), so this
 * leaves room for a slower machine while sparing a hopeless case its 20 s on a busy core.
 */
export const LAYOUT_WORK_MAX = 50_000;

/**
 * A rough measure of ELK's work on a design: nodes, calls, and the columns every call skips
 * (ELK lays a long call out through a dummy node in each column it crosses, and those are
 * most of the work on a dense design). The columns are the layering ELK is asked for (each
 * node at its longest distance from a client), over the calls between nodes with the loops
 * set aside as flowRank sets them aside; zones are left out.
 */
export function layoutWork(design: Design, edges: readonly DesignEdge[] = placementEdges(design)): number {
  const ids = design.nodes.filter((n) => !isContainer(n.kind)).map((n) => n.id);
  const known = new Set(ids);
  const calls = edges.filter((e) => e.source !== e.target && known.has(e.source) && known.has(e.target));
  const starts = new Set(design.nodes.filter((n) => isTrafficSource(n.kind)).map((n) => n.id));
  const rank = flowRank(
    ids,
    calls.map((e) => [e.source, e.target]),
    starts,
  );
  // Every call from the earlier node of its two to the later (a loop's call is turned round).
  const into = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of calls) {
    const [a, b] = rank.get(e.source)! < rank.get(e.target)! ? [e.source, e.target] : [e.target, e.source];
    into.get(b)!.push(a);
  }
  const column = new Map<string, number>();
  for (const id of [...ids].sort((p, q) => rank.get(p)! - rank.get(q)!))
    column.set(
      id,
      into.get(id)!.reduce((m, a) => Math.max(m, column.get(a)! + 1), 0),
    );
  let skipped = 0;
  for (const e of calls) skipped += Math.max(0, Math.abs(column.get(e.target)! - column.get(e.source)!) - 1);
  return design.nodes.length + edges.length + skipped;
}

export async function layoutDesign(
  design: Design,
  measured: Readonly<Record<string, { width: number; height: number }>>,
): Promise<LayoutResult> {
  // Children in flow order: the cycle breaking reverses the edges that go against it.
  const edges = placementEdges(design);
  if (layoutWork(design, edges) > LAYOUT_WORK_MAX)
    throw new Error(
      `the design is too densely connected to lay out in time: ${edges.length.toLocaleString('en-US')} calls over ${design.nodes.length.toLocaleString('en-US')} nodes`,
    );
  const elkNodes = new Map<string, ElkNode>();
  for (const n of design.nodes) {
    const zone = isContainer(n.kind);
    const size = zone ? zoneSize(n) : (measured[n.id] ?? APPROX_NODE_SIZE);
    elkNodes.set(n.id, {
      id: n.id,
      width: size.width,
      height: size.height,
      ...(zone
        ? {
            children: [],
            layoutOptions: zoneOptions(n),
          }
        : {}),
    });
  }
  // Children in flow order: the cycle breaking reverses the edges that go against it.
  const rank = flowOrder(design, edges);
  const zoned = design.nodes.some((n) => n.parentId !== undefined && elkNodes.has(n.parentId));
  const root: ElkNode = {
    id: '__root',
    layoutOptions: zoned ? { ...ROOT_OPTIONS, ...ZONED_OPTIONS } : ROOT_OPTIONS,
    children: [],
    edges: [],
  };
  for (const n of [...design.nodes].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!)) {
    const parent = n.parentId !== undefined ? elkNodes.get(n.parentId) : undefined;
    (parent?.children ?? root.children!).push(elkNodes.get(n.id)!);
  }
  // Zones with nothing inside keep their size (ELK sized one given a minimum down to it, while
  // the canvas kept the zone's own: what ELK put beside it overlapped it).
  for (const en of elkNodes.values())
    if (en.children && en.children.length === 0) {
      delete en.children;
      delete en.layoutOptions;
    }
  root.edges = edges.map((e): ElkExtendedEdge => ({
    id: e.id,
    sources: [e.source],
    targets: [e.target],
  }));

  const elk = await elkEngine();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let out: ElkNode;
  try {
    out = await Promise.race([
      elk.layout(root),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the layout took too long')), LAYOUT_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    dropEngine(elk);
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const positions = new Map<string, Position>();
  const sizes = new Map<string, { width: number; height: number }>();
  // Level by level, with a list rather than recursion: zones nest (at most LIMITS.zoneDepth
  // deep in a valid design, but Shift+L lays out whatever is on the canvas).
  const parents: ElkNode[] = [out];
  for (let n = parents.pop(); n; n = parents.pop()) {
    for (const c of n.children ?? []) {
      positions.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
      if (c.children && c.children.length) {
        widenToColumn(c, n.children!);
        sizes.set(c.id, { width: Math.round(c.width ?? 0), height: Math.round(c.height ?? 0) });
        parents.push(c);
      }
    }
  }
  return { positions, sizes };
}

/**
 * Zones stacked in one column (ELK lines a column's nodes up on the left) share its width, as
 * long as that covers nothing else: two zones a balancer feeds read as a pair, and a call
 * rising out of the narrower one crossed its summary.
 */
function widenToColumn(zone: ElkNode, siblings: ElkNode[]) {
  const x = zone.x ?? 0;
  const y = zone.y ?? 0;
  const h = zone.height ?? 0;
  const right = Math.max(
    ...siblings.filter((s) => Math.abs((s.x ?? 0) - x) < 0.5).map((s) => (s.x ?? 0) + (s.width ?? 0)),
  );
  if (right <= x + (zone.width ?? 0)) return;
  const covers = siblings.some(
    (s) =>
      s !== zone &&
      (s.x ?? 0) < right &&
      x < (s.x ?? 0) + (s.width ?? 0) &&
      (s.y ?? 0) < y + h &&
      y < (s.y ?? 0) + (s.height ?? 0),
  );
  if (!covers) zone.width = right - x;
}

/** Zones around the nodes: the parent of each, and the chain from a node out to the canvas. */
interface Nesting {
  byId: Map<string, DesignNode>;
  /** The zone a node sits in (undefined: the canvas). */
  parentOf(id: string): string | undefined;
  /** The node, then each zone around it, innermost first. */
  chain(id: string): string[];
}

function nesting(design: Design): Nesting {
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  const parentOf = (id: string) => {
    const p = byId.get(id)!.parentId;
    return p !== undefined && byId.has(p) ? p : undefined;
  };
  const chain = (id: string): string[] => {
    const out = [id];
    for (let p = parentOf(id); p !== undefined && !out.includes(p); p = parentOf(p)) out.push(p);
    return out;
  };
  return { byId, parentOf, chain };
}

/**
 * A call lifted to the level where ELK sees it: the two children of the innermost zone (or
 * of the canvas) holding both ends, the one the call leaves and the one it enters (a call
 * from a node in zone B to one in zone A is a call from B to A). Undefined for a call within
 * one node.
 */
function lift(nest: Nesting, source: string, target: string) {
  const from = nest.chain(source);
  const to = nest.chain(target);
  for (const a of from) {
    const container = nest.parentOf(a);
    if (container !== undefined && !to.includes(container)) continue;
    const b = container === undefined ? to[to.length - 1] : to[to.indexOf(container) - 1];
    return b !== undefined && a !== b ? { container, a, b } : undefined;
  }
  return undefined;
}

/**
 * The calls the layout goes by. ELK lays a zone out as one block among its neighbours, so a
 * call from zone B into zone A puts all of B before all of A. Where a balancer feeds both
 * zones at once and B's API calls the database in A (the zone-outage example), that put B
 * left of A and drew the balancer's call into A behind B's card. So a call between two zones
 * that the calls from outside them both first reach in the same column (the design's columns
 * with its zones left out) is left out of the layout: the two zones stack in that column.
 * Every other call counts (a zone only another zone calls into still comes after it), and
 * the canvas draws every call either way.
 */
export function placementEdges(design: Design): DesignEdge[] {
  const nest = nesting(design);
  const edges = design.edges.filter((e) => nest.byId.has(e.source) && nest.byId.has(e.target));
  if (!design.nodes.some((n) => nest.parentOf(n.id) !== undefined)) return edges;
  const zoneCalls = edges.map((e) => ({ e, l: lift(nest, e.source, e.target) }));
  const isZone = (id: string) => isContainer(nest.byId.get(id)!.kind);
  if (!zoneCalls.some(({ l }) => l && isZone(l.a) && isZone(l.b))) return edges;

  // Each node's column with the zones left out: its longest distance along the calls from a
  // client (or a node nobody calls), the calls that close a loop set aside.
  const leaves = design.nodes.filter((n) => !isContainer(n.kind)).map((n) => n.id);
  const isLeaf = new Set(leaves);
  const calls = edges.filter((e) => e.source !== e.target && isLeaf.has(e.source) && isLeaf.has(e.target));
  const starts = new Set(leaves.filter((id) => isTrafficSource(nest.byId.get(id)!.kind)));
  const rank = flowRank(
    leaves,
    calls.map((e) => [e.source, e.target]),
    starts,
  );
  const into = new Map<string, string[]>(leaves.map((id) => [id, []]));
  for (const e of calls) if (rank.get(e.source)! < rank.get(e.target)!) into.get(e.target)!.push(e.source);
  const column = new Map<string, number>();
  for (const id of [...leaves].sort((p, q) => rank.get(p)! - rank.get(q)!))
    column.set(id, Math.max(0, ...into.get(id)!.map((a) => column.get(a)! + 1)));

  // The calls into each zone from outside it: the column they reach, the zones they come from.
  const entering = new Map<string, Array<{ column: number; from: string[] }>>();
  for (const e of calls) {
    const from = nest.chain(e.source);
    for (const z of nest.chain(e.target).slice(1)) {
      if (from.includes(z)) break;
      if (!entering.has(z)) entering.set(z, []);
      entering.get(z)!.push({ column: column.get(e.target)!, from });
    }
  }
  /** The first column where a call from outside both `zone` and `other` reaches into `zone`. */
  const entry = (zone: string, other: string) =>
    (entering.get(zone) ?? []).reduce(
      (m, c) => (c.from.includes(other) ? m : Math.min(m, c.column)),
      Infinity,
    );
  const side = new Map<string, boolean>();
  const sideBySide = (a: string, b: string) => {
    const key = a < b ? `${a}\0${b}` : `${b}\0${a}`;
    if (!side.has(key)) {
      const ea = entry(a, b);
      side.set(key, ea !== Infinity && ea === entry(b, a));
    }
    return side.get(key)!;
  };
  return zoneCalls
    .filter(({ l }) => !l || !isZone(l.a) || !isZone(l.b) || !sideBySide(l.a, l.b))
    .map(({ e }) => e);
}

/**
 * Rank of every node along the call direction, among the nodes beside it (same zone, or the
 * canvas): ELK orders each zone's children, and the canvas's, on their own. At each level
 * the calls the layout goes by (placementEdges) are lifted to the children they start and
 * end in, and the children are ranked by flowRank.
 */
export function flowOrder(design: Design, edges = placementEdges(design)): Map<string, number> {
  const nest = nesting(design);
  const levels = new Map<string | undefined, { items: string[]; calls: Array<[string, string]> }>();
  const level = (container: string | undefined) => {
    if (!levels.has(container)) levels.set(container, { items: [], calls: [] });
    return levels.get(container)!;
  };
  for (const n of design.nodes) level(nest.parentOf(n.id)).items.push(n.id);
  // A zone holding a client starts the flow at its level as a client does.
  const starts = new Set<string>();
  for (const n of design.nodes) if (isTrafficSource(n.kind)) for (const a of nest.chain(n.id)) starts.add(a);
  for (const e of edges) {
    const l = lift(nest, e.source, e.target);
    if (l) level(l.container).calls.push([l.a, l.b]);
  }
  const rank = new Map<string, number>();
  for (const { items, calls } of levels.values())
    for (const [id, r] of flowRank(items, calls, starts)) rank.set(id, r);
  return rank;
}

/**
 * A topological order of `items` once the calls that close a cycle are set aside. Those are
 * found by a depth-first walk that starts at the clients (`starts`), then at items nobody
 * calls, so the call that closes a loop is the one back towards the clients (a worker
 * calling the service that fed its queue), never the main chain. Ties go to the item the
 * walk reached first, so siblings keep the order of the calls.
 */
function flowRank(items: string[], calls: Array<[string, string]>, starts: Set<string>): Map<string, number> {
  const out = new Map<string, string[]>(items.map((id) => [id, []]));
  const callers = new Map<string, number>(items.map((id) => [id, 0]));
  for (const [a, b] of calls) {
    out.get(a)!.push(b);
    callers.set(b, callers.get(b)! + 1);
  }
  const order = [
    ...items.filter((id) => starts.has(id)),
    ...items.filter((id) => !starts.has(id) && callers.get(id) === 0),
    ...items,
  ];

  // Depth-first walk (iterative: a long chain must not overflow the stack).
  const discovered = new Map<string, number>();
  const done = new Set<string>();
  const back = new Set<string>(); // "source\0target" of the calls that close a cycle
  for (const s of order) {
    if (discovered.has(s)) continue;
    discovered.set(s, discovered.size);
    const stack: Array<{ id: string; next: number }> = [{ id: s, next: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const targets = out.get(top.id)!;
      if (top.next === targets.length) {
        done.add(top.id);
        stack.pop();
        continue;
      }
      const t = targets[top.next++];
      if (!discovered.has(t)) {
        discovered.set(t, discovered.size);
        stack.push({ id: t, next: 0 });
      } else if (!done.has(t)) back.add(`${top.id}\0${t}`);
    }
  }

  // Kahn's algorithm on the acyclic rest, taking the earliest discovered item first.
  const waiting = new Map<string, number>(items.map((id) => [id, 0]));
  for (const [a, b] of calls) if (!back.has(`${a}\0${b}`)) waiting.set(b, waiting.get(b)! + 1);
  const ready = items.filter((id) => waiting.get(id) === 0);
  const rank = new Map<string, number>();
  while (ready.length) {
    let best = 0;
    for (let i = 1; i < ready.length; i++)
      if (discovered.get(ready[i])! < discovered.get(ready[best])!) best = i;
    const id = ready.splice(best, 1)[0];
    rank.set(id, rank.size);
    for (const t of out.get(id)!) {
      if (back.has(`${id}\0${t}`)) continue;
      const left = waiting.get(t)! - 1;
      waiting.set(t, left);
      if (left === 0) ready.push(t);
    }
  }
  return rank;
}
