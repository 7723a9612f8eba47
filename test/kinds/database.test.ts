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
  /** Both clients' keys: this many, uniform (default: the client's own default). */
  keys?: number;
  /** Further database params over smallReplicatedDb's. */
  db?: Record<string, unknown>;
  faults?: Record<string, unknown>[];
  warmupS?: number;
}) {
  const clients = [
    ['readers', o.readsPerS, 1],
    ['writers', o.writesPerS, 0],
  ] as const;
  const live = clients.filter(([, rps]) => rps > 0);
  const db = smallReplicatedDb(o.replication);
  const keys = o.keys === undefined ? {} : { keys: { count: o.keys, distribution: 'uniform' } };
  const r = runDesign({
    schemaVersion: 1,
    nodes: [
      ...live.map(([id, rps, readRatio]) => ({ id, kind: 'client', params: { rps, readRatio, ...keys } })),
      { ...db, params: { ...db.params, replicas: o.replicas ?? 2, ...o.db } },
    ],
    edges: live.map(([id]) => ({ id: `${id}-db`, source: id, target: 'db' })),
    scenario: { durationS: o.durationS, warmupS: o.warmupS ?? 20, seed: o.seed, faults: o.faults ?? [] },
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

describe('stale reads are counted per replica', () => {
  // One key, written 10 times a second; writes of 50 ms (exponential), so each replica
  // applies its copy of a write at its own time; a constant lag of 20 ms.
  const W = 10,
    LAG = 20,
    APPLY = 50;
  const oneKey = (o: {
    readsPerS: number;
    connections: number;
    replication?: Record<string, unknown>;
    replicas?: number;
    seed: number;
    durationS?: number;
    warmupS?: number;
    faults?: Record<string, unknown>[];
    failover?: Record<string, unknown>;
  }) => {
    const s = readersAndWriters({
      readsPerS: o.readsPerS,
      writesPerS: W,
      replication: o.replication ?? { type: 'async', lagMs: LAG },
      replicas: o.replicas,
      keys: 1,
      durationS: o.durationS ?? 600,
      warmupS: o.warmupS,
      seed: o.seed,
      faults: o.faults,
      db: {
        connections: o.connections,
        writeMs: { dist: 'exponential', mean: APPLY },
        ...(o.failover && { failover: o.failover }),
      },
    });
    return {
      summary: s,
      stale: s.nodes.db.staleReads as number,
      reads: s.clients.readers.ok,
    };
  };
  /** Share of replica reads stale if a read were stale only within the lag of a write (the old per-key rule). */
  const lagOnly = 1 - Math.exp((-W * LAG) / 1000);

  it('a read is stale until its own replica has applied the write, whatever the others have done', () => {
    // Plenty of connections: a copy is applied lag + its own write time after the commit,
    // so the copies in flight to one replica are an M/G/∞ count with mean W·(lag + 50 ms),
    // and a read finds none with probability exp(−W·(lag + 50 ms)): stale 1 − e^−0.7 ≈
    // 0.503, with one replica or four. Counting a read stale until every replica had
    // applied would give 1 − e^−W·(lag + 50·H_k ms) (0.61 with two, 0.71 with four); within
    // the lag only, 1 − e^−0.2 ≈ 0.18 (seed 11: 0.181, the count before, against 0.506).
    const expected = 1 - Math.exp((-W * (LAG + APPLY)) / 1000);
    for (const replicas of [1, 2, 4]) {
      const r = oneKey({ readsPerS: 100, connections: 64, replicas, seed: 11 });
      expect(Math.abs(r.stale / r.reads / expected - 1), `${replicas} replicas`).toBeLessThan(0.03);
    }
  });

  it('a replica busy with reads applies its copies late, and its reads stay stale longer', () => {
    // One connection per server: 75 reads/s of 4 ms and the copies (10/s of 50 ms) keep
    // each replica 0.8 busy, so a copy queues. The lag alone would still say 0.18; the
    // replicas' own queues make it 0.59 (seed 11).
    const idle = oneKey({ readsPerS: 100, connections: 64, seed: 11 });
    const busy = oneKey({ readsPerS: 150, connections: 1, seed: 11 });
    expect(busy.stale / busy.reads).toBeGreaterThan(1.1 * (idle.stale / idle.reads));
    expect(busy.stale / busy.reads).toBeGreaterThan(3 * lagOnly);
  });

  it('sync replication: no read is stale, however late a replica applies its copy', () => {
    const r = oneKey({ readsPerS: 150, connections: 1, replication: { type: 'sync' }, seed: 11 });
    expect(r.reads).toBeGreaterThan(50_000);
    expect(r.stale).toBe(0);
  });

  it('crashes, failover and a returning old primary leave no replica stale for good', () => {
    // The primary dies at 100 s (promotion 10 s later) and returns at 200 s as a replica;
    // at 300 s a crash of that server loses the copies on their way to it. From 350 s on
    // every replica is up and caught up again: the idle share of stale reads (0.503).
    const r = oneKey({
      readsPerS: 100,
      connections: 64,
      seed: 4,
      durationS: 900,
      warmupS: 350,
      failover: { detectS: 5, promoteS: 5 },
      faults: [
        { type: 'primary-failure', target: 'db', atS: 100, durationS: 100 },
        { type: 'crash', target: 'db', atS: 300, durationS: 20, instances: 1 },
      ],
    });
    const expected = 1 - Math.exp((-W * (LAG + APPLY)) / 1000);
    expect(Math.abs(r.stale / r.reads / expected - 1)).toBeLessThan(0.04);
  });

  it('is deterministic: the same seed gives the same summary', () => {
    const design = () =>
      oneKey({
        readsPerS: 150,
        connections: 1,
        seed: 7,
        durationS: 200,
        failover: { detectS: 5, promoteS: 5 },
        faults: [
          { type: 'primary-failure', target: 'db', atS: 60, durationS: 40 },
          { type: 'crash', target: 'db', atS: 120, durationS: 10, instances: 1 },
        ],
      }).summary;
    const a = design();
    expect(design()).toEqual(a);
    expect(a.nodes.db.staleReads).toBeGreaterThan(0);
  });
});

describe('a replica that was down replays the writes it missed', () => {
  // One replica, sync replication (so no read is ever stale for the lag), 1,000 keys, 50
  // writes/s and 100 reads/s, writes of exactly 10 ms, plenty of connections. The primary
  // dies at 20 s; the replica is promoted 2 s later; the old primary returns at 50 s as the
  // replica, having missed the 28 s × 50 = 1,400 writes committed meanwhile. Replaying
  // them one at a time takes 1,400 × 10 ms = 14 s, and until then its reads of the keys
  // they touched (about 1 − e^−1.4 ≈ 75% of keys at first) are stale.
  const design = (faults: Record<string, unknown>[]) => ({
    schemaVersion: 1,
    nodes: [
      { id: 'readers', kind: 'client', params: { rps: 100, readRatio: 1, keys: { count: 1000 } } },
      { id: 'writers', kind: 'client', params: { rps: 50, readRatio: 0, keys: { count: 1000 } } },
      {
        id: 'db',
        kind: 'database',
        params: {
          connections: 64,
          replicas: 1,
          replication: { type: 'sync' },
          readMs: 2,
          writeMs: 10,
          failover: { detectS: 1, promoteS: 1 },
        },
      },
    ],
    edges: [
      { id: 'r', source: 'readers', target: 'db' },
      { id: 'w', source: 'writers', target: 'db' },
    ],
    scenario: { durationS: 100, warmupS: 0, seed: 3, faults },
  });
  const staleBySecond = (faults: Record<string, unknown>[]) => {
    const r = runDesign(design(faults));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const e = r.engine;
    return Array.from(e.stats[e.plan.nodeIndex.get('db')!].series.column('staleReads'));
  };
  const lastNonZero = (xs: number[]) => xs.reduce((last, v, i) => (v > 0 ? i : last), -1);
  const firstNonZero = (xs: number[]) => xs.findIndex((v) => v > 0);

  it('its reads of the missed keys are stale until it has replayed them: missed writes × write time', () => {
    const stale = staleBySecond([{ type: 'primary-failure', target: 'db', atS: 20, durationS: 30 }]);
    expect(firstNonZero(stale)).toBe(50);
    // Most reads are stale just after the return (the replica takes half of them: reads
    // go to replicas, the primary only while there is none).
    expect(stale[50]).toBeGreaterThan(0.5 * 100 * 0.75);
    // The replay ends 14 s later (the last stale read in the second [63, 64)).
    expect(lastNonZero(stale)).toBeGreaterThanOrEqual(62);
    expect(lastNonZero(stale)).toBeLessThanOrEqual(64);
    // The share falls as the replay goes on: its keys are replayed oldest first.
    expect(stale[61]).toBeLessThan(stale[51]);
  });

  it('a replay cut short by another crash resumes where it stopped, with the new misses added', () => {
    // Down again from 55 s to 60 s, 5 s into the replay (500 of 1,400 replayed): it owes
    // 900 + 5 s × 50 = 1,150 writes on return, 11.5 s of replay, to 71.5 s.
    const stale = staleBySecond([
      { type: 'primary-failure', target: 'db', atS: 20, durationS: 30 },
      { type: 'crash', target: 'db', atS: 55, durationS: 5, instances: 1 },
    ]);
    expect(stale.slice(55, 60).every((v) => v === 0)).toBe(true); // down: reads go to the primary
    expect(stale[60]).toBeGreaterThan(0);
    expect(lastNonZero(stale)).toBeGreaterThanOrEqual(70);
    expect(lastNonZero(stale)).toBeLessThanOrEqual(72);
  });

  it('failover promotes the replica furthest along its log, not one still replaying', () => {
    // Two replicas. The first primary failure (20-50 s) promotes server 1; server 0 comes
    // back at 50 s as a replica owing 1,400 writes. The second (the new primary, from 55 s)
    // must promote server 2, which missed nothing, not server 0 (first in order), which
    // would drop the ~900 writes it still lacks while its reads, as the primary's, looked
    // fresh. So server 0 stays a replica and its stale reads go on to the end of its
    // replay (about 64 s), not stop at the promotion (57 s).
    const faults = [
      { type: 'primary-failure', target: 'db', atS: 20, durationS: 30 },
      { type: 'primary-failure', target: 'db', atS: 55, durationS: 30 },
    ];
    const d = design(faults);
    (d.nodes[2].params as Record<string, unknown>).replicas = 2;
    const r = runDesign(d);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const e = r.engine;
    const stale = Array.from(e.stats[e.plan.nodeIndex.get('db')!].series.column('staleReads'));
    expect(r.summary.nodes.db.failovers).toBe(2);
    expect(stale.slice(58, 62).every((v) => v > 0)).toBe(true);
    expect(lastNonZero(stale)).toBeGreaterThanOrEqual(62);
  });

  it('a replica that never went down is never behind: no stale read under sync replication', () => {
    expect(staleBySecond([]).every((v) => v === 0)).toBe(true);
  });
});
