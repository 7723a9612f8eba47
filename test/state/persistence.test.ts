import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkNumber, KINDS, MIGRATIONS, parseDesignText, type Design } from '../../src/model';
import { clearHistory, undo, useDesignStore } from '../../src/state/designStore';
import { emptyDesign } from '../../src/state/ops';
import {
  claimTabId,
  LEGACY_AUTOSAVE_KEY,
  MAX_TAB_SAVES,
  openTabChannel,
  readAutosave,
  readAutosaveEntry,
  resetTabId,
  startAutosave,
  TAB_AUTOSAVE_PREFIX,
  TAB_ID_KEY,
  TAB_INDEX_KEY,
  TAB_RECORD_PREFIX,
  tabId,
  writeAutosave,
  type KeyValueStore,
} from '../../src/state/persistence';
import { useUiStore } from '../../src/state/uiStore';
import { memoryStore, unplacedDesign } from './fakes';

/**
 * `store` as one tab sees it while another tab saves: `between` runs once, right after this
 * tab's first read.
 */
function interleaved(store: KeyValueStore, between: () => void): KeyValueStore {
  let ran = false;
  return {
    getItem: (k) => {
      const v = store.getItem(k);
      if (!ran) {
        ran = true;
        between();
      }
      return v;
    },
    setItem: (k, v) => store.setItem(k, v),
    removeItem: (k) => store.removeItem(k),
    get length() {
      return store.length;
    },
    key: (i) => store.key(i),
  };
}

/** A storage that throws on every call (Safari's private mode of old, blocked cookies). */
const blocked: KeyValueStore = {
  getItem: () => {
    throw new DOMException('blocked', 'SecurityError');
  },
  setItem: () => {
    throw new DOMException('blocked', 'SecurityError');
  },
  removeItem: () => {
    throw new DOMException('blocked', 'SecurityError');
  },
  get length(): number {
    throw new DOMException('blocked', 'SecurityError');
  },
  key: () => {
    throw new DOMException('blocked', 'SecurityError');
  },
};

const named = (name: string, nodes = 1): Design => ({
  schemaVersion: 1,
  name,
  nodes: Array.from({ length: nodes }, (_, i) => ({ id: `n${i}`, kind: 'service' })),
  edges: [],
});

afterEach(() => {
  vi.useRealTimers();
});

describe('autosave', () => {
  it('saves after a pause and restores the same design', () => {
    vi.useFakeTimers();
    const store = memoryStore();
    useDesignStore.getState().load(emptyDesign(), { record: false });
    clearHistory();
    const stop = startAutosave(store, 400);
    const id = useDesignStore.getState().addNode('service', { x: 10, y: 20 });
    useDesignStore.getState().setNodeParam(id, 'instances', 4);
    const key = TAB_AUTOSAVE_PREFIX + tabId();
    expect(store.data.has(key)).toBe(false); // debounced
    expect(useUiStore.getState().saveStatus).toBe('saving');
    vi.advanceTimersByTime(450);
    expect(store.data.has(key)).toBe(true);
    expect(store.data.has(LEGACY_AUTOSAVE_KEY)).toBe(false); // one copy of the design, not two
    expect(useUiStore.getState().saveStatus).toBe('saved');
    stop();
    const restored = readAutosave(store);
    expect(restored).toEqual(useDesignStore.getState().design);
  });

  it('restores nothing from an empty or unreadable store', () => {
    const store = memoryStore();
    expect(readAutosave(store, 'tab')).toBeNull();
    for (const key of [TAB_AUTOSAVE_PREFIX + 'tab', TAB_AUTOSAVE_PREFIX + 'other', LEGACY_AUTOSAVE_KEY]) {
      store.setItem(key, '{not json');
      expect(readAutosave(store, 'tab')).toBeNull();
      store.setItem(key, JSON.stringify({ hello: 1 }));
      expect(readAutosave(store, 'tab')).toBeNull();
    }
  });

  it('still restores a plausible design that no longer validates (nothing is lost)', () => {
    const store = memoryStore();
    const d: Design = {
      schemaVersion: 1,
      nodes: [{ id: 'a', kind: 'service' }],
      edges: [],
      scenario: { faults: [{ type: 'crash', target: 'gone', atS: 1 }] },
    };
    writeAutosave(d, store);
    expect(readAutosave(store)).toEqual(d);
  });
});

