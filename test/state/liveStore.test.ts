import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_INTERVAL_MS, slotFrame, useLiveStore } from '../../src/state/liveStore';
import { useRunStore } from '../../src/state/runStore';
import type { Frame } from '../../src/worker/api';

const frame = (simMs: number) => ({ simMs }) as unknown as Frame;
const slots = () => useLiveStore.getState().slots.map((f) => f?.simMs ?? null);

describe('live store (canvas widgets)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('follows frames at most every 100 ms per widget, and status changes at once', () => {
    useRunStore.setState({ status: 'running', frame: frame(0) });
    expect(useLiveStore.getState().status).toBe('running');
    expect(useLiveStore.getState().frame?.simMs).toBe(0);
    expect(slots()).toEqual([0, 0]);
    for (let i = 1; i <= 5; i++) useRunStore.setState({ frame: frame(i * 33) });
    expect(useLiveStore.getState().frame?.simMs).toBe(0);
    // Half the widgets take the newest frame after 50 ms, the other half 50 ms later.
    vi.advanceTimersByTime(LIVE_INTERVAL_MS / 2);
    expect(useLiveStore.getState().frame?.simMs).toBe(165);
    const [a, b] = slots();
    expect([a, b].sort()).toEqual([0, 165]);
    useRunStore.setState({ frame: frame(180) });
    vi.advanceTimersByTime(LIVE_INTERVAL_MS / 2);
    expect(slots().sort()).toEqual([165, 180]);
    // Each half is never more than one interval behind.
    for (let t = 200; t < 1000; t += 33) {
      useRunStore.setState({ frame: frame(t) });
      vi.advanceTimersByTime(33);
      for (const s of slots()) expect(t - (s ?? -1e9)).toBeLessThanOrEqual(LIVE_INTERVAL_MS + 33);
    }
    expect(slotFrame(useLiveStore.getState(), 0)).toBe(useLiveStore.getState().slots[0]);
    expect(slotFrame(useLiveStore.getState(), 7)).toBe(useLiveStore.getState().slots[1]);
    // A lone frame (a step while paused) reaches both halves.
    useRunStore.setState({ frame: frame(1500) });
    vi.advanceTimersByTime(LIVE_INTERVAL_MS);
    expect(slots()).toEqual([1500, 1500]);
    vi.advanceTimersByTime(LIVE_INTERVAL_MS * 3);
    expect(vi.getTimerCount()).toBe(0); // and then it stops
    useRunStore.setState({ frame: frame(2000), status: 'paused' });
    expect(useLiveStore.getState()).toMatchObject({ status: 'paused', frame: { simMs: 2000 } });
    expect(slots()).toEqual([2000, 2000]);
    useRunStore.setState({ frame: null, status: 'idle' });
    expect(useLiveStore.getState().frame).toBeNull();
    expect(slots()).toEqual([null, null]);
  });
});
