/**
 * UI preferences (src/state/uiStore.ts): the properties panel's width is clamped to its
 * range, persisted, and a stored value that is out of range or not a number cannot break
 * the layout on the next load.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const PREFS_KEY = 'spillway.prefs.v1';

function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    map: m,
  };
}

/** A fresh store module reading `stored` as its saved preferences. */
async function loadWith(stored: unknown) {
  const storage = memoryStorage(stored === undefined ? {} : { [PREFS_KEY]: JSON.stringify(stored) });
  vi.stubGlobal('localStorage', storage);
  vi.resetModules();
  const mod = await import('../../src/state/uiStore');
  return { ...mod, storage };
}

describe('the properties panel width preference', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.unstubAllGlobals());

  it("starts with no choice (the window's default), clamps what it is given, and persists it", async () => {
    const { useUiStore, INSPECTOR_WIDTH, storage } = await loadWith(undefined);
    const s = () => useUiStore.getState();
    expect(s().inspectorWidth).toBeNull();
    s().setInspectorWidth(400.4);
    expect(s().inspectorWidth).toBe(400);
    expect(JSON.parse(storage.map.get(PREFS_KEY)!).inspectorWidth).toBe(400);
    s().setInspectorWidth(10);
    expect(s().inspectorWidth).toBe(INSPECTOR_WIDTH.min);
    s().setInspectorWidth(1e9);
    expect(s().inspectorWidth).toBe(INSPECTOR_WIDTH.max);
    s().setInspectorWidth(NaN);
    expect(s().inspectorWidth).toBeNull();
    s().setInspectorWidth(300);
    s().setInspectorWidth(null); // the splitter's double click
    expect(s().inspectorWidth).toBeNull();
    expect(JSON.parse(storage.map.get(PREFS_KEY)!).inspectorWidth).toBeNull();
  });

  it('restores a saved width, and ignores or clamps a hostile one', async () => {
    expect((await loadWith({ inspectorWidth: 480 })).useUiStore.getState().inspectorWidth).toBe(480);
    const huge = await loadWith({ inspectorWidth: 99999, theme: 'dark' });
    expect(huge.useUiStore.getState().inspectorWidth).toBe(huge.INSPECTOR_WIDTH.max);
    expect(huge.useUiStore.getState().theme).toBe('dark');
    const text = await loadWith({ inspectorWidth: '480px' });
    expect(text.useUiStore.getState().inspectorWidth).toBeNull();
    const junk = await loadWith('not an object');
    expect(junk.useUiStore.getState().inspectorWidth).toBeNull();
    // The old fixed default, which earlier versions saved with any other preference, is no choice.
    expect(
      (await loadWith({ inspectorWidth: 320, theme: 'dark' })).useUiStore.getState().inspectorWidth,
    ).toBeNull();
    expect((await loadWith({ inspectorWidth: 321 })).useUiStore.getState().inspectorWidth).toBe(321);
  });

  it('fits the drawn width to the window: the canvas keeps at least the panel width', async () => {
    const { inspectorRange, shownInspectorWidth, INSPECTOR_WIDTH, PALETTE_WIDTH } = await loadWith(undefined);
    expect(PALETTE_WIDTH).toBe(208);
    // Wide window: the full range, the preference as stored.
    expect(inspectorRange(1600, PALETTE_WIDTH)).toEqual({
      min: INSPECTOR_WIDTH.min,
      max: INSPECTOR_WIDTH.max,
    });
    expect(shownInspectorWidth(470, 1600, PALETTE_WIDTH)).toBe(470);
    // 1000 px: the full palette leaves 792, so at most 396 drawn.
    expect(inspectorRange(1000, PALETTE_WIDTH)).toEqual({ min: INSPECTOR_WIDTH.min, max: 396 });
    expect(shownInspectorWidth(470, 1000, PALETTE_WIDTH)).toBe(396);
    expect(shownInspectorWidth(300, 1000, PALETTE_WIDTH)).toBe(300);
    expect(inspectorRange(1001, PALETTE_WIDTH).max).toBe(396); // whole pixels
    // Narrower than the palette plus twice the minimum: the bottom of the range gives way too.
    expect(inspectorRange(600, PALETTE_WIDTH)).toEqual({ min: 196, max: 196 });
    expect(shownInspectorWidth(INSPECTOR_WIDTH.min, 600, PALETTE_WIDTH)).toBe(196);
    expect(inspectorRange(100, PALETTE_WIDTH)).toEqual({ min: 0, max: 0 });
    // No window to measure (server render, a zero or NaN width): the preference as stored.
    for (const w of [Infinity, 0, NaN, -5]) {
      expect(inspectorRange(w, PALETTE_WIDTH)).toEqual({
        min: INSPECTOR_WIDTH.min,
        max: INSPECTOR_WIDTH.max,
      });
      expect(shownInspectorWidth(333, w, PALETTE_WIDTH)).toBe(333);
      expect(shownInspectorWidth(null, w, PALETTE_WIDTH)).toBe(INSPECTOR_WIDTH.default);
    }
  });

  it('measures the room from the palette as shown: a 52 px rail leaves the panel more', async () => {
    const { inspectorRange, shownInspectorWidth, PALETTE_WIDTH } = await loadWith(undefined);
    const { PALETTE_RAIL_WIDTH } = await import('../../src/ui/Palette');
    expect(PALETTE_RAIL_WIDTH).toBe(52);
    // 1000 px beside the rail: 948 left, so up to 474 (396 beside the full palette).
    expect(inspectorRange(1000, PALETTE_RAIL_WIDTH).max).toBe(474);
    expect(shownInspectorWidth(470, 1000, PALETTE_RAIL_WIDTH)).toBe(470);
    expect(shownInspectorWidth(500, 1000, PALETTE_RAIL_WIDTH)).toBe(474);
    expect(shownInspectorWidth(470, 1000, PALETTE_WIDTH)).toBe(396);
    // A 600 px window: 274 beside the rail, where the full palette left 196.
    expect(inspectorRange(600, PALETTE_RAIL_WIDTH)).toEqual({ min: 260, max: 274 });
  });

  it('starts narrower in a narrow window (never below what the forms need); a dragged width wins', async () => {
    const { defaultInspectorWidth, shownInspectorWidth, INSPECTOR_WIDTH } = await loadWith(undefined);
    const { PALETTE_RAIL_WIDTH } = await import('../../src/ui/Palette');
    expect(INSPECTOR_WIDTH.fits).toBe(288);
    expect(defaultInspectorWidth(1024)).toBe(288);
    expect(defaultInspectorWidth(800)).toBe(288);
    expect(defaultInspectorWidth(1100)).toBe(308);
    for (const w of [1142, 1280, 1440, 1920]) expect(defaultInspectorWidth(w)).toBe(INSPECTOR_WIDTH.default);
    // Grows with the window, never past the wide default.
    for (let w = 600; w < 2000; w += 7)
      expect(defaultInspectorWidth(w + 7)).toBeGreaterThanOrEqual(defaultInspectorWidth(w));
    // At 1024 × 700 beside the rail: 288 drawn, the canvas 684 (it was 652 at 320).
    expect(shownInspectorWidth(null, 1024, PALETTE_RAIL_WIDTH)).toBe(288);
    expect(1024 - PALETTE_RAIL_WIDTH - shownInspectorWidth(null, 1024, PALETTE_RAIL_WIDTH)).toBe(684);
    // What the user dragged to stands, at any window width it fits in.
    expect(shownInspectorWidth(400, 1024, PALETTE_RAIL_WIDTH)).toBe(400);
    expect(shownInspectorWidth(INSPECTOR_WIDTH.min, 1440, PALETTE_RAIL_WIDTH)).toBe(INSPECTOR_WIDTH.min);
  });
});

describe('the palette rail preference', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => vi.unstubAllGlobals());

  it('follows the window until the user chooses, then keeps the choice; junk reads as no choice', async () => {
    const { useUiStore, storage } = await loadWith(undefined);
    const s = () => useUiStore.getState();
    expect(s().paletteRail).toBeNull();
    s().setPaletteRail(false, true); // opened by the rail's search button
    expect(s().paletteSearchOnOpen).toBe(true);
    expect(JSON.parse(storage.map.get(PREFS_KEY)!).paletteRail).toBe(false);
    s().setPaletteRail(true, true); // folding never asks for the search box
    expect(s().paletteSearchOnOpen).toBe(false);
    expect((await loadWith({ paletteRail: true })).useUiStore.getState().paletteRail).toBe(true);
    expect((await loadWith({ paletteRail: 'yes' })).useUiStore.getState().paletteRail).toBeNull();
  });
});
