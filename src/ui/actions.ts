/** Commands shared by the top bar, the keyboard shortcuts and the canvas controls. */
import { create } from 'zustand';
import type { Design } from '../model';
import { copySelection, pasteFragment, parseFragment, storedFragment } from '../state/clipboard';
import { shareLink, shareLinkProblem } from '../state/codec';
import { redo, undo, useDesignStore } from '../state/designStore';
import { saveDesignFile } from '../state/files';
import { useRunStore } from '../state/runStore';
import { useUiStore } from '../state/uiStore';
import { fitView } from './canvas/viewport';
import type { LayoutResult } from './layout';

export { undo, redo, saveDesignFile };

/** The auto layout of a design (ELK and the layout code load on first use). */
async function layoutOf(
  design: Design,
  measured: Readonly<Record<string, { width: number; height: number }>>,
): Promise<LayoutResult> {
  const { layoutDesign } = await import('./layout');
  return layoutDesign(design, measured);
}

/** Fits the view to a layout just applied, once the canvas has drawn the nodes where they went. */
function fitLaidOut() {
  setTimeout(fitView, 50);
}

/** What went wrong, in a few words: an Error's message, cut short (a notice is one line or two). */
function reason(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).trim() || 'unknown error';
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

export async function autoLayout() {
  const { design, measured } = useDesignStore.getState();
  if (!design.nodes.length) return;
  try {
    useDesignStore.getState().applyLayout(await layoutOf(design, measured));
    fitLaidOut();
  } catch (e) {
    useUiStore.getState().toast(`Auto layout failed (${reason(e)}): nothing was moved.`, 'error');
  }
}

/** Designs whose layout on opening has started. */
const layingOut = new WeakSet<Design>();

/**
 * Lays out a design that was opened without positions (a file, link or example may leave
 * them out), as part of opening it: the grid it opened on stays usable meanwhile and stays
 * for good if ELK fails or takes too long. That is said in a notice (it was only logged,
 * and a user left with a grid had no way to know why nor that the design was whole); a
 * design opened over meanwhile gets none. Returns whether the layout was applied.
 */
export async function layoutOpened(pending: Design): Promise<boolean> {
  if (layingOut.has(pending)) return false; // already under way (installed twice: StrictMode)
  layingOut.add(pending);
  // Let the canvas draw and measure the new nodes first: the layout spaces them by their size.
  await nextFrames(2);
  if (useDesignStore.getState().pendingLayout !== pending) return false;
  let layout: LayoutResult | null = null;
  try {
    layout = await layoutOf(pending, useDesignStore.getState().measured);
  } catch (e) {
    console.warn('Spillway: the auto layout failed; the design keeps its grid.', e);
    if (useDesignStore.getState().pendingLayout === pending)
      useUiStore
        .getState()
        .toast(
          `Auto layout failed (${reason(e)}): the design stays on the grid it opened on, nothing lost.`,
          'error',
        );
  }
  const applied = useDesignStore.getState().settleLayout(pending, layout);
  if (applied) fitLaidOut();
  return applied;
}

/** Lays out every design opened without positions from now on (see layoutOpened). */
export function installLayoutOnOpen(): () => void {
  const pending = useDesignStore.getState().pendingLayout;
  if (pending) void layoutOpened(pending);
  return useDesignStore.subscribe((s, prev) => {
    if (s.pendingLayout && s.pendingLayout !== prev.pendingLayout) void layoutOpened(s.pendingLayout);
  });
}

/** Resolves after `n` animation frames (at once where there are none: tests, Node). */
function nextFrames(n: number): Promise<void> {
  if (typeof requestAnimationFrame === 'undefined' || n <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    // A hidden tab gets no frames: do not hold the layout back for long.
    const timer = setTimeout(resolve, 200);
    const step = (left: number) =>
      requestAnimationFrame(() => {
        if (left <= 1) {
          clearTimeout(timer);
          resolve();
        } else step(left - 1);
      });
    step(n);
  });
}

export async function exportImage(format: 'png' | 'svg') {
  try {
    const mod = await import('./export/exportImage');
    await mod.exportDiagram(format);
  } catch (e) {
    useUiStore.getState().toast(`Export failed: ${(e as Error).message}`, 'error');
  }
}

export function copy(): string | null {
  const text = copySelection();
  if (text) useUiStore.getState().toast('Copied', 'info');
  return text;
}

export function cut() {
  if (copy()) useDesignStore.getState().deleteSelection();
}

/** Pastes from clipboard text when it holds a Spillway fragment, else from the stored copy. */
export function paste(text?: string | null) {
  const f = parseFragment(text) ?? storedFragment();
  if (!pasteFragment(f)) useUiStore.getState().toast('Nothing to paste: copy some nodes first', 'info');
}

export function duplicate() {
  useDesignStore.getState().duplicateSelection();
}

export async function share(): Promise<string | null> {
  const { design } = useDesignStore.getState();
  const base = window.location.origin + window.location.pathname;
  try {
    const { url, jsonBytes } = await shareLink(design, base, useRunStore.getState().speed);
    const problem = shareLinkProblem(url, jsonBytes);
    if (problem) {
      // A link no one can open is not copied: the dialog says why and what to do instead.
      useShareStore.setState({ url, copied: false, problem });
      useUiStore.getState().openDialog('share');
      return url;
    }
    useUiStore.getState().openDialog('share');
    useShareStore.setState({ url, problem: null });
    try {
      await navigator.clipboard?.writeText(url);
      useShareStore.setState({ copied: true });
    } catch {
      useShareStore.setState({ copied: false });
    }
    return url;
  } catch (e) {
    useUiStore.getState().toast(`Could not make a link: ${(e as Error).message}`, 'error');
    return null;
  }
}

/** The last link Share made; `problem` says why it would not reach anyone (shareLinkProblem), null when it would. */
export const useShareStore = create<{ url: string; copied: boolean; problem: string | null }>(() => ({
  url: '',
  copied: false,
  problem: null,
}));
