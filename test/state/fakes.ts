/** Stand-ins shared by the state tests. */
import type { Design } from '../../src/model';
import type { KeyValueStore } from '../../src/state/persistence';

/** A localStorage stand-in; `capacity` (characters of keys and values) makes it fill up like one. */
export function memoryStore(capacity = Infinity): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  const used = () => [...data].reduce((n, [k, v]) => n + k.length + v.length, 0);
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      if (used() - (data.has(k) ? k.length + data.get(k)!.length : 0) + k.length + v.length > capacity)
        throw new DOMException('full', 'QuotaExceededError');
      data.set(k, v);
    },
    removeItem: (k) => void data.delete(k),
    get length() {
      return data.size;
    },
    key: (i) => [...data.keys()][i] ?? null,
  };
}

/** Two nodes and a call with no positions: opening it lays it out (pendingLayout). */
export const unplacedDesign: Design = {
  schemaVersion: 1,
  name: 'No positions',
  nodes: [
    { id: 'a', kind: 'client' },
    { id: 'b', kind: 'service' },
  ],
  edges: [{ id: 'e', source: 'a', target: 'b' }],
};
