/** Keyboard shortcuts (DESIGN.md §8): one table for the handler and the `?` dialog. */
import { GRID } from '../state/ops';
import { useDesignStore } from '../state/designStore';
import { useUiStore } from '../state/uiStore';
import { autoLayout, copy, duplicate, paste, redo, saveDesignFile, undo } from './actions';
import { installSpaceGesture, spaceDown, spaceUp } from './canvas/spaceGesture';
import { fitView } from './canvas/viewport';

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

export const SHORTCUTS: Array<{ keys: string[]; what: string }> = [
  { keys: [`${MOD}+Z`], what: 'Undo' },
  { keys: [`Shift+${MOD}+Z`, `${MOD}+Y`], what: 'Redo' },
  { keys: [`${MOD}+C`], what: 'Copy the selection (also to other designs and tabs)' },
  { keys: [`${MOD}+V`], what: 'Paste' },
  { keys: [`${MOD}+D`], what: 'Duplicate the selection' },
  { keys: [`${MOD}+A`], what: 'Select everything' },
  { keys: ['Delete', 'Backspace'], what: 'Delete the selection' },
  { keys: ['Arrow keys'], what: 'Nudge the selection by 1 px' },
  { keys: ['Shift+Arrow keys'], what: `Nudge the selection by ${GRID} px` },
  { keys: ['Shift+click', 'Shift+drag'], what: 'Add to the selection; box-select' },
  { keys: ['Double-click a label'], what: 'Rename a node' },
  { keys: ['Shift+1'], what: 'Fit the whole design in view' },
  {
    keys: ['Tab', 'Enter'],
    what: 'Reach the next node (then the edges); open it in the properties panel, at its first field',
  },
  { keys: ['Shift+L'], what: 'Auto-layout (left to right)' },
  { keys: [`${MOD}+S`], what: 'Save the design to a file' },
  { keys: [`${MOD}+O`], what: 'Open a design file' },
  { keys: ['Space'], what: 'Run / pause the simulation' },
  { keys: ['Space+drag'], what: 'Pan the canvas (also drag the empty canvas)' },
  {
    keys: ['Escape'],
    what: 'From the properties panel, back to the node or edge; on the canvas, clear the selection; close a dialog',
  },
  { keys: ['\\'], what: 'Hide or show the side panels (all the room to the canvas, for a projector)' },
  { keys: ['?'], what: 'Show this list' },
];

export const OPEN_FILE_INPUT_ID = 'sw-open-file';

function isEditable(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (t as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'range', 'color', 'file'].includes(type);
  }
  return false;
}

/**
 * Shortcuts that also work with the focus in a text field or a select: without them the
 * browser's own Save page / Open file would open. Undo, copy, paste, select-all and the
 * plain keys belong to the field.
 */
const FIELD_KEYS = new Set(['s', 'o']);
export function isFieldShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  const mod = isMac ? e.metaKey : e.ctrlKey;
  return mod && !e.altKey && FIELD_KEYS.has(e.key.toLowerCase());
}

const dialogOpen = () =>
  useUiStore.getState().dialog !== null || document.querySelector('dialog[open]') !== null;

/** Controls that Space activates (a click, a toggle) when they have the focus. */
const SPACE_CONTROLS =
  'button, a, summary, input[type="checkbox"], input[type="radio"], [role="button"], [role="tab"], [role="switch"], [role="menuitem"]';

/**
 * The element that got the focus from the keyboard (Tab, or a script after a key), as it
 * got it: it matched `:focus-visible`, which Chromium does not set on a button focused by a
 * mouse click. Read when the focus arrives: at the keypress itself Chromium has already
 * given the clicked button its focus ring.
 */
let keyboardFocus: Element | null = null;
function onFocusIn(e: FocusEvent) {
  const t = e.target;
  keyboardFocus = t instanceof Element && t.matches(':focus-visible') ? t : null;
}

/**
 * Whether Space belongs to the focused element rather than to the run. A control reached
 * from the keyboard takes it, as the platform has it, and so does every item of an open
 * menu or popup (which put the focus there). A button that merely kept the focus after a
 * mouse click does not: Space still runs and pauses, instead of clicking again the chart
 * toggle or the tab clicked last.
 */
function spaceActivates(t: EventTarget | null): boolean {
  if (!(t instanceof Element) || !t.closest(SPACE_CONTROLS)) return false;
  if (t.closest('[role="menu"], [role="dialog"]')) return true;
  return t === keyboardFocus;
}

/** The Space press down now is the run's (or the pan's): its release must not click either. */
let spaceOurs = false;

let lastCopy: { text: string; at: number } | null = null;
let pendingPaste: ReturnType<typeof setTimeout> | null = null;

