/**
 * The fault menu and the canvas's pan and zoom: closed, it reads nothing of React Flow's
 * store that a pan changes (it read the transform, and rendered on every pan frame for
 * nothing); open, it follows the transform (it moves with its target).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useChaosStore } from '../../src/state/chaosStore';
import { FaultMenu } from '../../src/ui/run/FaultMenu';

type Selector = (s: unknown) => unknown;
const read: Selector[] = [];

vi.mock('@xyflow/react', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@xyflow/react')>()),
  useStore: (selector: Selector) => {
    read.push(selector);
    return selector(flow(0));
  },
}));

/** React Flow's store, panned `x` px. */
function flow(x: number) {
  return { transform: [x, 0, 1], nodeLookup: new Map(), nodes: [], edges: [], width: 1000, height: 800 };
}

/** The selectors of React Flow's store whose answer a pan changes (each re-renders the menu). */
function panSensitive(): Selector[] {
  return read.filter((sel) => !Object.is(sel(flow(0)), sel(flow(120))));
}

/** Server-renders the menu, open (`menu`) or closed: the server render reads the stores' initial state. */
function render(menu: ReturnType<typeof useChaosStore.getState>['menu']) {
  read.length = 0;
  const initial = useChaosStore.getInitialState();
  const was = initial.menu;
  initial.menu = menu;
  try {
    return renderToStaticMarkup(createElement(FaultMenu));
  } finally {
    initial.menu = was;
  }
}

describe('the fault menu on a pan', () => {
  afterEach(() => {
    read.length = 0;
  });

  it('does not render a closed menu again: it reads nothing a pan changes', () => {
    expect(render(null)).toBe('');
    expect(panSensitive()).toEqual([]);
  });

  it('follows the canvas while open', () => {
    expect(render({ x: 100, y: 100, target: null })).toContain('Inject fault');
    expect(panSensitive().length).toBeGreaterThan(0);
  });
});
