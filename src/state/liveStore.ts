/**
 * The run store's frame, thinned for the canvas widgets (utilization rings, queue bars,
 * edge widths): each widget follows the run at most 10 times a second, numbers a person
 * can read, a third of the React work of following every 30 Hz frame. Status and run
 * changes pass at once.
 *
 * The widgets are split in two halves (by node and edge index) that refresh alternately,
 * 50 ms apart: redrawing every widget of a 50-node design in one animation frame (React,
 * then layout and paint of each widget) took longer than a 60 Hz frame on a slow machine.
 */
import { create } from 'zustand';
import type { Frame, SessionInfo } from '../worker/api';
import { useRunStore, type RunStatus } from './runStore';

export interface LiveState {
  /** The latest frame published to the widgets (the clock, the achieved speed). */
  frame: Frame | null;
  /** The frame each half of the widgets shows: index % 2 picks the slot. */
  slots: readonly [Frame | null, Frame | null];
  info: SessionInfo | null;
  status: RunStatus;
}

/** How often one widget follows the run. */
export const LIVE_INTERVAL_MS = 100;
/** Between refreshes of the two halves. */
const HALF_MS = LIVE_INTERVAL_MS / 2;

const first = useRunStore.getState();
export const useLiveStore = create<LiveState>()(() => ({
  frame: first.frame,
  slots: [first.frame, first.frame],
  info: first.info,
  status: first.status,
}));

/** The frame a widget with this node or edge index shows. */
export function slotFrame(s: LiveState, index: number): Frame | null {
  return s.slots[index & 1];
}

let timer: ReturnType<typeof setTimeout> | null = null;
let last = 0;
let next: 0 | 1 = 0;
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function flush(both: boolean) {
  timer = null;
  last = now();
  const s = useRunStore.getState();
  const prev = useLiveStore.getState().slots;
  const slots: LiveState['slots'] = both
    ? [s.frame, s.frame]
    : next === 0
      ? [s.frame, prev[1]]
      : [prev[0], s.frame];
  next = next === 0 ? 1 : 0;
  useLiveStore.setState({ frame: s.frame, slots, info: s.info, status: s.status });
  // The other half catches up even if no new frame comes (a step while paused).
  if (slots[0] !== slots[1]) timer = setTimeout(() => flush(false), HALF_MS);
}

useRunStore.subscribe((s, prev) => {
  if (s.status !== prev.status || s.info !== prev.info || (s.frame === null) !== (prev.frame === null)) {
    if (timer) clearTimeout(timer);
    flush(true);
    return;
  }
  if (s.frame === prev.frame || timer) return;
  timer = setTimeout(() => flush(false), Math.max(0, HALF_MS - (now() - last)));
});
