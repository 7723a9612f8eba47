/**
 * React Flow nodes and edges derived from the design. Each derived object is cached by the
 * identity of its design node/edge and its selection state (an edge also by its source
 * node's kind), so a drag frame that moves one node creates one new object and every other
 * node keeps its identity (and does not re-render).
 */
import type { Edge, Node } from '@xyflow/react';
import {
  EDGE_PARAMS,
  distinctNames,
  drawsProbability,
  kindSpec,
  nodeName,
  nodeNames,
  resolveFields,
  type Design,
  type DesignEdge,
  type DesignNode,
  type EdgeParams,
} from '../model';
import { zoneSize } from './ops';

export interface KindNodeData extends Record<string, unknown> {
  kind: string;
  label: string;
  summary: string;
  icon: string;
  accepts: boolean;
  outgoing: 'none' | 'one' | 'many';
}
export type KindFlowNode = Node<KindNodeData, 'kind' | 'zone'>;

export interface PolicyEdgeData extends Record<string, unknown> {
  mode: 'sync' | 'async';
  timeoutMs: number | null;
  retries: number | null;
  breaker: boolean;
  bulkhead: number | null;
  route: 'all' | 'read' | 'write';
  probability: number;
  /**
   * The source kind's label when that kind does not draw the edge's probability (it makes
   * every call it passes on, catalog flag `honoursProbability`); null when it does or the
   * source is unknown.
   */
  probabilityIgnoredBy: string | null;
  dlq: boolean;
}
export type PolicyFlowEdge = Edge<PolicyEdgeData, 'policy'>;

export function nodeData(n: DesignNode): KindNodeData {
  const spec = kindSpec(n.kind);
  if (!spec)
    return {
      kind: n.kind,
      label: n.label ?? n.id,
      summary: `unknown kind ${n.kind}`,
      icon: '',
      accepts: false,
      outgoing: 'none',
    };
  let summary: string;
  try {
    summary = spec.summary(resolveFields(spec.params, n.params ?? {}, '', []) as never);
  } catch {
    summary = '';
  }
  return {
    kind: n.kind,
    label: n.label ?? spec.label,
    summary,
    icon: spec.icon,
    accepts: spec.acceptsCalls,
    outgoing: spec.outgoing,
  };
}

/** An edge's canvas data; `sourceKind` is the kind of its source node (undefined: not known). */
export function edgeData(e: DesignEdge, sourceKind?: string): PolicyEdgeData {
  const p = resolveFields(EDGE_PARAMS, e.params ?? {}, '', []) as EdgeParams;
  const source = sourceKind === undefined ? undefined : kindSpec(sourceKind);
  return {
    mode: p.mode,
    timeoutMs: p.timeoutMs,
    retries: p.retries ? p.retries.max : null,
    breaker: p.circuitBreaker !== null,
    bulkhead: p.bulkhead ? p.bulkhead.maxConcurrent : null,
    route: p.route,
    probability: p.probability,
    probabilityIgnoredBy: source && !drawsProbability(sourceKind!, p.role) ? source.label : null,
    dlq: p.role === 'dlq',
  };
}

interface EdgeEntry {
  de: DesignEdge;
  selected: boolean;
  sourceKind: string | undefined;
  /** "Call from Users to API": what a screen reader says for the edge. */
  ariaLabel: string;
  rf: PolicyFlowEdge;
}

export class FlowCache {
  private nodes = new Map<string, { dn: DesignNode; selected: boolean; m: unknown; rf: KindFlowNode }>();
  private edges = new Map<string, EdgeEntry>();
  private kinds: ReadonlyMap<string, string> = new Map();
  private plainNames: ReadonlyMap<string, string> = new Map();
  private names: ReadonlyMap<string, string> = new Map();

  /**
   * Each node's kind by id, for the edges' data. The same map while no node is added,
   * removed or replaced by one of another kind, so that a drag does not re-derive the edges.
   */
  nodeKinds(nodes: readonly DesignNode[]): ReadonlyMap<string, string> {
    const prev = this.kinds;
    if (prev.size === nodes.length && nodes.every((n) => prev.get(n.id) === n.kind)) return prev;
    this.kinds = new Map(nodes.map((n) => [n.id, n.kind]));
    return this.kinds;
  }