function onKeyDown(e: KeyboardEvent) {
  if (e.defaultPrevented || dialogOpen() || (isEditable(e.target) && !isFieldShortcut(e))) return;
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const st = useDesignStore.getState();
  if (mod && !e.altKey) {
    switch (key) {
      case 'z':
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
        return;
      case 'y':
        e.preventDefault();
        redo();
        return;
      case 'c': {
        const text = copy();
        if (text) lastCopy = { text, at: performance.now() };
        return; // the copy event puts it on the system clipboard
      }
      case 'x': {
        const text = copy();
        if (text) {
          lastCopy = { text, at: performance.now() };
          setTimeout(() => useDesignStore.getState().deleteSelection(), 0);
        }
        return;
      }
      case 'v':
        // Prefer the system clipboard (paste event); fall back to the stored copy.
        if (pendingPaste) clearTimeout(pendingPaste);
        pendingPaste = setTimeout(() => {
          pendingPaste = null;
          paste(null);
        }, 80);
        return;
      case 'd':
        e.preventDefault();
        duplicate();
        return;
      case 'a':
        e.preventDefault();
        st.selectAll();
        return;
      case 's':
        e.preventDefault();
        saveDesignFile();
        return;
      case 'o':
        e.preventDefault();
        document.getElementById(OPEN_FILE_INPUT_ID)?.click();
        return;
    }
    return;
  }
  if (e.altKey || e.metaKey || e.ctrlKey) return;
  switch (e.key) {
    case 'Delete':
    case 'Backspace':
      e.preventDefault();
      st.deleteSelection();
      return;
    case 'ArrowLeft':
    case 'ArrowRight':
    case 'ArrowUp':
    case 'ArrowDown': {
      if (!st.selection.nodes.length) return;
      e.preventDefault();
      const step = e.shiftKey ? GRID : 1;
      const dx = e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0;
      const dy = e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0;
      st.nudgeSelection(dx, dy);
      return;
    }
    case '?':
      e.preventDefault();
      useUiStore.getState().openDialog('shortcuts');
      return;
    case '\\':
      e.preventDefault();
      useUiStore.getState().togglePanels();
      return;
    case ' ': {
      // Space on a control reached from the keyboard activates it; elsewhere a tap runs or
      // pauses (on release) and a hold with a drag pans the canvas (canvas/spaceGesture.ts).
      if (spaceActivates(e.target)) return;
      // Ours: a focused button is neither pressed now nor clicked on release (onKeyUp).
      e.preventDefault();
      spaceOurs = true;
      spaceDown(e.repeat);
      return;
    }
    case 'Escape':
      st.clearSelection();
      return;
    case '!':
      if (e.shiftKey) {
        e.preventDefault();
        fitView(true);
      }
      return;
    case 'L':
      if (e.shiftKey) {
        e.preventDefault();
        void autoLayout();
      }
      return;
  }
}

function onCopy(e: ClipboardEvent) {
  if (isEditable(e.target) || dialogOpen()) return;
  const text = lastCopy && performance.now() - lastCopy.at < 1000 ? lastCopy.text : null;
  if (!text || !e.clipboardData) return;
  e.clipboardData.setData('text/plain', text);
  e.preventDefault();
}

function onPaste(e: ClipboardEvent) {
  if (isEditable(e.target) || dialogOpen()) return;
  if (pendingPaste) {
    clearTimeout(pendingPaste);
    pendingPaste = null;
  }
  e.preventDefault();
  paste(e.clipboardData?.getData('text/plain') ?? null);
}

function onKeyUp(e: KeyboardEvent) {
  if (e.key !== ' ') return;
  if (spaceOurs) e.preventDefault();
  spaceOurs = false;
  // A tap: the run controls register runToggle.
  if (spaceUp()) useUiStore.getState().runToggle?.();
}

/** Installs the global shortcuts; returns the function that removes them. */
export function installShortcuts(): () => void {
  const offSpace = installSpaceGesture();
  window.addEventListener('keydown', onKeyDown);
  window.addEventListener('keyup', onKeyUp);
  document.addEventListener('focusin', onFocusIn, true);
  document.addEventListener('copy', onCopy);
  document.addEventListener('cut', onCopy);
  document.addEventListener('paste', onPaste);
  return () => {
    offSpace();
    window.removeEventListener('keydown', onKeyDown);
    window.removeEventListener('keyup', onKeyUp);
    document.removeEventListener('focusin', onFocusIn, true);
    document.removeEventListener('copy', onCopy);
    document.removeEventListener('cut', onCopy);
    document.removeEventListener('paste', onPaste);
  };
}
