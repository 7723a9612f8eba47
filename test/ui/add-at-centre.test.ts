import { describe, expect, it } from 'vitest';
import { APPROX_NODE_SIZE } from '../../src/state/ops';
import { useDesignStore } from '../../src/state/designStore';
import { addAtCentre } from '../../src/ui/canvas/viewport';

describe('adding components by clicking the palette', () => {
  it('lays repeated clicks out left to right with room for the edges, never on top of each other', () => {
    useDesignStore.getState().newDesign();
    const ids = ['client', 'loadbalancer', 'service', 'database'].map((k) => addAtCentre(k));
    const nodes = useDesignStore.getState().design.nodes;
    const at = ids.map((id) => nodes.find((n) => n.id === id)!.position!);
    for (let i = 1; i < at.length; i++) {
      expect(at[i].y).toBe(at[0].y);
      // At least 60 px of clear edge between one node and the next.
      expect(at[i].x - at[i - 1].x).toBeGreaterThanOrEqual(APPROX_NODE_SIZE.width + 60);
    }
  });
});
