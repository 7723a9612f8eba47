/** UI preferences and transient UI state (not history, not part of the design). */
import { create } from 'zustand';
import type { Problem } from '../model/params';
import type { LatencyAnswers } from '../sim/summary';

export type ThemePref = 'system' | 'light' | 'dark';
export type Dialog = null | 'shortcuts' | 'examples' | 'share';
export type RightTab = 'inspector' | 'scenario';
/** The charts that offer a log scale: the clients' latency, a node's latency, a node's own times. */
export type LogChartKind = 'client-latency' | 'node-latency' | 'node-times';

export interface Toast {
  id: number;
  tone: 'info' | 'error' | 'success';
  message: string;
}
export interface LoadError {
  title: string;
  problems: Problem[];
  /** The refused design's parsed JSON, when there was one (its node names word the problems). */
  input?: unknown;
}

/** Also read by the inline script in index.html, which sets the theme before the first paint. */
const PREFS_KEY = 'spillway.prefs.v1';

/**
 * Width of the properties panel (px): the default in a wide window, the range the splitter
 * allows, and `fits`, the narrowest default: below it a distribution's select runs over its
 * label ("Read time") in the forms.
 */
export const INSPECTOR_WIDTH = { default: 320, fits: 288, min: 260, max: 640 } as const;

/** Width of the component palette on the left (px) when shown in full (the rail is narrower). */
export const PALETTE_WIDTH = 208;

/**
 * The panel's width until the user drags it: the full default from about 1140 px up, and
 * in a narrower window 28% of the window (at least INSPECTOR_WIDTH.fits): at 1024 px the
 * full 320 left the canvas 652 px.
 */
export function defaultInspectorWidth(viewportWidth: number): number {
  if (!Number.isFinite(viewportWidth) || viewportWidth <= 0) return INSPECTOR_WIDTH.default;
  return Math.min(INSPECTOR_WIDTH.default, Math.max(INSPECTOR_WIDTH.fits, Math.round(viewportWidth * 0.28)));
}

/**
 * The widths the panel can be drawn at in a window `viewportWidth` px wide beside a palette
 * `paletteWidth` px wide (as shown: full or a rail): the canvas keeps at least as much room
 * as the panel, so the top of the range is min(max, half of what the palette leaves), and
 * the bottom never exceeds the top (a very narrow window).
 */
export function inspectorRange(viewportWidth: number, paletteWidth: number): { min: number; max: number } {
  const half =
    Number.isFinite(viewportWidth) && viewportWidth > 0
      ? Math.max(0, Math.floor((viewportWidth - paletteWidth) / 2))
      : Infinity;
  const max = Math.min(INSPECTOR_WIDTH.max, half);
  return { min: Math.min(INSPECTOR_WIDTH.min, max), max };
}

/**
 * The width the panel is drawn at: the stored preference (null: none, the window's
 * default), fitted to the window and the palette as shown.
 */
export function shownInspectorWidth(
  stored: number | null,
  viewportWidth: number,
  paletteWidth: number,
): number {
  const r = inspectorRange(viewportWidth, paletteWidth);
  return Math.min(r.max, Math.max(r.min, stored ?? defaultInspectorWidth(viewportWidth)));
}

/** A width to store: clamped to the range, or null (the window's default) when it is not a number. */
const clampInspectorWidth = (w: number) =>
  Number.isFinite(w) ? Math.round(Math.min(INSPECTOR_WIDTH.max, Math.max(INSPECTOR_WIDTH.min, w))) : null;

/** The dashboard's share of the main column's height (the canvas has the rest). */
export const DASHBOARD_SHARE = { default: 0.44, min: 0.2, max: 0.75 } as const;
const clampShare = (x: number) =>
  Number.isFinite(x)
    ? Math.min(DASHBOARD_SHARE.max, Math.max(DASHBOARD_SHARE.min, x))
    : DASHBOARD_SHARE.default;

interface Prefs {
  theme: ThemePref;
  snapToGrid: boolean;
  showMinimap: boolean;
  /** As the user last dragged it; null: the window's default (defaultInspectorWidth). */
  inspectorWidth: number | null;
  dashboardShare: number;
  /** The palette as a rail of icons (true) or in full (false), as the user last chose; null follows the window's width. */
  paletteRail: boolean | null;
}
const DEFAULT_PREFS: Prefs = {
  theme: 'system',
  snapToGrid: true,
  // Off until asked for (canvas controls): on a laptop it covers part of most designs.
  showMinimap: false,
  inspectorWidth: null,
  dashboardShare: DASHBOARD_SHARE.default,
  paletteRail: null,
};

function readPrefs(): Prefs {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(PREFS_KEY) : null;
    if (!raw) return DEFAULT_PREFS;
    const v = JSON.parse(raw) as Partial<Prefs>;
    const out = { ...DEFAULT_PREFS };
    if (v.theme === 'light' || v.theme === 'dark' || v.theme === 'system') out.theme = v.theme;
    for (const k of ['snapToGrid', 'showMinimap'] as const) if (typeof v[k] === 'boolean') out[k] = v[k];
    // Earlier versions saved the old fixed default (320) with every preference, dragged or
    // not: read it as no choice, so the window's default applies.
    if (typeof v.inspectorWidth === 'number' && v.inspectorWidth !== INSPECTOR_WIDTH.default)
      out.inspectorWidth = clampInspectorWidth(v.inspectorWidth);
    if (typeof v.dashboardShare === 'number') out.dashboardShare = clampShare(v.dashboardShare);
    if (typeof v.paletteRail === 'boolean') out.paletteRail = v.paletteRail;
    return out;
  } catch {
    return DEFAULT_PREFS;
  }
}

