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
          } else {
            const want = model.shift();
            expect(q.pop()).toBe(want !== undefined);
            if (want) {
              expect([q.t, q.a]).toEqual([want.t, want.id]);
              now = q.t;
            }
          }
          expect(q.size).toBe(model.length);
          expect(q.peekTime()).toBe(model.length ? model[0].t : Infinity);
        }
      }),
      { numRuns: 200, seed: 12 },
    );
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
    q.clear();
    expect(q.size).toBe(0);
    expect(q.pop()).toBe(false);
  });
});
