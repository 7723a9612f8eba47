import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { KindFlowNode } from '../../state/flow';
import { KindIcon } from '../KindIcon';
import { NodeLabel } from './NodeLabel';

function KindNodeView({ id, data, selected }: NodeProps<KindFlowNode>) {
  return (
    <div className={`sw-node${selected ? ' is-selected' : ''}`} data-kind={data.kind}>
      <Handle
        type="target"
        position={Position.Left}
        className={data.accepts ? 'sw-handle' : 'sw-handle sw-handle--off'}
        title={data.accepts ? 'Incoming calls' : 'Accepts no calls'}
      />
      <div className="sw-node__head">
        <span className="sw-node__icon">
          <KindIcon name={data.icon} size={16} />
        </span>
        <NodeLabel id={id} label={data.label} className="sw-node__label" />
      </div>
      {data.summary ? <div className="sw-node__summary">{data.summary}</div> : null}
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
