/** IntRing against an array model: FIFO order of whole records across wraps and growth. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntRing } from '../../src/sim/intRing';

describe('IntRing', () => {
  for (const width of [1, 2, 3] as const) {
    it(`keeps records of width ${width} first in, first out, however pushes and shifts interleave`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.constant(null)), { maxLength: 400 }),
          (ops) => {
            const ring = new IntRing(width, 4);
            const model: number[][] = [];
            for (const op of ops) {
              if (op === null) {
                if (model.length === 0) continue;
                const want = model.shift()!;
                for (let k = 0; k < width; k++) expect(ring.first(k)).toBe(want[k]);
                ring.shift();
              } else {
                const rec = [op, op ^ 0x5555, -op | 0];
                ring.push(rec[0], rec[1], rec[2]);
                model.push(rec.slice(0, width));
              }
              expect(ring.length).toBe(model.length);
            }
            while (model.length) {
              expect(ring.first(width - 1)).toBe(model.shift()![width - 1]);
              ring.shift();
            }
          },
        ),
      );
    });
  }
});
