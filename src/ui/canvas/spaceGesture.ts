/**
 * Space does two things, as in drawing tools: a tap runs or pauses the simulation, and
 * holding it while dragging pans the canvas, from anywhere on it, nodes included.
 *
 * A press turns into a pan as soon as the pointer goes down on the canvas while Space is
 * held; the release of a press that did not pan toggles the run if it came within TAP_MS
 * (a long hold that ends without a drag does nothing). React Flow's own Space-to-pan is
 * off because it swallows every Space keydown, taps included.
 */
import { getInstance } from './viewport';

/** Longest Space press that still counts as a tap. */
export const TAP_MS = 500;
/** On <body> while Space is held: the canvas shows a grab cursor. */
const HELD_CLASS = 'sw-space-held';
/** On <body> while a Space-drag pans. */
const PANNING_CLASS = 'sw-space-panning';

interface Drag {
  pointerId: number;
  startX: number;
  startY: number;
  x: number;
  y: number;
  zoom: number;
}

let heldSince: number | null = null;
let panned = false;
let drag: Drag | null = null;
/** The click that follows a pan's pointerup would select whatever is under the pointer. */
let swallowClick = false;

/** Space went down (the caller has ruled out text fields and focused controls). */
export function spaceDown(repeat: boolean): void {
  if (repeat || heldSince !== null) return;
  heldSince = performance.now();
  panned = false;
  document.body.classList.add(HELD_CLASS);
}

/** Space came up: a tap when it neither panned nor lasted; returns whether it was one. */
export function spaceUp(): boolean {
  if (heldSince === null) return false;
  const tap = !panned && performance.now() - heldSince < TAP_MS;
  release();
  return tap;
}

function release(): void {
  heldSince = null;
  drag = null;
  document.body.classList.remove(HELD_CLASS, PANNING_CLASS);
}

function onPointerDown(e: PointerEvent): void {
  swallowClick = false;
  if (heldSince === null || e.button !== 0) return;
  if (!(e.target instanceof Element) || !e.target.closest('.react-flow')) return;
  const rf = getInstance();
  if (!rf) return;
  // Ours alone: no node drag, no selection box, no React Flow pan underneath.
  e.preventDefault();
  e.stopPropagation();
  const v = rf.getViewport();
  drag = { pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, x: v.x, y: v.y, zoom: v.zoom };
  panned = true;
  document.body.classList.add(PANNING_CLASS);
}

function onPointerMove(e: PointerEvent): void {
  if (drag === null || e.pointerId !== drag.pointerId) return;
  e.preventDefault();
  e.stopPropagation();
  getInstance()?.setViewport({
    x: drag.x + e.clientX - drag.startX,
    y: drag.y + e.clientY - drag.startY,
    zoom: drag.zoom,
  });
}

function onPointerUp(e: PointerEvent): void {
  if (drag === null || e.pointerId !== drag.pointerId) return;
  e.preventDefault();
  e.stopPropagation();
  drag = null;
  swallowClick = true;
  document.body.classList.remove(PANNING_CLASS);
}

function onClick(e: MouseEvent): void {
  if (!swallowClick) return;
  swallowClick = false;
  e.preventDefault();
  e.stopPropagation();
}

/** Listens in the capture phase so the gesture is seen before React Flow's handlers. */
export function installSpaceGesture(): () => void {
  window.addEventListener('pointerdown', onPointerDown, true);
  window.addEventListener('pointermove', onPointerMove, true);
  window.addEventListener('pointerup', onPointerUp, true);
  window.addEventListener('click', onClick, true);
  window.addEventListener('blur', release);
  return () => {
    window.removeEventListener('pointerdown', onPointerDown, true);
    window.removeEventListener('pointermove', onPointerMove, true);
    window.removeEventListener('pointerup', onPointerUp, true);
    window.removeEventListener('click', onClick, true);
    window.removeEventListener('blur', release);
    release();
  };
}
