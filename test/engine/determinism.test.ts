/**
 * Determinism: the same design and seed give identical JSON summaries (wallMs aside),
 * twice in one process and across processes; per-second series are identical too. The
 * random-design version of the in-process check is in conservation.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDesign } from '../../src/sim/run';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'public', 'examples');

/** A design that exercises most of the engine: balancing, retries, breaker, async calls, a database, faults. */
const design = {
  schemaVersion: 1,
  name: 'determinism',
  nodes: [
    {
      id: 'users',
      kind: 'client',
      params: { rps: 300, readRatio: 0.8, keys: { count: 1000, distribution: 'zipf', skew: 0.9 } },
    },
    {
      id: 'lb',
      kind: 'loadbalancer',
      params: { algorithm: 'power-of-two', healthCheck: { intervalMs: 1000 } },
    },
    {
      id: 'api',
      kind: 'service',
      params: {
        instances: 3,
        concurrency: 4,
        queueCapacity: 50,
        serviceTimeMs: { dist: 'lognormal', p50: 8, p99: 60 },
      },
    },
    {
      id: 'audit',
      kind: 'service',
      params: { instances: 1, concurrency: 2, serviceTimeMs: { dist: 'exponential', mean: 3 } },
    },
    { id: 'db', kind: 'database', params: { connections: 10, replicas: 1, shards: 2 } },
  ],
  edges: [
    { id: 'e1', source: 'users', target: 'lb', params: { timeoutMs: 200, retries: { max: 2, budget: 0.2 } } },
    { id: 'e2', source: 'lb', target: 'api', params: { circuitBreaker: { minRequests: 10 } } },
    {
      id: 'e3',
      source: 'api',
      target: 'db',
      params: { latencyMs: { dist: 'exponential', mean: 1 }, timeoutMs: 100 },
    },
    { id: 'e4', source: 'api', target: 'audit', params: { mode: 'async', probability: 0.3 } },
  ],
  scenario: {
    durationS: 60,
    warmupS: 5,
    seed: 17,
    faults: [
      { type: 'crash', target: 'api', atS: 20, durationS: 10, instances: 1 },
      { type: 'latency', target: 'db', atS: 35, durationS: 5, factor: 5 },
    ],
  },
};

const summaryJson = (d: unknown, opts = {}) => {
  const r = runDesign(d, opts);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { json: JSON.stringify({ ...r.summary, wallMs: 0 }), engine: r.engine };
};

describe('determinism', () => {
  it('same design and seed: identical summaries and series twice in one process', () => {
    const a = summaryJson(design);
    const b = summaryJson(design);
    expect(b.json).toBe(a.json);
    a.engine.stats.forEach((s, i) => {
      for (const c of s.series.columns)
        expect(Array.from(b.engine.stats[i].series.column(c)), c).toEqual(Array.from(s.series.column(c)));
    });
    // A different seed gives a different run (the comparison above is not vacuous).
    expect(summaryJson(design, { seed: 18 }).json).not.toBe(a.json);
  });

  it('same design and seed: identical summaries across processes (tsx child process)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spillway-determinism-'));
    const files: Array<[string, string]> = [['inline', join(dir, 'design.json')]];
    writeFileSync(files[0][1], JSON.stringify(design));
    // The curated examples too (each shortened to 20 s to keep the test quick).
    for (const f of readdirSync(EXAMPLES)
      .filter((x) => x.endsWith('.json') && x !== 'index.json')
      .slice(0, 4))
      files.push([f, join(EXAMPLES, f)]);
    for (const [name, file] of files) {
      const duration = name === 'inline' ? undefined : 20;
      const child = execFileSync(
        'npx',
        ['tsx', join(ROOT, 'test/engine/fixtures/summary.ts'), file, ...(duration ? [String(duration)] : [])],
        {
          cwd: ROOT,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      ).trim();
      const here = summaryJson(
        JSON.parse(readFileSync(file, 'utf8')),
        duration ? { durationS: duration } : {},
      ).json;
      expect(child, name).toBe(here);
    }
  });
});
