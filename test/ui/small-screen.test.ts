import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/model';
import { automaticFitMinZoom, FIT_VIEW_OPTIONS, zoomToShowAll } from '../../src/ui/canvas/viewport';
import { firstSentence, isRail } from '../../src/ui/Palette';
import { placeBeside } from '../../src/ui/run/FaultMenu';

describe('a small screen', () => {
  it('works out the zoom that shows a whole design within the fit padding (56 + 16 across, 44 + 16 down)', () => {
    expect(zoomToShowAll({ width: 1000, height: 100 }, { width: 572, height: 600 })).toBeCloseTo(0.5);
    expect(zoomToShowAll({ width: 100, height: 1080 }, { width: 600, height: 600 })).toBeCloseTo(0.5);
    expect(zoomToShowAll({ width: 0, height: 0 }, { width: 600, height: 600 })).toBe(Infinity);
    expect(zoomToShowAll({ width: 100, height: 100 }, { width: 0, height: 0 })).toBe(Infinity);
  });

  it('lets an automatic fit go down to 25% to show the whole design, and keeps 50% for one that cannot be shown readably', () => {
    expect(automaticFitMinZoom(0.8)).toBe(0.25); // fits anyway: the fit takes 80%
    expect(automaticFitMinZoom(0.4)).toBe(0.25); // whole at 40%, not cropped at 50%
    expect(automaticFitMinZoom(0.25)).toBe(0.25);
    expect(automaticFitMinZoom(0.1)).toBe(FIT_VIEW_OPTIONS.minZoom); // 200 nodes: readable, centred
    expect(automaticFitMinZoom(Infinity)).toBe(0.25);
  });

  it('draws the palette as a rail below 1200 px unless the user chose otherwise', () => {
    expect(isRail(null, 1024)).toBe(true);
    expect(isRail(null, 1199)).toBe(true);
    expect(isRail(null, 1200)).toBe(false);
    expect(isRail(false, 1024)).toBe(false);
    expect(isRail(true, 1600)).toBe(true);
  });

  it("names a rail icon with its kind's first sentence", () => {
    expect(firstSentence('A cache. It holds keys.')).toBe('A cache.');
    expect(firstSentence('No stop')).toBe('No stop');
    // A long first sentence gives its head, before the colon, else its first words.
    expect(firstSentence(`The front door of an API: ${'it does this, '.repeat(20)}and that.`)).toBe(
      'The front door of an API.',
    );
    expect(firstSentence(`${'word '.repeat(40)}end.`)).toBe(`${'word '.repeat(27)}word…`);
    expect(firstSentence(KINDS.gateway.description)).toBe('The front door of an API.');
    for (const spec of Object.values(KINDS)) {
      const s = firstSentence(spec.description);
      expect(s.length, spec.kind).toBeGreaterThan(10);
      expect(s.length, spec.kind).toBeLessThanOrEqual(141);
    }
  });
});

describe('the fault menu beside its target', () => {
  const view = { width: 1024, height: 700 };
  const size = { width: 330, height: 250 };
  const box = (left: number, top: number, width: number, height: number) => ({
    left,
    top,
    right: left + width,
    bottom: top + height,
  });
  const overlaps = (a: ReturnType<typeof box>, p: { left: number; top: number }) =>
    p.left < a.right && a.left < p.left + size.width && p.top < a.bottom && a.top < p.top + size.height;

  it('goes right of a node, level with it, 8 px off', () => {
    expect(placeBeside(box(100, 200, 100, 60), size, view, 'x')).toEqual({ left: 208, top: 200 });
  });

  it('flips to the left near the window’s right edge, and moves up to stay inside the window', () => {
    const node = box(620, 600, 100, 60);
    const at = placeBeside(node, size, view, 'x')!;
    expect(at).toEqual({ left: 620 - 8 - 330, top: 700 - 4 - 250 });
    expect(overlaps(node, at)).toBe(false);
  });

  it('goes below (or above) when neither side has room, and below first for a level edge', () => {
    const wide = box(200, 100, 600, 60); // 200 px left of it, 224 right: no side fits 330
    expect(placeBeside(wide, size, view, 'x')).toEqual({ left: 200, top: 168 });
    const low = box(200, 500, 600, 60);
    expect(placeBeside(low, size, view, 'x')).toEqual({ left: 200, top: 500 - 8 - 250 });
    const point = box(500, 300, 16, 16);
    expect(placeBeside(point, size, view, 'y')).toEqual({ left: 500, top: 324 });
    // Near the bottom right: above it, moved left to stay inside the window.
    expect(placeBeside(box(900, 600, 16, 16), size, view, 'y')).toEqual({ left: 1024 - 4 - 330, top: 342 });
  });

  it('gives up (null) for a target that leaves no room on any side', () => {
    expect(placeBeside(box(20, 20, 980, 660), size, view, 'x')).toBeNull();
    expect(placeBeside(box(20, 20, 980, 660), size, view, 'y')).toBeNull();
  });
});
