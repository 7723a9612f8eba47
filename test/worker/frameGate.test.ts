import { describe, expect, it } from 'vitest';
import { FrameGate } from '../../src/worker/frameGate';

/** A receiver that takes frames only when the test says so. */
function receiver() {
  const got: number[] = [];
  const takes: Array<() => void> = [];
  return {
    got,
    send: (f: number) => {
      got.push(f);
      return new Promise<void>((r) => takes.push(r));
    },
    take: async () => {
      takes.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('frame gate', () => {
  it('keeps one frame in flight and sends the latest state once it is taken', async () => {
    let state = 0;
    const rx = receiver();
    const gate = new FrameGate(() => state, rx.send);
    state = 1;
    gate.post();
    expect(rx.got).toEqual([1]);
    // Asked for twice while the first is in flight (e.g. the run finished meanwhile): one
    // more frame, with the state at the time it goes out.
    state = 2;
    gate.post();
    state = 3;
    gate.post();
    expect(rx.got).toEqual([1]);
    await rx.take();
    expect(rx.got).toEqual([1, 3]);
    await rx.take();
    expect(rx.got).toEqual([1, 3]);
    expect(gate.inFlight).toBe(false);
  });

  it('recovers when a send fails', async () => {
    const gate = new FrameGate(
      () => 0,
      () => Promise.reject(new Error('port closed')),
    );
    gate.post();
    await new Promise((r) => setTimeout(r, 0));
    expect(gate.inFlight).toBe(false);
  });
});
