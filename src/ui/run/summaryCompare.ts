/**
 * The run summary beside the previous run's (pure; unit-tested): "change one parameter and
 * run again" is the lesson, and the new summary used to replace the old one, so the
 * before-and-after had to be written down by hand.
 */
import type { Design } from '../../model/design';
import { EDGE_PARAMS } from '../../model/edge';
import { SCENARIO_FIELDS } from '../../model/faults';
import { kindSpec } from '../../model/kinds';
import type { RunSummary } from '../../sim/summary';
import type { LiveChanges } from '../../state/runStore';
import { faultPhrase, fmtAt } from './liveFaults';
import { elementKind, elementNamer } from './names';
import { fmtFigure, summaryRows } from './summaryExport';

export interface Figure {
  name: string;
  value: number | null;
  ci95: number | null;
}

/** The previous run's figures by row ("client:users", "node:db") and figure name. */
export function figureIndex(s: RunSummary): Map<string, Map<string, Figure>> {
  return new Map(
    summaryRows(s).map((r) => [`${r.scope}:${r.id}`, new Map(r.figures.map((f) => [f.name, f]))]),
  );
}

export interface Was {
  /** The previous figure as the table writes it, without its interval: "39.0%", "3.46". */
  text: string;
  /** The two 95% intervals do not overlap: a change beyond the run's noise. */
  beyondNoise: boolean;
  /** The previous figure with its interval, for a tooltip. */
  full: string;
}

/** The previous run's figure beside this one; null where it had none or reads the same. */
export function wasFigure(now: Figure, was: Figure | undefined): Was | null {
  if (!was || was.value === null || now.value === null) return null;
  const text = fmtFigure({ ...was, ci95: null });
  if (text === fmtFigure({ ...now, ci95: null })) return null;
  // Without intervals (utilization, counts) a figure is one run's measure: no claim either way.
  const beyondNoise =
    now.ci95 !== null && was.ci95 !== null && Math.abs(now.value - was.value) > now.ci95 + was.ci95;
  return { text, beyondNoise, full: fmtFigure(was) };
}

const show = (v: unknown): string =>
  v === undefined ? 'default' : typeof v === 'object' && v !== null ? 'changed' : String(v);

/** One parameter's change: "Connections 4 → 8", or just its label when it is an object. */
function paramChange(label: string, a: unknown, b: unknown): string {
  const x = show(a);
  const y = show(b);
  return x === 'changed' || y === 'changed' ? `${label} changed` : `${label} ${x} → ${y}`;
}

function paramChanges(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  label: (k: string) => string,
): string[] {
  const a = before ?? {};
  const b = after ?? {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => paramChange(label(k), a[k], b[k]));
}

const edgeLabel = (k: string) => (EDGE_PARAMS as Record<string, { label?: string }>)[k]?.label ?? k;

/**
 * What changed between the design a run ran and the next one, as the canvas names things:
 * "Postgres › Connections 4 → 8", "added Cache", "seed 7 → 8".
 */
export function designChanges(before: Design, after: Design): string[] {
  const out: string[] = [];
  const nameBefore = elementNamer(before);
  const nameAfter = elementNamer(after);
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const newIds = new Set(after.nodes.map((n) => n.id));
  for (const n of after.nodes) {
    const o = oldNodes.get(n.id);
    if (!o || o.kind !== n.kind) {
      out.push(`added ${nameAfter(n.id)}`);
      continue;
    }
    const spec = kindSpec(n.kind);
    for (const c of paramChanges(o.params, n.params, (k) => spec?.params[k]?.label ?? k))
      out.push(`${nameAfter(n.id)} › ${c}`);
  }
  for (const n of before.nodes) if (!newIds.has(n.id)) out.push(`removed ${nameBefore(n.id)}`);
  const oldEdges = new Map(before.edges.map((e) => [e.id, e]));
  const newEdges = new Set(after.edges.map((e) => e.id));
  for (const e of after.edges) {
    const o = oldEdges.get(e.id);
    if (!o || o.source !== e.source || o.target !== e.target) {
      out.push(`added the call ${nameAfter(e.id)}`);
      continue;
    }
    for (const c of paramChanges(o.params, e.params, edgeLabel)) out.push(`${nameAfter(e.id)} › ${c}`);
  }
  for (const e of before.edges) if (!newEdges.has(e.id)) out.push(`removed the call ${nameBefore(e.id)}`);
  const { faults: fa, ...sa } = before.scenario ?? {};
  const { faults: fb, ...sb } = after.scenario ?? {};
  const scenarioLabel = (k: string) => (SCENARIO_FIELDS as Record<string, { label?: string }>)[k]?.label ?? k;
  out.push(...paramChanges(sa as Record<string, unknown>, sb as Record<string, unknown>, scenarioLabel));
  if (JSON.stringify(fa ?? []) !== JSON.stringify(fb ?? [])) out.push('scheduled faults changed');
  return out;
}

/**
 * What was changed while a run ran, in time order, as the canvas names things: "crash on
 * Postgres at 0:20", "Users › Request rate 300 → 600 at 0:31". Two runs of one design differ
 * by these too, so the comparison names them.
 */
export function liveChangeTexts(live: LiveChanges, design: Design): string[] {
  const name = elementNamer(design);
  const items: { atS: number; text: string }[] = [];
  for (const f of live.faults)
    items.push({
      atS: f.startS,
      text: `${faultPhrase(f.type, name(f.target), elementKind(design, f.target))} at ${fmtAt(f.startS)}`,
    });
  for (const e of live.edits) {
    const kind = e.scope === 'node' ? design.nodes.find((n) => n.id === e.id)?.kind : undefined;
    const spec = kind ? kindSpec(kind) : undefined;
    const label = e.scope === 'edge' ? edgeLabel : (k: string) => spec?.params[k]?.label ?? k;
    for (const c of paramChanges(e.before, e.after, label))
      items.push({ atS: e.atS, text: `${name(e.id)} › ${c} at ${fmtAt(e.atS)}` });
  }
  return items.sort((a, b) => a.atS - b.atS).map((x) => x.text);
}
