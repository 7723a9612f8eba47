/**
 * Autosave: the design is written to localStorage (debounced) and restored on the next
 * visit. A restored design that no longer validates is still restored when it is a
 * plausible design (nothing the user made is lost); the validation panel then says why.
 *
 * Each tab saves under a key of its own (its id kept in sessionStorage, which a reload keeps):
 * with one shared key, two tabs overwrote each other and a reload showed the other tab's
 * design. A reload restores the tab's own save; a new tab (no save of its own yet) starts
 * from the newest save of any tab. When a save was written, and whether it is a design opened
 * and not changed since, sit in a record beside it (TAB_RECORD_PREFIX) that only its own tab
 * writes: a shared index of save times, read-modify-written by every tab, lost a time when
 * two tabs saved at once, and a new tab then opened an older save. Saves are found by
 * enumerating the keys. The shared key (LEGACY_AUTOSAVE_KEY) is only read, for a design saved
 * by a version before per-tab saves, and dropped once this tab has saved: writing it as well
 * doubled every save's size in a store of about 5 MB. Per-tab saves are bounded: the oldest
 * beyond MAX_TAB_SAVES are dropped. A duplicated tab, which starts with a copy of its
 * original's sessionStorage and so with its id, takes an id of its own (claimTabId).
 */
import { validateDesign, type Design } from '../model';
import { isSpeed, type Speed } from '../worker/api';
import { useDesignStore } from './designStore';
import { useUiStore } from './uiStore';

/** Where versions before per-tab saves kept the design: read, never written. */
export const LEGACY_AUTOSAVE_KEY = 'spillway.autosave.v1';
export const AUTOSAVE_DELAY_MS = 400;
/** A tab's own save: this prefix and the tab's id. */
export const TAB_AUTOSAVE_PREFIX = 'spillway.autosave.v1.tab.';
/**
 * A tab save's record, this prefix and the tab's id: `{ savedAt, openedAsIs? }`, when it was
 * written (ms since the epoch) and, for a design opened and not changed since, a digest of the
 * save's text (see readAutosaveEntry).
 */
export const TAB_RECORD_PREFIX = 'spillway.autosave.v1.record.';
/**
 * Where the previous version kept every tab's save time ({ id: ms since the epoch }): read,
 * never written, for saves that have no record of their own; dropped once none is left.
 */
export const TAB_INDEX_KEY = 'spillway.autosave.v1.tabs';
/** Where a tab keeps its id (sessionStorage). */
export const TAB_ID_KEY = 'spillway.tab.v1';
export const MAX_TAB_SAVES = 8;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** Enumeration, as localStorage has it: how the tab saves are found. */
  readonly length: number;
  key(index: number): string | null;
}

