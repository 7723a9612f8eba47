/** Selectors from the live store to one node's or edge's live figures (rounded, for shallow equality). */
import { headlineText as catalogHeadline, kindSpec } from '../../model';
import { slotFrame, type LiveState } from '../../state/liveStore';
import { EDGE_FIELDS, EF, NF, NODE_FIELDS, type SessionInfo } from '../../worker/api';

const nodeIdx = new WeakMap<SessionInfo, Map<string, number>>();
const edgeIdx = new WeakMap<SessionInfo, Map<string, number>>();

function indexOf(
  cache: WeakMap<SessionInfo, Map<string, number>>,
  ids: string[],
  info: SessionInfo,
  id: string,
) {
  let m = cache.get(info);
  if (!m) {
    m = new Map(ids.map((x, i) => [x, i]));
    cache.set(info, m);
  }
  return m.get(id) ?? -1;
}

const sig2 = (x: number) => {
  if (!(x > 0)) return 0;
  const p = Math.pow(10, Math.floor(Math.log10(x)) - 1);
  return Math.round(x / p) * p;
};

export interface NodeLive {
  on: boolean;
  /** Utilization in percent (0..100), over about the last simulated second; null for a node without servers (a client, a balancer). */
  util: number | null;
  queue: number;
  inflight: number;
  /** Calls (a client: requests) arriving per second, over at least the last simulated second (see recentCounts in src/worker/session.ts). */
  rate: number;
  up: number;
  total: number;
  /** NaN when the kind has no headline figure. */
  headline: number;
  down: number;
  degraded: number;
}
const NODE_OFF: NodeLive = {
  on: false,
  util: 0,
  queue: 0,
  inflight: 0,
  rate: 0,
  up: 0,
  total: 0,
  headline: NaN,
  down: 0,
  degraded: 0,
};

export function nodeLive(s: LiveState, id: string): NodeLive {
  if (!s.frame || !s.info || s.status === 'idle') return NODE_OFF;
  const i = indexOf(nodeIdx, s.info.nodeIds, s.info, id);
  if (i < 0) return NODE_OFF;
  const f = slotFrame(s, i);
  if (!f) return NODE_OFF;
  const o = i * NODE_FIELDS;
  const n = f.nodes;
  if (o + NODE_FIELDS > n.length) return NODE_OFF;
  const h = n[o + NF.headline];
  return {
    on: true,
    util: Number.isNaN(n[o + NF.utilization])
      ? null
      : Math.round(Math.min(1, Math.max(0, n[o + NF.utilization])) * 100),
    // Two significant digits: fewer re-renders while numbers jitter.
    queue: Math.round(sig2(n[o + NF.queue] || 0)),
    inflight: Math.round(sig2(n[o + NF.inflight] || 0)),
    rate: sig2(n[o + NF.arrivalsPerS] || 0),
    up: n[o + NF.instancesUp],
    total: n[o + NF.instancesTotal],
    headline: Number.isFinite(h) ? Math.round(h * 1000) / 1000 : NaN,
    down: n[o + NF.down],
    degraded: n[o + NF.degraded],
  };
}

/** Just the health flags (the node's frame re-renders only when they change). */
export function nodeHealth(s: LiveState, id: string): { down: number; degraded: number } {
  const l = nodeLive(s, id);
  return { down: l.on ? l.down : -1, degraded: l.degraded };
}

export interface EdgeLive {
  on: boolean;
  /** Calls sent per second over at least the last simulated second, rounded to 2 significant digits. */
  sent: number;
  /** Share failing, rounded to 5%. */
  failing: number;
  breaker: number;
  faulted: number;
}
const EDGE_OFF: EdgeLive = { on: false, sent: 0, failing: 0, breaker: 0, faulted: 0 };

export function edgeLive(s: LiveState, id: string): EdgeLive {
  if (!s.frame || !s.info || s.status === 'idle') return EDGE_OFF;
  const i = indexOf(edgeIdx, s.info.edgeIds, s.info, id);
  if (i < 0) return EDGE_OFF;
  const f = slotFrame(s, i);
  if (!f) return EDGE_OFF;
  const o = i * EDGE_FIELDS;
  const e = f.edges;
  if (o + EDGE_FIELDS > e.length) return EDGE_OFF;
  const sent = e[o + EF.sentPerS] || 0;
  const failed = e[o + EF.failedPerS] || 0;
  return {
    on: true,
    sent: sig2(sent),
    failing: sent > 0 ? Math.round(Math.min(1, failed / sent) * 20) / 20 : failed > 0 ? 1 : 0,
    breaker: e[o + EF.breaker],
    faulted: e[o + EF.faulted],
  };
}

/** Headline text for a kind, as its catalog entry describes it (counts in the one compact format). */
export function headlineText(kind: string, h: number): string | null {
  return catalogHeadline(kindSpec(kind), h);
}