describe('autosave per tab', () => {
  it('gives each tab its own save: a reload restores the tab’s design, not the other tab’s', () => {
    const store = memoryStore();
    writeAutosave(named('A, first'), store, 'tab-a', 1000);
    writeAutosave(named('B'), store, 'tab-b', 2000); // tab B opens an example and edits it
    writeAutosave(named('A, later'), store, 'tab-a', 3000);
    writeAutosave(named('B, later'), store, 'tab-b', 4000);
    expect(readAutosave(store, 'tab-a')?.name).toBe('A, later');
    expect(readAutosave(store, 'tab-b')?.name).toBe('B, later');
    // A new tab starts from the latest save of any tab, which the index names.
    expect(readAutosave(store, 'tab-new')?.name).toBe('B, later');
    writeAutosave(named('A, latest'), store, 'tab-a', 5000);
    expect(readAutosave(store, 'tab-new')?.name).toBe('A, latest');
    expect(store.data.has(LEGACY_AUTOSAVE_KEY)).toBe(false);
  });

  it('still restores a save from before per-tab saves (the shared key only), and drops it once a tab has saved', () => {
    const store = memoryStore();
    store.setItem(LEGACY_AUTOSAVE_KEY, JSON.stringify(named('Saved by an older version')));
    expect(readAutosave(store, 'any-tab')?.name).toBe('Saved by an older version');
    writeAutosave(named('Edited since'), store, 'any-tab', 1000);
    expect(store.data.has(LEGACY_AUTOSAVE_KEY)).toBe(false);
    expect(readAutosave(store, 'new-tab')?.name).toBe('Edited since');
  });

  it('prefers an older version’s save to other tabs’ saves: it was written last', () => {
    // An old version, storage full, kept its tab's latest design in the shared key alone.
    const store = memoryStore();
    writeAutosave(named('Another tab, earlier'), store, 'tab-b', 1000);
    store.setItem(LEGACY_AUTOSAVE_KEY, JSON.stringify(named('Tab A, latest')));
    expect(readAutosave(store, 'tab-a')?.name).toBe('Tab A, latest');
    expect(readAutosave(store, 'new-tab')?.name).toBe('Tab A, latest');
    expect(readAutosave(store, 'tab-b')?.name).toBe('Another tab, earlier'); // its own save first
  });

  it('keeps a tab’s id over a reload (sessionStorage) and a new one per new tab', () => {
    const session = memoryStore();
    resetTabId();
    const first = tabId(session);
    expect(session.getItem(TAB_ID_KEY)).toBe(first);
    resetTabId(); // a reload: the same sessionStorage
    expect(tabId(session)).toBe(first);
    resetTabId(); // another tab: its own sessionStorage
    expect(tabId(memoryStore())).not.toBe(first);
    resetTabId(); // no sessionStorage at all: still an id, and no error
    expect(tabId(blocked)).toMatch(/^[A-Za-z0-9-]+$/);
    resetTabId();
  });

  describe('a duplicated tab (sessionStorage copied, so the same id)', () => {
    /** A tab as claimTabId sees it: its id, over a real BroadcastChannel of its own. */
    let tabsMade = 0;
    function tab(id: string, channelName: string) {
      const holder = { id, get: () => holder.id, set: (x: string) => (holder.id = x) };
      const label = `tab${++tabsMade}`;
      let n = 0;
      const stop = claimTabId(openTabChannel(channelName), holder, () => `${label}-${++n}`);
      return { holder, stop, label };
    }
    const settle = () => new Promise((r) => setTimeout(r, 50));

    it('takes an id of its own, while the original keeps its id', async () => {
      const name = `test-tabs-${Math.random()}`;
      const original = tab('t1', name);
      await settle();
      expect(original.holder.id).toBe('t1'); // nobody else had it
      const copy = tab('t1', name);
      await settle();
      expect(original.holder.id).toBe('t1');
      expect(copy.holder.id).toBe(`${copy.label}-2`); // its first id went to tag its question
      // A third tab with a different id is left alone, and the others keep theirs.
      const other = tab('t9', name);
      await settle();
      expect([original.holder.id, copy.holder.id, other.holder.id]).toEqual(['t1', `${copy.label}-2`, 't9']);
      for (const t of [original, copy, other]) t.stop();
    });

    it('a reload (the old page gone) keeps its id', async () => {
      const name = `test-tabs-${Math.random()}`;
      const before = tab('t1', name);
      await settle();
      before.stop(); // the page unloads
      const after = tab('t1', name);
      await settle();
      expect(after.holder.id).toBe('t1');
      after.stop();
    });

    it('ignores malformed messages and does nothing without BroadcastChannel', async () => {
      const name = `test-tabs-${Math.random()}`;
      const t = tab('t1', name);
      const noise = openTabChannel(name)!;
      for (const m of [null, 42, 'who-has', { type: 'taken', id: 't1' }, { type: 'who-has' }]) noise.post(m);
      await settle();
      expect(t.holder.id).toBe('t1');
      noise.close();
      t.stop();
      const holder = { get: () => 'x', set: vi.fn() };
      expect(() => claimTabId(null, holder)()).not.toThrow();
      expect(holder.set).not.toHaveBeenCalled();
    });
  });

  it(`keeps at most ${MAX_TAB_SAVES} tab saves, dropping the oldest by when they were saved`, () => {
    const store = memoryStore();
    // Saved out of order: tab-0 saved last of all, so it stays.
    for (let i = 1; i <= 12; i++) writeAutosave(named(`tab ${i}`), store, `tab-${i}`, 1000 + i);
    writeAutosave(named('tab 0'), store, 'tab-0', 5000);
    const tabKeys = [...store.data.keys()].filter((k) => k.startsWith(TAB_AUTOSAVE_PREFIX)).sort();
    expect(tabKeys).toEqual(
      ['tab-0', 'tab-10', 'tab-11', 'tab-12', 'tab-6', 'tab-7', 'tab-8', 'tab-9'].map(
        (id) => TAB_AUTOSAVE_PREFIX + id,
      ),
    );
    // Each save's record goes with it.
    expect([...store.data.keys()].filter((k) => k.startsWith(TAB_RECORD_PREFIX)).sort()).toEqual(
      tabKeys.map((k) => k.replace(TAB_AUTOSAVE_PREFIX, TAB_RECORD_PREFIX)),
    );
    expect(store.data.has(TAB_INDEX_KEY)).toBe(false); // no tab writes a shared index any more
    // A tab save without a record or a time in an old index counts as the oldest.
    store.setItem(TAB_AUTOSAVE_PREFIX + 'stray', JSON.stringify(named('stray')));
    writeAutosave(named('tab 13'), store, 'tab-13', 6000);
    expect(store.data.has(TAB_AUTOSAVE_PREFIX + 'stray')).toBe(false);
    expect(store.data.has(TAB_AUTOSAVE_PREFIX + 'tab-6')).toBe(false);
    expect([...store.data.keys()].filter((k) => k.startsWith(TAB_AUTOSAVE_PREFIX))).toHaveLength(
      MAX_TAB_SAVES,
    );
  });

  it('two tabs saving at the same moment: the newest save still wins (no tab writes another’s time)', () => {
    const store = memoryStore();
    writeAutosave(named('A, first'), store, 'tab-a', 1000);
    writeAutosave(named('B, first'), store, 'tab-b', 2000);
    // Tab A saves; right after its first read (it used to read the shared index), tab B saves
    // a newer design, then tab A goes on writing what it read before.
    let bSaved = false;
    const asTabA = interleaved(store, () => {
      writeAutosave(named('B, latest'), store, 'tab-b', 4000);
      bSaved = true;
    });
    expect(writeAutosave(named('A, later'), asTabA, 'tab-a', 3000)).toBe(true);
    expect(bSaved).toBe(true);
    expect(readAutosave(store, 'tab-a')?.name).toBe('A, later');
    expect(readAutosave(store, 'tab-b')?.name).toBe('B, latest');
    expect(readAutosave(store, 'new-tab')?.name).toBe('B, latest'); // the older index made it 'A, later'
    // The other way round: B's save in the middle of A's is the older one.
    const asTabB = interleaved(store, () => writeAutosave(named('A, latest'), store, 'tab-a', 6000));
    expect(writeAutosave(named('B, last but one'), asTabB, 'tab-b', 5000)).toBe(true);
    expect(readAutosave(store, 'new-tab')?.name).toBe('A, latest');
    expect(store.data.has(TAB_INDEX_KEY)).toBe(false);
  });

  it('reads the previous version’s index for the saves it wrote, and drops it once no save needs it', () => {
    const store = memoryStore();
    for (const id of ['old-a', 'old-b', 'old-c'])
      store.setItem(TAB_AUTOSAVE_PREFIX + id, JSON.stringify(named(id)));
    // old-c is missing from the index (two old tabs wrote it at once): the oldest, 0.
    store.setItem(TAB_INDEX_KEY, JSON.stringify({ 'old-a': 1000, 'old-b': 3000, gone: 9000 }));
    expect(readAutosave(store, 'new-tab')?.name).toBe('old-b');
    // A save of this version with an earlier time: the index's later time still wins.
    writeAutosave(named('mine'), store, 'mine', 2000);
    expect(readAutosave(store, 'new-tab')?.name).toBe('old-b');
    expect(store.data.has(TAB_INDEX_KEY)).toBe(true);
    // old-a's tab, reloaded into this version, saves with a record of its own.
    writeAutosave(named('old-a, now'), store, 'old-a', 4000);
    expect(readAutosave(store, 'new-tab')?.name).toBe('old-a, now');
    // Pruning goes by the same times: old-c (0), mine (2000), then old-b (3000).
    for (let i = 1; i <= 5; i++) writeAutosave(named(`t${i}`), store, `t${i}`, 5000 + i);
    expect(store.data.has(TAB_AUTOSAVE_PREFIX + 'old-c')).toBe(false);
    expect(store.data.has(TAB_AUTOSAVE_PREFIX + 'mine')).toBe(true);
    writeAutosave(named('t6'), store, 't6', 5006);
    expect(store.data.has(TAB_AUTOSAVE_PREFIX + 'mine')).toBe(false);
    expect(store.data.has(TAB_INDEX_KEY)).toBe(true); // old-b still has no other time
    writeAutosave(named('t7'), store, 't7', 5007);
    expect(store.data.has(TAB_AUTOSAVE_PREFIX + 'old-b')).toBe(false);
    expect(store.data.has(TAB_INDEX_KEY)).toBe(false);
    expect(store.data.has(TAB_AUTOSAVE_PREFIX + 'old-a')).toBe(true);
  });

  it('makes room when storage is full: an older version’s save, then the oldest other tabs’ saves', () => {
    const big = named('big', 40);
    const size = JSON.stringify(big).length;
    // Room for about three designs: two tabs' saves and an older version's.
    const store = memoryStore(size * 3 + 400);
    expect(writeAutosave(named('old tab', 38), store, 'old', 1000)).toBe(true);
    expect(writeAutosave(big, store, 'mine', 2000)).toBe(true);
    // A tab of a version from before per-tab saves, still open, writes the shared key.
    store.setItem(LEGACY_AUTOSAVE_KEY, JSON.stringify(named('older version', 38)));
    const bigger = {
      ...big,
      nodes: [...big.nodes, ...named('x', 30).nodes.map((n) => ({ ...n, id: `m${n.id}` }))],
    };
    expect(writeAutosave(bigger, store, 'mine', 3000)).toBe(true);
    expect(readAutosave(store, 'mine')).toEqual(bigger);
    // The older version's save made room (the other tab's save stays); a new tab opens the newest tab save.
    expect(store.data.has(LEGACY_AUTOSAVE_KEY)).toBe(false);
    expect(readAutosave(store, 'old')?.name).toBe('old tab');
    expect(readAutosave(store, 'new-tab')).toEqual(bigger);
    // Bigger still: the other tab's save makes room too.
    const biggest = {
      ...bigger,
      nodes: [...bigger.nodes, ...named('y', 50).nodes.map((n) => ({ ...n, id: `z${n.id}` }))],
    };
    expect(writeAutosave(biggest, store, 'mine', 4000)).toBe(true);
    expect(store.data.has(TAB_AUTOSAVE_PREFIX + 'old')).toBe(false);
    expect(readAutosave(store, 'mine')).toEqual(biggest);
  });

  it('keeps what was stored when even that does not make room, and says it did not save', () => {
    const store = memoryStore(2000);
    expect(writeAutosave(named('small'), store, 'tab-a', 1000)).toBe(true);
    expect(writeAutosave(named('huge', 200), store, 'tab-a', 2000)).toBe(false);
    expect(readAutosave(store, 'tab-a')?.name).toBe('small');
    expect(readAutosave(store, 'another')?.name).toBe('small');
  });

  it('never throws when storage is missing or refuses every call', () => {
    expect(readAutosave(null, 'tab')).toBeNull();
    expect(readAutosave(blocked, 'tab')).toBeNull();
    expect(writeAutosave(named('x'), null, 'tab')).toBe(false);
    expect(writeAutosave(named('x'), blocked, 'tab')).toBe(false);
    useDesignStore.getState().load(emptyDesign(), { record: false });
    vi.useFakeTimers();
    const stop = startAutosave(blocked, 10);
    useDesignStore.getState().addNode('service', { x: 0, y: 0 });
    vi.advanceTimersByTime(20);
    expect(useUiStore.getState().saveStatus).toBe('error');
    stop();
  });
});

