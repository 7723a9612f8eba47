import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useDesignStore } from '../../state/designStore';
import type { KindFlowNode } from '../../state/flow';
import { KindIcon } from '../KindIcon';
import { NodeLabel } from './NodeLabel';

const begin = () => useDesignStore.getState().beginGesture();
const end = () => useDesignStore.getState().endGesture();

function ZoneNodeView({ id, data, selected }: NodeProps<KindFlowNode>) {
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
      <div className={`sw-zone${selected ? ' is-selected' : ''}`} data-kind={data.kind}>
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
