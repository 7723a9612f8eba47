import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { Columns3, RotateCw, Timer, Zap } from 'lucide-react';
import { memo } from 'react';
import { useDesignStore } from '../../state/designStore';
import type { PolicyFlowEdge } from '../../state/flow';
import { BreakerBadge, edgeLiveStyle, useEdgeLive } from '../run/EdgeLive';

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

function PolicyEdgeView(p: EdgeProps<PolicyFlowEdge>) {
  const [path, lx, ly] = getBezierPath({
    sourceX: p.sourceX,
    sourceY: p.sourceY,
    sourcePosition: p.sourcePosition,
    targetX: p.targetX,
    targetY: p.targetY,
    targetPosition: p.targetPosition,
  });
  const d = p.data;
  const live = useEdgeLive(p.id);
  const liveStyle = edgeLiveStyle(live);
  const async = d?.mode === 'async';
  const badges =
    d &&
    (d.timeoutMs !== null ||
      d.retries !== null ||
      d.breaker ||
      d.bulkhead !== null ||
      d.route !== 'all' ||
      d.probability < 1 ||
      d.dlq);
  const widths: number[] = [];
  if (d && badges) {
    if (d.dlq) widths.push(badgeWidth('DLQ', false));
    if (d.route !== 'all') widths.push(badgeWidth(d.route, false));
    if (d.probability < 1) widths.push(badgeWidth(`${Math.round(d.probability * 100)}%`, false));
    if (d.timeoutMs !== null) widths.push(badgeWidth(fmtMs(d.timeoutMs), true));
    if (d.retries !== null) widths.push(badgeWidth(`×${d.retries}`, true));
    if (d.breaker) widths.push(badgeWidth('CB', true));
    if (d.bulkhead !== null) widths.push(badgeWidth(String(d.bulkhead), true));
  }
  const layout = badgeLayout(widths, Math.hypot(p.targetX - p.sourceX, p.targetY - p.sourceY));
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
      {badges ? (
        <EdgeLabelRenderer>
          <div
            className={`sw-edge-badges nodrag nopan${p.selected ? ' is-selected' : ''}${layout === 'column' ? ' is-stacked' : ''}`}
            // Just above the line's midpoint, so the traffic dots and a thick live edge never cover the text.
            style={{ transform: `translate(-50%, calc(-100% - 5px)) translate(${lx}px, ${ly}px)` }}
            data-edge={p.id}
            onClick={() => useDesignStore.getState().select({ edges: [p.id] })}
          >
            {d.dlq ? (
              <span className="sw-badge sw-badge--text" title="Dead-letter edge">
                DLQ
              </span>
            ) : null}
            {d.route !== 'all' ? (
              <span className="sw-badge sw-badge--text" title={`Only ${d.route}s`}>
                {d.route}
              </span>
            ) : null}
            {d.probability < 1 ? (
              <span className="sw-badge sw-badge--text" title="Probability of this call">
                {Math.round(d.probability * 100)}%
              </span>
            ) : null}
            {d.timeoutMs !== null ? (
              <span className="sw-badge" title={`Timeout ${fmtMs(d.timeoutMs)}`}>
                <Timer size={11} aria-hidden /> {fmtMs(d.timeoutMs)}
              </span>
            ) : null}
            {d.retries !== null ? (
              <span className="sw-badge" title={`Up to ${d.retries} retries`}>
                <RotateCw size={11} aria-hidden /> ×{d.retries}
              </span>
            ) : null}
            {d.breaker && live.on ? (
              <BreakerBadge state={live.breaker} />
            ) : d.breaker ? (
              <span className="sw-badge" title="Circuit breaker">
                <Zap size={11} aria-hidden /> CB
              </span>
            ) : null}
            {d.bulkhead !== null ? (
              <span className="sw-badge" title={`Bulkhead: at most ${d.bulkhead} in flight`}>
                <Columns3 size={11} aria-hidden /> {d.bulkhead}
              </span>
            ) : null}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const PolicyEdge = memo(PolicyEdgeView);