  /**
   * Nodes' names as the canvas shows them by id, made distinct (distinctNames: a name two
   * nodes share gets each one's id) so that a screen reader tells their edges apart. The
   * same map while no name changes (a drag keeps it).
   */
  nodeNames(nodes: readonly DesignNode[]): ReadonlyMap<string, string> {
    const prev = this.plainNames;
    if (prev.size === nodes.length && nodes.every((n) => prev.get(n.id) === nodeName(n))) return this.names;
    this.plainNames = nodeNames(nodes);
    const ids = [...this.plainNames.keys()];
    const distinct = distinctNames(ids, this.plainNames);
    this.names = new Map(ids.map((id, i) => [id, distinct[i]]));
    return this.names;
  }

  deriveNodes(
    design: Design,
    selected: ReadonlySet<string>,
    measured: Readonly<Record<string, { width: number; height: number }>>,
  ): KindFlowNode[] {
    const ids = new Set(design.nodes.map((n) => n.id));
    const out: KindFlowNode[] = [];
    const next = new Map<string, { dn: DesignNode; selected: boolean; m: unknown; rf: KindFlowNode }>();
    for (const dn of design.nodes) {
      const sel = selected.has(dn.id);
      const m = measured[dn.id];
      const hit = this.nodes.get(dn.id);
      if (hit && hit.dn === dn && hit.selected === sel && hit.m === m) {
        out.push(hit.rf);
        next.set(dn.id, hit);
        continue;
      }
      const container = kindSpec(dn.kind)?.container === true;
      const rf: KindFlowNode = {
        id: dn.id,
        type: container ? 'zone' : 'kind',
        position: dn.position ?? { x: 0, y: 0 },
        data:
          hit && hit.dn.kind === dn.kind && hit.dn.params === dn.params && hit.dn.label === dn.label
            ? hit.rf.data
            : nodeData(dn),
        selected: sel,
        // What a screen reader says as Tab reaches it (Enter then opens it in the inspector).
        ariaLabel: `${dn.label ?? dn.id}, ${kindSpec(dn.kind)?.label ?? dn.kind}`,
      };
      if (dn.parentId !== undefined && ids.has(dn.parentId)) rf.parentId = dn.parentId;
      if (container) {
        const s = zoneSize(dn);
        rf.width = s.width;
        rf.height = s.height;
        rf.style = { width: s.width, height: s.height };
        rf.zIndex = -1;
        rf.dragHandle = '.sw-zone__bar';
      }
      if (m) rf.measured = m;
      next.set(dn.id, { dn, selected: sel, m, rf });
      out.push(rf);
    }
    this.nodes = next;
    return out;
  }

  /**
   * `kinds` and `names`: the nodes' kinds and names by id (default: from `design.nodes`,
   * see nodeKinds and nodeNames).
   */
  deriveEdges(
    design: Design,
    selected: ReadonlySet<string>,
    kinds: ReadonlyMap<string, string> = this.nodeKinds(design.nodes),
    names: ReadonlyMap<string, string> = this.nodeNames(design.nodes),
  ): PolicyFlowEdge[] {
    const out: PolicyFlowEdge[] = [];
    const next = new Map<string, EdgeEntry>();
    for (const de of design.edges) {
      const sel = selected.has(de.id);
      const sourceKind = kinds.get(de.source);
      const hit = this.edges.get(de.id);
      const ariaLabel = `Call from ${names.get(de.source) ?? de.source} to ${names.get(de.target) ?? de.target}`;
      if (
        hit &&
        hit.de === de &&
        hit.selected === sel &&
        hit.sourceKind === sourceKind &&
        hit.ariaLabel === ariaLabel
      ) {
        out.push(hit.rf);
        next.set(de.id, hit);
        continue;
      }
      const rf: PolicyFlowEdge = {
        id: de.id,
        type: 'policy',
        source: de.source,
        target: de.target,
        selected: sel,
        ariaLabel,
        data:
          hit && hit.de.params === de.params && hit.sourceKind === sourceKind
            ? hit.rf.data!
            : edgeData(de, sourceKind),
      };
      next.set(de.id, { de, selected: sel, sourceKind, ariaLabel, rf });
      out.push(rf);
    }
    this.edges = next;
    return out;
  }
}
