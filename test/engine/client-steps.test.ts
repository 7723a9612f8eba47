/**
 * The client's 'steps' profile looks its rate up in the steps sorted once (sortSteps,
 * stepRate): it must give exactly what the scan of the list as given gave, whatever the
 * list order, for steps at the same time too (the one listed last holds).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortSteps, stepRate } from '../../src/sim/steps';

type Step = { atS: number; rps: number };

/** The rule as it was: the latest step reached, of equal ones the last in list order. */
function scanRate(steps: readonly Step[], s: number, base: number): number {
  let r = base,
    since = -Infinity;
  for (const st of steps)
    if (s >= st.atS && st.atS >= since) {
      r = st.rps;
      since = st.atS;
    }
  return r;
}

// Times from a few values (so steps share a time and lookups land on one) or any in range.
const time = fc.oneof(
  fc.constantFrom(0, 1, 2.5, 10, 10.000000000000002),
  fc.double({ min: 0, max: 1e7, noNaN: true }),
);
const steps = fc.array(fc.record({ atS: time, rps: fc.double({ min: 0, max: 1e6, noNaN: true }) }), {
  maxLength: 12,
});

describe('client steps profile lookup', () => {
  it('gives what the scan of the unsorted list gives, at any time', () => {
    fc.assert(
      fc.property(
        steps,
        fc.array(fc.oneof(time, fc.double({ min: -10, max: 2e7, noNaN: true })), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (list, times, base) => {
          const sorted = sortSteps(list);
          // At, just before and just after every step's own time as well.
          const at = [...times, ...list.flatMap((st) => [st.atS, st.atS - 1e-9, st.atS + 1e-9])];
          for (const s of at) expect(stepRate(sorted, s, base)).toBe(scanRate(list, s, base));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('of steps at the same time, the one listed last holds', () => {
    const list = [
      { atS: 5, rps: 1 },
      { atS: 2, rps: 2 },
      { atS: 5, rps: 3 },
      { atS: 2, rps: 4 },
    ];
    const sorted = sortSteps(list);
    expect([1, 2, 3, 5, 9].map((s) => stepRate(sorted, s, 100))).toEqual([100, 4, 4, 3, 3]);
    expect([1, 2, 3, 5, 9].map((s) => scanRate(list, s, 100))).toEqual([100, 4, 4, 3, 3]);
  });
});
