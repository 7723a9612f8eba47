import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import type { KindFlowNode } from '../../state/flow';
import { KindIcon } from '../KindIcon';
import { NodeLiveWidgets, useNodeHealth } from '../run/NodeLive';
import { NodeLabel } from './NodeLabel';
import { selectCompactText } from './viewport';

function KindNodeView({ id, data, selected }: NodeProps<KindFlowNode>) {
  const health = useNodeHealth(id);
  // Zoomed out (viewport.ts COMPACT_BELOW), the card shows its name and main figure alone in
  // larger type, so that they stay readable on a small screen or a projector.
  const textPx = useStore(selectCompactText);
  const compact = textPx !== null;
  const head = (
    <div className="sw-node__head">
      {compact ? null : (
        <span className="sw-node__icon">
          <KindIcon name={data.icon} size={16} />
        </span>
      )}
      <NodeLabel id={id} label={data.label} className="sw-node__label" />
    </div>
  );
  return (
    <div
      className={`sw-node${compact ? ' is-compact' : ''}${selected ? ' is-selected' : ''}${health.down === 2 ? ' is-down' : health.down === 1 ? ' is-partly-down' : ''}${health.degraded ? ' is-degraded' : ''}`}
      data-kind={data.kind}
      data-down={health.down >= 0 ? health.down : undefined}
      style={compact ? ({ '--sw-card-text': `${textPx}px` } as CSSProperties) : undefined}
    >
      <Handle
        type="target"
        position={Position.Left}
        className={data.accepts ? 'sw-handle' : 'sw-handle sw-handle--off'}
        title={data.accepts ? 'Incoming calls' : 'Accepts no calls'}
      />
      {compact ? (
        // The full card's head and summary, laid out but not drawn, hold the card at its full
        // size (a card that changed size with the zoom would move its edges, and the layout
        // and fit read these sizes); the name is drawn in large type over their room.
        <div className={`sw-node__top${data.summary ? '' : ' sw-node__top--one-line'}`}>
          <div className="sw-node__sizer" aria-hidden>
            <div className="sw-node__sizer-head">
              <span className="sw-node__sizer-icon" />
              <span className="sw-node__sizer-label">{data.label}</span>
            </div>
            {data.summary ? <div className="sw-node__sizer-summary">{data.summary}</div> : null}
          </div>
          {head}
        </div>
      ) : (
        <>
          {head}
          {data.summary ? <div className="sw-node__summary">{data.summary}</div> : null}
        </>
      )}
      <NodeLiveWidgets id={id} kind={data.kind} compact={compact} />
      {health.down === 2 ? <span className="sw-node__down">down</span> : null}
      <Handle
        type="source"
        position={Position.Right}
        className={data.outgoing === 'none' ? 'sw-handle sw-handle--off' : 'sw-handle'}
        title={data.outgoing === 'none' ? 'Makes no calls' : 'Drag to connect'}
      />
    </div>
  );
}

export const KindNode = memo(KindNodeView);
