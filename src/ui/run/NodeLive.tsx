/** A node's live widgets: utilization ring, queue bar, in-flight, instances, headline. */
import { memo, type CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLiveStore } from '../../state/liveStore';
import { fmtNum } from './format';
import { headlineText, nodeHealth, nodeLive, type NodeLive } from './live';

const R = 13;
const C = 2 * Math.PI * R;

/** The ring drawn around the node's icon (SVG arc). */
/** How busy a utilization reads: its colour on the ring and on the compact card's gauge. */
export const utilTone = (util: number) => (util >= 90 ? 'hot' : util >= 70 ? 'warm' : 'ok');

export function UtilRing({ util }: { util: number }) {
  const tone = utilTone(util);
  return (
    <svg className={`sw-ring sw-ring--${tone}`} viewBox="0 0 32 32" width={32} height={32} aria-hidden>
      <circle cx={16} cy={16} r={R} className="sw-ring__track" />
      <circle
        cx={16}
        cy={16}
        r={R}
        className="sw-ring__arc"
        strokeDasharray={`${(C * util) / 100} ${C}`}
        transform="rotate(-90 16 16)"
      />
    </svg>
  );
}

/** Health flags for the node's own frame (data-down, classes). */
export function useNodeHealth(id: string) {
  return useLiveStore(useShallow((s) => nodeHealth(s, id)));
}

function NodeLiveView({
  id,
  kind,
  autoscale,
  compact,
}: {
  id: string;
  kind: string;
  autoscale?: boolean;
  /** The zoomed-out card (KindNode): the main figure and one more, in large type. */
  compact?: boolean;
}) {
  const l = useLiveStore(useShallow((s) => nodeLive(s, id)));
  if (!l.on) return null;
  const head = headlineText(kind, l.headline);
  if (compact) return <CompactLive l={l} head={head} />;
  const showInst = l.total > 0 && (l.up !== l.total || autoscale || l.total > 1);
  const qPct = Math.min(100, l.queue > 0 ? 8 + Math.log10(1 + l.queue) * 30 : 0);
  return (
    <div className={`sw-live${l.util === null ? ' sw-live--no-util' : ''}`} data-util={l.util ?? undefined}>
      {l.util === null ? null : <UtilRing util={l.util} />}
      <div className="sw-live__figs">
        <MainFigure l={l} />
        {showInst ? (
          <span className={`sw-live__inst${l.up < l.total ? ' is-short' : ''}`} title="Instances up / total">
            {l.up}/{l.total}
          </span>
        ) : null}
        {head ? <span className="sw-live__head">{head}</span> : null}
      </div>
      <div
        className="sw-live__queue"
        title={`Queue: ${l.queue}, in flight: ${l.inflight}`}
        style={{ '--q': `${qPct}%` } as CSSProperties}
      >
        <span>
          q {fmtNum(l.queue)} · <span className="sw-live__inflight">{fmtNum(l.inflight)} in flight</span>
        </span>
      </div>
    </div>
  );
}

/** A card's main live figure: utilization, or (no servers, so no utilization) the traffic through it. */
function MainFigure({ l }: { l: NodeLive }) {
  return l.util === null ? (
    <span className="sw-live__util" title="Calls arriving per second (last simulated second)">
      {fmtNum(l.rate)}/s
    </span>
  ) : (
    <span className="sw-live__util" title="Utilization over the last simulated second">
      {l.util}%
    </span>
  );
}

/**
 * The compact card's live line, in the full card's live box: utilization (or calls per
 * second) over a gauge of it in the ring's colours, then the one other figure that matters
 * most: instances when some are down, else the kind's headline (hit ratio, depth), else the
 * queue. The rest (in flight, the instances of a healthy pool) is one zoom step away.
 */
function CompactLive({ l, head }: { l: NodeLive; head: string | null }) {
  const short = l.total > 0 && l.up < l.total;
  return (
    <div
      className={`sw-live sw-live--compact${l.util === null ? ' sw-live--no-util' : ` sw-live--${utilTone(l.util)}`}`}
      data-util={l.util ?? undefined}
      style={{ '--u': `${l.util ?? 0}%` } as CSSProperties}
    >
      <MainFigure l={l} />
      {short ? (
        <span className="sw-live__inst is-short" title="Instances up / total">
          {l.up}/{l.total}
        </span>
      ) : head ? (
        <span className="sw-live__head">{head}</span>
      ) : l.util !== null || l.queue > 0 ? (
        <span className="sw-live__queue" title={`Queue: ${l.queue}, in flight: ${l.inflight}`}>
          q {fmtNum(l.queue)}
        </span>
      ) : null}
    </div>
  );
}

export const NodeLiveWidgets = memo(NodeLiveView);
