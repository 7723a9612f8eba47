/** An edge's live state: stroke width from throughput, red when failing, breaker badge. */
import { CircuitBoard } from 'lucide-react';
import type { CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLiveStore } from '../../state/liveStore';
import { edgeLive, type EdgeLive } from './live';
import { edgeWidth } from './traffic';

export function useEdgeLive(id: string): EdgeLive {
  return useLiveStore(useShallow((s) => edgeLive(s, id)));
}

/** Extra class names and style for the edge's path. */
export function edgeLiveStyle(l: EdgeLive): { className: string; style?: CSSProperties } {
  if (!l.on) return { className: '' };
  const cls = `${l.failing >= 0.05 ? ' sw-edge--failing' : ''}${l.faulted ? ' sw-edge--faulted' : ''}`;
  const style: CSSProperties = { strokeWidth: edgeWidth(l.sent) };
  if (l.failing >= 0.05)
    style.stroke = `color-mix(in srgb, var(--sw-error) ${Math.round(35 + l.failing * 65)}%, var(--sw-edge))`;
  return { className: cls, style };
}

const BREAKER = ['closed', 'open', 'half-open'] as const;

/**
 * `icon`: false to leave the icon out; `dropIcon`: its icon goes when the canvas is zoomed
 * out (PolicyEdge BADGES_ZOOMED_OUT), where the badge's text is all that can be read.
 */
export function BreakerBadge({
  state,
  icon = true,
  dropIcon = false,
}: {
  state: number;
  icon?: boolean;
  dropIcon?: boolean;
}) {
  const name = BREAKER[state] ?? 'closed';
  return (
    <span
      className={`sw-badge sw-breaker sw-breaker--${name}`}
      title={`Circuit breaker ${name}`}
      data-breaker={name}
    >
      {icon ? (
        <>
          <CircuitBoard size={11} aria-hidden className={dropIcon ? 'sw-badge__drop' : undefined} /> {name}
        </>
      ) : (
        name
      )}
    </span>
  );
}