describe('a save that does not fit', () => {
  it('puts back the saves it took to make room, but never over one another tab wrote meanwhile', () => {
    const base = memoryStore();
    writeAutosave(named('B, old'), base, 'tab-b', 1000);
    const bKey = TAB_AUTOSAVE_PREFIX + 'tab-b';
    // A store where this tab's save never fits, and where tab B saves anew the moment its old
    // save is taken away to make room.
    const store: KeyValueStore = {
      getItem: (k) => base.getItem(k),
      setItem: (k, v) => {
        if (k.startsWith(TAB_AUTOSAVE_PREFIX + 'tab-a')) throw new DOMException('full', 'QuotaExceededError');
        base.setItem(k, v);
      },
      removeItem: (k) => {
        base.removeItem(k);
        if (k === bKey) writeAutosave(named('B, new'), base, 'tab-b', 3000);
      },
      get length() {
        return base.length;
      },
      key: (i) => base.key(i),
    };
    expect(writeAutosave(named('A', 50), store, 'tab-a', 2000)).toBe(false);
    expect(JSON.parse(base.getItem(bKey)!).name).toBe('B, new');
    expect(readAutosave(base, 'tab-new')?.name).toBe('B, new');
  });
});

describe('the “opened as-is” marker beside a save', () => {
  const example = named('Example a', 3);

  it('marks a save written as opened as-is, for whichever tab restores it', () => {
    const store = memoryStore();
    writeAutosave(example, store, 'tab', 1000, { openedAsIs: true });
    expect(readAutosaveEntry(store, 'tab')).toEqual({ design: example, openedAsIs: true });
    expect(readAutosaveEntry(store, 'new-tab')).toEqual({ design: example, openedAsIs: true });
    // Saved again after an edit: no longer as-is.
    writeAutosave(named('Example b', 3), store, 'tab', 2000);
    expect(readAutosaveEntry(store, 'tab')?.openedAsIs).toBe(false);
  });

  it('never marks a design edited since, even when its record was left behind', () => {
    const store = memoryStore();
    writeAutosave(example, store, 'tab', 1000, { openedAsIs: true });
    // The edit was written but the record beside it was not (the page died between the two
    // writes, or an older version rewrote the save). Same length: the text itself differs.
    const edited = named('Example b', 3);
    store.setItem(TAB_AUTOSAVE_PREFIX + 'tab', JSON.stringify(edited));
    expect(readAutosaveEntry(store, 'tab')).toEqual({ design: edited, openedAsIs: false });
    expect(readAutosaveEntry(store, 'new-tab')?.openedAsIs).toBe(false);
    // Written back as it was opened: the marker applies to that very text again.
    store.setItem(TAB_AUTOSAVE_PREFIX + 'tab', JSON.stringify(example));
    expect(readAutosaveEntry(store, 'tab')?.openedAsIs).toBe(true);
  });

  it('a marker whose save is gone marks nothing, not even the same design saved elsewhere', () => {
    const store = memoryStore();
    writeAutosave(example, store, 'tab', 1000, { openedAsIs: true });
    store.removeItem(TAB_AUTOSAVE_PREFIX + 'tab'); // its record stays
    store.setItem(LEGACY_AUTOSAVE_KEY, JSON.stringify(example));
    expect(readAutosaveEntry(store, 'tab')).toEqual({ design: example, openedAsIs: false });
    store.removeItem(LEGACY_AUTOSAVE_KEY);
    writeAutosave(example, store, 'other', 2000); // the user's own copy, not as-is
    expect(readAutosaveEntry(store, 'tab')).toEqual({ design: example, openedAsIs: false });
    // The next save drops the record left without its save.
    expect(store.data.has(TAB_RECORD_PREFIX + 'tab')).toBe(false);
  });

  it('the autosave marks the design while it is as opened, its layout settling in included', () => {
    vi.useFakeTimers();
    const store = memoryStore();
    const st = useDesignStore.getState;
    const stop = startAutosave(store, 400);
    const unplaced = unplacedDesign;
    st().load(unplaced);
    st().markOpened(st().design);
    vi.advanceTimersByTime(450);
    expect(readAutosaveEntry(store, tabId())?.openedAsIs).toBe(true);
    const pending = st().pendingLayout!;
    const layout = {
      positions: new Map([
        ['a', { x: 5, y: 5 }],
        ['b', { x: 300, y: 5 }],
      ]),
    };
    expect(st().settleLayout(pending, layout)).toBe(true);
    vi.advanceTimersByTime(450);
    expect(readAutosaveEntry(store, tabId())).toEqual({ design: st().design, openedAsIs: true });
    expect(st().design.nodes[1].position).toEqual({ x: 300, y: 5 });
    st().addNode('cache', { x: 0, y: 200 });
    vi.advanceTimersByTime(450);
    expect(readAutosaveEntry(store, tabId())).toEqual({ design: st().design, openedAsIs: false });
    // Undo back to the design as it was opened: as-is again (as in memory).
    undo();
    vi.advanceTimersByTime(450);
    expect(readAutosaveEntry(store, tabId())?.openedAsIs).toBe(true);
    stop();
  });
});

