/**
 * What the auto-layout tests share: small design builders and the boxes a layout gives,
 * absolute (a zone's members are placed relative to it), with the checks on them.
 */
import type { Design, DesignNode } from '../../src/model';
import { APPROX_NODE_SIZE, isContainer, zoneSize } from '../../src/state/ops';
import type { LayoutResult } from '../../src/ui/layout';

export const node = (id: string, kind: string, parentId?: string, label?: string): DesignNode => ({
  id,
  kind,
  ...(parentId === undefined ? {} : { parentId }),
  ...(label === undefined ? {} : { label }),
});
let edgeSeq = 0;
export const edge = (source: string, target: string) => ({ id: `e${++edgeSeq}`, source, target });
export const design = (nodes: DesignNode[], edges: Design['edges']): Design => ({
  schemaVersion: 1,
  nodes,
  edges,
});

export interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Absolute boxes after a layout (children are placed relative to their zone). */
export function boxes(d: Design, r: LayoutResult): Map<string, Box> {
  const byId = new Map(d.nodes.map((n) => [n.id, n]));
  const abs = (id: string): { x: number; y: number } => {
    const n = byId.get(id)!;
    const p = r.positions.get(id)!;
    if (n.parentId === undefined) return p;
    const a = abs(n.parentId);
    return { x: a.x + p.x, y: a.y + p.y };
  };
  const out = new Map<string, Box>();
  for (const n of d.nodes) {
    const a = abs(n.id);
    const s = isContainer(n.kind) ? (r.sizes.get(n.id) ?? zoneSize(n)) : APPROX_NODE_SIZE;
    out.set(n.id, { id: n.id, x: a.x, y: a.y, w: s.width, h: s.height });
  }
  return out;
}

/** Pairs of boxes that overlap, leaving out a zone and what it contains. */
export function overlaps(d: Design, b: Map<string, Box>): string[] {
  const byId = new Map(d.nodes.map((n) => [n.id, n]));
  const inside = (id: string, zone: string) => {
    for (let c = byId.get(id); c?.parentId !== undefined; c = byId.get(c.parentId))
      if (c.parentId === zone) return true;
    return false;
  };
  const list = [...b.values()];
  const found: string[] = [];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      const p = list[i];
      const q = list[j];
      if (inside(p.id, q.id) || inside(q.id, p.id)) continue;
      if (p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h)
        found.push(`${p.id}/${q.id}`);
    }
  return found;
}

/** Children that stick out of their zone. */
export function outsideTheirZone(d: Design, b: Map<string, Box>): string[] {
  return d.nodes
    .filter((n) => n.parentId !== undefined)
    .filter((n) => {
      const c = b.get(n.id)!;
      const z = b.get(n.parentId!)!;
      return c.x < z.x || c.y < z.y || c.x + c.w > z.x + z.w || c.y + c.h > z.y + z.h;
    })
    .map((n) => n.id);
}

export const xOf = (b: Map<string, Box>, ids: string[]) => ids.map((id) => b.get(id)!.x);
export const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);
