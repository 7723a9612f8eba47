import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_INTERVAL_MS, useLiveStore } from '../../src/state/liveStore';
import { useRunStore } from '../../src/state/runStore';
import type { Frame } from '../../src/worker/api';

const frame = (simMs: number) => ({ simMs }) as unknown as Frame;

describe('live store (canvas widgets)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('follows frames at most every 100 ms, and status changes at once', () => {
    useRunStore.setState({ status: 'running', frame: frame(0) });
    expect(useLiveStore.getState().status).toBe('running');
    expect(useLiveStore.getState().frame?.simMs).toBe(0);
    for (let i = 1; i <= 5; i++) useRunStore.setState({ frame: frame(i * 33) });
    expect(useLiveStore.getState().frame?.simMs).toBe(0);
    vi.advanceTimersByTime(LIVE_INTERVAL_MS);
    expect(useLiveStore.getState().frame?.simMs).toBe(165);
    useRunStore.setState({ frame: frame(200), status: 'paused' });
    expect(useLiveStore.getState()).toMatchObject({ status: 'paused', frame: { simMs: 200 } });
    useRunStore.setState({ frame: null, status: 'idle' });
    expect(useLiveStore.getState().frame).toBeNull();
  });
});
