/**
 * Compiles a validated design into the engine's plan: integer indices for nodes and
 * edges, adjacency lists, zone membership and cross-zone latency, plus warnings for
 * designs that are legal but suspicious (no client, unreachable nodes, call loops,
 * offered load beyond capacity).
 */
import { niceCeil } from '../model/nice';
import { distMean, type Dist } from '../model/dist';
import type { EdgeParams, ResolvedDesign, ResolvedNode } from '../model/design';
import type { Fault } from '../model/faults';
import type { KindSpec } from '../model/catalog';
import { drawsProbability, kindSpec, PROBABILITY_KINDS, type KindName } from '../model/kinds';
import type { Problem } from '../model/params';

export interface PlanNode {
  index: number;
  id: string;
  kind: KindName;
  label: string;
  params: Record<string, unknown>;
  /** Zones containing this node, innermost first (node indices). */
  zones: number[];
  /** Outgoing edge indices, in design order. */
  out: number[];
  /** Incoming edge indices. */
  in: number[];
}
export interface PlanEdge {
  index: number;
  id: string;
  source: number;
  target: number;
  params: EdgeParams;
  /** Sum of crossZoneMs of every zone border the edge crosses (one way). */
  crossZoneMs: number;
}
export interface Plan {
  name: string;
  nodes: PlanNode[];
  edges: PlanEdge[];
  nodeIndex: Map<string, number>;
  edgeIndex: Map<string, number>;
  durationMs: number;
  warmupMs: number;
  bucketMs: number;
  seed: number;
  faults: Fault[];
  /** Largest key count of any client (sizes per-key tables). */
  keySpace: number;
  /** Estimated offered load per node (req/s), from the compiler's flow estimate. */
  offeredRps: number[];
  warnings: Problem[];
}

export const MAX_HOPS = 64;
/** Call loops named one warning each; beyond these, one warning counts the rest. */
export const MAX_LOOP_WARNINGS = 20;

/**
 * One-way time an edge from node `s` to node `t` pays for the zone borders it crosses: the
 * crossZoneMs of every zone that holds one end and not the other. The engine calls it
 * again when a zone's params change during a run (ZoneNode.configure).
 */
export function crossZoneMs(nodes: readonly PlanNode[], s: number, t: number): number {
  const a = nodes[s].zones,
    b = nodes[t].zones;
  let ms = 0;
  for (const z of a) if (!b.includes(z)) ms += Number(nodes[z].params.crossZoneMs ?? 0);
  for (const z of b) if (!a.includes(z)) ms += Number(nodes[z].params.crossZoneMs ?? 0);
  return ms;
}

export function compile(design: ResolvedDesign): Plan {
  const nodeIndex = new Map<string, number>();
  design.nodes.forEach((n, i) => nodeIndex.set(n.id, i));
  const edgeIndex = new Map<string, number>();
  design.edges.forEach((e, i) => edgeIndex.set(e.id, i));

  const nodes: PlanNode[] = design.nodes.map((n, i) => ({
    index: i,
    id: n.id,
    kind: n.kind,
    label: n.label,
    params: n.params,
    zones: zoneChain(design.nodes, nodeIndex, n),
    out: [],
    in: [],
  }));
  const edges: PlanEdge[] = design.edges.map((e, i) => {
    const s = nodeIndex.get(e.source)!;
    const t = nodeIndex.get(e.target)!;
    nodes[s].out.push(i);
    nodes[t].in.push(i);
    return {
      index: i,
      id: e.id,
      source: s,
      target: t,
      params: e.params,
      crossZoneMs: crossZoneMs(nodes, s, t),
    };
  });

  let keySpace = 1;
  for (const n of nodes) {
    if (n.kind === 'client') keySpace = Math.max(keySpace, (n.params.keys as { count: number }).count);
  }

  const plan: Plan = {
    name: design.name,
    nodes,
    edges,
    nodeIndex,
    edgeIndex,
    durationMs: design.scenario.durationS * 1000,
    warmupMs: design.scenario.warmupS * 1000,
    bucketMs: design.scenario.bucketS * 1000,
    seed: design.scenario.seed,
    faults: design.scenario.faults,
    keySpace,
    offeredRps: new Array(nodes.length).fill(0),
    warnings: [],
  };
  plan.warnings = analyse(plan, design);
  return plan;
}