describe('loading files (migrations and errors)', () => {
  it('names every problem of a bad file by its path', () => {
    const r = parseDesignText(
      JSON.stringify({
        schemaVersion: 1,
        nodes: [{ id: 'a', kind: 'service', params: { concurrency: -2 } }],
        edges: [{ id: 'e', source: 'a', target: 'x' }],
      }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
        `nodes[0].params.concurrency: ${checkNumber(KINDS.service.params.concurrency, -2)}`,
        'edges[0].target: no node has id "x"',
      ]);
  });

  it('refuses a file from a newer version and a file that is not JSON', () => {
    const newer = parseDesignText(JSON.stringify({ schemaVersion: 2, nodes: [], edges: [] }));
    expect(newer.ok).toBe(false);
    if (!newer.ok) expect(newer.errors[0].message).toMatch(/newer Spillway/);
    const junk = parseDesignText('{"schemaVersion": 1,');
    expect(junk.ok).toBe(false);
    if (!junk.ok) expect(junk.errors[0].path).toBe('(file)');
  });

  it('migrates on load: a file without schemaVersion is refused with the reason, a current one loads as is', () => {
    const none = parseDesignText(JSON.stringify({ nodes: [], edges: [] }));
    expect(none.ok).toBe(false);
    if (!none.ok)
      expect(none.errors[0]).toEqual({
        path: 'schemaVersion',
        message: expect.stringMatching(/is required/),
      });
    const file = { schemaVersion: 1, nodes: [{ id: 'c', kind: 'client' }], edges: [] };
    const ok = parseDesignText(JSON.stringify(file));
    expect(ok.ok && ok.design).toEqual(file);
    expect(Object.keys(MIGRATIONS).every((k) => Number(k) >= 1)).toBe(true);
  });
});