function storage(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function sessionStore(): KeyValueStore | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** Storage calls that never throw (a blocked or full storage reads as empty, writes as false). */
function get(store: KeyValueStore | null, key: string): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
function put(store: KeyValueStore | null, key: string, value: string): boolean {
  if (!store) return false;
  try {
    store.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}
function remove(store: KeyValueStore | null, key: string) {
  try {
    store?.removeItem(key);
  } catch {
    /* nothing to do: the next write tries again */
  }
}

const newTabId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

let currentTab: string | null = null;

/**
 * This tab's id: the one sessionStorage kept over a reload, or a new one. Without
 * sessionStorage each page load is a new tab (it starts from the latest save of any tab).
 */
export function tabId(session: KeyValueStore | null = sessionStore()): string {
  if (currentTab) return currentTab;
  const kept = get(session, TAB_ID_KEY);
  currentTab = kept && /^[A-Za-z0-9-]{1,64}$/.test(kept) ? kept : newTabId();
  if (currentTab !== kept) put(session, TAB_ID_KEY, currentTab);
  return currentTab;
}

/** Forgets the cached tab id (tests: a reload, another tab). */
export function resetTabId() {
  currentTab = null;
}

/** The BroadcastChannel on which tabs find out whether another one holds their id. */
const TAB_CHANNEL = 'spillway.tabs.v1';

/** What claimTabId needs of a BroadcastChannel. */
export interface TabChannel {
  post(message: unknown): void;
  listen(onMessage: (data: unknown) => void): void;
  close(): void;
}

/** A tab's id, as claimTabId reads and replaces it. */
export interface TabIdHolder {
  get(): string;
  set(id: string): void;
}

const thisTab: TabIdHolder = {
  get: () => tabId(),
  set: (id) => {
    currentTab = id;
    put(sessionStore(), TAB_ID_KEY, id);
  },
};

/** A BroadcastChannel as a TabChannel; null where there is none. */
export function openTabChannel(name = TAB_CHANNEL): TabChannel | null {
  try {
    if (typeof BroadcastChannel === 'undefined') return null;
    const ch = new BroadcastChannel(name);
    return {
      post: (m) => ch.postMessage(m),
      listen: (onMessage) => (ch.onmessage = (e: MessageEvent) => onMessage(e.data)),
      close: () => ch.close(),
    };
  } catch {
    return null;
  }
}

/**
 * Makes sure no other open tab shares this tab's id. A browser's "Duplicate tab" copies
 * sessionStorage, so the copy starts with its original's id: both tabs would then save
 * under one key, and a reload of either could bring back the other's design. On start a
 * tab asks the others whether one of them holds its id; when one answers, it takes a new
 * id (keeping the design it opened with). Two copies that start together both answer and
 * both move on, which is just as safe. Tabs keep answering for their own id until the
 * returned function closes the channel. Without BroadcastChannel it does nothing.
 */
export function claimTabId(
  channel: TabChannel | null = openTabChannel(),
  ids: TabIdHolder = thisTab,
  makeId: () => string = newTabId,
): () => void {
  if (!channel) return () => {};
  // Tells this tab's own question apart from an identical one asked by its duplicate.
  const asker = makeId();
  channel.listen((data) => {
    if (typeof data !== 'object' || data === null) return;
    const m = data as { type?: unknown; id?: unknown; asker?: unknown };
    if (m.id !== ids.get()) return;
    if (m.type === 'who-has' && m.asker !== asker) channel.post({ type: 'taken', id: m.id, asker: m.asker });
    else if (m.type === 'taken' && m.asker === asker) ids.set(makeId());
  });
  channel.post({ type: 'who-has', id: ids.get(), asker });
  return () => channel.close();
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

/** A stored design, or null when there is none or it is unreadable (see the file's comment). */
function parseDesign(text: string | null): Design | null {
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

const tabKey = (id: string) => TAB_AUTOSAVE_PREFIX + id;
const recordKey = (id: string) => TAB_RECORD_PREFIX + id;

interface SaveRecord {
  savedAt: number;
  openedAsIs?: string;
}

function readRecord(store: KeyValueStore, id: string): SaveRecord | null {
  try {
    const v: unknown = JSON.parse(get(store, recordKey(id)) ?? 'null');
    if (typeof v !== 'object' || v === null) return null;
    const { savedAt, openedAsIs } = v as Record<string, unknown>;
    if (typeof savedAt !== 'number' || !Number.isFinite(savedAt)) return null;
    return typeof openedAsIs === 'string' ? { savedAt, openedAsIs } : { savedAt };
  } catch {
    return null;
  }
}

/**
 * A digest of a save's text (its length and a 53-bit hash, cyrb53): the as-is marker names
 * the exact text it was written with, so a marker left behind (its write failed, or another
 * version rewrote the save) never applies to a design edited since.
 */
function digest(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${text.length}:${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

function keysOf(store: KeyValueStore): string[] {
  const keys: string[] = [];
  try {
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k !== null) keys.push(k);
    }
  } catch {
    /* no enumeration: no tab saves are found */
  }
  return keys;
}

const idsWith = (keys: string[], prefix: string) =>
  keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));

/** The previous version's index of save times (TAB_INDEX_KEY); empty when gone or damaged. */
function oldIndex(store: KeyValueStore): Map<string, number> {
  const times = new Map<string, number>();
  try {
    const index: unknown = JSON.parse(get(store, TAB_INDEX_KEY) ?? '{}');
    if (typeof index === 'object' && index !== null)
      for (const [id, at] of Object.entries(index))
        if (typeof at === 'number' && Number.isFinite(at)) times.set(id, at);
  } catch {
    /* a damaged index: those saves count as the oldest */
  }
  return times;
}

/**
 * Every tab save and when it was written: its record's time; for a save without a record (the
 * previous version's), the time that version's index gives it, else 0 (the oldest).
 */
function tabSaves(store: KeyValueStore): Map<string, number> {
  const index = oldIndex(store);
  const saves = new Map<string, number>();
  for (const id of idsWith(keysOf(store), TAB_AUTOSAVE_PREFIX))
    saves.set(id, readRecord(store, id)?.savedAt ?? index.get(id) ?? 0);
  return saves;
}

const oldestFirst = (saves: Map<string, number>) => [...saves].sort((a, b) => a[1] - b[1]).map(([id]) => id);

/** A restored design, and whether it was saved as opened and not changed since (see openedAsIs). */
export interface RestoredSave {
  design: Design;
  openedAsIs: boolean;
}

/**
 * Reads the autosaved design: this tab's own save, else a save from before per-tab saves,
 * else the newest readable save of any tab; null when there is none (or it is unreadable).
 * The old versions wrote the shared key on every save, and this one drops it on its first
 * save, so while it is there it is the newest save of all: with storage full, an old
 * version kept its latest design there alone. `openedAsIs` holds when the save's own record
 * marks that very text as opened and not changed since.
 */
export function readAutosaveEntry(
  store: KeyValueStore | null = storage(),
  tab: string = tabId(),
): RestoredSave | null {
  if (!store) return null;
  const tabSave = (id: string): RestoredSave | null => {
    const text = get(store, tabKey(id));
    const design = parseDesign(text);
    if (!design) return null;
    const marker = readRecord(store, id)?.openedAsIs;
    return { design, openedAsIs: marker !== undefined && marker === digest(text!) };
  };
  const own = tabSave(tab);
  if (own) return own;
  const legacy = parseDesign(get(store, LEGACY_AUTOSAVE_KEY));
  if (legacy) return { design: legacy, openedAsIs: false };
  for (const id of oldestFirst(tabSaves(store)).reverse()) {
    const other = tabSave(id);
    if (other) return other;
  }
  return null;
}

/** The autosaved design alone (see readAutosaveEntry). */
export function readAutosave(store: KeyValueStore | null = storage(), tab: string = tabId()): Design | null {
  return readAutosaveEntry(store, tab)?.design ?? null;
}

/**
 * The design a link replaced (a share link or an example link opened over the user's own
 * work), kept so that File › Restore previous design brings it back even after a reload
 * or from another tab.
 */
export const PREVIOUS_KEY = 'spillway.previous.v1';

export function readPrevious(store: KeyValueStore | null = storage()): Design | null {
  const text = get(store, PREVIOUS_KEY);
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isPlausibleDesign(value) ? value : null;
  } catch {
    return null;
  }
}

/** Stores the previous design; false when storage is missing, blocked or full. */
export function writePrevious(design: Design, store: KeyValueStore | null = storage()): boolean {
  return put(store, PREVIOUS_KEY, JSON.stringify(design));
}

/**
 * Saves this tab's design under its own key, with its record (the time, and the as-is marker
 * when `openedAsIs`), and drops the oldest tab saves beyond MAX_TAB_SAVES. Only this tab's
 * keys are written: other tabs' saves are only removed to make room, and put back (into keys
 * still empty) when the design did not fit even so. When storage is full, room is made for
 * the design in use: first a save from before per-tab saves goes, then the oldest other tabs'
 * saves. False when the design could not be stored (what was there then stays).
 */
export function writeAutosave(
  design: Design,
  store: KeyValueStore | null = storage(),
  tab: string = tabId(),
  now = Date.now(),
  opts: { openedAsIs?: boolean } = {},
): boolean {
  if (!store) return false;
  const json = JSON.stringify(design);
  const record: SaveRecord = { savedAt: now };
  if (opts.openedAsIs) record.openedAsIs = digest(json);
  const saves = tabSaves(store);
  saves.delete(tab);
  const before = get(store, tabKey(tab));
  // The design first: a record left from before names other text, so its marker cannot apply.
  const write = () => put(store, tabKey(tab), json) && put(store, recordKey(tab), JSON.stringify(record));
  let own = write();
  const removed: [string, string][] = [];
  const take = (key: string) => {
    const text = get(store, key);
    if (text === null) return false;
    remove(store, key);
    removed.push([key, text]);
    return true;
  };
  // Room: first the older version's save (null), then the oldest other tabs' saves and records.
  for (const id of [null, ...oldestFirst(saves)]) {
    if (own) break;
    if (id === null ? !take(LEGACY_AUTOSAVE_KEY) : !take(tabKey(id))) continue;
    if (id !== null) {
      take(recordKey(id));
      saves.delete(id);
    }
    own = write();
  }
  if (!own) {
    // It did not fit even so (or storage refuses every write).
    if (before === null) remove(store, tabKey(tab));
    else put(store, tabKey(tab), before);
    // Put back only into keys still empty: another tab may have saved anew meanwhile, and
    // its newer text must not be overwritten with the older one taken here.
    for (const [key, text] of removed) if (get(store, key) === null) put(store, key, text);
    return false;
  }
  saves.set(tab, now);
  const ids = oldestFirst(saves);
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_TAB_SAVES))) {
    remove(store, tabKey(id));
    remove(store, recordKey(id));
    saves.delete(id);
  }
  // Read afresh, not from `saves`: another tab may have saved since (its design goes first).
  const keys = keysOf(store);
  const present = new Set(keys);
  // Records whose save is gone (a removal cut short) are dead weight.
  for (const id of idsWith(keys, TAB_RECORD_PREFIX))
    if (!present.has(tabKey(id))) remove(store, recordKey(id));
  // The previous version's index, once no save it times is left without a record of its own.
  const untimed = [...oldIndex(store).keys()].filter(
    (id) => present.has(tabKey(id)) && !readRecord(store, id),
  );
  if (present.has(TAB_INDEX_KEY) && untimed.length === 0) remove(store, TAB_INDEX_KEY);
  // This tab's save is now newer than the old version's, which a new tab would open instead
  // anyway: the legacy copy is dead weight.
  remove(store, LEGACY_AUTOSAVE_KEY);
  return true;
}