function zoneChain(all: ResolvedNode[], index: Map<string, number>, n: ResolvedNode): number[] {
  const chain: number[] = [];
  let p = n.parentId;
  while (p !== null && index.has(p) && chain.length < all.length) {
    const i = index.get(p)!;
    chain.push(i);
    p = all[i].parentId;
  }
  return chain;
}

const meanMs = (d: unknown) => distMean(d as Dist);

/**
 * Where a plan's summary window starts (ms): the first bucket boundary at or after the
 * warm-up, so that the window is whole buckets; the end of the run at the latest.
 */
export function summaryWindowStartMs(plan: Pick<Plan, 'durationMs' | 'warmupMs' | 'bucketMs'>): number {
  return Math.min(plan.durationMs, Math.ceil(plan.warmupMs / plan.bucketMs - 1e-9) * plan.bucketMs);
}

/** Time buckets in a run beyond which the compiler warns that bucket upkeep will dominate it. */
const MAX_QUICK_BUCKETS = 10_000_000;
const formatCount = (n: number) => Math.round(n).toLocaleString('en-US');
/** Milliseconds as seconds for a message, without float noise (0.7 s buckets: 700.0000000000001 ms). */
const seconds = (ms: number) => +(ms / 1000).toPrecision(12);

function analyse(plan: Plan, design: ResolvedDesign): Problem[] {
  const warnings: Problem[] = [];
  const at = (i: number) => `nodes[${i}]`;
  const clients = plan.nodes.filter((n) => n.kind === 'client');
  const active = plan.nodes.filter((n) => !kindSpec(n.kind)?.container);
  if (active.length === 0)
    warnings.push({
      path: 'nodes',
      message: 'the design is empty: add a client and something for it to call',
    });
  else if (clients.length === 0)
    warnings.push({ path: 'nodes', message: 'no client: nothing will send traffic' });
  // Every bucket closes each node's and edge's series: past about ten million of them the
  // run spends its time on that bookkeeping (1e7 s in 0.01 s buckets ran for hours).
  const buckets = plan.durationMs / plan.bucketMs;
  if (buckets > MAX_QUICK_BUCKETS) {
    const enough = niceCeil(plan.durationMs / 1000 / MAX_QUICK_BUCKETS);
    warnings.push({
      path: 'scenario.bucketS',
      message: `the run has ${formatCount(buckets)} time buckets (${plan.durationMs / 1000} s in ${plan.bucketMs / 1000} s buckets), and each one closes every node's and edge's series: it will take a long time; a bucket of ${enough} s or more keeps it to ${formatCount(MAX_QUICK_BUCKETS)}`,
    });
  }
  // The summary window is whole buckets: it starts at the first bucket boundary at or after
  // the warm-up (as Engine does), which a coarse bucket can push far past it, or to the end.
  const windowStartMs = summaryWindowStartMs(plan);
  if (windowStartMs >= plan.durationMs)
    warnings.push({
      path: 'scenario.bucketS',
      message: `the summary window would be empty: it starts at the first ${seconds(plan.bucketMs)} s bucket boundary at or after the warm-up (${seconds(plan.warmupMs)} s), which is the end of the run (${seconds(plan.durationMs)} s), so every summary figure is 0; use a bucket that divides the warm-up, or a shorter one`,
    });
  else if (windowStartMs - plan.warmupMs > 1e-6)
    warnings.push({
      path: 'scenario.bucketS',
      message: `the summary window starts at ${seconds(windowStartMs)} s, the first ${seconds(plan.bucketMs)} s bucket boundary at or after the warm-up (${seconds(plan.warmupMs)} s): the ${seconds(windowStartMs - plan.warmupMs)} s between them count in no summary figure; use a bucket that divides the warm-up`,
    });
  for (const c of clients) {
    const cp = c.params as { users: number | null; thinkTimeMs: unknown };
    if (cp.users !== null && meanMs(cp.thinkTimeMs) === 0) {
      warnings.push({
        path: `${at(c.index)}.params.thinkTimeMs`,
        message:
          'closed-loop users with zero think time resend at once: if the path also answers in zero time, simulated time cannot advance and the run stops',
      });
    }
    if (c.out.length === 0)
      warnings.push({
        path: at(c.index),
        message: `client ${JSON.stringify(c.id)} calls nothing: connect it to a node`,
      });
  }

  const seen = reachableFrom(
    plan,
    clients.map((c) => c.index),
  );
  if (clients.length) {
    for (const n of active) {
      if (!seen[n.index])
        warnings.push({
          path: at(n.index),
          message: `${JSON.stringify(n.id)} is unreachable: no client's traffic can get to it`,
        });
    }
  }

  // Call loops (Tarjan-free: DFS colouring reports each back edge once). A dense design
  // closes thousands (a 100-service full mesh: 4,950): the first MAX_LOOP_WARNINGS are
  // named, the rest counted in one more warning, and a long loop's ids are cut in the middle.
  const colour = new Uint8Array(plan.nodes.length);
  let loops = 0;
  const reportCycle = (path: number[], to: number) => {
    if (++loops > MAX_LOOP_WARNINGS) return;
    const start = path.indexOf(to);
    let ids = path
      .slice(start)
      .concat(to)
      .map((i) => plan.nodes[i].id);
    if (ids.length > 12) ids = [...ids.slice(0, 5), `… ${ids.length - 10} more …`, ...ids.slice(-5)];
    warnings.push({
      path: at(to),
      message: `calls loop (${ids.join(' → ')}); a request dies with error after ${MAX_HOPS} hops`,
    });
  };
  // The same walk measures the longest chain of calls from each node, loops aside (their
  // closing edges are left out, which leaves the longest path of an acyclic graph).
  const depth = new Int32Array(plan.nodes.length);
  const dfs = (i: number, path: number[]) => {
    colour[i] = 1;
    path.push(i);
    for (const e of plan.nodes[i].out) {
      const t = plan.edges[e].target;
      if (colour[t] === 1) {
        reportCycle(path, t);
        continue;
      }
      if (colour[t] === 0) dfs(t, path);
      depth[i] = Math.max(depth[i], depth[t] + 1);
    }
    path.pop();
    colour[i] = 2;
  };
  for (const n of plan.nodes) if (colour[n.index] === 0) dfs(n.index, []);
  if (loops > MAX_LOOP_WARNINGS)
    warnings.push({
      path: 'edges',
      message: `… and ${(loops - MAX_LOOP_WARNINGS).toLocaleString('en-US')} more call loops (${loops.toLocaleString('en-US')} in all; the first ${MAX_LOOP_WARNINGS} are listed): in each a request dies with error after ${MAX_HOPS} hops`,
    });
  // A chain with no loop dies at the hop limit too: every call past it fails with error.
  for (const c of clients)
    if (depth[c.index] > MAX_HOPS)
      warnings.push({
        path: at(c.index),
        message: `the longest chain of calls from ${JSON.stringify(c.id)} is ${depth[c.index]} calls deep, and a request dies with error after ${MAX_HOPS} hops: its calls past the ${MAX_HOPS}th fail`,
      });

  // A fault that starts when the run is over never happens.
  plan.faults.forEach((f, i) => {
    if (f.atS * 1000 >= plan.durationMs)
      warnings.push({
        path: `scenario.faults[${i}].atS`,
        message: `starts at ${f.atS} s, when the run (${plan.durationMs / 1000} s) is over: it never happens`,
      });
  });

  // An edge's probability means something only where its source draws it.
  for (const e of plan.edges) {
    const source = plan.nodes[e.source];
    const spec = kindSpec(source.kind);
    if (e.params.probability < 1 && spec && !drawsProbability(source.kind, e.params.role))
      warnings.push({
        path: `edges[${e.index}].params.probability`,
        message: `ignored: ${JSON.stringify(source.id)} (${spec.label}) makes every call it passes on; only ${PROBABILITY_KINDS} nodes draw an edge's probability`,
      });
  }

  // A Pareto time with shape <= 1 has no finite mean: no capacity keeps up with it.
  const endless = new Set<number>(); // nodes with such a time
  const heavy = (v: unknown, path: string, node = -1): void => {
    if (v === null || typeof v !== 'object') return;
    const d = v as { dist?: unknown; shape?: number };
    // Of the distributions validation lets through, only a Pareto has no finite mean.
    if (d.dist === 'pareto' && distMean(v as Dist) === Infinity) {
      endless.add(node);
      warnings.push({
        path,
        message: `a Pareto time with shape ${d.shape} (at most 1) has no finite mean: now and then one takes practically for ever, and no capacity keeps up on average; a shape above 1 (1.5 to 3 is typical) keeps the tail heavy but the mean finite`,
      });
    } else if (!Array.isArray(v)) for (const [k, x] of Object.entries(v)) heavy(x, `${path}.${k}`, node);
  };
  for (const n of plan.nodes) heavy(n.params, `${at(n.index)}.params`, n.index);
  for (const e of plan.edges) heavy(e.params, `edges[${e.index}].params`);

  // Offered load, and what each rate limit or quota lets through of it.
  const calls = callEdges(plan);
  const rateCaps = plan.nodes.map((n) => kindSpec(n.kind)?.rateCaps?.(n.params as never) ?? null);
  const load = estimateLoad(plan, clients, calls, rateCaps);
  // A node that passes each call down one edge fails the calls of a class none of its edges
  // carries (every route "read", say, and writes arrive).
  for (const n of plan.nodes) {
    if (kindSpec(n.kind)?.routing !== 'split') continue;
    const outs = calls[n.index];
    if (outs.length === 0) continue;
    for (const [cls, rate] of [
      ['read', load.reads[n.index]],
      ['write', load.writes[n.index]],
    ] as const) {
      if (rate > 1e-9 && !outs.some((e) => e.params.route === 'all' || e.params.route === cls))
        warnings.push({
          path: at(n.index),
          message: `${cls}s reaching ${JSON.stringify(n.id)} (~${short(rate)} req/s) have no route: every outgoing edge carries only ${cls === 'read' ? 'writes' : 'reads'}, so they fail`,
        });
    }
  }
  for (const n of plan.nodes) {
    plan.offeredRps[n.index] = load.reads[n.index] + load.writes[n.index];
    const spec = kindSpec(n.kind);
    if (n.kind === 'client') continue;
    // A quota or rate limit throttles the excess at once: say how much, per class it caps.
    // What it lets in is what its servers must carry (nothing queues for the limit).
    const caps = rateCaps[n.index];
    if (caps) {
      const over = (offered: number, cap: number | undefined, what: string, origin: number) => {
        if (cap === undefined || !(offered > cap)) return;
        const from = origin < 0 ? '' : ` from ${JSON.stringify(plan.nodes[origin].id)}`;
        const limit = origin < 0 ? 'the rate limit' : "each client's rate limit";
        warnings.push({
          path: `${at(n.index)}.params.${caps.param}`,
          message: `offered ${what}${from} ~${short(offered)} req/s exceed ${limit} of ${JSON.stringify(n.id)} (${short(cap)} req/s): about ${short(offered - cap)} req/s will be answered throttled`,
        });
      };
      const groups = caps.perClient
        ? load.origins.map((o, k) => ({
            origin: o,
            r: load.originReads[k][n.index],
            w: load.originWrites[k][n.index],
          }))
        : [{ origin: -1, r: load.reads[n.index], w: load.writes[n.index] }];
      for (const g of groups) {
        over(g.r, caps.read, 'reads', g.origin);
        over(g.w, caps.write, 'writes', g.origin);
        over(g.r + g.w, caps.total, 'calls', g.origin);
      }
    }
    const admitted = load.admitted[n.index];
    if (!spec?.capacityRps) continue;
    const cap = spec.capacityRps(n.params as never, meanMs);
    const offered = admitted;
    // A capacity of 0 from an infinite mean time is explained by the Pareto warning above.
    if (cap === null || !Number.isFinite(cap) || (cap === 0 && endless.has(n.index))) continue;
    if (offered > cap) {
      warnings.push({
        path: at(n.index),
        message: `offered load ~${fmt(offered)} req/s exceeds the capacity of ${JSON.stringify(n.id)} (~${fmt(cap)} req/s): queues will grow until calls are rejected or time out`,
      });
      continue;
    }
    // Load-dependent latency (the shared loadLatency param): at 100% busy the work takes
    // `factor` times as long, so a full node serves only cap / factor. If that is below the
    // offered load, a full node stays full: the saturated state sustains itself, and a
    // burst that fills the node leaves it there after the burst has passed (metastable).
    const ll = (n.params as { loadLatency?: { knee: number; factor: number } | null }).loadLatency;
    if (ll && ll.factor > 1 && offered > cap / ll.factor) {
      warnings.push({
        path: `${at(n.index)}.params.loadLatency`,
        message: `${JSON.stringify(n.id)} slows down up to ×${short(ll.factor)} past ${short(ll.knee * 100)}% busy: once full it serves only ~${short(cap / ll.factor)} req/s, below the offered ~${short(offered)} req/s, so a burst that fills it can leave it stuck at 100% busy after the burst ends (metastable)`,
      });
    }
  }
  // A run's cost is its events: about three per call a node takes (its arrival, its work
  // done, the answer's trip back) and two per request a client sends. A tiny think time (or
  // a huge rate) asks for billions a second, and the run went on for hours with no word
  // (time moves, so no stall fires).
  let callsPerS = 0,
    requestsPerS = 0;
  for (const n of plan.nodes)
    if (n.kind === 'client') requestsPerS += plan.offeredRps[n.index];
    else callsPerS += plan.offeredRps[n.index];
  const events = (3 * callsPerS + 2 * requestsPerS) * (plan.durationMs / 1000);
  if (events > MAX_QUICK_EVENTS)
    warnings.push({
      path: 'scenario.durationS',
      message: `the run needs up to about ${fmt(events)} events (~${short(requestsPerS)} requests/s, ~${short(callsPerS)} calls/s into its nodes, over ${seconds(plan.durationMs)} s): at a few million events a second that is ${roughTime(events / EVENTS_PER_S)}; shorten the run, or lower the load (a rate, the number of users, or a think time near 0)`,
    });
  void design;
  return warnings;
}

