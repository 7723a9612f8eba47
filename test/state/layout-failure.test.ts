/**
 * A design opened without positions whose auto layout fails, or never answers, opens on its
 * grid for good: the user is told so in a notice that names the problem (it was only
 * logged), and nothing of the design is lost. Shift+L's failure says nothing moved.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Design } from '../../src/model';
import { clearHistory, useDesignStore } from '../../src/state/designStore';
import { emptyDesign } from '../../src/state/ops';
import { useUiStore } from '../../src/state/uiStore';

/** What the mocked ELK does with the next layouts. */
const elk = vi.hoisted(() => ({ mode: 'fail' as 'fail' | 'hang' }));
vi.mock('elkjs/lib/elk.bundled.js', () => ({
  default: class {
    layout() {
      if (elk.mode === 'hang') return new Promise(() => {});
      return Promise.reject(new RangeError('Maximum call stack size exceeded'));
    }
  },
}));

const { autoLayout, layoutOpened } = await import('../../src/ui/actions');

const st = () => useDesignStore.getState();
const errors = () =>
  useUiStore
    .getState()
    .toasts.filter((t) => t.tone === 'error')
    .map((t) => t.message);

function unplaced(): Design {
  return {
    schemaVersion: 1,
    name: 'No positions',
    nodes: [
      { id: 'users', kind: 'client' },
      { id: 'api', kind: 'service' },
      { id: 'db', kind: 'database' },
    ],
    edges: [
      { id: 'e1', source: 'users', target: 'api' },
      { id: 'e2', source: 'api', target: 'db' },
    ],
  };
}

describe('an auto layout that fails', () => {
  beforeEach(() => {
    st().load(emptyDesign('Mine'), { record: false });
    clearHistory();
    useUiStore.setState({ toasts: [] });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('on opening: keeps the grid and says why in a notice', async () => {
    elk.mode = 'fail';
    st().load(unplaced());
    const grid = st().design;
    expect(await layoutOpened(st().pendingLayout!)).toBe(false);
    expect(st().design).toBe(grid); // every node where the grid put it, every call
    expect(st().design.nodes.every((n) => n.position)).toBe(true);
    expect(st().pendingLayout).toBeNull();
    expect(errors()).toEqual([
      'Auto layout failed (Maximum call stack size exceeded): the design stays on the grid it opened on, nothing lost.',
    ]);
  });

  it('on opening: gives up after its time limit, with a notice, and the design stays usable', async () => {
    elk.mode = 'hang';
    vi.useFakeTimers();
    st().load(unplaced());
    const grid = st().design;
    const done = layoutOpened(st().pendingLayout!);
    await vi.advanceTimersByTimeAsync(19_000);
    expect(errors()).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await done).toBe(false);
    expect(st().design).toBe(grid);
    expect(errors()).toEqual([
      'Auto layout failed (the layout took too long): the design stays on the grid it opened on, nothing lost.',
    ]);
    // The grid is the design now: an edit is an ordinary undo step on it.
    st().moveNodes(new Map([['api', { x: 900, y: 40 }]]));
    expect(st().design.nodes.find((n) => n.id === 'api')!.position).toEqual({ x: 900, y: 40 });
  });

  it('says nothing about a design the user has already left for another', async () => {
    elk.mode = 'fail';
    st().load(unplaced());
    const first = st().pendingLayout!;
    const done = layoutOpened(first);
    st().load(emptyDesign('Other'));
    expect(await done).toBe(false);
    expect(errors()).toEqual([]);
  });

  it('on Shift+L: moves nothing and says so', async () => {
    elk.mode = 'fail';
    const d = unplaced();
    d.nodes = d.nodes.map((n, i) => ({ ...n, position: { x: i * 40, y: 0 } }));
    st().load(d);
    const before = st().design;
    await autoLayout();
    expect(st().design).toBe(before);
    expect(errors()).toEqual(['Auto layout failed (Maximum call stack size exceeded): nothing was moved.']);
  });
});
