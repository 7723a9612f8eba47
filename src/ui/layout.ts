/**
 * Auto-layout with elkjs (layered, left to right), zones laid out with their contents.
 * Loaded on demand: elkjs is large and first paint does not need it.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Design, Position } from '../model';
import { APPROX_NODE_SIZE, isContainer, zoneSize } from '../state/ops';

export interface LayoutResult {
  positions: Map<string, Position>;
  sizes: Map<string, { width: number; height: number }>;
}

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.componentComponent': '60',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
};

export async function layoutDesign(
  design: Design,
  measured: Readonly<Record<string, { width: number; height: number }>>,
): Promise<LayoutResult> {
  const elk = new ELK();
  const ids = new Set(design.nodes.map((n) => n.id));
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
            layoutOptions: { 'elk.padding': '[top=44,left=24,bottom=24,right=24]' },
          }
        : {}),
    });
  }
  const root: ElkNode = { id: '__root', layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  for (const n of design.nodes) {
    const en = elkNodes.get(n.id)!;
    const parent = n.parentId !== undefined && ids.has(n.parentId) ? elkNodes.get(n.parentId) : undefined;
    (parent?.children ?? root.children!).push(en);
  }
  // Zones with nothing inside keep their size.
  for (const n of design.nodes) {
    const en = elkNodes.get(n.id)!;
    if (en.children && en.children.length === 0) delete en.children;
  }
  root.edges = design.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.source], targets: [e.target] }));
  const out = await elk.layout(root);
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
