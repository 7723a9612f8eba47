/**
 * The teaching examples added for the gallery show what their descriptions promise, run
 * headlessly to the end (figures from the per-second series and the summary).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDesign } from '../../src/sim/run';

const load = (id: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../public/examples', `${id}.json`), 'utf8'));

function run(id: string) {
  const r = runDesign(load(id));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const { engine, summary } = r;
  /** Mean of a node's series column over [fromS, toS). */
  const mean = (node: string, col: string, fromS: number, toS: number) => {
    const s = engine.stats[engine.plan.nodeIndex.get(node)!].series;
    const c = s.column(col);
    let sum = 0,
      n = 0;
    for (let k = 0; k < s.rows; k++) {
      if (s.time[k] >= fromS && s.time[k] < toS) {
        sum += c[k];
        n++;
      }
    }
    return sum / n;
  };
  const max = (node: string, col: string, fromS: number, toS: number) => {
    const s = engine.stats[engine.plan.nodeIndex.get(node)!].series;
    const c = s.column(col);
    let m = -Infinity;
    for (let k = 0; k < s.rows; k++) if (s.time[k] >= fromS && s.time[k] < toS) m = Math.max(m, c[k]);
    return m;
  };
  return { summary, mean, max };
}

describe('teaching examples', () => {
  it('url-shortener: a cache flush saturates the database shards until the cache warms again', () => {
    const { mean } = run('url-shortener');
    expect(mean('links', 'utilization', 40, 60)).toBeLessThan(0.85);
    expect(mean('links', 'utilization', 60, 70)).toBeGreaterThan(0.97);
    expect(mean('links', 'queue', 60, 70)).toBeGreaterThan(10 * mean('links', 'queue', 40, 60));
    // Visitors are turned away while the shards are saturated, and not before. How many
    // depends on the seed (over 120 seeds: 10 to 87 a second, mean 45), so the bound is
    // the robust fact, not one seed's figure.
    expect(mean('visitors', 'rejected', 40, 60)).toBeLessThan(1);
    expect(mean('visitors', 'rejected', 60, 70)).toBeGreaterThan(5);
    expect(mean('links', 'utilization', 100, 150)).toBeLessThan(0.9);
  });

  it('news-feed: a posting burst backs up the fan-out subscription while posting stays fast, and nothing is lost', () => {
    const { summary, max } = run('news-feed');
    const posters = summary.clients.posters;
    expect(posters.errorRatio).toBe(0);
    expect(posters.latencyMs.p99).toBeLessThan(200);
    expect(max('fanout', 'queue', 40, 70)).toBeGreaterThan(3000);
    expect(max('fanout', 'queue', 0, 40)).toBeLessThan(200);
    const fanout = summary.nodes.fanout as Record<string, number>;
    expect(fanout.maxOldestAgeMs).toBeGreaterThan(10_000);
    expect(fanout.lost).toBe(0);
    expect(fanout.deadLetters).toBe(0);
  });

  it('payment-service: provider errors trigger retries, the breaker fails fast, and it closes again', () => {
    const { summary, mean } = run('payment-service');
    const charge = summary.edges.charge;
    expect(charge.retries).toBeGreaterThan(0);
    expect(charge.outcomes['circuit-open'] ?? 0).toBeGreaterThan(500);
    expect(charge.breaker).toBe('closed');
    expect(mean('shoppers', 'error', 10, 30)).toBeLessThan(3);
    expect(mean('shoppers', 'error', 32, 50)).toBeGreaterThan(30);
    // Back near the provider's own error rate once the breaker closes (0 to 3.7 a second
    // over 26 seeds), a tenth or less of the outage's.
    expect(mean('shoppers', 'error', 70, 120)).toBeLessThan(6);
    // The provider sees more charge attempts than the ledger records payments: the extra
    // attempts are the duplicates an idempotency key must absorb.
    expect(summary.nodes.provider.arrivals).toBeGreaterThan(summary.nodes.ledger.arrivals * 1.05);
  });
});
