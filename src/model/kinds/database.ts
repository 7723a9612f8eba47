import { defineKind, distText } from '../catalog';
import { choice, dist, feature, int, num, union } from '../params';
import { loadLatency } from './shared';

export const database = defineKind({
  kind: 'database',
  label: 'Database',
  aliases: ['db', 'sql', 'postgres', 'mysql', 'rdbms', 'nosql', 'replica', 'shard'],
  group: 'Data',
  icon: 'Database',
  description:
    'A database server (or a sharded, replicated cluster): each server runs a bounded number of queries at once from its connection pool, with a wait queue in front. Read replicas add read capacity but may serve stale data while replication lags; shards split keys so a hot key makes a hot shard; failover promotes a replica after the primary dies.',
  acceptsCalls: true,
  outgoing: 'none',
  metrics: [
    { key: 'staleReads', label: 'Stale reads', merge: 'sum' },
    { key: 'writesFailedNoPrimary', label: 'Writes failed without a primary', merge: 'sum' },
    { key: 'failovers', label: 'Failovers', merge: 'sum' },
  ],
  params: {
    connections: int({
      label: 'Connections',
      help: 'Queries one server runs at once.',
      default: 20,
      min: 1,
      max: 100_000,
      canvas: true,
    }),
    queueCapacity: int({
      label: 'Wait queue',
      help: 'Queries that may wait for a connection, per server; beyond it they are rejected.',
      default: 200,
      min: 0,
      max: 10_000_000,
    }),
    readMs: dist({
      label: 'Read time',
      help: 'Time one read query takes.',
      default: { dist: 'exponential', mean: 5 },
      canvas: true,
    }),
    writeMs: dist({
      label: 'Write time',
      help: 'Time one write query takes.',
      default: { dist: 'exponential', mean: 10 },
    }),
    replicas: int({
      label: 'Read replicas',
      help: 'Replica servers per shard, each with the same connections. Every replica also applies every write of its shard (one write time of a connection each), so under heavy writes they add less read capacity than their count suggests.',
      default: 0,
      min: 0,
      max: 32,
      canvas: true,
    }),
    readFrom: choice(['primary', 'replicas'], {
      label: 'Reads go to',
      help: 'Where reads are served when there are replicas.',
      default: 'replicas',
    }),
    replication: union(
      {
        async: {
          lagMs: dist({
            label: 'Replication lag',
            help: 'Delay before each replica receives its copy of a write; the write is visible there once that replica has applied it.',
            default: { dist: 'exponential', mean: 100 },
          }),
        },
        sync: {},
      },
      {
        label: 'Replication',
        help: 'Async: writes return after the primary alone; a replica read is stale until that replica has applied every write of the key the primary had committed (the lag, then one write time queued behind its reads). Sync: each write also waits, holding its connection, until every live replica has applied its copy (one write time, queued behind that replica’s reads), so writes are slower and no read is stale for the lag. Either way a replica that was down (or an old primary back as a replica) replays the writes it missed, one write time each on one connection, and its reads of keys it has yet to replay are stale until then.',
        default: 'async',
      },
    ),
    shards: int({
      label: 'Shards',
      help: 'Servers the keyspace is split across (each with its own replicas).',
      default: 1,
      min: 1,
      max: 256,
    }),
    sharding: choice(['hash', 'range'], {
      label: 'Sharding',
      help: 'Hash spreads keys evenly; range keeps neighbouring keys together (and hot keys on one shard).',
      default: 'hash',
    }),
    failover: feature(
      {
        detectS: num({
          label: 'Detection time',
          unit: 's',
          help: 'Time to notice the primary is gone.',
          default: 10,
          min: 0,
          max: 3600,
        }),
        promoteS: num({
          label: 'Promotion time',
          unit: 's',
          help: 'Time to promote a replica once noticed.',
          default: 20,
          min: 0,
          max: 3600,
        }),
      },
      {
        label: 'Automatic failover',
        help: 'Promote a replica when the primary dies (needs replicas). Off: writes fail until the primary returns.',
      },
    ),
    loadLatency,
  },
  summary: (p) =>
    `pool ${p.connections}` +
    (p.replicas ? ` · ${p.replicas} replica${p.replicas > 1 ? 's' : ''}` : '') +
    (p.shards > 1 ? ` · ${p.shards} shards` : '') +
    ` · ${distText(p.readMs)}`,
  capacityRps: (p, meanMs) => {
    const m = meanMs(p.readMs);
    return m > 0 ? (p.shards * (1 + p.replicas) * p.connections * 1000) / m : null;
  },
});
