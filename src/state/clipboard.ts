/**
 * Copy and paste of design fragments. The fragment goes to the system clipboard (as JSON
 * text, via the copy event or the async clipboard API) and to localStorage, so that paste
 * works across designs and tabs even where clipboard access is denied.
 */
import { copyFragment, isFragment, type Fragment } from './ops';
import { useDesignStore } from './designStore';

export const CLIPBOARD_KEY = 'spillway.clipboard.v1';
const PASTE_STEP = 40;
let pasteCount = 0;

export function fragmentText(f: Fragment): string {
  return JSON.stringify(f);
}

export function parseFragment(text: string | null | undefined): Fragment | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return isFragment(v) ? v : null;
  } catch {
    return null;
  }
}

/** Copies the selection; returns the fragment's text (null when nothing is selected). */
export function copySelection(): string | null {
  const { design, selection } = useDesignStore.getState();
  if (!selection.nodes.length) return null;
  const text = fragmentText(copyFragment(design, selection.nodes));
  try {
    localStorage.setItem(CLIPBOARD_KEY, text);
  } catch {
    /* storage full or denied: the system clipboard still has it */
  }
  pasteCount = 0;
  return text;
}

export function storedFragment(): Fragment | null {
  try {
    return parseFragment(localStorage.getItem(CLIPBOARD_KEY));
  } catch {
    return null;
  }
}

/** Pastes a fragment, each successive paste a little further down and right. */
export function pasteFragment(f: Fragment | null): boolean {
  if (!f || !f.nodes.length) return false;
  pasteCount++;
  useDesignStore.getState().paste(f, { x: PASTE_STEP * pasteCount, y: PASTE_STEP * pasteCount });
  return true;
}
