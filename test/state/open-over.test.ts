/**
 * Every command that replaces the design (the examples gallery, File › New, File › Open, a
 * link) keeps the replaced design as the previous design and as one undo step (DESIGN.md §8).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Design } from '../../src/model';
import { clearHistory, undo, useDesignStore } from '../../src/state/designStore';
import {
  EXAMPLE_SPEED,
  newDesignOver,
  fetchExample,
  openExampleOver,
  openFile,
  openOver,
  openShareLink,
  restorePrevious,
} from '../../src/state/files';
import { encodeDesign } from '../../src/state/codec';
import {
  PREVIOUS_KEY,
  readPrevious,
  TAB_AUTOSAVE_PREFIX,
  TAB_ID_KEY,
  TAB_RECORD_PREFIX,
  TAB_SPEED_KEY,
  readTabSpeed,
} from '../../src/state/persistence';
import { useRunStore } from '../../src/state/runStore';
import { useUiStore } from '../../src/state/uiStore';
import { memoryStore, unplacedDesign } from './fakes';

const examples = join(__dirname, '../../public/examples');

let storage: ReturnType<typeof memoryStore>;

const mine: Design = {
  schemaVersion: 1,
  name: 'My design',
  nodes: [
    { id: 'users', kind: 'client', position: { x: 0, y: 0 } },
    { id: 'api', kind: 'service', position: { x: 200, y: 0 } },
  ],
  edges: [{ id: 'e1', source: 'users', target: 'api' }],
};

const design = () => useDesignStore.getState().design;
const toasts = () => useUiStore.getState().toasts.map((t) => t.message);

beforeEach(() => {
  storage = memoryStore();
  vi.stubGlobal('localStorage', storage);
  // The examples as the built app serves them.
  vi.stubGlobal('fetch', async (url: string) => {
    const m = /examples\/([a-z0-9-]+)\.json$/.exec(url);
    try {
      return new Response(readFileSync(join(examples, `${m![1]}.json`), 'utf8'));
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
  useDesignStore.getState().load(mine, { record: false });
  clearHistory();
  useUiStore.setState({ toasts: [] });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('opening over a design with content', () => {
  it('the examples gallery keeps the design as the previous one and one undo step', async () => {
    expect(await openExampleOver('retry-storm')).toBe(true);
    expect(design().name).toBe('Retry storm');
    expect(readPrevious()?.name).toBe('My design');
    expect(toasts()).toContainEqual(
      'Opened the example “Retry storm”. Your design “My design” is one Undo away, and under File › Restore previous design.',
    );
    undo();
    expect(design().nodes.map((n) => n.id)).toEqual(['users', 'api']);
  });

  it('looking through examples one after another keeps the user’s design as the previous one', async () => {
    await openExampleOver('retry-storm');
    await openExampleOver('three-tier');
    expect(design().name).not.toBe('Retry storm');
    expect(readPrevious()?.name).toBe('My design');
    // An example the user changed is their work: it becomes the previous design.
    useDesignStore.getState().addNode('cache', { x: 0, y: 300 });
    const changed = design();
    await openExampleOver('retry-storm');
    expect(readPrevious()).toEqual(changed);
    // Restore previous design swaps back.
    expect(restorePrevious()).toBe(true);
    expect(design()).toEqual(changed);
  });

  it('a design whose auto layout settled in after it opened still counts as untouched', async () => {
    const unplaced = unplacedDesign;
    const loadIt = () => (useDesignStore.getState().load(unplaced), true);
    await openOver(loadIt, () => 'Opened it');
    expect(readPrevious()?.name).toBe('My design');
    const pending = useDesignStore.getState().pendingLayout!;
    expect(pending).not.toBeNull();
    const layout = {
      positions: new Map([
        ['a', { x: 17, y: 23 }],
        ['b', { x: 411, y: 97 }],
      ]),
    };
    expect(useDesignStore.getState().settleLayout(pending, layout)).toBe(true);
    expect(design()).not.toBe(pending);
    await openExampleOver('retry-storm');
    expect(readPrevious()?.name).toBe('My design'); // the laid-out design was not the user's work
    // Changed after it opened: it is kept.
    await openOver(loadIt, () => 'Opened it');
    useDesignStore.getState().addNode('cache', { x: 0, y: 300 });
    await openExampleOver('retry-storm');
    expect(readPrevious()?.name).toBe('No positions');
  });

  it('File › Open keeps the design as the previous one', async () => {
    const file = new File([readFileSync(join(examples, 'zone-outage.json'), 'utf8')], 'zones.json');
    expect(await openFile(file)).toBe(true);
    expect(readPrevious()?.name).toBe('My design');
    expect(toasts().at(-1)).toMatch(/^Opened zones\.json\. Your design “My design” is one Undo away/);
    undo();
    expect(design().name).toBe('My design');
  });

  it('a file that does not open leaves the design and the previous one as they were', async () => {
    const before = design();
    expect(await openFile(new File(['{"schemaVersion": 1,'], 'bad.json'))).toBe(false);
    expect(design()).toBe(before);
    expect(storage.data.has(PREVIOUS_KEY)).toBe(false);
    expect(useUiStore.getState().loadError?.title).toMatch(/your design is unchanged/);
    useUiStore.getState().showLoadError(null);
  });

  it('File › New keeps the design as the previous one; over an empty design it says nothing', async () => {
    expect(await newDesignOver()).toBe(true);
    expect(design().nodes).toEqual([]);
    expect(readPrevious()?.name).toBe('My design');
    expect(toasts().at(-1)).toMatch(/^Started a new design\. Your design “My design” is one Undo away/);
    useUiStore.setState({ toasts: [] });
    storage.data.clear();
    expect(await newDesignOver()).toBe(true);
    expect(toasts()).toEqual([]);
    expect(storage.data.has(PREVIOUS_KEY)).toBe(false);
    undo();
    undo();
    expect(design().name).toBe('My design');
  });

  it('says so when storage cannot keep the replaced design (Undo still can)', async () => {
    vi.stubGlobal('localStorage', {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {},
    });
    expect(await openExampleOver('retry-storm')).toBe(true);
    expect(toasts().at(-1)).toMatch(/one Undo away, but browser storage is full or blocked/);
    undo();
    expect(design().name).toBe('My design');
  });
});

/**
 * A page load of `path` in one tab, as boot() sees it: fresh modules (the stores, the cached
 * tab id), the same localStorage and sessionStorage. `leave()` is the page going away (its
 * pending autosave is written, as on pagehide).
 */
