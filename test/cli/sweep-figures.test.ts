/**
 * A sweep of a node's parameter shows that node's own figures beside the curve (a cache's
 * hit ratio, a queue's backlog), in the table and in --json; a sweep of an edge's
 * parameter is as before.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './inMemory';

/** Reads from a Zipf keyspace of 2,000 through a cache of 200 keys in front of a database. */
const cached = {
  schemaVersion: 1,
  name: 'cli cache',
  nodes: [
    {
      id: 'users',
      kind: 'client',
      params: { rps: 400, readRatio: 1, keys: { count: 2000, distribution: 'zipf', skew: 0.8 } },
    },
    { id: 'cache', kind: 'cache', params: { capacity: 200, eviction: 'lru' } },
    { id: 'db', kind: 'database', params: { connections: 20 } },
  ],
  edges: [
    { id: 'e1', source: 'users', target: 'cache' },
    { id: 'e2', source: 'cache', target: 'db' },
  ],
  scenario: { durationS: 8, warmupS: 2, seed: 5 },
};

/** 200 messages a second into a queue whose consumers each take 20 ms on average. */
const queued = {
  schemaVersion: 1,
  name: 'cli queue',
  nodes: [
    { id: 'producer', kind: 'client', params: { rps: 200 } },
    { id: 'q', kind: 'queue', params: { consumers: 2 } },
    {
      id: 'worker',
      kind: 'service',
      params: { instances: 1, concurrency: 16, serviceTimeMs: { dist: 'exponential', mean: 20 } },
    },
  ],
  edges: [
    { id: 'e1', source: 'producer', target: 'q' },
    { id: 'e2', source: 'q', target: 'worker' },
  ],
  scenario: { durationS: 10, warmupS: 2, seed: 5 },
};

const files = { 'cache.json': JSON.stringify(cached), 'queue.json': JSON.stringify(queued) };
const cli = (argv: string[]) => runCli(argv, files);

/** The table's lines: the heading and one row per value (between the header's blank line and the next). */
function tableOf(stdout: string): string[] {
  const lines = stdout.split('\n');
  const from = lines.indexOf('') + 1;
  return lines.slice(from, lines.indexOf('', from));
}

/** The cells of the column headed `heading` (right-aligned: the cell ends where the heading ends). */
function column(table: string[], heading: string): string[] {
  const end = table[0].indexOf(heading) + heading.length;
  expect(end).toBeGreaterThanOrEqual(heading.length);
  return table.slice(1).map((row) => row.slice(0, end).trim().split(/\s+/).pop()!);
}

const pct = (cell: string) => {
  expect(cell).toMatch(/^\d+\.\d%$/);
  return Number(cell.slice(0, -1));
};

