/**
 * The run store's frame, thinned to at most 10 updates a second for the canvas widgets
 * (utilization rings, queue bars, edge widths): numbers a person can read, a third of the
 * React work of following every 30 Hz frame. Status and run changes pass at once.
 */
import { create } from 'zustand';
import type { Frame, SessionInfo } from '../worker/api';
import { useRunStore, type RunStatus } from './runStore';

export interface LiveState {
  frame: Frame | null;
  info: SessionInfo | null;
  status: RunStatus;
}

export const LIVE_INTERVAL_MS = 100;

export const useLiveStore = create<LiveState>()(() => ({
  frame: useRunStore.getState().frame,
  info: useRunStore.getState().info,
  status: useRunStore.getState().status,
}));

let timer: ReturnType<typeof setTimeout> | null = null;
let last = 0;
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function flush() {
  timer = null;
  last = now();
  const s = useRunStore.getState();
  useLiveStore.setState({ frame: s.frame, info: s.info, status: s.status });
}

useRunStore.subscribe((s, prev) => {
  if (s.status !== prev.status || s.info !== prev.info || (s.frame === null) !== (prev.frame === null)) {
    if (timer) clearTimeout(timer);
    flush();
    return;
  }
  if (s.frame === prev.frame || timer) return;
  timer = setTimeout(flush, Math.max(0, LIVE_INTERVAL_MS - (now() - last)));
});