/** Events past which a run takes minutes (at EVENTS_PER_S), and the rate that assumes. */
const MAX_QUICK_EVENTS = 1e9;
const EVENTS_PER_S = 3e6;

/** A long duration in words: "about 6 minutes", "about 1 day", "about 2.00e9 years". */
export function roughTime(s: number): string {
  const units: [number, string][] = [
    [365 * 86400, 'year'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  for (const [size, name] of units)
    if (s >= size || size === 1) {
      const v = Math.round(s / size);
      return `about ${v >= 1e9 ? fmt(v) : v} ${name}${v === 1 ? '' : 's'}`;
    }
  return '';
}

/** What a kind's rateCaps gives for a node: its caps, or null when it has none. */
type RateCaps = ReturnType<NonNullable<KindSpec['rateCaps']>>;

/** Each node's outgoing edges that carry calls (all but a dead-letter edge), by node index. */
function callEdges(plan: Pick<Plan, 'nodes' | 'edges'>): PlanEdge[][] {
  return plan.nodes.map((node) => node.out.map((e) => plan.edges[e]).filter((e) => e.params.role !== 'dlq'));
}

/** The compiler's flow estimate (req/s per node). See estimateLoad. */
interface LoadEstimate {
  /** Reads and writes offered to each node (before any limit of its own). */
  reads: Float64Array;
  writes: Float64Array;
  /** Calls each node lets in: offered minus what its rate limit or quota throttles. */
  admitted: Float64Array;
  /**
   * The flows kept apart: one per client (its node index) when some cap is per client, else
   * one for all clients together (-1); and the reads and writes that reach each node in each.
   */
  origins: number[];
  originReads: Float64Array[];
  originWrites: Float64Array[];
}

/**
 * Propagates every client's reads and writes along the call edges (`calls`, by node), each
 * node passing on its forwardShare of what it lets in. A rate limit or quota (the kind's
 * rateCaps, `caps` by node; analyse warns from the same two lists) lets in at most its cap,
 * and with per-client scope at most its cap from each client, so the flow is kept per
 * client. Caps (and shares that depend on the load: a write-behind cache's) make the flow
 * non-linear, so it is solved by fixed-point iteration: each pass admits and passes on by
 * the loads of the pass before; in a design without loops it settles once every limit
 * upstream of another has (a few passes).
 */
function estimateLoad(
  plan: Pick<Plan, 'nodes' | 'edges'>,
  clients: readonly PlanNode[],
  calls: readonly (readonly PlanEdge[])[],
  caps: readonly RateCaps[],
): LoadEstimate {
  const n = plan.nodes.length;
  let keyCtx = { count: 1, skew: 0 };
  for (const c of clients) {
    const k = c.params.keys as { count: number; distribution: string; skew: number };
    if (k.count >= keyCtx.count) keyCtx = { count: k.count, skew: k.distribution === 'zipf' ? k.skew : 0 };
  }
  // What each node passes on (caches answer most reads themselves), and along which edges.
  const shareOf = (node: PlanNode, arriving: { read: number; write: number } | null) =>
    kindSpec(node.kind)?.forwardShare?.(node.params as never, keyCtx, arriving) ?? { read: 1, write: 1 };
  const passes = plan.nodes.map((node) => shareOf(node, null));
  const loadDependent = passes.some((p) => p.dependsOnLoad);
  const routes = plan.nodes.map((node) => {
    const spec = kindSpec(node.kind);
    const split = spec?.routing === 'split';
    const outs = calls[node.index];
    const shares = (cls: 'read' | 'write') => {
      const ok = outs.filter((e) => e.params.route === 'all' || e.params.route === cls);
      const weights = !split
        ? ok.map(() => 1)
        : (spec.splitShares?.(
            node.params as never,
            ok.map((e) => ({
              weight: e.params.weight,
              latencyMs: meanMs(e.params.latencyMs) + e.crossZoneMs,
            })),
          ) ?? ok.map((e) => e.params.weight));
      const total = weights.reduce((a, w) => a + w, 0);
      return outs.map((e) => {
        const i = ok.indexOf(e);
        const probability = spec?.honoursProbability ? e.params.probability : 1;
        return i < 0 || total === 0 ? 0 : (split ? weights[i] / total : 1) * probability;
      });
    };
    return { targets: outs.map((e) => e.target), read: shares('read'), write: shares('write') };
  });
  // Flows apart per client only where a cap is per client; else all clients flow as one.
  const groups = caps.some((c) => c?.perClient) ? clients.map((c) => [c]) : [clients];
  const origins = groups.map((g) => (g.length === 1 ? g[0].index : -1));
  const originReads = origins.map(() => new Float64Array(n));
  const originWrites = origins.map(() => new Float64Array(n));
  // Share of each origin's reads and writes each node lets in.
  const admitR = origins.map(() => new Float64Array(n).fill(1));
  const admitW = origins.map(() => new Float64Array(n).fill(1));

  // Scratch for the waves (this wave's arrivals, the next wave's), reused.
  let inR = new Float64Array(n),
    inW = new Float64Array(n),
    nR = new Float64Array(n),
    nW = new Float64Array(n);
  const propagate = (k: number) => {
    const reads = originReads[k].fill(0),
      writes = originWrites[k].fill(0);
    inR.fill(0);
    inW.fill(0);
    for (const c of groups[k]) {
      const p = c.params as { rps: number; users: number | null; thinkTimeMs: unknown; readRatio: number };
      // Closed loop: N users each thinking Z send at most N / Z a second (a zero think time,
      // warned about on its own, counts as 1 ms: the path's own time then sets the pace).
      const thinkS = meanMs(p.thinkTimeMs) / 1000;
      const rate = p.users !== null ? p.users / (thinkS > 0 ? thinkS : 0.001) : p.rps;
      inR[c.index] += rate * p.readRatio;
      inW[c.index] += rate * (1 - p.readRatio);
    }
    // In waves: a loop's load fades by the loop's pass-on share, or is cut off after 64 waves.
    for (let wave = 0; wave < 64; wave++) {
      let moved = 0;
      nR.fill(0);
      nW.fill(0);
      for (let i = 0; i < n; i++) {
        const r = inR[i],
          w = inW[i];
        if (r === 0 && w === 0) continue;
        reads[i] += r;
        writes[i] += w;
        moved += r + w;
        const route = routes[i];
        const passR = r * passes[i].read * admitR[k][i],
          passW = w * passes[i].write * admitW[k][i];
        for (let j = 0; j < route.targets.length; j++) {
          nR[route.targets[j]] += passR * route.read[j];
          nW[route.targets[j]] += passW * route.write[j];
        }
      }
      [inR, nR] = [nR, inR];
      [inW, nW] = [nW, inW];
      if (moved < 1e-9) break;
    }
  };

  /** Shares (read, write) of r reads and w writes a cap lets in. */
  const admit = (cap: NonNullable<(typeof caps)[number]>, r: number, w: number): [number, number] => {
    const ar = Math.min(r, cap.read ?? Infinity),
      aw = Math.min(w, cap.write ?? Infinity);
    const scale = ar + aw > (cap.total ?? Infinity) ? cap.total! / (ar + aw) : 1;
    return [r > 0 ? (ar / r) * scale : 1, w > 0 ? (aw / w) * scale : 1];
  };

  const reads = new Float64Array(n),
    writes = new Float64Array(n);
  const limited = caps.some((c) => c !== null) || loadDependent;
  for (let pass = 0; pass < (limited ? 32 : 1); pass++) {
    origins.forEach((_, k) => propagate(k));
    reads.fill(0);
    writes.fill(0);
    origins.forEach((_, k) => {
      for (let i = 0; i < n; i++) {
        reads[i] += originReads[k][i];
        writes[i] += originWrites[k][i];
      }
    });
    let change = 0;
    const set = (to: Float64Array, i: number, v: number) => {
      change = Math.max(change, Math.abs(to[i] - v));
      to[i] = v;
    };
    for (let i = 0; i < n; i++) {
      if (passes[i].dependsOnLoad) {
        const next = shareOf(plan.nodes[i], { read: reads[i], write: writes[i] });
        change = Math.max(
          change,
          Math.abs(next.read - passes[i].read),
          Math.abs(next.write - passes[i].write),
        );
        passes[i] = next;
      }
      const cap = caps[i];
      if (!cap) continue;
      if (cap.perClient)
        origins.forEach((_, k) => {
          const [fr, fw] = admit(cap, originReads[k][i], originWrites[k][i]);
          set(admitR[k], i, fr);
          set(admitW[k], i, fw);
        });
      else {
        const [fr, fw] = admit(cap, reads[i], writes[i]);
        origins.forEach((_, k) => {
          set(admitR[k], i, fr);
          set(admitW[k], i, fw);
        });
      }
    }
    if (change < 1e-12) break;
  }
  const admitted = new Float64Array(n);
  origins.forEach((_, k) => {
    for (let i = 0; i < n; i++)
      admitted[i] += originReads[k][i] * admitR[k][i] + originWrites[k][i] * admitW[k][i];
  });
  return { reads, writes, admitted, origins, originReads, originWrites };
}

/** 1 for every node some call path from `starts` reaches (the starts included), by node index. */
export function reachableFrom(plan: Pick<Plan, 'nodes' | 'edges'>, starts: readonly number[]): Uint8Array {
  const seen = new Uint8Array(plan.nodes.length);
  const stack = [...starts];
  for (const i of stack) seen[i] = 1;
  while (stack.length) {
    const i = stack.pop()!;
    for (const e of plan.nodes[i].out) {
      const t = plan.edges[e].target;
      if (!seen[t]) {
        seen[t] = 1;
        stack.push(t);
      }
    }
  }
  return seen;
}

function fmt(x: number): string {
  // Past a billion, digits stop meaning anything: "5.42e124", not "5417403499541996e+124"-like noise.
  if (x >= 1e9) return x.toPrecision(3).replace('e+', 'e');
  return x >= 100 ? String(Math.round(x)) : x.toPrecision(3);
}

/** Like fmt, without trailing zeros: "3", "70", "66.7". */
function short(x: number): string {
  return x >= 1e9 ? fmt(x) : String(Number(fmt(x)));
}
