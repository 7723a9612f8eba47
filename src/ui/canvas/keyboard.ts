/**
 * The canvas from the keyboard: Tab reaches the nodes (in the design's order, as they are
 * drawn), then the edges; Enter on one opens it in the inspector with the focus on its
 * form's first field; Escape in that form brings the focus back to it (focusOnCanvas).
 *
 * React Flow draws the edges' SVG before the nodes, so the document's order reached every
 * edge before any node. The edges are taken out of it (tabIndex -1: Canvas.tsx's
 * defaultEdgeOptions) and Tab moves to and between them here: from the last node to the
 * first edge, from the last edge on to what follows the canvas, and back the same way.
 */
import { useEffect, type RefObject } from 'react';

type Focusable = Element & HTMLOrSVGElement;

const NODE = 'react-flow__node';

/** The canvas's stops, in Tab order: its focusable nodes, then its focusable edges. */
function stops(root: ParentNode): Focusable[] {
  return [
    ...root.querySelectorAll<HTMLElement>(`.${NODE}[tabindex]`),
    ...root.querySelectorAll<SVGElement>('.react-flow__edge[tabindex]'),
  ];
}

const lastNode = (list: Focusable[]) => list.findLast((el) => el.classList.contains(NODE));

/**
 * Tab or Shift+Tab pressed on a node or an edge: moves to the next (previous) stop and
 * returns true (the caller prevents the browser's move). At the ends it leaves the move to
 * the browser: before the first node comes what precedes the canvas; after the last edge,
 * what follows the last node, which gets the focus first for that.
 */
export function tabWithin(root: ParentNode, target: EventTarget | null, back: boolean): boolean {
  const list = stops(root);
  const i = list.indexOf(target as Focusable);
  if (i < 0) return false;
  const next = list[back ? i - 1 : i + 1];
  if (next) {
    next.focus({ preventScroll: true });
    return true;
  }
  if (!back) {
    const last = lastNode(list);
    if (last && last !== target) last.focus({ preventScroll: true });
  }
  return false;
}

/** Shift+Tab is being pressed (its focus move comes right after the keydown). */
let backTab = false;
function onWindowKeyDown(e: KeyboardEvent) {
  if (e.key !== 'Tab') return;
  backTab = e.shiftKey;
  if (backTab) setTimeout(() => (backTab = false), 0);
}

/**
 * Shift+Tab from what follows the canvas lands, in the document's order, on the last
 * node: the last edge comes after it, so go there.
 */
function onFocusIn(root: HTMLElement, e: FocusEvent) {
  if (!backTab) return;
  const t = e.target;
  const list = stops(root);
  if (!(t instanceof Element) || t !== lastNode(list)) return;
  const from = e.relatedTarget;
  if (from instanceof Node) {
    if (t.contains(from) || list.includes(from as Focusable)) return;
    if (!(t.compareDocumentPosition(from) & Node.DOCUMENT_POSITION_FOLLOWING)) return;
  }
  const edge = list.at(-1);
  if (edge && edge !== t) edge.focus({ preventScroll: true });
}

/** Keeps Shift+Tab into the canvas (from after it) on the edges' side: see onFocusIn. */
export function useCanvasTabOrder(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const focusIn = (e: FocusEvent) => onFocusIn(root, e);
    window.addEventListener('keydown', onWindowKeyDown, true);
    root.addEventListener('focusin', focusIn);
    return () => {
      window.removeEventListener('keydown', onWindowKeyDown, true);
      root.removeEventListener('focusin', focusIn);
    };
  }, [ref]);
}

const FIELDS = 'input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';

/**
 * Moves the focus from `from` (the node or edge Enter opened) to the first field of the
 * inspector's form for it, once drawn (the selection renders it). Nothing when the panel
 * is hidden, or when the focus went elsewhere meanwhile.
 */
export function focusInspectorField(t: { type: 'node' | 'edge'; id: string }, from: Element, frames = 10) {
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (active !== from && active !== document.body && active !== null) return;
    const form = document.querySelector(`.sw-inspector[data-${t.type}="${CSS.escape(t.id)}"]`);
    const field = form
      ? [...form.querySelectorAll<HTMLElement>(FIELDS)].find((el) => el.getClientRects().length > 0)
      : undefined;
    if (field) field.focus();
    else if (frames > 0) focusInspectorField(t, from, frames - 1);
  });
}
