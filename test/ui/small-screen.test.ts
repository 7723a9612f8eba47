import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/model';
import { automaticFitMinZoom, FIT_VIEW_OPTIONS, zoomToShowAll } from '../../src/ui/canvas/viewport';
import { firstSentence, isRail } from '../../src/ui/Palette';

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
