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

  it('starts at the default, clamps what it is given, and persists it', async () => {
    const { useUiStore, INSPECTOR_WIDTH, storage } = await loadWith(undefined);
    const s = () => useUiStore.getState();
    expect(s().inspectorWidth).toBe(INSPECTOR_WIDTH.default);
    s().setInspectorWidth(400.4);
    expect(s().inspectorWidth).toBe(400);
    expect(JSON.parse(storage.map.get(PREFS_KEY)!).inspectorWidth).toBe(400);
    s().setInspectorWidth(10);
    expect(s().inspectorWidth).toBe(INSPECTOR_WIDTH.min);
    s().setInspectorWidth(1e9);
    expect(s().inspectorWidth).toBe(INSPECTOR_WIDTH.max);
    s().setInspectorWidth(NaN);
    expect(s().inspectorWidth).toBe(INSPECTOR_WIDTH.default);
  });

  it('restores a saved width, and ignores or clamps a hostile one', async () => {
    expect((await loadWith({ inspectorWidth: 480 })).useUiStore.getState().inspectorWidth).toBe(480);
    const huge = await loadWith({ inspectorWidth: 99999, theme: 'dark' });
    expect(huge.useUiStore.getState().inspectorWidth).toBe(huge.INSPECTOR_WIDTH.max);
    expect(huge.useUiStore.getState().theme).toBe('dark');
    const text = await loadWith({ inspectorWidth: '480px' });
    expect(text.useUiStore.getState().inspectorWidth).toBe(text.INSPECTOR_WIDTH.default);
    const junk = await loadWith('not an object');
    expect(junk.useUiStore.getState().inspectorWidth).toBe(junk.INSPECTOR_WIDTH.default);
  });

  it('fits the drawn width to the window: the canvas keeps at least the panel width', async () => {
    const { inspectorRange, shownInspectorWidth, INSPECTOR_WIDTH, PALETTE_WIDTH } = await loadWith(undefined);
    expect(PALETTE_WIDTH).toBe(208);
    // Wide window: the full range, the preference as stored.
    expect(inspectorRange(1600)).toEqual({ min: INSPECTOR_WIDTH.min, max: INSPECTOR_WIDTH.max });
    expect(shownInspectorWidth(470, 1600)).toBe(470);
    // 1000 px: the palette leaves 792, so at most 396 drawn.
    expect(inspectorRange(1000)).toEqual({ min: INSPECTOR_WIDTH.min, max: 396 });
    expect(shownInspectorWidth(470, 1000)).toBe(396);
    expect(shownInspectorWidth(300, 1000)).toBe(300);
    expect(inspectorRange(1001).max).toBe(396); // whole pixels
    // Narrower than the palette plus twice the minimum: the bottom of the range gives way too.
    expect(inspectorRange(600)).toEqual({ min: 196, max: 196 });
    expect(shownInspectorWidth(INSPECTOR_WIDTH.min, 600)).toBe(196);
    expect(inspectorRange(100)).toEqual({ min: 0, max: 0 });
    // No window to measure (server render, a zero or NaN width): the preference as stored.
    for (const w of [Infinity, 0, NaN, -5]) {
      expect(inspectorRange(w)).toEqual({ min: INSPECTOR_WIDTH.min, max: INSPECTOR_WIDTH.max });
      expect(shownInspectorWidth(333, w)).toBe(333);
    }
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
