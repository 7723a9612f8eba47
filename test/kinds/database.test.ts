/**
 * Database replication (src/sim/nodes/database.ts): what sync and async replication cost
 * and buy. Sync holds each write until every live replica has applied it, so at low load
 * a write takes its own time plus the slowest of one write time per replica (for
 * exponential times with mean m and k replicas, m + m·H_k, H_k the k-th harmonic
 * number), and no replica read is ever stale. Async answers after the primary alone, and
 * a replica read of a key written within the lag is counted stale. Either way every
 * replica spends one write time of a connection on each write of its shard, so write
 * load eats the read capacity that replicas add.
 */
import { describe, expect, it } from 'vitest';
import { prepare, runDesign } from '../../src/sim/run';
import { summarize } from '../../src/sim/summary';

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

/** One connection per server, a primary and 2 replicas, reads of 4 ms and writes of 8 ms (exponential). */
const smallReplicatedDb = (replication: Record<string, unknown>) => ({
  id: 'db',
  kind: 'database',
  params: {
    connections: 1,
    queueCapacity: 10_000,
    replicas: 2,
    replication,
    readMs: { dist: 'exponential', mean: 4 },
    writeMs: { dist: 'exponential', mean: 8 },
  },
});

/**
 * Readers and writers (separate clients, each left out at rate 0) on smallReplicatedDb;
 * returns the run's summary.
 */
function readersAndWriters(o: {
  readsPerS: number;
  writesPerS: number;
  replication: Record<string, unknown>;
  replicas?: number;
  durationS: number;
  seed: number;
}) {
  const clients = [
    ['readers', o.readsPerS, 1],
    ['writers', o.writesPerS, 0],
  ] as const;
  const live = clients.filter(([, rps]) => rps > 0);
  const db = smallReplicatedDb(o.replication);
  const r = runDesign({
    schemaVersion: 1,
    nodes: [
      ...live.map(([id, rps, readRatio]) => ({ id, kind: 'client', params: { rps, readRatio } })),
      { ...db, params: { ...db.params, replicas: o.replicas ?? 2 } },
    ],
    edges: live.map(([id]) => ({ id: `${id}-db`, source: id, target: 'db' })),
    scenario: { durationS: o.durationS, warmupS: 20, seed: o.seed },
  });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.summary;
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

  it('every replica applies every write: it costs them a connection for one write time each', () => {
    const utilization = (type: 'async' | 'sync', writesPerS: number) => {
      const p = prepare({
        schemaVersion: 1,
        nodes: [
          { id: 'app', kind: 'client', params: { rps: writesPerS, readRatio: 0 } },
          smallReplicatedDb(type === 'async' ? { type, lagMs: 20 } : { type }),
        ],
        edges: [{ id: 'e', source: 'app', target: 'db' }],
        scenario: { durationS: 400, warmupS: 20, seed: 5 },
      });
      if (!p.ok) throw new Error('invalid');
      p.engine.runToEnd();
      const db = summarize(p.engine, 0).nodes.db;
      // The copies are the node's own work: not arrivals, not answers, not in its latency.
      expect(Math.abs(db.arrivals / 380 / writesPerS - 1)).toBeLessThan(0.03);
      return db.utilization!;
    };
    // Async, 100 writes/s of 8 ms on 1 connection per server: the primary and each replica
    // are busy 0.8 (before, the replicas sat idle and the node showed 0.8 / 3).
    expect(Math.abs(utilization('async', 100) - 0.8)).toBeLessThan(0.03);
    // Sync, 40 writes/s: the primary holds each write for 8 ms + the slower replica's
    // 12 ms (0.8 busy); each replica spends 8 ms per write (0.32): the node (0.8 + 2 × 0.32) / 3.
    expect(Math.abs(utilization('sync', 40) - 0.48)).toBeLessThan(0.03);
  });

  it('so replicas add read capacity only as far as the writes leave them room', () => {
    // 150 reads/s over 2 replicas (75 each, 4 ms: 0.3 busy) and 70 writes/s of 8 ms
    // (0.56 busy on every server): the replicas run at about 0.86 and reads queue behind
    // the copies; without writes the same reads wait little.
    const readLatency = (writesPerS: number) =>
      readersAndWriters({
        readsPerS: 150,
        writesPerS,
        replication: { type: 'async', lagMs: 20 },
        durationS: 300,
        seed: 9,
      }).clients.readers.latencyMs.mean;
    const idle = readLatency(0),
      busy = readLatency(70);
    // M/M/1 at 0.3: 4 / 0.7 = 5.7 ms. With the copies the replicas are busy about 0.86:
    // reads wait several times longer (seed 9: about 5.7 against 30 ms).
    expect(Math.abs(idle / (4 / 0.7) - 1)).toBeLessThan(0.08);
    expect(busy).toBeGreaterThan(3 * idle);
  });

  it('sync: a write waits for its copies, queued behind the reads at a busy replica', () => {
    // Writers at 20/s (8 ms) and readers at 150/s (4 ms) on a primary and one replica of 1
    // connection each, reads on the replica (busy about 0.6 + 0.16). Without readers a
    // write holds the primary for its own 8 ms and its copy's 8 ms, plus a little queueing
    // (Pollaczek-Khinchine: about 22 ms); with them its copy queues behind the reads and the
    // write waits for it (seed 3: 23.1 against 51.2 ms).
    const writeLatency = (readsPerS: number) =>
      readersAndWriters({
        readsPerS,
        writesPerS: 20,
        replication: { type: 'sync' },
        replicas: 1,
        durationS: 600,
        seed: 3,
      }).clients.writers.latencyMs.mean;
    const quiet = writeLatency(0),
      busy = writeLatency(150);
    expect(quiet).toBeLessThan(26);
    expect(busy).toBeGreaterThan(1.6 * quiet);
  });
});