async function pageLoad(path: string) {
  vi.resetModules();
  let href = new URL(path, 'http://localhost/').toString();
  const onHide: (() => void)[] = [];
  vi.stubGlobal('window', {
    location: {
      get href() {
        return href;
      },
    },
    history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => (href = url) },
    addEventListener: (type: string, fn: () => void) => {
      if (type === 'pagehide') onHide.push(fn);
    },
    removeEventListener: () => {},
  });
  const { boot } = await import('../../src/state/boot');
  const { useDesignStore: store } = await import('../../src/state/designStore');
  const files = await import('../../src/state/files');
  await boot();
  return {
    store,
    files,
    design: () => store.getState().design,
    leave: () => onHide.forEach((fn) => fn()),
  };
}

describe('opening links over a design opened as-is, across page loads', () => {
  const TAB = 'tab-1';
  beforeEach(() => {
    const session = memoryStore();
    session.setItem(TAB_ID_KEY, TAB); // a reload keeps the tab's id
    vi.stubGlobal('sessionStorage', session);
    vi.stubGlobal('BroadcastChannel', undefined); // claimTabId: no other tabs
    // The user's own design, autosaved earlier in this tab.
    storage.setItem(TAB_AUTOSAVE_PREFIX + TAB, JSON.stringify(mine));
  });

  it('an example link, then another in the next page load: the user’s design stays under Restore previous', async () => {
    const first = await pageLoad('/?example=read-heavy-cache');
    expect(first.design().name).toBe('Read-heavy app with a cache');
    expect(readPrevious()?.name).toBe('My design');
    first.leave();
    const second = await pageLoad('/?example=three-tier');
    expect(second.design().name).toBe('Three-tier web app');
    expect(readPrevious()?.name).toBe('My design');
    expect(second.store.getState().openedAsIs).toBe(second.design());
    expect(second.files.restorePrevious()).toBe(true);
    expect(second.design().name).toBe('My design');
  });

  it('an example edited before the reload is the user’s work: the next link keeps it', async () => {
    (await pageLoad('/?example=read-heavy-cache')).leave();
    const second = await pageLoad('/?example=three-tier');
    expect(readPrevious()?.name).toBe('My design');
    second.store.getState().addNode('queue', { x: 0, y: 400 });
    const edited = second.design();
    second.leave();
    const third = await pageLoad('/?example=retry-storm');
    expect(third.design().name).toBe('Retry storm');
    expect(readPrevious()).toEqual(edited);
  });

  it('a marker left beside a save edited since (its record not rewritten) marks nothing', async () => {
    (await pageLoad('/?example=read-heavy-cache')).leave();
    const second = await pageLoad('/?example=three-tier');
    expect(readPrevious()?.name).toBe('My design');
    second.leave();
    const record = storage.getItem(TAB_RECORD_PREFIX + TAB);
    expect(record).toMatch(/openedAsIs/);
    // The edit reached the save, its record did not (the page died between the two writes).
    const edited = { ...second.design(), name: 'Three-tier, tuned' };
    storage.setItem(TAB_AUTOSAVE_PREFIX + TAB, JSON.stringify(edited));
    expect(storage.getItem(TAB_RECORD_PREFIX + TAB)).toBe(record);
    const third = await pageLoad('/?example=retry-storm');
    expect(third.design().name).toBe('Retry storm');
    expect(readPrevious()).toEqual(edited);
  });

  it('a reload with no link keeps the design as-is, and a marker with no save of its own marks nothing', async () => {
    const first = await pageLoad('/?example=read-heavy-cache');
    first.leave();
    const reloaded = await pageLoad('/');
    expect(reloaded.design().name).toBe('Read-heavy app with a cache');
    expect(reloaded.store.getState().openedAsIs).toBe(reloaded.design());
    reloaded.leave();
    // The tab's save is gone (another tab pruned it; its record stayed): the tab starts from
    // the newest other save, the user's design from another tab, which is theirs to keep.
    storage.removeItem(TAB_AUTOSAVE_PREFIX + TAB);
    storage.removeItem(PREVIOUS_KEY);
    storage.setItem(TAB_AUTOSAVE_PREFIX + 'tab-2', JSON.stringify(mine));
    const second = await pageLoad('/?example=three-tier');
    expect(second.design().name).toBe('Three-tier web app');
    expect(readPrevious()?.name).toBe('My design');
  });
});

