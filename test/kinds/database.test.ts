/**
 * Database replication (src/sim/nodes/database.ts): what sync and async replication cost
 * and buy. Sync holds each write until every live replica has applied it, so at low load
 * a write takes its own time plus the slowest of one write time per replica (for
 * exponential times with mean m and k replicas, m + m·H_k, H_k the k-th harmonic
 * number), and no replica read is ever stale. Async answers after the primary alone, and
 * a replica read of a key written within the lag is counted stale.
 */
import { describe, expect, it } from 'vitest';
import { runDesign } from '../../src/sim/run';

const WRITE_MS = 10;

function run(opts: {
  replicas: number;
  replication: Record<string, unknown>;
  readRatio: number;
  readFrom?: string;
  keys?: number;
}) {
  const r = runDesign({
    schemaVersion: 1,
    nodes: [
      {
        id: 'app',
        kind: 'client',
        params: {
          rps: 50,
          readRatio: opts.readRatio,
          keys: { count: opts.keys ?? 1000, distribution: 'uniform' },
        },
      },
      {
        id: 'db',
        kind: 'database',
        params: {
          // Plenty of connections: no query ever waits, so latency is service time alone.
          connections: 64,
          replicas: opts.replicas,
          replication: opts.replication,
          readFrom: opts.readFrom ?? 'replicas',
          readMs: { dist: 'exponential', mean: 2 },
          writeMs: { dist: 'exponential', mean: WRITE_MS },
        },
      },
    ],
    edges: [{ id: 'e', source: 'app', target: 'db' }],
    scenario: { durationS: 600, warmupS: 10, seed: 17 },
  });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.summary.nodes.db as typeof r.summary.nodes.db & { staleReads: number };
}

/** Within 4% (about 8 standard errors of a 30,000-write mean). */
const close = (actual: number, expected: number) =>
  expect(Math.abs(actual / expected - 1), `${actual} against ${expected}`).toBeLessThan(0.04);

describe('database replication', () => {
  it('sync: a write waits for the slowest replica as well (m + m·H_k at low load)', () => {
    const harmonic = (k: number) =>
      Array.from({ length: k }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0);
    for (const replicas of [1, 2, 4]) {
      const db = run({ replicas, replication: { type: 'sync' }, readRatio: 0 });
      close(db.latencyMs.mean, WRITE_MS * (1 + harmonic(replicas)));
    }
    // Without replicas there is nothing to wait for.
    close(run({ replicas: 0, replication: { type: 'sync' }, readRatio: 0 }).latencyMs.mean, WRITE_MS);
  });

  it('async: a write answers after the primary alone, whatever the lag', () => {
    const db = run({
      replicas: 2,
      replication: { type: 'async', lagMs: { dist: 'exponential', mean: 500 } },
      readRatio: 0,
    });
    close(db.latencyMs.mean, WRITE_MS);
  });

  it('async replica reads inside the lag are stale; sync and primary reads never are', () => {
    // 10 keys written 25 times a second: a long lag makes many replica reads stale.
    const mixed = { readRatio: 0.5, keys: 10 };
    const lagging = run({
      replicas: 2,
      replication: { type: 'async', lagMs: { dist: 'exponential', mean: 500 } },
      ...mixed,
    });
    expect(lagging.staleReads).toBeGreaterThan(1000);
    expect(run({ replicas: 2, replication: { type: 'async', lagMs: 1 }, ...mixed }).staleReads).toBeLessThan(
      lagging.staleReads / 10,
    );
    expect(run({ replicas: 2, replication: { type: 'sync' }, ...mixed }).staleReads).toBe(0);
    expect(
      run({
        replicas: 2,
        replication: { type: 'async', lagMs: { dist: 'exponential', mean: 500 } },
        readFrom: 'primary',
        ...mixed,
      }).staleReads,
    ).toBe(0);
  });
});
