import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { KindFlowNode } from '../../state/flow';
import { KindIcon } from '../KindIcon';
import { NodeLiveWidgets, useNodeHealth } from '../run/NodeLive';
import { NodeLabel } from './NodeLabel';

function KindNodeView({ id, data, selected }: NodeProps<KindFlowNode>) {
  const health = useNodeHealth(id);
  return (
    <div
      className={`sw-node${selected ? ' is-selected' : ''}${health.down === 2 ? ' is-down' : health.down === 1 ? ' is-partly-down' : ''}${health.degraded ? ' is-degraded' : ''}`}
      data-kind={data.kind}
      data-down={health.down >= 0 ? health.down : undefined}
    >
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
      <NodeLiveWidgets id={id} kind={data.kind} />
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