describe('the speed an example runs at', () => {
  let tab: ReturnType<typeof memoryStore>;
  beforeEach(() => {
    useRunStore.setState({ speed: 1, speedChosen: false });
    tab = memoryStore();
    vi.stubGlobal('sessionStorage', tab);
  });

  it('an example opens at EXAMPLE_SPEED while the user has not picked a speed', async () => {
    expect(await openExampleOver('retry-storm')).toBe(true);
    expect(useRunStore.getState().speed).toBe(EXAMPLE_SPEED);
    expect(EXAMPLE_SPEED).toBeGreaterThan(1);
  });

  it('a speed the user picked stays over every example opened after it', async () => {
    await useRunStore.getState().setSpeed(0.5);
    expect(await openExampleOver('retry-storm')).toBe(true);
    expect(await openExampleOver('three-tier')).toBe(true);
    expect(useRunStore.getState().speed).toBe(0.5);
  });

  it('the tab keeps its speed over a reload, suggested or picked', async () => {
    expect(readTabSpeed()).toBeNull(); // a fresh tab starts at 1×
    expect(await openExampleOver('retry-storm')).toBe(true);
    expect(readTabSpeed()).toEqual({ speed: EXAMPLE_SPEED, chosen: false });
    await useRunStore.getState().setSpeed('max');
    expect(readTabSpeed()).toEqual({ speed: 'max', chosen: true });
    // What a reload reads back, and the store built from it: a pick outlives the reload.
    vi.resetModules();
    const reloaded = (await import('../../src/state/runStore')).useRunStore.getState();
    expect([reloaded.speed, reloaded.speedChosen]).toEqual(['max', true]);
  });

  it('a kept speed that is not one a run takes is ignored', () => {
    for (const bad of ['{"speed":0}', '{"speed":"fast"}', '{"speed":1e9}', 'not json', 'null', '[]']) {
      tab.setItem(TAB_SPEED_KEY, bad);
      expect(readTabSpeed()).toBeNull();
    }
    tab.setItem(TAB_SPEED_KEY, '{"speed":10}');
    expect(readTabSpeed()).toEqual({ speed: 10, chosen: false });
  });

  it('a name with no example is called that, where the host answers with its own page', async () => {
    // Vite's preview (and most static hosts) serve index.html, 200, for a file they lack.
    vi.stubGlobal(
      'fetch',
      async () => new Response('<!doctype html><html></html>', { headers: { 'content-type': 'text/html' } }),
    );
    const r = await fetchExample('nope');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message)).toEqual(['no example is called "nope"']);
    // A file that is there but broken still says so.
    vi.stubGlobal('fetch', async () => new Response('{"schemaVersion": 1,'));
    const broken = await fetchExample('three-tier');
    if (!broken.ok) expect(broken.errors[0].message).toBe('the example "three-tier" is not valid JSON');
    expect(broken.ok).toBe(false);
  });

  it('names a link or an example that is not a design as what it is, and cuts a long id short', async () => {
    vi.stubGlobal('fetch', async () => new Response('[1, 2, 3]'));
    const r = await fetchExample('index');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].path).toBe('(example)');
    const long = await fetchExample('a'.repeat(5000));
    if (!long.ok) expect(long.errors[0].message).toBe(`no example is called "${'a'.repeat(60)}…"`);
    expect(long.ok).toBe(false);
    expect(await openShareLink(await encodeDesign([1, 2, 3] as never))).toBe(false);
    const alert = useUiStore.getState().loadError;
    expect(alert?.problems?.map((p) => p.path)).toEqual(['(link)']);
    expect(design()).toEqual(mine);
  });

  it('a file or an example that does not open leaves the speed alone', async () => {
    expect(await openExampleOver('no-such-example')).toBe(false);
    expect(await openFile(new File([JSON.stringify(mine)], 'mine.json'))).toBe(true);
    expect(useRunStore.getState().speed).toBe(1);
  });
});