export interface UiState extends Prefs {
  dialog: Dialog;
  rightTab: RightTab;
  toasts: Toast[];
  loadError: LoadError | null;
  saveStatus: 'idle' | 'saving' | 'saved' | 'error';
  /** Set by the run controls (a later issue): Space calls it. */
  runToggle: (() => void) | null;
  /** Fault row to highlight in the scenario panel (from the validation panel). */
  focusFault: number | null;

  setPref<K extends keyof Prefs>(key: K, value: Prefs[K]): void;
  /** Sets the properties panel's width, clamped to INSPECTOR_WIDTH; null goes back to the window's default. */
  setInspectorWidth(px: number | null): void;
  setDashboardShare(share: number): void;
  /** Hides the palette and the properties panel: the canvas and the dashboard get the window (a projector). */
  panelsHidden: boolean;
  togglePanels(): void;
  /**
   * Which answers the dashboard's latency charts count: ok ones by default (failures are
   * often instant and read fast), or all. Kept for the session, not saved: every class
   * starts from the reading that cannot mislead.
   */
  latencyAnswers: LatencyAnswers;
  setLatencyAnswers(a: LatencyAnswers): void;
  /** Which charts draw their y axis on a log scale, one choice per chart kind; for the session (linear is the default). */
  logScale: Partial<Record<LogChartKind, boolean>>;
  setLogScale(kind: LogChartKind, on: boolean): void;
  /** Folds the palette to a rail or opens it out; `search`: the opened palette's search box takes the cursor. */
  setPaletteRail(rail: boolean, search?: boolean): void;
  /** Set when the rail's search button opened the palette, until the search box has taken the cursor. */
  paletteSearchOnOpen: boolean;
  cycleTheme(): void;
  openDialog(d: Dialog): void;
  setRightTab(t: RightTab): void;
  toast(message: string, tone?: Toast['tone']): void;
  dismissToast(id: number): void;
  showLoadError(e: LoadError | null): void;
  setSaveStatus(s: UiState['saveStatus']): void;
  setRunToggle(fn: (() => void) | null): void;
  setFocusFault(i: number | null): void;
}

let toastSeq = 0;

export const useUiStore = create<UiState>()((set, get) => {
  const persist = () => {
    const s = get();
    const p: Prefs = {
      theme: s.theme,
      snapToGrid: s.snapToGrid,
      showMinimap: s.showMinimap,
      inspectorWidth: s.inspectorWidth,
      dashboardShare: s.dashboardShare,
      paletteRail: s.paletteRail,
    };
    try {
      localStorage.setItem(PREFS_KEY, JSON.stringify(p));
    } catch {
      /* private mode: preferences are not kept */
    }
  };
  return {
    ...readPrefs(),
    dialog: null,
    rightTab: 'inspector',
    toasts: [],
    loadError: null,
    saveStatus: 'idle',
    runToggle: null,
    focusFault: null,

    setPref(key, value) {
      set({ [key]: value } as Partial<UiState>);
      persist();
    },
    setInspectorWidth(px) {
      const w = px === null ? null : clampInspectorWidth(px);
      if (w === get().inspectorWidth) return;
      set({ inspectorWidth: w });
      persist();
    },
    panelsHidden: false,
    togglePanels() {
      set({ panelsHidden: !get().panelsHidden });
    },
    latencyAnswers: 'ok',
    setLatencyAnswers(latencyAnswers) {
      set({ latencyAnswers });
    },
    logScale: {},
    setLogScale(kind, on) {
      set({ logScale: { ...get().logScale, [kind]: on } });
    },
    paletteSearchOnOpen: false,
    setPaletteRail(rail, search = false) {
      set({ paletteRail: rail, paletteSearchOnOpen: !rail && search });
      persist();
    },
    setDashboardShare(share) {
      const x = clampShare(share);
      if (x === get().dashboardShare) return;
      set({ dashboardShare: x });
      persist();
    },
    cycleTheme() {
      const order: ThemePref[] = ['system', 'light', 'dark'];
      set({ theme: order[(order.indexOf(get().theme) + 1) % order.length] });
      persist();
    },
    openDialog(dialog) {
      set({ dialog });
    },
    setRightTab(rightTab) {
      set({ rightTab });
    },
    toast(message, tone = 'info') {
      const id = ++toastSeq;
      // The same message again replaces the one showing (rerunning at max speed stacked
      // "The run has finished" twice over the summary it points at).
      const others = get().toasts.filter((t) => t.message !== message || t.tone !== tone);
      set({ toasts: [...others.slice(-3), { id, tone, message }] });
      setTimeout(() => get().dismissToast(id), tone === 'error' ? 6000 : 3500);
    },
    dismissToast(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },
    showLoadError(loadError) {
      set({ loadError });
    },
    setSaveStatus(saveStatus) {
      if (get().saveStatus !== saveStatus) set({ saveStatus });
    },
    setRunToggle(runToggle) {
      set({ runToggle });
    },
    setFocusFault(focusFault) {
      set({ focusFault });
    },
  };
});
