import { NodeResizer, useStore, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { useDesignStore } from '../../state/designStore';
import type { KindFlowNode } from '../../state/flow';
import { KindIcon } from '../KindIcon';
import { NodeLabel } from './NodeLabel';
import { ZONE_TEXT_MAX, selectCompactText } from './viewport';

const begin = () => useDesignStore.getState().beginGesture();
const end = () => useDesignStore.getState().endGesture();

function ZoneNodeView({ id, data, selected }: NodeProps<KindFlowNode>) {
  // Zoomed out as the cards are (KindNode), the zone's name grows and its summary gives way.
  const textPx = useStore(selectCompactText);
  const compact = textPx !== null;
  return (
    <>
      <NodeResizer
        isVisible={!!selected}
        minWidth={160}
        minHeight={120}
        onResizeStart={begin}
        onResizeEnd={end}
        lineClassName="sw-zone__resize-line"
        handleClassName="sw-zone__resize-handle"
      />
      <div
        className={`sw-zone${compact ? ' is-compact' : ''}${selected ? ' is-selected' : ''}`}
        data-kind={data.kind}
        style={
          compact
            ? ({ '--sw-zone-text': `${Math.min(textPx, ZONE_TEXT_MAX)}px` } as CSSProperties)
            : undefined
        }
      >
        <div className="sw-zone__bar">
          <KindIcon name={data.icon} size={14} />
          <NodeLabel id={id} label={data.label} className="sw-zone__label" />
          {data.summary ? (
            <span className="sw-zone__summary" title={data.summary}>
              {data.summary}
            </span>
          ) : null}
        </div>
      </div>
    </>
  );
}

export const ZoneNode = memo(ZoneNodeView);
