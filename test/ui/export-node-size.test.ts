/** The exported node box: the height of what the export draws, whatever the canvas measured. */
import { describe, expect, it } from 'vitest';
import { exportNodeSize, NODE_HEIGHT } from '../../src/ui/export/nodeSize';
import { APPROX_NODE_SIZE } from '../../src/state/ops';

describe('exported node size', () => {
  it('the same before, during and after a run: the live widgets do not count', () => {
    const before = exportNodeSize({ width: 181, height: 67 }, true);
    // During and after a run the canvas measures the node 36 px taller (ring and queue bar).
    const during = exportNodeSize({ width: 181, height: 103 }, true);
    expect(before).toEqual({ width: 181, height: NODE_HEIGHT.withSummary });
    expect(during).toEqual(before);
  });

  it('a node without a summary is its head only; an unmeasured one takes the usual width', () => {
    expect(exportNodeSize({ width: 168, height: 82 }, false)).toEqual({
      width: 168,
      height: NODE_HEIGHT.head,
    });
    expect(exportNodeSize(undefined, true)).toEqual({
      width: APPROX_NODE_SIZE.width,
      height: NODE_HEIGHT.withSummary,
    });
  });
});
