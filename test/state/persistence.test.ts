import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkNumber, KINDS, MIGRATIONS, parseDesignText, type Design } from '../../src/model';
import { clearHistory, useDesignStore } from '../../src/state/designStore';
import { emptyDesign } from '../../src/state/ops';
import {
  AUTOSAVE_KEY,
  readAutosave,
  startAutosave,
  writeAutosave,
  type KeyValueStore,
} from '../../src/state/persistence';
import { useUiStore } from '../../src/state/uiStore';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

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
    expect(store.data.has(AUTOSAVE_KEY)).toBe(false); // debounced
    expect(useUiStore.getState().saveStatus).toBe('saving');
    vi.advanceTimersByTime(450);
    expect(store.data.has(AUTOSAVE_KEY)).toBe(true);
    expect(useUiStore.getState().saveStatus).toBe('saved');
    stop();
    const restored = readAutosave(store);
    expect(restored).toEqual(useDesignStore.getState().design);
  });

  it('restores nothing from an empty or unreadable store', () => {
    const store = memoryStore();
    expect(readAutosave(store)).toBeNull();
    store.setItem(AUTOSAVE_KEY, '{not json');
    expect(readAutosave(store)).toBeNull();
    store.setItem(AUTOSAVE_KEY, JSON.stringify({ hello: 1 }));
    expect(readAutosave(store)).toBeNull();
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
