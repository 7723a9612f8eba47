import { describe, expect, it } from 'vitest';
import { compact } from '../../src/model/catalog';
import { fmtNum } from '../../src/ui/run/format';
import { headlineText } from '../../src/ui/run/live';

describe('the numbers on a node card', () => {
  it('share one compact format: a queue reads "depth 2.3k" beside "q 2.3k" and "cap 3k"', () => {
    expect(headlineText('queue', 2348)).toBe('depth 2.3k');
    expect(headlineText('queue', 3000)).toBe('depth 3k');
    expect(headlineText('queue', 12_345)).toBe('depth 12k');
    expect(headlineText('queue', 42)).toBe('depth 42');
    expect(fmtNum(2348)).toBe('2.3k');
    expect(fmtNum(3000)).toBe('3k'); // not "3.0k" beside the summary's "cap 3k"
    expect(fmtNum(2_500_000)).toBe('2.5M');
    expect(fmtNum(999_600)).toBe('1M'); // not "1000k"
    expect(fmtNum(-3000)).toBe('-3k');
  });

  it('print a round count as the summaries do (catalog compact)', () => {
    for (let n = 1000; n < 10_000; n += 100) expect(fmtNum(n), String(n)).toBe(compact(n));
    for (let n = 10_000; n < 1_000_000; n += 1000) expect(fmtNum(n), String(n)).toBe(compact(n));
    for (let n = 1_000_000; n < 10_000_000; n += 100_000) expect(fmtNum(n), String(n)).toBe(compact(n));
  });

  it('leave ratios and latencies to the catalog', () => {
    expect(headlineText('cache', 0.934)).toBe('hit 93%');
    expect(headlineText('service', 0.5)).toBeNull();
    expect(headlineText('queue', NaN)).toBeNull();
  });
});