interface FiguresJson {
  sweptNode: { id: string; kind: string; figures: string[] } | null;
  points: { value: unknown; figures: Record<string, number | null> }[];
}
const json = (argv: string[]) => {
  const r = cli([...argv, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as FiguresJson;
};

describe('a sweep of a cache shows its hit ratio', () => {
  it('over the eviction policies: the hit ratio differs by policy, LFU above FIFO on Zipf keys', () => {
    const r = cli([
      'sweep',
      'cache.json',
      '--param',
      'nodes.cache.params.eviction',
      '--values',
      'lru,lfu,fifo',
    ]);
    expect(r.code).toBe(0);
    const t = tableOf(r.stdout);
    expect(t[0]).toMatch(
      /^eviction\s+thr\/s\s+goodput\/s\s+p50\s+p99\s+err%\s+util db\s+hit ratio\s+evictions\s+expirations$/,
    );
    expect(t.map((l) => l.trim().split(/\s+/)[0])).toEqual(['eviction', 'lru', 'lfu', 'fifo']);
    const [lru, lfu, fifo] = column(t, 'hit ratio').map(pct);
    expect(new Set([lru, lfu, fifo]).size).toBe(3);
    expect(lfu).toBeGreaterThan(fifo);
    // Every lookup that misses a full cache evicts a key.
    for (const e of column(t, 'evictions')) expect(Number(e)).toBeGreaterThan(1000);
    // The note names the node and the figures --figures could add.
    expect(r.stdout).toContain(
      'Hit ratio, evictions, expirations: node cache (cache); others: --figures hits,misses,coalesced,size,lostWrites,pendingWrites (or all).\n',
    );
  });

  it('over the capacity: the hit ratio rises and evictions fall', () => {
    const r = cli([
      'sweep',
      'cache.json',
      '--param',
      'nodes.cache.params.capacity',
      '--values',
      '50,200,800',
    ]);
    expect(r.code).toBe(0);
    const t = tableOf(r.stdout);
    const hit = column(t, 'hit ratio').map(pct);
    expect(hit[0]).toBeLessThan(hit[1]);
    expect(hit[1]).toBeLessThan(hit[2]);
    expect(hit[2] - hit[0]).toBeGreaterThan(30);
    const ev = column(t, 'evictions').map(Number);
    expect(ev[0]).toBeGreaterThan(ev[1]);
    expect(ev[1]).toBeGreaterThan(ev[2]);
  });

  it('--json names the swept node and carries the same figures per point, under their keys', () => {
    const argv = ['sweep', 'cache.json', '--param', 'nodes.cache.params.capacity', '--values', '50,800'];
    const s = json(argv);
    expect(s.sweptNode).toEqual({
      id: 'cache',
      kind: 'cache',
      figures: ['hitRatio', 'evictions', 'expirations'],
    });
    for (const p of s.points)
      expect(Object.keys(p.figures)).toEqual(['hitRatio', 'evictions', 'expirations']);
    const hit = s.points.map((p) => p.figures.hitRatio!);
    expect(hit[1]).toBeGreaterThan(hit[0]);
    // The table shows the same numbers (in percent).
    const shown = column(tableOf(cli(argv).stdout), 'hit ratio').map(pct);
    expect(shown).toEqual(hit.map((h) => Number((h * 100).toFixed(1))));
  });

  it('--figures picks them by key, with the catalog label (and "at end") as heading; all and none', () => {
    const argv = ['sweep', 'cache.json', '--param', 'nodes.cache.params.capacity', '--values', '50,800'];
    const r = cli([...argv, '--figures', 'hitRatio,size,meanQueueLength']);
    expect(r.code).toBe(0);
    const t = tableOf(r.stdout);
    expect(t[0]).toMatch(/util db\s+hit ratio\s+keys cached at end\s+mean queue$/);
    // Keys cached at the end: the capacity, once the 2,000 keys have filled it.
    expect(column(t, 'keys cached at end')).toEqual(['50', '800']);
    expect(json([...argv, '--figures', 'hitRatio,size']).points[1].figures).toEqual({
      hitRatio: expect.any(Number),
      size: 800,
    });
    const all = json([...argv, '--figures', 'all']);
    expect(all.sweptNode!.figures).toEqual([
      'hitRatio',
      'evictions',
      'expirations',
      'hits',
      'misses',
      'coalesced',
      'size',
      'lostWrites',
      'pendingWrites',
    ]);
    const none = cli([...argv, '--figures', 'none']);
    expect(tableOf(none.stdout)[0]).toMatch(/util db$/);
    expect(none.stdout).not.toContain('node cache');
    expect(json([...argv, '--figures', 'none']).points[0].figures).toEqual({});
  });
});

describe('a sweep of a queue shows its backlog', () => {
  it('more consumers: the mean depth, the oldest message and enqueue-to-ack time fall', () => {
    const r = cli(['sweep', 'queue.json', '--param', 'nodes.q.params.consumers', '--values', '2,8']);
    expect(r.code).toBe(0);
    const t = tableOf(r.stdout);
    expect(t[0]).toMatch(/util worker\s+mean depth\s+depth at end\s+peak age ms\s+enqueue→ack ms$/);
    for (const h of ['mean depth', 'depth at end', 'peak age ms', 'enqueue→ack ms']) {
      const [two, eight] = column(t, h).map(Number);
      // 2 consumers serve 100 messages a second of the 200: the backlog grows; 8 keep up.
      expect(two).toBeGreaterThan(10 * eight);
    }
    const s = json(['sweep', 'queue.json', '--param', 'nodes.q.params.consumers', '--values', '2,8']);
    expect(s.sweptNode!.figures).toEqual([
      'meanQueueLength',
      'depthAtEnd',
      'maxOldestAgeMs',
      'endToEndMeanMs',
    ]);
  });
});

describe('a sweep with no node to show figures of', () => {
  it('an edge parameter: the table and JSON are the curve alone, as before', () => {
    const argv = ['sweep', 'cache.json', '--param', 'edges.e2.params.timeoutMs', '--values', '20,null'];
    const r = cli(argv);
    expect(r.code).toBe(0);
    const t = tableOf(r.stdout);
    expect(t[0]).toMatch(/^timeoutMs\s+thr\/s\s+goodput\/s\s+p50\s+p99\s+err%\s+util db$/);
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(
      /^Client users; .* utilization is busy thread-time over capacity\.$/,
    );
    const s = json(argv);
    expect(s.sweptNode).toBeNull();
    for (const p of s.points) expect(p.figures).toEqual({});
  });

  it('a client: no figures (its own are the curve); a scenario parameter: none either', () => {
    const c = json(['sweep', 'cache.json', '--param', 'nodes.users.params.rps', '--values', '100,200']);
    expect(c.sweptNode).toBeNull();
    const w = json(['sweep', 'cache.json', '--param', 'scenario.warmupS', '--values', '1,2']);
    expect(w.sweptNode).toBeNull();
  });

  it('--figures there, or a key the node does not have, is a usage error before anything runs', () => {
    const edge = cli([
      'sweep',
      'cache.json',
      '--param',
      'edges.e1.params.timeoutMs',
      '--values',
      '20',
      '--figures',
      'hitRatio',
    ]);
    expect(edge).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "spillway: sweep: --figures shows figures of the node whose parameter is swept, and --param edges.e1.params.timeoutMs is not a node's (it would start with nodes.<id>.)\n",
    });
    const client = cli([
      'sweep',
      'cache.json',
      '--param',
      'nodes.users.params.rps',
      '--values',
      '20',
      '--figures',
      'all',
    ]);
    expect(client.code).toBe(2);
    expect(client.stdout).toBe('');
    expect(client.stderr).toMatch(
      /^spillway: sweep: --figures: node "users" is a client, whose figures are the curve's own columns/,
    );
    const key = cli([
      'sweep',
      'cache.json',
      '--param',
      'nodes.cache.params.capacity',
      '--values',
      '20',
      '--figures',
      'hitRatio,depthAtEnd',
    ]);
    expect(key.code).toBe(2);
    expect(key.stdout).toBe('');
    expect(key.stderr).toMatch(
      /^spillway: sweep: --figures: node "cache" \(cache\) has no figure "depthAtEnd"; it has hitRatio, hits, misses, /,
    );
    const mixed = cli([
      'sweep',
      'cache.json',
      '--param',
      'nodes.cache.params.capacity',
      '--values',
      '20',
      '--figures',
      'all,hits',
    ]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toBe('spillway: sweep: --figures takes all or none on its own, got "all,hits"\n');
  });
});
