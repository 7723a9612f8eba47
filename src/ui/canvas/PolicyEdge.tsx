import {
  BaseEdge,
  EdgeLabelRenderer,
  useInternalNode,
  useStore,
  type EdgeProps,
  type ReactFlowState,
} from '@xyflow/react';
import { Columns3, RotateCw, Timer, Zap, type LucideIcon } from 'lucide-react';
import { memo, useLayoutEffect, useMemo, type CSSProperties } from 'react';
import { PROBABILITY_KINDS } from '../../model/kinds';
import { useDesignStore } from '../../state/designStore';
import type { PolicyEdgeData, PolicyFlowEdge } from '../../state/flow';
import { BreakerBadge, edgeLiveStyle, useEdgeLive } from '../run/EdgeLive';
import { BADGE_GAP, edgeRoute, internalBox } from './edgePath';
import { selectBadgeScale, selectCompactText } from './viewport';

export function fmtMs(ms: number): string {
  if (ms >= 1000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms * 10) / 10} ms`;
}

/** Rough rendered width (px) of a badge: padding and border, an icon, ~6.2 px a character (11 px text). */
export function badgeWidth(text: string, icon: boolean): number {
  return 14 + (icon ? 14 : 0) + text.length * 6.2;
}

/**
 * Badges sit in a row above the edge's midpoint when the row fits between the two
 * handles (less the arrowhead); on a shorter edge they stack upwards, one per line, so
 * that they do not spill over the nodes at either end.
 */
export function badgeLayout(widths: readonly number[], handleDistance: number): 'row' | 'column' {
  const row = widths.reduce((a, w) => a + w, 0) + 3 * Math.max(0, widths.length - 1);
  return row <= handleDistance - 16 ? 'row' : 'column';
}

/**
 * The most an edge's badges may grow before their row (or, stacked, the widest badge) no
 * longer fits between the handles (Infinity with no badges).
 */
export function badgeFit(
  widths: readonly number[],
  layout: 'row' | 'column',
  handleDistance: number,
): number {
  if (widths.length === 0) return Infinity;
  const need =
    layout === 'row' ? widths.reduce((a, w) => a + w, 0) + 3 * (widths.length - 1) : Math.max(...widths);
  return (handleDistance - 16) / need;
}

/**
 * How much an edge's badges grow, zoomed out (`wanted`, viewport.ts badgeScale): as much as
 * they still fit between the handles (badgeFit), never below 1. The canvas applies the same
 * rule in CSS (app.css, .sw-edge-badges --k); this is its figure in numbers, for tests.
 */
export function badgeScaleFor(
  widths: readonly number[],
  layout: 'row' | 'column',
  handleDistance: number,
  wanted: number,
): number {
  if (wanted <= 1 || widths.length === 0) return 1;
  return Math.max(1, Math.min(wanted, badgeFit(widths, layout, handleDistance)));
}

/** The CSS custom property, set on the badges' layer, that holds viewport.ts badgeScale at the current zoom. */
export const BADGE_SCALE_VAR = '--sw-badge-scale';

/** React Flow store selector: zoomed out past COMPACT_BELOW (a boolean: it changes at that threshold only). */
const selectZoomedOut = (s: ReactFlowState): boolean => selectCompactText(s) !== null;

/**
 * The layer EdgeLabelRenderer portals the badges into. The custom property goes there, not
 * on the canvas: changed on the canvas, it made Chromium restyle every node and edge under
 * it on each zoom step (871 calls without badges: 0 → 215 ms of long tasks over 16 steps).
 */
const selectLabelLayer = (s: ReactFlowState): HTMLElement | null =>
  s.domNode?.querySelector<HTMLElement>('.react-flow__edgelabel-renderer') ?? null;

/**
 * Writes the zoom's badge scale to the label layer's BADGE_SCALE_VAR: the one component that
 * follows the zoom's tenths for the badges (mounted once inside React Flow).
 */
export function BadgeScaleVar() {
  const wanted = useStore(selectBadgeScale);
  const zoomedOut = useStore(selectZoomedOut);
  const dom = useStore(selectLabelLayer);
  useLayoutEffect(() => {
    dom?.style.setProperty(BADGE_SCALE_VAR, String(wanted));
  }, [dom, wanted]);
  useLayoutEffect(() => {
    dom?.classList.toggle(BADGES_ZOOMED_OUT, zoomedOut);
  }, [dom, zoomedOut]);
  return null;
}

interface Badge {
  key: string;
  text: string;
  title: string;
  icon: LucideIcon | null;
  /** Drawn struck through: the value is set but the engine does not apply it. */
  ignored?: boolean;
  /** Its text says what it is without the icon ("500 ms", "×3", "CB"): zoomed out, the icon goes. */
  textReads?: boolean;
}

/** Why an edge's probability does nothing when its source is a `sourceLabel`. */
export function ignoredProbabilityTitle(sourceLabel: string): string {
  return `Ignored: ${sourceLabel} nodes make every call they pass down an edge (probability applies only to calls from ${PROBABILITY_KINDS} nodes)`;
}

/** The edge's policy badges, in display order: one list both sizes and renders them. */
export function policyBadges(d: PolicyEdgeData): Badge[] {
  const out: Badge[] = [];
  if (d.dlq) out.push({ key: 'dlq', text: 'DLQ', title: 'Dead-letter edge', icon: null });
  if (d.route !== 'all') out.push({ key: 'route', text: d.route, title: `Only ${d.route}s`, icon: null });
  if (d.probability < 1) {
    const ignoredBy = d.probabilityIgnoredBy;
    out.push({
      key: 'probability',
      text: `${Math.round(d.probability * 100)}%`,
      title: ignoredBy === null ? 'Probability of this call' : ignoredProbabilityTitle(ignoredBy),
      icon: null,
      ignored: ignoredBy !== null,
    });
  }
  if (d.timeoutMs !== null)
    out.push({
      key: 'timeout',
      text: fmtMs(d.timeoutMs),
      title: `Timeout ${fmtMs(d.timeoutMs)}`,
      icon: Timer,
      textReads: true,
    });
  if (d.retries !== null)
    out.push({
      key: 'retries',
      text: `×${d.retries}`,
      title: `Up to ${d.retries} retries`,
      icon: RotateCw,
      textReads: true,
    });
  if (d.breaker)
    out.push({ key: 'breaker', text: 'CB', title: 'Circuit breaker', icon: Zap, textReads: true });
  if (d.bulkhead !== null)
    out.push({
      key: 'bulkhead',
      text: String(d.bulkhead),
      title: `Bulkhead: at most ${d.bulkhead} in flight`,
      icon: Columns3,
    });
  return out;
}

interface EdgeBadgesProps {
  id: string;
  badges: readonly Badge[];
  /** The route's room between the handles (edgeRoute's span). */
  span: number;
  /** The badges' point on the line (edgeRoute's label point). */
  x: number;
  y: number;
  /** A loop back: the badges hang below its bottom run. */
  back: boolean;
  selected: boolean;
  /** A run is on (live figures): the breaker badge shows the breaker's state. */
  liveOn: boolean;
  breaker: number;
}

/** The badge layer's class while the view is zoomed out past COMPACT_BELOW (viewport.ts). */
export const BADGES_ZOOMED_OUT = 'is-zoomed-out';

/**
 * An edge's badges, which never re-render on a zoom step. Zoomed out, they grow as far as
 * their room allows, and drop the icons their text can do without (an 11 px icon is a
 * smudge at 40%; without it the text can grow more). Both follow the zoom in CSS: the
 * layer's BADGE_SCALE_VAR and BADGES_ZOOMED_OUT class (BadgeScaleVar), with this box's room
 * for either state (--fit-in, --fit-out) and its stacking in either (is-stacked-in/-out).
 * Re-rendering them per step cost ~1.3 s of long tasks over 16 wheel steps with 871 badged
 * calls, and an edge component that read the zoom re-rendered even without badges.
 */
const EdgeBadges = memo(function EdgeBadges(p: EdgeBadgesProps) {
  const widthsIn = p.badges.map((b) => badgeWidth(b.text, b.icon !== null));
  const widthsOut = p.badges.map((b) => badgeWidth(b.text, b.icon !== null && !b.textReads));
  const layoutIn = badgeLayout(widthsIn, p.span);
  const layoutOut = badgeLayout(widthsOut, p.span);
  const fit = (f: number) => (Number.isFinite(f) ? f.toFixed(4) : '1');
  // Scaled by --k (app.css) about the point on the line (transform-origin 0 0), the gap to
  // the line staying BADGE_GAP.
  const style = {
    '--fit-in': fit(badgeFit(widthsIn, layoutIn, p.span)),
    '--fit-out': fit(badgeFit(widthsOut, layoutOut, p.span)),
    transform: `translate(${p.x}px, ${p.y}px) scale(var(--k)) translate(-50%, ${p.back ? `calc(${BADGE_GAP}px / var(--k))` : `calc(-100% - ${BADGE_GAP}px / var(--k))`})`,
  } as CSSProperties;
  return (
    <EdgeLabelRenderer>
      <div
        className={`sw-edge-badges nodrag nopan${p.selected ? ' is-selected' : ''}${layoutIn === 'column' ? ' is-stacked-in' : ''}${layoutOut === 'column' ? ' is-stacked-out' : ''}`}
        // Above the line's midpoint, below a loop's bottom run (BADGE_GAP; badgeBox is the same
        // rule for the image export, which knows its badge's height).
        style={style}
        data-edge={p.id}
        onClick={() => useDesignStore.getState().select({ edges: [p.id] })}
      >
        {p.badges.map((b) => {
          if (b.key === 'breaker' && p.liveOn) return <BreakerBadge key={b.key} state={p.breaker} dropIcon />;
          const Icon = b.icon;
          return (
            <span
              key={b.key}
              className={`sw-badge${Icon ? '' : ' sw-badge--text'}${b.ignored ? ' sw-badge--ignored' : ''}`}
              title={b.title}
            >
              {Icon ? (
                <>
                  <Icon size={11} aria-hidden className={b.textReads ? 'sw-badge__drop' : undefined} />{' '}
                  {b.text}
                </>
              ) : (
                b.text
              )}
            </span>
          );
        })}
      </div>
    </EdgeLabelRenderer>
  );
});

function PolicyEdgeView(p: EdgeProps<PolicyFlowEdge>) {
  // The nodes' boxes: a loop back runs below both (a forward edge ignores them).
  const source = useInternalNode(p.source);
  const target = useInternalNode(p.target);
  const route = edgeRoute(
    p.sourceX,
    p.sourceY,
    p.targetX,
    p.targetY,
    internalBox(source),
    internalBox(target),
  );
  const { path, labelX: lx, labelY: ly } = route;
  const d = p.data;
  const live = useEdgeLive(p.id);
  const liveStyle = edgeLiveStyle(live);
  const async = d?.mode === 'async';
  // The same list while the edge's data is (EdgeBadges is memoized: a run's live width alone
  // does not re-render the badges).
  const badges = useMemo(() => (d ? policyBadges(d) : []), [d]);
  return (
    <>
      <BaseEdge
        id={p.id}
        path={path}
        markerEnd={p.markerEnd}
        className={`sw-edge${async ? ' sw-edge--async' : ''}${p.selected ? ' is-selected' : ''}${liveStyle.className}`}
        style={liveStyle.style}
        interactionWidth={16}
      />
      {badges.length > 0 ? (
        <EdgeBadges
          id={p.id}
          badges={badges}
          span={route.span}
          x={lx}
          y={ly}
          back={route.back}
          selected={!!p.selected}
          liveOn={live.on}
          breaker={live.breaker}
        />
      ) : null}
    </>
  );
}

export const PolicyEdge = memo(PolicyEdgeView);
