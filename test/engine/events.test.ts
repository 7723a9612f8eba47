/**
 * The future-event list (src/sim/events.ts): pops in time order, ties first-in first-out,
 * against a reference model (a stable sort), through growth and interleaved push/pop.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/events';

interface Ev {
  t: number;
  kind: number;
  a: number;
  b: number;
  c: number;
}

function popAll(q: EventQueue): Ev[] {
  const out: Ev[] = [];
  while (q.pop()) out.push({ t: q.t, kind: q.kind, a: q.a, b: q.b, c: q.c });
  return out;
}

/**
 * Pops one event and checks it is the model's first (time and id in `a`); returns the
 * clock after the pop (unchanged when both are empty).
 */
function popAsModel(q: EventQueue, model: { t: number; id: number }[], now: number): number {
  const want = model.shift();
  expect(q.pop()).toBe(want !== undefined);
  if (!want) return now;
  expect([q.t, q.a]).toEqual([want.t, want.id]);
  return q.t;
}

describe('EventQueue', () => {
  it('pops in time order with FIFO among equal times, and grows past its initial capacity', () => {
    const q = new EventQueue(2);
    const times = [5, 1, 3, 1, 5, 0, 3, 1, 2, 5];
    times.forEach((t, i) => q.push(t, 1 + (i % 7), i, -i, i * 3));
    expect(q.size).toBe(times.length);
    expect(q.capacity).toBeGreaterThanOrEqual(times.length);
    expect(q.peekTime()).toBe(0);
    const got = popAll(q);
    // Stable sort by time of the insertion order is exactly the expected order.
    const want = times.map((t, i) => ({ t, i })).sort((x, y) => x.t - y.t);
    expect(got.map((e) => e.a)).toEqual(want.map((w) => w.i));
    got.forEach((e) => {
      expect(e.b + e.a).toBe(0);
      expect(e.c).toBe(e.a * 3);
      expect(e.kind).toBe(1 + (e.a % 7));
    });
    expect(q.size).toBe(0);
    expect(q.pop()).toBe(false);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('property: any sequence of pushes pops as a stable sort by time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 500 }),
        fc.integer({ min: 1, max: 64 }),
        (ts, cap) => {
          const q = new EventQueue(cap);
          ts.forEach((t, i) => q.push(t / 4, 1, i, 0, 0));
          const got = popAll(q).map((e) => e.a);
          const want = ts
            .map((t, i) => ({ t, i }))
            .sort((x, y) => x.t - y.t)
            .map((x) => x.i);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('property: interleaved pushes and pops behave like a sorted list with FIFO ties', () => {
    // A discrete-event simulation never schedules into the past: pushes are at or after the last pop.
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 8 }) }),
      fc.constant({ pop: true as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const q = new EventQueue(4);
        const model: { t: number; id: number }[] = [];
        let now = 0,
          id = 0;
        for (const o of ops) {
          if ('push' in o) {
            const t = now + o.push;
            q.push(t, 2, id, id, id);
            // insert after every model entry with time <= t (FIFO among ties)
            let k = model.length;
            while (k > 0 && model[k - 1].t > t) k--;
            model.splice(k, 0, { t, id });
            id++;
          } else now = popAsModel(q, model, now);
          expect(q.size).toBe(model.length);
          expect(q.peekTime()).toBe(model.length ? model[0].t : Infinity);
        }
      }),
      { numRuns: 200, seed: 12 },
    );
  });

  it('property: lanes (constant-delay FIFOs) pop in exactly the same order as the heap alone', () => {
    // Pushes through lanes, with delays that sometimes fit the lane and sometimes do not
    // (a fault or a departure delay): those must fall back to the heap, and the merged
    // order must still be (time, insertion) order.
    const op = fc.oneof(
      fc.record({ lane: fc.integer({ min: 0, max: 8 }), jitter: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ push: fc.integer({ min: 0, max: 8 }) }),
      fc.constant({ pop: true as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), fc.integer({ min: 1, max: 16 }), (ops, cap) => {
        const q = new EventQueue(cap);
        // Delays 1..9 ask for 9 lanes: more than the queue has, so some laneFor calls get -1.
        const lanes = Array.from({ length: 9 }, (_, k) => q.laneFor(k + 1));
        const model: { t: number; id: number }[] = [];
        let now = 0,
          id = 0;
        for (const o of ops) {
          if ('pop' in o) now = popAsModel(q, model, now);
          else {
            const t = 'push' in o ? now + o.push : now + Math.max(0, o.lane + 1 + o.jitter / 2);
            if ('push' in o) q.push(t, 2, id, id, id);
            else q.pushLane(lanes[o.lane], t, 2, id, id, id);
            let k = model.length;
            while (k > 0 && model[k - 1].t > t) k--;
            model.splice(k, 0, { t, id });
            id++;
          }
          expect(q.size).toBe(model.length);
          expect(q.peekTime()).toBe(model.length ? model[0].t : Infinity);
        }
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('property: pushFirst goes ahead of every push and pushLane due at its time, FIFO among its own', () => {
    // The engine's bucket boundaries: a bucket closes before anything else happens at its end.
    const op = fc.oneof(
      fc.record({ lane: fc.integer({ min: 0, max: 3 }), jitter: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ push: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ first: fc.integer({ min: 0, max: 4 }) }),
      fc.constant({ pop: true as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), fc.integer({ min: 1, max: 16 }), (ops, cap) => {
        const q = new EventQueue(cap);
        const lanes = Array.from({ length: 4 }, (_, k) => q.laneFor(k + 1));
        const model: { t: number; id: number; first: boolean }[] = [];
        let now = 0,
          id = 0;
        for (const o of ops) {
          if ('pop' in o) {
            now = popAsModel(q, model, now);
            continue;
          }
          const first = 'first' in o;
          const t =
            'first' in o
              ? now + o.first
              : 'push' in o
                ? now + o.push
                : now + Math.max(0, o.lane + 1 + o.jitter / 2);
          if ('first' in o) q.pushFirst(t, 2, id, id, id);
          else if ('push' in o) q.push(t, 2, id, id, id);
          else q.pushLane(lanes[o.lane], t, 2, id, id, id);
          let k = model.length;
          while (k > 0 && (model[k - 1].t > t || (first && model[k - 1].t === t && !model[k - 1].first))) k--;
          model.splice(k, 0, { t, id, first });
          id++;
          expect(q.size).toBe(model.length);
        }
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it('gives one lane per delay, none for a zero or non-finite delay, and none past its limit', () => {
    const q = new EventQueue();
    expect(q.laneFor(0)).toBe(-1);
    expect(q.laneFor(-1)).toBe(-1);
    expect(q.laneFor(NaN)).toBe(-1);
    expect(q.laneFor(Infinity)).toBe(-1);
    const a = q.laneFor(0.5);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(q.laneFor(0.5)).toBe(a);
    const more = Array.from({ length: 20 }, (_, k) => q.laneFor(1 + k));
    expect(more.filter((l) => l < 0).length).toBeGreaterThan(0);
    expect(new Set(more.filter((l) => l >= 0)).size).toBe(more.filter((l) => l >= 0).length);
  });

  it('reuses a lane nobody holds once it is empty, and never one still in use or still holding events', () => {
    const q = new EventQueue();
    const lanes = [1, 2, 3, 4, 5, 6].map((d) => q.laneFor(d));
    expect(new Set(lanes).size).toBe(6);
    expect(q.laneFor(7)).toBe(-1); // all six held
    // Delay 2 is held twice; letting go once keeps it.
    expect(q.laneFor(2)).toBe(lanes[1]);
    q.releaseLane(lanes[1]);
    expect(q.laneFor(7)).toBe(-1);
    // Delay 3 let go, but an event still waits in its lane: not reusable until it has popped.
    q.pushLane(lanes[2], 3, 1, 42, 0, 0);
    q.releaseLane(lanes[2]);
    q.releaseLane(-1); // no lane: nothing happens
    expect(q.laneFor(7)).toBe(-1);
    q.push(2.5, 1, 41, 0, 0);
    expect(q.pop() && q.a).toBe(41);
    expect(q.pop() && q.a).toBe(42);
    const reused = q.laneFor(7);
    expect(reused).toBe(lanes[2]);
    // The reused lane serves its new delay in order, interleaved correctly with the heap.
    q.pushLane(reused, 10, 1, 1, 0, 0); // after the pops, time is 3: 3 + 7
    q.push(9, 1, 2, 0, 0);
    q.pushLane(reused, 10, 1, 3, 0, 0);
    q.push(10, 1, 4, 0, 0);
    const order: number[] = [];
    while (q.pop()) order.push(q.a);
    expect(order).toEqual([2, 1, 3, 4]);
  });

  it('grows a lane past its initial size and keeps its order', () => {
    const q = new EventQueue(4);
    const lane = q.laneFor(1);
    for (let i = 0; i < 3000; i++) q.pushLane(lane, 1 + i / 1000, 1, i, 0, 0);
    q.push(1.5, 1, -1, 0, 0);
    const got = popAll(q).map((e) => e.a);
    expect(got.length).toBe(3001);
    // The heap event at 1.5 was pushed after the lane's event at 1.5: it comes after it.
    expect(got.indexOf(-1)).toBe(501);
    expect(got.filter((a) => a >= 0)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });

  it('keeps every lane in order while lanes are added and grown with events waiting', () => {
    const q = new EventQueue(4);
    const first = q.laneFor(2);
    // Pop part of it so that the ring has wrapped when the next lane arrives.
    for (let i = 0; i < 200; i++) q.pushLane(first, 2 + i / 100, 1, i, 0, 0);
    for (let i = 0; i < 150; i++) q.pop();
    for (let i = 200; i < 300; i++) q.pushLane(first, 2 + i / 100, 1, i, 0, 0);
    const second = q.laneFor(3);
    // The second lane outgrows the shared ring size, so both are laid out again.
    for (let i = 0; i < 700; i++) q.pushLane(second, 3.5 + i / 1000, 1, 10_000 + i, 0, 0);
    const popped = popAll(q);
    const got = popped.map((e) => e.a);
    expect(got.length).toBe(150 + 700);
    for (let k = 1; k < popped.length; k++) expect(popped[k].t).toBeGreaterThanOrEqual(popped[k - 1].t);
    expect(got.filter((a) => a < 10_000)).toEqual(Array.from({ length: 150 }, (_, i) => 150 + i));
    expect(got.filter((a) => a >= 10_000)).toEqual(Array.from({ length: 700 }, (_, i) => 10_000 + i));
    // A tie at 3.5: the first lane's event was pushed earlier, so it pops first.
    expect(got.slice(0, 2)).toEqual([150, 10_000]);
  });

  it('keeps FIFO among thousands of events at one instant (deterministic tie-break)', () => {
    const q = new EventQueue(8);
    for (let i = 0; i < 5000; i++) q.push(i % 2 === 0 ? 10 : 10.5, 1, i, 0, 0);
    const got = popAll(q).map((e) => e.a);
    const evens = Array.from({ length: 2500 }, (_, k) => 2 * k);
    const odds = Array.from({ length: 2500 }, (_, k) => 2 * k + 1);
    expect(got).toEqual([...evens, ...odds]);
  });

  it('clear empties it', () => {
    const q = new EventQueue();
    q.push(1, 1, 1, 1, 1);
    q.pushLane(q.laneFor(2), 2, 1, 1, 1, 1);
    q.clear();
    expect(q.size).toBe(0);
    expect(q.pop()).toBe(false);
  });
});
