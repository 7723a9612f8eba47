/**
 * A long run's series merge adjacent rows (sim/metrics Series): counts add, levels average
 * by time, and figures over events (a hit ratio, a mean latency) average by the events each
 * row holds, so a merged row says what one wider bucket would have said.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Series } from '../../src/sim/metrics';
import { OUTCOMES } from '../../src/sim/metrics';
import { prepare } from '../../src/sim/run';

describe('Series merges', () => {
  it('a ratio weighted by its counts stays hits / (hits + misses) through pending groups and coarsening', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(50), fc.nat(50), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 9,
          maxLength: 120,
        }),
        (buckets) => {
          const s = new Series(
            [
              ['hits', 'sum'],
              ['misses', 'sum'],
              ['ratio', { by: ['hits', 'misses'] }],
              ['level', 'mean'],
            ],
            8,
          );
          buckets.forEach(([h, m, level], i) => s.push(i, [h, m, h + m > 0 ? h / (h + m) : NaN, level]));
          expect(s.stride).toBeGreaterThan(1);
          const hits = s.column('hits'),
            misses = s.column('misses'),
            ratio = s.column('ratio');
          for (let r = 0; r < s.rows; r++) {
            const looked = hits[r] + misses[r];
            if (looked > 0) expect(ratio[r]).toBeCloseTo(hits[r] / looked, 5);
          }
          // Levels still average by time: a full row of stride buckets is their plain mean.
          const level = s.column('level');
          const first = buckets.slice(0, s.stride).map((b) => b[2]);
          expect(level[0]).toBeCloseTo(first.reduce((a, v) => a + v, 0) / first.length, 5);
        },
      ),
    );
  });

  it('grows its room as rows come (not all up front) and keeps every row through growth and coarsening', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1200 }), fc.constantFrom(100, 128, 4096), (n, maxRows) => {
        const s = new Series(
          [
            ['one', 'sum'],
            ['index', 'sum'],
          ],
          maxRows,
        );
        expect(s.time.length).toBeLessThanOrEqual(64);
        for (let i = 0; i < n; i++) s.push(i, [1, i]);
        expect(s.time.length).toBeLessThanOrEqual(maxRows);
        const one = s.column('one'),
          index = s.column('index');
        for (let r = 0; r < s.rows; r++) {
          const from = r * s.stride;
          expect(s.time[r]).toBe(from);
          expect(one[r]).toBe(s.stride);
          expect(index[r]).toBe(s.stride * from + (s.stride * (s.stride - 1)) / 2);
        }
        // Every bucket is in a row or in the group still filling.
        expect(s.rows * s.stride + (s.unfinished()?.buckets ?? 0)).toBe(n);
      }),
    );
  });

  it('refuses a weight column that is not a count', () => {
    expect(
      () =>
        new Series([
          ['level', 'mean'],
          ['ratio', { by: ['level'] }],
        ]),
    ).toThrow(/count columns/);
  });

  it('a cache over 5,000 buckets (rows merged) charts each merged row as its buckets together say', () => {
    const p = prepare({
      schemaVersion: 1,
      nodes: [
        {
          id: 'users',
          kind: 'client',
          params: { rps: 300, keys: { count: 200, distribution: 'zipf', skew: 1 } },
        },
        { id: 'cache', kind: 'cache', params: { capacity: 20, ttlS: 0.5 } },
        { id: 'db', kind: 'database', params: {} },
      ],
      edges: [
        { id: 'e1', source: 'users', target: 'cache' },
        { id: 'e2', source: 'cache', target: 'db' },
      ],
      scenario: { durationS: 50, warmupS: 0, seed: 1, bucketS: 0.01 },
    });
    if (!p.ok) throw new Error('invalid');
    const e = p.engine;
    const stats = e.stats[e.plan.nodeIndex.get('cache')!];
    const s = stats.series;
    const col = (name: string) => s.columns.indexOf(name);
    // Each raw bucket as it closes: hits, misses, answers and the sum of their latencies.
    const raw: { hits: number; misses: number; answers: number; latencySum: number }[] = [];
    for (let k = 1; !e.finished; k++) {
      e.advance(k * 10);
      if (e.currentBucketStart !== k * 10 && !e.finished) continue;
      const row = stats.row;
      const answers = OUTCOMES.reduce((a, o) => a + row[col(o)], 0);
      raw.push({
        hits: row[col('hits')],
        misses: row[col('misses')],
        answers,
        latencySum: answers > 0 ? row[col('mean')] * answers : 0,
      });
    }
    expect(raw.length).toBe(5000);
    expect(s.stride).toBe(2);
    const ratio = s.column('hitRatio'),
      mean = s.column('mean');
    let checked = 0;
    for (let i = 0; i < s.rows; i++) {
      const [a, b] = [raw[2 * i], raw[2 * i + 1]];
      const looked = a.hits + b.hits + a.misses + b.misses;
      if (looked > 0) expect(Math.abs(ratio[i] - (a.hits + b.hits) / looked)).toBeLessThan(1e-6);
      const answers = a.answers + b.answers;
      if (answers > 0) expect(mean[i]).toBeCloseTo((a.latencySum + b.latencySum) / answers, 4);
      checked++;
    }
    expect(checked).toBe(2500);
  });
});
