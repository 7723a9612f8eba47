/**
 * Exports the diagram as SVG or PNG. The SVG is drawn from the design itself (not a DOM
 * snapshot): zones, nodes with their icon, label and summary, and edges with their policy
 * (async dashed, badges as text). The PNG rasterises that SVG at 2x. Loaded on demand.
 */
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { kindSpec, type Design } from '../../model';
import { useDesignStore } from '../../state/designStore';
import { download } from '../../state/files';
import { edgeData, nodeData, type PolicyEdgeData } from '../../state/flow';
import { absolutePosition, isContainer, nodeById, zoneSize } from '../../state/ops';
import { useUiStore } from '../../state/uiStore';
import { badgeBox, edgeRoute, type EdgeRoute } from '../canvas/edgePath';
import { policyBadges } from '../canvas/PolicyEdge';
import { iconFor } from '../icons';
import { fitText, FONT_FAMILY, textMeasure } from './fitText';
import { exportNodeSize } from './nodeSize';

interface Palette {
  bg: string;
  node: string;
  border: string;
  text: string;
  muted: string;
  edge: string;
  zone: string;
  zoneBorder: string;
  accent: string;
  badge: string;
}
const LIGHT: Palette = {
  bg: '#f7f8fa',
  node: '#ffffff',
  border: '#cfd5de',
  text: '#1c2430',
  muted: '#5d6877',
  edge: '#7a8594',
  zone: 'rgba(76, 110, 245, 0.05)',
  zoneBorder: '#9aaee8',
  accent: '#3b5bdb',
  badge: '#eef1f6',
};
const DARK: Palette = {
  bg: '#14181f',
  node: '#1e242d',
  border: '#3a4452',
  text: '#e4e8ee',
  muted: '#9aa5b4',
  edge: '#8a96a6',
  zone: 'rgba(116, 143, 252, 0.07)',
  zoneBorder: '#4c5fa8',
  accent: '#8ea4ff',
  badge: '#2a323d',
};

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inner markup of each lucide icon used, rendered once through React. */
function iconMarkup(names: string[]): Map<string, string> {
  const host = document.createElement('div');
  const root = createRoot(host);
  const out = new Map<string, string>();
  for (const name of names) {
    flushSync(() => root.render(createElement(iconFor(name), { size: 16 })));
    out.set(name, host.querySelector('svg')?.innerHTML ?? '');
  }
  root.unmount();
  return out;
}

/** A node's box as edgePath.ts takes it. */
const boxOf = (b: { x: number; y: number; w: number; h: number }) => ({
  x: b.x,
  y: b.y,
  width: b.w,
  height: b.h,
});

/** Height of the export's badge pill (as the canvas's .sw-badge). */
export const BADGE_H = 18;

/** An edge's policy as the export writes it: one pill of text, or none. */
export function edgeBadgeText(d: PolicyEdgeData): string {
  // The canvas's own list (policyBadges), so the image shows what the canvas shows; where
  // the canvas draws an icon, the image has no icons and spells the word out. A probability
  // the engine ignores (struck through on the canvas) is left out.
  return policyBadges(d)
    .filter((b) => !b.ignored)
    .map((b) => (b.key in ICON_WORDS ? `${ICON_WORDS[b.key]} ${b.text}` : b.text))
    .join(' · ');
}

/** The word an export writes where the canvas shows a badge's icon. */
const ICON_WORDS: Record<string, string> = { timeout: 'timeout', retries: 'retry', bulkhead: 'bulkhead' };

export interface ExportBadge {
  text: string;
  /** Top-left corner and width, in the route's coordinates; BADGE_H tall. */
  x: number;
  y: number;
  w: number;
}

/** Where an edge's pill goes: placed off the line as on the canvas (edgePath.ts's badgeBox). */
export function exportBadge(
  route: Pick<EdgeRoute, 'labelX' | 'labelY' | 'back'>,
  text: string,
  measure: (s: string) => number,
): ExportBadge | null {
  if (!text) return null;
  const w = Math.ceil(measure(text)) + 12;
  return { text, w, ...badgeBox(route, w, BADGE_H) };
}

export function isDark(): boolean {
  return document.documentElement.dataset.theme === 'dark';
}