/** Saves the design on the canvas now, marked as opened as-is while it is (see openedAsIs). */
export function saveCurrent(store: KeyValueStore | null = storage(), tab: string = tabId()): boolean {
  const { design, openedAsIs } = useDesignStore.getState();
  return writeAutosave(design, store, tab, Date.now(), { openedAsIs: design === openedAsIs });
}

/**
 * Subscribes to design changes and saves them after a pause. Returns the unsubscribe
 * function. Saves go under this tab's id as it is at the time of the save (claimTabId may
 * give a duplicated tab a new one after the start).
 */
export function startAutosave(
  store: KeyValueStore | null = storage(),
  delayMs = AUTOSAVE_DELAY_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;
  const flush = () => {
    timer = null;
    if (!pending) return;
    const ok = saveCurrent(store, tabId());
    pending = false;
    useUiStore.getState().setSaveStatus(ok ? 'saved' : 'error');
  };
  const unsub = useDesignStore.subscribe((s, prev) => {
    // The as-is marker is saved with the design: a change of either is saved.
    if (s.design === prev.design && s.openedAsIs === prev.openedAsIs) return;
    pending = true;
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

/**
 * Where a tab keeps its run speed over a reload: sessionStorage, per tab as the tab's
 * autosave is, so an example restored after a reload runs at the speed it ran at before
 * (the example's suggested 5×, or what the user picked), not at 1×.
 */
export const TAB_SPEED_KEY = 'spillway.speed.v1';

/** The speed this tab had before a reload, and whether the user picked it; null when none is kept (or it is not a speed). */
export function readTabSpeed(
  session: KeyValueStore | null = sessionStore(),
): { speed: Speed; chosen: boolean } | null {
  try {
    const v = JSON.parse(get(session, TAB_SPEED_KEY) ?? 'null') as {
      speed?: unknown;
      chosen?: unknown;
    } | null;
    return v && isSpeed(v.speed) ? { speed: v.speed, chosen: v.chosen === true } : null;
  } catch {
    return null;
  }
}

export function writeTabSpeed(
  speed: Speed,
  chosen: boolean,
  session: KeyValueStore | null = sessionStore(),
): void {
  put(session, TAB_SPEED_KEY, JSON.stringify({ speed, chosen })); // full or blocked: only a reload forgets it
}
