import { describe, expect, it } from 'vitest';
import { headlineText, KINDS, kindSpec } from '../../src/model';
import { runDesign } from '../../src/sim/run';

describe('live headline figures', () => {
  it('are declared in the catalog and printed from it', () => {
    expect(headlineText(kindSpec('cache'), 0.934)).toBe('hit 93%');
    expect(headlineText(kindSpec('queue'), 12000)).toBe('depth 12k');
    // Counts in the one compact format, as on the cards: not "depth 2348".
    expect(headlineText(kindSpec('queue'), 2348)).toBe('depth 2.3k');
    expect(headlineText(kindSpec('queue'), 12_345)).toBe('depth 12k');
    expect(headlineText(kindSpec('queue'), 3000)).toBe('depth 3k');
    expect(headlineText(kindSpec('queue'), 999_600)).toBe('depth 1M');
    expect(headlineText(kindSpec('queue'), 1_500_000)).toBe('depth 1.5M');
    expect(headlineText(kindSpec('service'), 0.5)).toBeNull(); // no headline declared
    expect(headlineText(kindSpec('cache'), NaN)).toBeNull();
  });

  it('every kind that declares a headline reports one from its behaviour', () => {
    const d = {
      schemaVersion: 1,
      nodes: [
        {
          id: 'c',
          kind: 'client',
          params: { rps: 500, readRatio: 1, keys: { count: 1000, distribution: 'zipf' } },
        },
        { id: 'cache', kind: 'cache', params: { capacity: 100 } },
        { id: 'db', kind: 'database' },
      ],
      edges: [
        { id: 'e1', source: 'c', target: 'cache' },
        { id: 'e2', source: 'cache', target: 'db' },
      ],
      scenario: { durationS: 10 },
    };
    const r = runDesign(d);
    if (!r.ok) throw new Error('invalid');
    const cache = r.engine.nodes[1];
    const h = cache.headline();
    expect(h).toBeGreaterThan(0.2);
    expect(h).toBeLessThan(1);
    // The headline is the last bucket's hit ratio.
    const s = r.engine.stats[1].series;
    expect(h).toBeCloseTo(s.column('hitRatio')[s.rows - 1], 5);
    const declared = Object.values(KINDS).filter((k) => 'headline' in k && k.headline);
    expect(declared.map((k) => k.kind).sort()).toEqual(['cache', 'cdn', 'queue']);
  });
});
