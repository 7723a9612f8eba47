/** Right-click on a node, zone or edge opens the live fault menu for it. */
import type { Edge, Node } from '@xyflow/react';
import type { MouseEvent } from 'react';
import { useChaosStore } from '../../state/chaosStore';

export function onNodeContextMenu(e: MouseEvent, node: Node): void {
  e.preventDefault();
  useChaosStore.getState().openMenu(e.clientX, e.clientY, node.id);
}

export function onEdgeContextMenu(e: MouseEvent, edge: Edge): void {
  e.preventDefault();
  useChaosStore.getState().openMenu(e.clientX, e.clientY, edge.id);
}
