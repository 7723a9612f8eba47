/**
 * Consistent hashing (src/sim/hashring.ts): each key maps to one member, the spread is
 * even, and removing a member moves only its keys (about 1/n of them), to the survivors
 * the ring already had next in line. The engine-level check (keys land where the ring
 * says) is in test/theory/loadbalancing.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { HashRing } from '../../src/sim/hashring';

const KEYS = 100_000;
const all = () => true;
const members = (n: number) => Array.from({ length: n }, (_, i) => `lb-backend-${i}`);

/** Maps every key to a member name. */
function assign(names: readonly string[], vnodes = 100, eligible: (m: number) => boolean = all): string[] {
  const ring = new HashRing(names, vnodes);
  return Array.from({ length: KEYS }, (_, k) => names[ring.lookup(k, eligible)]);
}

/** A member's share of the keys within this factor of 1/n (100 virtual nodes: spread ~±10%). */
const SPREAD = 0.3;

describe('HashRing', () => {
  for (const n of [3, 5, 10]) {
    it(`${n} members: deterministic, every key to exactly one member, shares within ±${SPREAD * 100}% of 1/n`, () => {
      const names = members(n);
      const a = assign(names);
      expect(assign(names)).toEqual(a);
      const counts = new Map<string, number>();
      for (const m of a) counts.set(m, (counts.get(m) ?? 0) + 1);
      expect(counts.size).toBe(n);
      for (const [, c] of counts) expect(Math.abs(c / KEYS - 1 / n) * n).toBeLessThan(SPREAD);
    });

    it(`${n} members: removing one moves only its keys, about 1/n of them, and nothing else`, () => {
      const names = members(n);
      const before = assign(names);
      const gone = names[1];
      const after = assign(names.filter((m) => m !== gone));
      let moved = 0,
        wrong = 0;
      for (let k = 0; k < KEYS; k++) {
        if (before[k] !== after[k]) {
          moved++;
          if (before[k] !== gone) wrong++; // only keys of the removed member may move
        } else if (before[k] === gone) wrong++; // and all of them must
      }
      expect(wrong).toBe(0);
      const share = moved / KEYS;
      expect(Math.abs(share - 1 / n) * n).toBeLessThan(SPREAD);
      // Skipping the member (what the balancer does for an unhealthy backend) gives exactly
      // the same assignment as rebuilding the ring without it.
      const skipped = assign(names, 100, (m) => m !== 1);
      expect(skipped.every((m, k) => m === after[k])).toBe(true);
    });

    it(`${n} members: adding one moves keys only to the new member, about 1/(n+1) of them`, () => {
      const names = members(n);
      const before = assign(names);
      const after = assign([...names, 'newcomer']);
      let moved = 0,
        wrong = 0;
      for (let k = 0; k < KEYS; k++) {
        if (before[k] !== after[k]) {
          moved++;
          if (after[k] !== 'newcomer') wrong++;
        }
      }
      expect(wrong).toBe(0);
      expect(Math.abs(moved / KEYS - 1 / (n + 1)) * (n + 1)).toBeLessThan(SPREAD);
    });
  }

  it('with no eligible member answers -1; with one, every key goes to it', () => {
    const ring = new HashRing(members(4), 50);
    expect(ring.lookup(123, () => false)).toBe(-1);
    for (let k = 0; k < 1000; k++) expect(ring.lookup(k, (m) => m === 2)).toBe(2);
    expect(new HashRing([], 10).lookup(1, all)).toBe(-1);
  });
});