export function buildSvg(
  design: Design,
  measured: Readonly<Record<string, { width: number; height: number }>>,
  dark: boolean,
): { svg: string; width: number; height: number } {
  const c = dark ? DARK : LIGHT;
  const byId = nodeById(design);
  const boxes = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const n of design.nodes) {
    const a = absolutePosition(n.id, byId);
    const s = isContainer(n.kind) ? zoneSize(n) : exportNodeSize(measured[n.id], !!nodeData(n).summary);
    boxes.set(n.id, { x: a.x, y: a.y, w: s.width, h: s.height });
  }
  const pad = 40;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes.values()) {
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w);
    maxY = Math.max(maxY, b.y + b.h);
  }
  // Each edge's route and badge, once, in design coordinates (the edges are drawn in a group
  // shifted like everything else). A loop back runs below its nodes (edgePath.ts) and badges
  // sit off the line as on the canvas: the loop's bottom run and every badge must be inside
  // the image too.
  const badge10 = textMeasure(10);
  const edges: { e: (typeof design.edges)[number]; route: EdgeRoute; badge: ExportBadge | null }[] = [];
  for (const e of design.edges) {
    const s = boxes.get(e.source);
    const t = boxes.get(e.target);
    if (!s || !t) continue;
    const route = edgeRoute(s.x + s.w, s.y + s.h / 2, t.x, t.y + t.h / 2, boxOf(s), boxOf(t));
    const badge = exportBadge(route, edgeBadgeText(edgeData(e)), badge10);
    edges.push({ e, route, badge });
    if (route.back) maxY = Math.max(maxY, route.labelY);
    if (badge) {
      minX = Math.min(minX, badge.x);
      minY = Math.min(minY, badge.y);
      maxX = Math.max(maxX, badge.x + badge.w);
      maxY = Math.max(maxY, badge.y + BADGE_H);
    }
  }
  if (!boxes.size) {
    minX = minY = 0;
    maxX = 400;
    maxY = 200;
  }
  const width = Math.ceil(maxX - minX + 2 * pad);
  const height = Math.ceil(maxY - minY + 2 * pad);
  const ox = pad - minX;
  const oy = pad - minY;
  const icons = iconMarkup([...new Set(design.nodes.map((n) => kindSpec(n.kind)?.icon ?? ''))]);
  const font = `font-family="${esc(FONT_FAMILY)}"`;
  // Labels and summaries are clamped to their box with an ellipsis, as on the canvas; the full
  // label stays in each node's <title> (a tooltip, and the name screen readers give it).
  const label13 = textMeasure(13, 600);
  const label12 = textMeasure(12, 600);
  const small11 = textMeasure(11);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${font}>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c.edge}"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="${c.bg}"/>`,
    `<title>${esc(design.name ?? 'Spillway design')}</title>`,
  );
  // Zones first (beneath), then edges, then nodes.
  for (const n of design.nodes) {
    if (!isContainer(n.kind)) continue;
    const b = boxes.get(n.id)!;
    const d = nodeData(n);
    // The title bar: label from x=32, summary right-aligned at w-10, 12 px apart; the summary
    // gets at most half of it.
    const bar = b.w - 42;
    const summary = d.summary ? fitText(d.summary, bar / 2, small11) : '';
    const label = fitText(d.label, summary ? bar - small11(summary) - 12 : bar, label12);
    parts.push(
      `<g transform="translate(${b.x + ox},${b.y + oy})">`,
      `<title>${esc(d.label)}</title>`,
      `<rect width="${b.w}" height="${b.h}" rx="10" fill="${c.zone}" stroke="${c.zoneBorder}" stroke-dasharray="6 4"/>`,
      `<g transform="translate(10,9) scale(0.5833)" fill="none" stroke="${c.accent}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${icons.get(d.icon) ?? ''}</g>`,
      `<text x="32" y="21" font-size="12" font-weight="600" fill="${c.text}">${esc(label)}</text>`,
      summary
        ? `<text x="${b.w - 10}" y="21" font-size="11" text-anchor="end" fill="${c.muted}">${esc(summary)}</text>`
        : '',
      `</g>`,
    );
  }
  parts.push(`<g transform="translate(${ox},${oy})">`);
  for (const { e, route, badge } of edges) {
    parts.push(
      `<path d="${route.path}" fill="none" stroke="${c.edge}" stroke-width="1.5"${edgeData(e).mode === 'async' ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#arrow)"/>`,
    );
    if (badge)
      parts.push(
        `<g transform="translate(${badge.x},${badge.y})"><rect width="${badge.w}" height="${BADGE_H}" rx="9" fill="${c.badge}" stroke="${c.border}"/><text x="${badge.w / 2}" y="12.5" font-size="10" text-anchor="middle" fill="${c.muted}">${esc(badge.text)}</text></g>`,
      );
  }
  parts.push('</g>');
  for (const n of design.nodes) {
    if (isContainer(n.kind)) continue;
    const b = boxes.get(n.id)!;
    const d = nodeData(n);
    // The label runs from x=36 and the summary from x=12, both to 12 px from the right edge.
    const label = fitText(d.label, b.w - 36 - 12, label13);
    const summary = d.summary ? fitText(d.summary, b.w - 24, small11) : '';
    parts.push(
      `<g transform="translate(${b.x + ox},${b.y + oy})">`,
      `<title>${esc(d.label)}</title>`,
      `<rect width="${b.w}" height="${b.h}" rx="8" fill="${c.node}" stroke="${c.border}"/>`,
      `<g transform="translate(12,13) scale(0.6667)" fill="none" stroke="${c.accent}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${icons.get(d.icon) ?? ''}</g>`,
      `<text x="36" y="25" font-size="13" font-weight="600" fill="${c.text}">${esc(label)}</text>`,
      summary
        ? `<text x="12" y="${Math.min(b.h - 12, 48)}" font-size="11" fill="${c.muted}">${esc(summary)}</text>`
        : '',
      `</g>`,
    );
  }
  parts.push('</svg>');
  return { svg: parts.join(''), width, height };
}

async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the diagram could not be rendered'));
      img.src = url;
    });
    const max = 8192;
    const s = Math.min(scale, max / width, max / height);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * s));
    canvas.height = Math.max(1, Math.round(height * s));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(s, s);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

function baseName(design: Design) {
  return (
    (design.name ?? 'design')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'design'
  );
}

export async function exportDiagram(format: 'png' | 'svg') {
  const { design, measured } = useDesignStore.getState();
  const { svg, width, height } = buildSvg(design, measured, isDark());
  if (format === 'svg') download(`${baseName(design)}.svg`, new Blob([svg], { type: 'image/svg+xml' }));
  else download(`${baseName(design)}.png`, await svgToPng(svg, width, height));
  useUiStore.getState().toast(`Exported ${format.toUpperCase()}`, 'success');
}
