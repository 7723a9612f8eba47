/**
 * pickWeighted: the one rule for splitting by edge weight (client, gateway, weighted load
 * balancing, weighted DNS, and the queue's round-robin): shares by weight, weight 0 a
 * backup tier taken evenly when no candidate has a positive weight.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/sim/random';
import { pickWeighted } from '../../src/sim/weighted';
import { run } from '../theory/helpers';

const counts = (weights: number[], draws: number, seed = 1) => {
  const rng = new Rng(seed, 'split');
  const w = Float64Array.from(weights);
  const n = weights.map(() => 0);
  for (let k = 0; k < draws; k++) {
    const i = pickWeighted(rng, w, w.length);
    expect(i).toBeGreaterThanOrEqual(0);
    n[i]++;
  }
  return n;
};

describe('pickWeighted', () => {
  it('splits by weight, never to a weight-0 or non-candidate while a positive weight is there', () => {
    const n = counts([3, 0, 1, -1], 40_000);
    expect(n[1]).toBe(0);
    expect(n[3]).toBe(0);
    expect(Math.abs(n[0] / 40_000 - 0.75)).toBeLessThan(0.01);
  });

  it('weight-0 candidates share evenly when no candidate has a positive weight', () => {
    const n = counts([0, -1, 0, 0], 30_000);
    expect(n[1]).toBe(0);
    for (const i of [0, 2, 3]) expect(Math.abs(n[i] / 30_000 - 1 / 3)).toBeLessThan(0.015);
  });

  it('returns -1 with no candidate, and draws nothing when there is no choice', () => {
    const rng = new Rng(5, 'split');
    const before = new Rng(5, 'split').next();
    expect(pickWeighted(rng, Float64Array.from([-1, -1]), 2)).toBe(-1);
    expect(pickWeighted(rng, Float64Array.from([0]), 1)).toBe(0);
    expect(pickWeighted(rng, Float64Array.from([-1, 2, 0]), 3)).toBe(1);
    expect(rng.next()).toBe(before); // the stream is where it started
  });

  it('property: the pick is always a candidate, and a positive one whenever one exists', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.constant(-1), fc.constant(0), fc.double({ min: 0.001, max: 100, noNaN: true })),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.integer({ min: 1, max: 1000 }),
        (weights, seed) => {
          const rng = new Rng(seed, 'p');
          const i = pickWeighted(rng, Float64Array.from(weights), weights.length);
          if (weights.every((w) => w < 0)) return i === -1;
          if (i < 0 || weights[i] < 0) return false;
          return weights.some((w) => w > 0) ? weights[i] > 0 : weights[i] === 0;
        },
      ),
      { numRuns: 500, seed: 21 },
    );
  });
});

describe('a lone weight-0 edge still carries traffic', () => {
  // It was "no route" at a gateway (every request an error), while DNS took it as a backup.
  for (const kind of ['client', 'gateway', 'loadbalancer']) {
    it(kind, () => {
      const viaProxy = kind !== 'client';
      const d = {
        schemaVersion: 1,
        nodes: [
          { id: 'c', kind: 'client', params: { rps: 50 } },
          ...(viaProxy
            ? [{ id: 'x', kind, params: kind === 'loadbalancer' ? { algorithm: 'weighted' } : {} }]
            : []),
          { id: 's', kind: 'service', params: { serviceTimeMs: 5 } },
        ],
        edges: viaProxy
          ? [
              { id: 'in', source: 'c', target: 'x' },
              { id: 'w0', source: 'x', target: 's', params: { weight: 0 } },
            ]
          : [{ id: 'w0', source: 'c', target: 's', params: { weight: 0 } }],
        scenario: { durationS: 20, warmupS: 0, seed: 2 },
      };
      const { summary } = run(d);
      expect(summary.clients.c.errorRatio).toBe(0);
      expect(summary.nodes.s.arrivals).toBe(summary.clients.c.requests);
    });
  }
});
