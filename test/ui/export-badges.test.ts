/**
 * Edge badges in the image export (src/ui/export/exportImage.ts) sit where the canvas puts them
 * (edgePath.ts's badgeBox): above a forward edge, below a loop's bottom run, never on the line.
 */
import { describe, expect, it } from 'vitest';
import { BADGE_GAP, badgeBox, edgeRoute } from '../../src/ui/canvas/edgePath';
import { BADGE_H, edgeBadgeText, exportBadge } from '../../src/ui/export/exportImage';
import type { PolicyEdgeData } from '../../src/state/flow';

/** Every character 6 px wide. */
const mono = (t: string) => Array.from(t).length * 6;

const policy: PolicyEdgeData = {
  mode: 'sync',
  timeoutMs: 250,
  retries: 3,
  breaker: false,
  bulkhead: null,
  route: 'all',
  probability: 1,
  probabilityIgnoredBy: null,
  dlq: false,
};

describe('export badge placement', () => {
  it('puts a forward edge’s pill just above the line, centred on the label point', () => {
    const route = edgeRoute(100, 50, 300, 80);
    expect(route.back).toBe(false);
    const b = exportBadge(route, 'timeout 250 ms', mono)!;
    expect(b.w).toBe(14 * 6 + 12);
    expect(b.x + b.w / 2).toBeCloseTo(route.labelX);
    // Its bottom edge BADGE_GAP above the line, not straddling it.
    expect(b.y + BADGE_H).toBeCloseTo(route.labelY - BADGE_GAP);
  });

  it('hangs a loop’s pill just below its bottom run', () => {
    const src = { x: 300, y: 0, width: 120, height: 46 };
    const dst = { x: 0, y: 0, width: 120, height: 46 };
    const route = edgeRoute(420, 23, 0, 23, src, dst);
    expect(route.back).toBe(true);
    const b = exportBadge(route, 'retry ×3', mono)!;
    expect(b.x + b.w / 2).toBeCloseTo(route.labelX);
    expect(b.y).toBeCloseTo(route.labelY + BADGE_GAP);
    expect(b.y).toBeGreaterThan(src.y + src.height);
  });

  it('follows the canvas’s rule for a block of any size', () => {
    const fwd = { labelX: 10, labelY: 100, back: false };
    const loop = { ...fwd, back: true };
    expect(badgeBox(fwd, 40, 30)).toEqual({ x: -10, y: 100 - BADGE_GAP - 30 });
    expect(badgeBox(loop, 40, 30)).toEqual({ x: -10, y: 100 + BADGE_GAP });
  });

  it('draws no pill for an edge without a policy, one pill of all of them otherwise', () => {
    const plain = { ...policy, timeoutMs: null, retries: null };
    expect(edgeBadgeText(plain)).toBe('');
    expect(exportBadge({ labelX: 0, labelY: 0, back: false }, edgeBadgeText(plain), mono)).toBeNull();
    // The canvas's badges in the canvas's order, words where the canvas has icons.
    expect(edgeBadgeText({ ...policy, breaker: true, route: 'read' })).toBe(
      'read · timeout 250 ms · retry ×3 · CB',
    );
    // The probability and the dead-letter mark show as on the canvas; an ignored probability does not.
    expect(edgeBadgeText({ ...plain, probability: 0.3, dlq: true, bulkhead: 8 })).toBe(
      'DLQ · 30% · bulkhead 8',
    );
    expect(edgeBadgeText({ ...plain, probability: 0.3, probabilityIgnoredBy: 'Load balancer' })).toBe('');
  });
});
