/**
 * React Flow nodes and edges derived from the design. Each derived object is cached by the
 * identity of its design node/edge and its selection state, so a drag frame that moves one
 * node creates one new object and every other node keeps its identity (and does not re-render).
 */
import type { Edge, Node } from '@xyflow/react';
import {
  EDGE_PARAMS,
  kindSpec,
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

export function edgeData(e: DesignEdge): PolicyEdgeData {
  const p = resolveFields(EDGE_PARAMS, e.params ?? {}, '', []) as EdgeParams;
  return {
    mode: p.mode,
    timeoutMs: p.timeoutMs,
    retries: p.retries ? p.retries.max : null,
    breaker: p.circuitBreaker !== null,
    bulkhead: p.bulkhead ? p.bulkhead.maxConcurrent : null,
    route: p.route,
    probability: p.probability,
    dlq: p.role === 'dlq',
  };
}

export class FlowCache {
  private nodes = new Map<string, { dn: DesignNode; selected: boolean; m: unknown; rf: KindFlowNode }>();
  private edges = new Map<string, { de: DesignEdge; selected: boolean; rf: PolicyFlowEdge }>();

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

  deriveEdges(design: Design, selected: ReadonlySet<string>): PolicyFlowEdge[] {
    const out: PolicyFlowEdge[] = [];
    const next = new Map<string, { de: DesignEdge; selected: boolean; rf: PolicyFlowEdge }>();
    for (const de of design.edges) {
      const sel = selected.has(de.id);
      const hit = this.edges.get(de.id);
      if (hit && hit.de === de && hit.selected === sel) {
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
        data: hit && hit.de.params === de.params ? hit.rf.data! : edgeData(de),
      };
      next.set(de.id, { de, selected: sel, rf });
      out.push(rf);
    }
    this.edges = next;
    return out;
  }
}
