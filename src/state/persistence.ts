/**
 * Autosave: the design is written to localStorage (debounced) and restored on the next
 * visit. A restored design that no longer validates is still restored when it is a
 * plausible design (nothing the user made is lost); the validation panel then says why.
 */
import { validateDesign, type Design } from '../model';
import { useDesignStore } from './designStore';
import { useUiStore } from './uiStore';

export const AUTOSAVE_KEY = 'spillway.autosave.v1';
export const AUTOSAVE_DELAY_MS = 400;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** True for an object shaped like a design (ids and kinds where they belong). */
export function isPlausibleDesign(v: unknown): v is Design {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return (
    d.schemaVersion === 1 &&
    Array.isArray(d.nodes) &&
    Array.isArray(d.edges) &&
    d.nodes.every(
      (n) =>
        typeof n === 'object' &&
        n !== null &&
        typeof (n as Design['nodes'][0]).id === 'string' &&
        typeof (n as Design['nodes'][0]).kind === 'string',
    ) &&
    d.edges.every((e) => {
      const x = e as Design['edges'][0];
      return (
        typeof e === 'object' &&
        e !== null &&
        typeof x.id === 'string' &&
        typeof x.source === 'string' &&
        typeof x.target === 'string'
      );
    })
  );
}

/** Reads the autosaved design, or null when there is none (or it is unreadable). */
export function readAutosave(store: KeyValueStore | null = storage()): Design | null {
  const text = store?.getItem(AUTOSAVE_KEY);
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const r = validateDesign(value);
  if (r.ok) return r.design;
  return isPlausibleDesign(value) ? value : null;
}

/**
 * The design a link replaced (a share link or an example link opened over the user's own
 * work), kept so that File › Restore previous design brings it back even after a reload
 * or from another tab.
 */
export const PREVIOUS_KEY = 'spillway.previous.v1';

export function readPrevious(store: KeyValueStore | null = storage()): Design | null {
  const text = store?.getItem(PREVIOUS_KEY);
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isPlausibleDesign(value) ? value : null;
  } catch {
    return null;
  }
}

/** Stores a design under `key`; false when storage is missing or full. */
function writeDesign(key: string, design: Design, store: KeyValueStore | null): boolean {
  if (!store) return false;
  try {
    store.setItem(key, JSON.stringify(design));
    return true;
  } catch {
    return false;
  }
}

export function writePrevious(design: Design, store: KeyValueStore | null = storage()): boolean {
  return writeDesign(PREVIOUS_KEY, design, store);
}

export function writeAutosave(design: Design, store: KeyValueStore | null = storage()): boolean {
  return writeDesign(AUTOSAVE_KEY, design, store);
}

/** Subscribes to design changes and saves them after a pause. Returns the unsubscribe function. */
export function startAutosave(
  store: KeyValueStore | null = storage(),
  delayMs = AUTOSAVE_DELAY_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: Design | null = null;
  const flush = () => {
    timer = null;
    if (!pending) return;
    const ok = writeAutosave(pending, store);
    pending = null;
    useUiStore.getState().setSaveStatus(ok ? 'saved' : 'error');
  };
  const unsub = useDesignStore.subscribe((s, prev) => {
    if (s.design === prev.design) return;
    pending = s.design;
    useUiStore.getState().setSaveStatus('saving');
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  });
  const onHide = () => flush();
  if (typeof window !== 'undefined') window.addEventListener('pagehide', onHide);
  return () => {
    unsub();
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', onHide);
    if (timer) clearTimeout(timer);
    flush();
  };
}
