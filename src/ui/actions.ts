/** Commands shared by the top bar, the keyboard shortcuts and the canvas controls. */
import { create } from 'zustand';
import { copySelection, pasteFragment, parseFragment, storedFragment } from '../state/clipboard';
import { shareUrl } from '../state/codec';
import { redo, undo, useDesignStore } from '../state/designStore';
import { saveDesignFile } from '../state/files';
import { useUiStore } from '../state/uiStore';
import { fitView } from './canvas/viewport';

export { undo, redo, saveDesignFile };

export async function autoLayout() {
  const { design, measured } = useDesignStore.getState();
  if (!design.nodes.length) return;
  try {
    const { layoutDesign } = await import('./layout');
    const r = await layoutDesign(design, measured);
    useDesignStore.getState().applyLayout(r.positions, r.sizes);
    setTimeout(fitView, 50);
  } catch (e) {
    useUiStore.getState().toast(`Auto layout failed: ${(e as Error).message}`, 'error');
  }
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
    const url = await shareUrl(design, base);
    useUiStore.getState().openDialog('share');
    useShareStore.setState({ url });
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

export const useShareStore = create<{ url: string; copied: boolean }>(() => ({ url: '', copied: false }));