describe('a bad share link on a page load', () => {
  const TAB = 'tab-1';
  beforeEach(() => {
    const session = memoryStore();
    session.setItem(TAB_ID_KEY, TAB);
    vi.stubGlobal('sessionStorage', session);
    vi.stubGlobal('BroadcastChannel', undefined);
  });
  /** The page load's design name and the load error alert's title (null: none). */
  async function load(path: string, saved: boolean) {
    storage.data.clear();
    if (saved) storage.setItem(TAB_AUTOSAVE_PREFIX + TAB, JSON.stringify(mine));
    const page = await pageLoad(path);
    const { useUiStore: ui } = await import('../../src/state/uiStore');
    const alert = ui.getState().loadError;
    return { name: page.design().name, title: alert?.title ?? null, problems: alert?.problems ?? [] };
  }

  it('alone: says the design is unchanged, and it is', async () => {
    for (const hash of ['#d=abcdef', '#not-a-link']) {
      const r = await load(`/${hash}`, true);
      expect(r.name, hash).toBe('My design');
      expect(r.title, hash).toBe('Could not open the share link; your design is unchanged.');
    }
  });

  it('with an example link that opens: says the example opened instead, not "unchanged"', async () => {
    for (const hash of ['#d=abcdef', '#not-a-link']) {
      const r = await load(`/?example=three-tier${hash}`, true);
      expect(r.name, hash).toBe('Three-tier web app');
      expect(r.title, hash).toBe(
        'Could not open the share link; opened the example “Three-tier web app” instead.',
      );
      expect(r.problems.length, hash).toBeGreaterThan(0); // why the link did not open stays up
    }
  });

  it('on a first visit: says the first-visit example opened instead', async () => {
    const r = await load('/#d=abcdef', false);
    expect(r.name).toBe('Read-heavy app with a cache');
    expect(r.title).toBe(
      'Could not open the share link; opened the example “Read-heavy app with a cache” instead.',
    );
  });

  it('a link shared at 5× opens at 5×, unless this tab picked a speed', async () => {
    await load(`/#d=${await encodeDesign(mine)}&s=5`, true);
    const { useRunStore: run } = await import('../../src/state/runStore');
    expect(run.getState().speed).toBe(5);
    // The tab's own choice (kept in its session across a reload) wins over the link's.
    sessionStorage.setItem(TAB_SPEED_KEY, JSON.stringify({ speed: 2, chosen: true }));
    await load(`/#d=${await encodeDesign(mine)}&s=5`, true);
    const { useRunStore: again } = await import('../../src/state/runStore');
    expect(again.getState().speed).toBe(2);
  });

  it('a bad link leaves the speed as it was, whatever speed it names', async () => {
    await load('/#d=abcdef&s=5', true);
    const { useRunStore: run } = await import('../../src/state/runStore');
    expect(run.getState().speed).toBe(1);
  });

  it('an example link that does not open either: its own error, and the design unchanged', async () => {
    const r = await load('/?example=no-such-example#d=abcdef', true);
    expect(r.name).toBe('My design');
    expect(r.title).toBe('Could not open the example "no-such-example"; your design is unchanged.');
    const first = await load('/?example=no-such-example', false);
    expect(first.name).toBe('Read-heavy app with a cache');
    expect(first.title).toBe(
      'Could not open the example "no-such-example"; opened the example “Read-heavy app with a cache” instead.',
    );
  });
});
