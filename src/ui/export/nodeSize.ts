/** The size a node is exported at (pure; unit-tested). */
import { APPROX_NODE_SIZE } from '../../state/ops';

/**
 * A node's height on the canvas without its live widgets, as app.css lays it out: 1 px
 * border and 9 px padding above and below the 26 px head; a summary adds 5 px and a 16 px
 * line. That is what the export draws (icon, label, summary).
 */
export const NODE_HEIGHT = { head: 46, withSummary: 67 } as const;

/**
 * The box a node is exported at: the canvas's measured width (the live widgets never change
 * it, run.css .sw-live) and the height of what the export draws. The measured height grows
 * by the ring and queue bar during and after a run, which the export does not draw: taken
 * as it was, the box came out with an empty lower half.
 */
export function exportNodeSize(
  measured: { width: number; height: number } | undefined,
  hasSummary: boolean,
): { width: number; height: number } {
  return {
    width: measured?.width ?? APPROX_NODE_SIZE.width,
    height: hasSummary ? NODE_HEIGHT.withSummary : NODE_HEIGHT.head,
  };
}
