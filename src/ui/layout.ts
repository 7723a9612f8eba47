/**
 * Auto-layout with elkjs (layered, left to right), zones laid out with their contents.
 * Loaded on demand: elkjs is large and first paint does not need it. In the browser ELK runs
 * in its own Web Worker: a design of a few hundred nodes takes ELK most of a second (1000
 * nodes: seconds), which on the main thread froze the tab, and a design opened without
 * positions is laid out as it opens.
 */
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Design, Position } from '../model';
import { isTrafficSource } from '../model/kinds';
import { APPROX_NODE_SIZE, isContainer, zoneSize } from '../state/ops';

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

/** Spacing options hold per graph: a zone's own contents were packed 20 px apart (ELK's default). */
const ZONE_OPTIONS = {
  'elk.padding': '[top=44,left=24,bottom=24,right=24]',
  'elk.layered.spacing.nodeNodeBetweenLayers': ROOT_OPTIONS['elk.layered.spacing.nodeNodeBetweenLayers'],
  'elk.spacing.nodeNode': ROOT_OPTIONS['elk.spacing.nodeNode'],
  // Room for the zone's title bar (name and summary) over a single narrow node.
  'elk.nodeSize.constraints': 'MINIMUM_SIZE',
  'elk.nodeSize.minimum': '(300, 120)',
};

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

export async function layoutDesign(
  design: Design,
  measured: Readonly<Record<string, { width: number; height: number }>>,
): Promise<LayoutResult> {
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
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
            layoutOptions: ZONE_OPTIONS,
          }
        : {}),
    });
  }
  // Children in flow order: the cycle breaking reverses the edges that go against it.
  const rank = flowOrder(design);
  const root: ElkNode = { id: '__root', layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  for (const n of [...design.nodes].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!)) {
    const parent = n.parentId !== undefined ? elkNodes.get(n.parentId) : undefined;
    (parent?.children ?? root.children!).push(elkNodes.get(n.id)!);
  }
  // Zones with nothing inside keep their size.
  for (const en of elkNodes.values()) if (en.children && en.children.length === 0) delete en.children;
  root.edges = design.edges
    .filter((e) => byId.has(e.source) && byId.has(e.target))
    .map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.source], targets: [e.target] }));

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
  const walk = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      positions.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
      if (c.children && c.children.length)
        sizes.set(c.id, { width: Math.round(c.width ?? 0), height: Math.round(c.height ?? 0) });
      walk(c);
    }
  };
  walk(out);
  return { positions, sizes };
}

/**
 * Rank of every node along the call direction, among the nodes beside it (same zone, or the
 * canvas): ELK orders each zone's children, and the canvas's, on their own. At each level
 * the calls are lifted to the children they start and end in (a call from a node in zone B
 * to one in zone A is a call from B to A), and the children are ranked by flowRank.
 */
export function flowOrder(design: Design): Map<string, number> {
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  /** The node, then each zone around it, innermost first. */
  const chain = (id: string): string[] => {
    const out = [id];
    for (
      let p = byId.get(id)!.parentId;
      p !== undefined && byId.has(p) && !out.includes(p);
      p = byId.get(p)!.parentId
    )
      out.push(p);
    return out;
  };
  const parentOf = (id: string) => {
    const p = byId.get(id)!.parentId;
    return p !== undefined && byId.has(p) ? p : undefined;
  };
  const levels = new Map<string | undefined, { items: string[]; calls: Array<[string, string]> }>();
  const level = (container: string | undefined) => {
    if (!levels.has(container)) levels.set(container, { items: [], calls: [] });
    return levels.get(container)!;
  };
  for (const n of design.nodes) level(parentOf(n.id)).items.push(n.id);
  // A zone holding a client starts the flow at its level as a client does.
  const starts = new Set<string>();
  for (const n of design.nodes) if (isTrafficSource(n.kind)) for (const a of chain(n.id)) starts.add(a);
  for (const e of design.edges) {
    if (!byId.has(e.source) || !byId.has(e.target) || e.source === e.target) continue;
    const from = chain(e.source);
    const to = chain(e.target);
    // The innermost level holding both ends: the first zone around the source that is also
    // around the target (or the canvas).
    for (const a of from) {
      const container = parentOf(a);
      if (container !== undefined && !to.includes(container)) continue;
      const b = container === undefined ? to[to.length - 1] : to[to.indexOf(container) - 1];
      if (b !== undefined && a !== b) level(container).calls.push([a, b]);
      break;
    }
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
