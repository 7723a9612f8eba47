/** A node's live widgets: utilization ring, queue bar, in-flight, instances, headline. */
import { memo, type CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLiveStore } from '../../state/liveStore';
import { fmtNum } from './format';
import { headlineText, nodeHealth, nodeLive } from './live';

const R = 13;
const C = 2 * Math.PI * R;

/** The ring drawn around the node's icon (SVG arc). */
export function UtilRing({ util }: { util: number }) {
  const tone = util >= 90 ? 'hot' : util >= 70 ? 'warm' : 'ok';
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

function NodeLiveView({ id, kind, autoscale }: { id: string; kind: string; autoscale?: boolean }) {
  const l = useLiveStore(useShallow((s) => nodeLive(s, id)));
  if (!l.on) return null;
  const head = headlineText(kind, l.headline);
  const showInst = l.total > 0 && (l.up !== l.total || autoscale || l.total > 1);
  const qPct = Math.min(100, l.queue > 0 ? 8 + Math.log10(1 + l.queue) * 30 : 0);
  return (
    <div className={`sw-live${l.util === null ? ' sw-live--no-util' : ''}`} data-util={l.util ?? undefined}>
      {l.util === null ? null : <UtilRing util={l.util} />}
      <div className="sw-live__figs">
        {l.util === null ? (
          // No servers, so no utilization: the traffic through it instead.
          <span className="sw-live__util" title="Calls arriving per second (last simulated second)">
            {fmtNum(l.rate)}/s
          </span>
        ) : (
          <span className="sw-live__util" title="Utilization over the last simulated second">
            {l.util}%
          </span>
        )}
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

export const NodeLiveWidgets = memo(NodeLiveView);
