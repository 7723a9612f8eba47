import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliIO } from '../../src/cli/main';
import { validateDesign } from '../../src/model/design';
import { compile } from '../../src/sim/compile';
import type { RunSummary } from '../../src/sim/summary';
import { pileUp } from '../fixtures/pileUp';
import { refusingDesign } from '../fixtures/refusing';
import { runCli } from './inMemory';

/**
 * An M/M/1 queue over 20 s with a 10 ms mean service time (inMemory's mm1 is a quick one:
 * 5 ms over 6 s), with the tests' own keys, queue capacity and edge latency.
 */
const mm1Long = (extra: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  name: 'cli M/M/1',
  nodes: [
    { id: 'users', kind: 'client', params: { rps: 80, keys: { count: 100, distribution: 'uniform' } } },
    {
      id: 'server',
      kind: 'service',
      params: {
        instances: 1,
        concurrency: 1,
        queueCapacity: 10_000,
        serviceTimeMs: { dist: 'exponential', mean: 10 },
      },
    },
  ],
  edges: [{ id: 'e1', source: 'users', target: 'server', params: { latencyMs: 0, timeoutMs: 1000 } }],
  scenario: { durationS: 20, warmupS: 2, seed: 3 },
  ...extra,
});

const invalid = {
  schemaVersion: 1,
  nodes: [
    { id: 'c', kind: 'client' },
    { id: 's', kind: 'service', params: { concurrency: -2 } },
  ],
  edges: [{ id: 'e', source: 'c', target: 'nope' }],
};

/**
 * Runs main in-process against the in-memory files `fileSet`, none by default (inMemory's
 * runCli; its `cli` reads inMemory's own files, whose mm1.json is the quick 5 ms, 6 s design).
 */
const cliIn = (argv: string[], fileSet: Record<string, string> = {}, over: Partial<CliIO> = {}) =>
  runCli(argv, fileSet, over);

/** This file's designs: mm1.json is mm1Long(). */
const longFiles = {
  'mm1.json': JSON.stringify(mm1Long()),
  'invalid.json': JSON.stringify(invalid),
  'broken.json': '{\n  "schemaVersion": 1,\n  "nodes": [,]\n}\n',
  'empty.json': '',
};

const lines = (s: string) => s.split('\n').filter((l) => l !== '');

describe('spillway run', () => {
  it('--json prints exactly one JSON object with clients and nodes, and nothing else', () => {
    const r = cliIn(['run', 'mm1.json', '--json'], longFiles);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const text = r.stdout.trim();
    expect(text.startsWith('{') && text.endsWith('}')).toBe(true);
    const s = JSON.parse(text) as RunSummary;
    expect(typeof s).toBe('object');
    expect(s.simTimeS).toBe(20);
    expect(s.events).toBeGreaterThan(0);
    expect(s.clients.users.requests).toBeGreaterThan(1000);
    expect(s.clients.users.latencyMs.p99).toBeGreaterThan(0);
    expect(s.nodes.server.utilization).toBeGreaterThan(0.6);
    expect(s.nodes.server.kind).toBe('service');
  });

  it('prints a readable table of clients then nodes', () => {
    const r = cliIn(['run', 'mm1.json'], longFiles);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/^cli M\/M\/1: 20 s simulated, \d+ events in \d+ ms wall$/);
    const clientHead = out.findIndex((l) => l.startsWith('client '));
    const nodeHead = out.findIndex((l) => l.startsWith('node '));
    expect(clientHead).toBeGreaterThan(0);
    expect(nodeHead).toBeGreaterThan(clientHead);
    for (const col of ['requests', 'thr/s', 'ok%', 'goodput/s', 'p50', 'p90', 'p99', 'p99.9', 'retry×'])
      expect(out[clientHead]).toContain(col);
    for (const col of ['arrivals', 'util', 'queue', 'details']) expect(out[nodeHead]).toContain(col);
    expect(out[clientHead + 1]).toMatch(/^users\s+\d+/);
    expect(out[nodeHead + 1]).toMatch(/^server\s+service\s+\d+.*%.*instances at end 1/);
  });

  it('shows the latency of ok answers by default, as the dashboard does, and of every answer with --latency all', () => {
    // Two calls in three are refused at once (0 ms); the rest take exactly 10 ms.
    const f = { 'refusing.json': JSON.stringify(refusingDesign(10)) };
    const p50Of = (out: string[], head: string, row: string) => {
      const h = out.findIndex((l) => l.startsWith(head));
      const cols = out[h].split(/\s{2,}/);
      const cells = out
        .slice(h + 1)
        .find((l) => l.startsWith(row))!
        .split(/\s{2,}/);
      return cells[cols.indexOf('p50')];
    };
    const ok = lines(cliIn(['run', 'refusing.json'], f).stdout);
    expect(ok[1]).toContain('latencies in ms, of ok answers');
    expect(p50Of(ok, 'client ', 'users')).toBe('10.0');
    expect(p50Of(ok, 'node ', 'svc')).toBe('10.0');
    const all = lines(cliIn(['run', 'refusing.json', '--latency', 'all'], f).stdout);
    expect(all[1]).toContain('of every answer, failures too');
    expect(p50Of(all, 'client ', 'users')).toBe('0.000');
    // The sweep's table follows the same choice; its JSON carries both.
    const sweep = (extra: string[]) =>
      cliIn(['sweep', 'refusing.json', '--param', 'scenario.durationS', '--values', '10', ...extra], f);
    expect(lines(sweep([]).stdout)[2]).toMatch(/^\s*10\s+\S+\s+\S+\s+10\.0\s/);
    expect(lines(sweep(['--latency=all']).stdout)[2]).toMatch(/^\s*10\s+\S+\s+\S+\s+0\.000\s/);
    const point = JSON.parse(sweep(['--json']).stdout).points[0].clients.users;
    expect(point.p50).toBe(0);
    expect(point.okP50).toBe(10);
    const bad = cliIn(['run', 'refusing.json', '--latency', 'fast'], f);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--latency must be ok (latency of ok answers) or all (every answer), got "fast"',
    );
  });

  it('--series writes every time series as one tidy CSV: scope,id,t_s,width_s,column,value', () => {
    const written: Record<string, string> = {};
    const r = cliIn(['run', 'mm1.json', '--json', '--series', 'out.csv'], longFiles, {
      writeFile: (p, chunks) => void (written[p] = [...chunks].join('')),
    });
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as RunSummary;
    const [head, ...rows] = written['out.csv'].trimEnd().split('\n');
    expect(head).toBe('scope,id,t_s,width_s,column,value');
    const cells = rows.map((l) => l.split(','));
    const pick = (scope: string, id: string, column: string) =>
      cells.filter((c) => c[0] === scope && c[1] === id && c[4] === column);
    // One row per one-second bucket of the 20 s run, for the client, the node and the edge.
    for (const [scope, id, column] of [
      ['client', 'users', 'arrivals'],
      ['node', 'server', 'utilization'],
      ['edge', 'e1', 'sent'],
    ])
      expect(pick(scope, id, column).map((c) => Number(c[2]))).toEqual(
        Array.from({ length: 20 }, (_, i) => i),
      );
    // The buckets in the window (from 2 s) add up to the summary's figures.
    const inWindow = (scope: string, id: string, column: string) =>
      pick(scope, id, column)
        .filter((c) => Number(c[2]) >= 2)
        .reduce((a, c) => a + Number(c[5]), 0);
    expect(inWindow('node', 'server', 'arrivals')).toBe(summary.nodes.server.arrivals);
    expect(inWindow('client', 'users', 'ok')).toBe(summary.clients.users.ok);
    expect(inWindow('edge', 'e1', 'sent')).toBe(summary.edges.e1.sent);
    // A bucket with no latency has an empty value, not NaN; floats keep float32's digits.
    expect(rows.some((l) => l.endsWith(',NaN'))).toBe(false);
    const digits = (v: string) =>
      v.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
    expect(rows.every((l) => digits(l.slice(l.lastIndexOf(',') + 1)) <= 9)).toBe(true);
    // A file it cannot write is one line, exit 2, after the summary.
    const bad = cliIn(['run', 'mm1.json', '--series', 'nope/out.csv'], longFiles, {
      writeFile: () => {
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('spillway: cannot write --series "nope/out.csv": no such directory\n');
    expect(bad.stdout).toBe(''); // nothing that reads as a result
    expect(
      cliIn(['sweep', 'mm1.json', '--param', 'scenario.seed', '--values', '1', '--series', 'x'], longFiles)
        .code,
    ).toBe(2);
    const dash = cliIn(['run', 'mm1.json', '--series', '-'], longFiles);
    expect([dash.code, dash.stderr]).toEqual([
      2,
      'spillway: run: --series needs a file name (it writes a file, never standard output)\n',
    ]);
  });

  it('--series rows say their true width: a short last bucket, merged rows of a long run and its unfinished end', () => {
    const csvOf = (durationS: number) => {
      let text = '';
      const r = cliIn(
        ['run', 'mm1.json', '--json', '--duration', String(durationS), '--series', 'o.csv'],
        longFiles,
        {
          writeFile: (_p, chunks) => void (text = [...chunks].join('')),
        },
      );
      expect(r.code).toBe(0);
      const rows = text
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','))
        .filter((c) => c[1] === 'server' && c[4] === 'arrivals')
        .map((c) => ({ t: Number(c[2]), w: Number(c[3]), v: Number(c[5]) }));
      return { rows, summary: JSON.parse(r.stdout) as RunSummary };
    };
    // 2.5 s: the last bucket holds half a second.
    expect(csvOf(2.5).rows.map((r) => [r.t, r.w])).toEqual([
      [0, 1],
      [1, 1],
      [2, 0.5],
    ]);
    // 4,101 one-second buckets overflow the 4,096 rows kept: rows merge pairwise, and the
    // rows tile the run exactly (no overlap, no gap, the odd last bucket included) and
    // add up to every arrival.
    const { rows, summary } = csvOf(4101);
    expect(rows.every((r, i) => i === 0 || r.t === rows[i - 1].t + rows[i - 1].w)).toBe(true);
    expect(rows[0].t).toBe(0);
    expect(rows.at(-1)!.t + rows.at(-1)!.w).toBe(4101);
    expect(rows.filter((r) => r.w === 2)).toHaveLength(2050);
    const windowed = rows.filter((r) => r.t >= 2).reduce((a, r) => a + r.v, 0);
    expect(windowed).toBe(summary.nodes.server.arrivals);
  });

  it('--duration and --seed override the scenario', () => {
    const a = JSON.parse(
      cliIn(['run', 'mm1.json', '--json', '--duration', '7'], longFiles).stdout,
    ) as RunSummary;
    expect(a.simTimeS).toBe(7);
    expect(a.windowS).toEqual([2, 7]);
    const b = JSON.parse(
      cliIn(['run', '--duration=7', '--seed=99', 'mm1.json', '--json'], longFiles).stdout,
    ) as RunSummary;
    expect(b.simTimeS).toBe(7);
    expect(b.clients.users.requests).not.toBe(a.clients.users.requests);
    // A duration at or below the warm-up drops the warm-up rather than failing.
    const c = JSON.parse(
      cliIn(['run', 'mm1.json', '--json', '--duration', '1.5'], longFiles).stdout,
    ) as RunSummary;
    expect(c.simTimeS).toBe(1.5);
    expect(c.windowS[0]).toBe(0);
    // ... and says so, in the JSON and in the readable summary.
    const dropped =
      "--duration: the design's warm-up (2 s) is not shorter than --duration 1.5 s: it is dropped, so the figures cover the whole run from 0 s";
    expect(c.warnings).toEqual([dropped]);
    expect(cliIn(['run', 'mm1.json', '--duration', '1.5'], longFiles).stdout).toContain(
      `warning: ${dropped}`,
    );
    expect(a.warnings).toEqual([]);
  });

  it('the same seed gives identical JSON apart from wallMs', () => {
    const run = () => {
      const s = JSON.parse(
        cliIn(['run', 'mm1.json', '--json', '--seed', '5'], longFiles).stdout,
      ) as RunSummary;
      return { ...s, wallMs: 0 };
    };
    expect(run()).toEqual(run());
  });

  it('an invalid design is exit 2 with the path lines', () => {
    const r = cliIn(['run', 'invalid.json'], longFiles);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toContain('nodes[1].params.concurrency: must be an integer >= 1, got -2');
  });
});

describe('spillway validate', () => {
  it('exits 0 with "ok: name (N nodes, M edges)"', () => {
    const r = cliIn(['validate', 'mm1.json'], longFiles);
    expect(r).toEqual({ code: 0, stdout: 'ok: cli M/M/1 (2 nodes, 1 edge)\n', stderr: '' });
  });

  it('prints the compiler warnings as "warning: path: message"', () => {
    const design = mm1Long();
    design.nodes.push({ id: 'orphan', kind: 'service', params: {} as never });
    const v = validateDesign(design);
    if (!v.ok) throw new Error('fixture should be valid');
    const warnings = compile(v.resolved).warnings;
    expect(warnings.length).toBeGreaterThan(0);
    const r = cliIn(['validate', 'w.json'], { 'w.json': JSON.stringify(design) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      ['ok: cli M/M/1 (3 nodes, 1 edge)', ...warnings.map((w) => `warning: ${w.path}: ${w.message}`)].join(
        '\n',
      ) + '\n',
    );
    expect(r.stdout).toContain('warning: nodes[2]: "orphan" is unreachable');
  });

  it('exits 2 with exactly one "path: message" line per error', () => {
    const r = cliIn(['validate', 'invalid.json'], longFiles);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const v = validateDesign(invalid);
    expect(v.ok).toBe(false);
    const expected = v.ok ? [] : v.errors.map((e) => `${e.path}: ${e.message}`);
    expect(lines(r.stderr)).toEqual(expected);
    expect(lines(r.stderr)).toEqual([
      'nodes[1].params.concurrency: must be an integer >= 1, got -2',
      'edges[0].target: no node has id "nope"',
    ]);
  });
});

describe('bad input and usage', () => {
  const oneLine = (r: { code: number; stdout: string; stderr: string }) => {
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    return r.stderr.trim();
  };

  it('a missing file is one clear line, exit 2', () => {
    expect(oneLine(cliIn(['run', 'nope.json'], longFiles))).toBe(
      'spillway: cannot read nope.json: no such file',
    );
    expect(oneLine(cliIn(['validate', 'nope.json'], longFiles))).toBe(
      'spillway: cannot read nope.json: no such file',
    );
  });

  it('a file that is not JSON is one clear line with the position, exit 2', () => {
    expect(oneLine(cliIn(['run', 'broken.json'], longFiles))).toMatch(
      /^spillway: broken\.json is not valid JSON: .* at line 3, column \d+$/,
    );
    expect(oneLine(cliIn(['validate', 'empty.json'], longFiles))).toBe(
      'spillway: empty.json is not valid JSON: the file is empty',
    );
  });

  it('a file that is not JSON is never echoed back, and a control character is shown escaped', () => {
    // V8 quotes a stretch of the input, with "..." before or after it when cut.
    const text = {
      'prose.json': 'hello world, this is not json at all',
      'mid.json': '{"a": 1, "b": hello world and some more text after it}',
      'esc.json': '\x1b[31mred text that would colour the terminal',
    };
    expect(oneLine(cliIn(['run', 'prose.json'], text))).toBe(
      "spillway: prose.json is not valid JSON: Unexpected token 'h' at line 1, column 1",
    );
    expect(oneLine(cliIn(['run', 'mid.json'], text))).toBe(
      "spillway: mid.json is not valid JSON: Unexpected token 'h' at line 1, column 15",
    );
    expect(oneLine(cliIn(['validate', 'esc.json'], text))).toBe(
      "spillway: esc.json is not valid JSON: Unexpected token '\\u001b' at line 1, column 1",
    );
  });

  it('bad flags are one line, exit 2', () => {
    expect(oneLine(cliIn(['run', 'mm1.json', '--duration', 'abc'], longFiles))).toBe(
      'spillway: --duration must be a number of seconds above 0 and at most 10000000, got "abc"',
    );
    expect(oneLine(cliIn(['run', 'mm1.json', '--duration', '-5'], longFiles))).toMatch(/--duration must be/);
    expect(oneLine(cliIn(['run', 'mm1.json', '--seed', '1.5'], longFiles))).toBe(
      'spillway: --seed must be an integer from 0 to 4294967295, got "1.5"',
    );
    expect(oneLine(cliIn(['run', 'mm1.json', '--seed'], longFiles))).toBe(
      'spillway: run: --seed needs a value',
    );
    expect(oneLine(cliIn(['run', 'mm1.json', '--frobnicate'], longFiles))).toMatch(
      /^spillway: run: unknown option --frobnicate/,
    );
    expect(oneLine(cliIn(['validate', 'mm1.json', '--json'], longFiles))).toMatch(
      /^spillway: validate: unknown option --json/,
    );
    expect(oneLine(cliIn(['run', 'a.json', 'b.json'], longFiles))).toMatch(/expected one <file>, got 2/);
  });

  it('an unknown command is one line, exit 2', () => {
    expect(oneLine(cliIn(['simulate', 'mm1.json'], longFiles))).toMatch(
      /^spillway: unknown command "simulate"; expected one of run, validate, sweep/,
    );
  });

  it('a missing file argument or command prints the usage, exit 2', () => {
    for (const argv of [['run'], ['validate'], []]) {
      const r = cliIn(argv, longFiles);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^spillway: (run: missing <file> argument|validate: missing <file> argument|missing command)\n/,
      );
      expect(r.stderr).toContain('Usage:');
    }
  });

  it('--help prints the usage on stdout, exit 0', () => {
    const r = cliIn(['--help'], longFiles);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'spillway run <file> [--duration S] [--seed N] [--latency ok|all] [--series FILE] [--json]',
    );
    expect(r.stdout).toContain('Exit codes');
    expect(cliIn(['run', '--help']).code).toBe(0);
  });

  it('an unexpected exception is one "internal error" line, exit 1, stack only with SPILLWAY_DEBUG=1', () => {
    const boom = {
      stdout: () => {
        throw new Error('boom');
      },
    };
    const r = cliIn(['validate', 'mm1.json'], longFiles, boom);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'spillway: internal error: boom\n' });
    const d = cliIn(['validate', 'mm1.json'], longFiles, { ...boom, env: { SPILLWAY_DEBUG: '1' } });
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/^spillway: internal error: boom\nError: boom\n\s+at /);
  });
});

describe('spillway sweep', () => {
  it('prints one row per value with throughput, goodput, p50/p99, error ratio and utilizations', () => {
    const r = cliIn(
      [
        'sweep',
        'mm1.json',
        '--param',
        'edges.e1.params.timeoutMs',
        '--values',
        '20,100,null',
        '--duration',
        '10',
      ],
      longFiles,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = lines(r.stdout);
    expect(out[0]).toMatch(
      /^Sweep of edges\.e1\.params\.timeoutMs over 20, 100, null: 3 runs of 10 s simulated, seed 3, /,
    );
    expect(out[1]).toMatch(/^\s*timeoutMs\s+thr\/s\s+goodput\/s\s+p50\s+p99\s+err%\s+util server$/);
    expect(out[2]).toMatch(/^\s*20\s/);
    expect(out[3]).toMatch(/^\s*100\s/);
    expect(out[4]).toMatch(/^\s*null\s/);
  });

  it('--json gives the curve; tighter timeouts fail more calls', () => {
    const r = cliIn(
      [
        'sweep',
        'mm1.json',
        '--param',
        'edges.e1.params.timeoutMs',
        '--values',
        '20,100,null',
        '--duration',
        '10',
        '--json',
      ],
      longFiles,
    );
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      param: string;
      values: unknown[];
      points: {
        value: unknown;
        clients: Record<string, { errorRatio: number; goodputRps: number; p99: number }>;
        nodes: Record<string, { utilization: number }>;
      }[];
    };
    expect(s.param).toBe('edges.e1.params.timeoutMs');
    expect(s.points.map((p) => p.value)).toEqual([20, 100, null]);
    const err = s.points.map((p) => p.clients.users.errorRatio);
    expect(err[0]).toBeGreaterThan(err[1]);
    expect(err[1]).toBeGreaterThanOrEqual(err[2]);
    expect(err[2]).toBe(0);
    for (const p of s.points) expect(p.nodes.server.utilization).toBeGreaterThan(0.5);
  });

  it('sweeps node params and nested edge params (creating retries), and the seed flag', () => {
    const r = cliIn(
      [
        'sweep',
        'mm1.json',
        '--param',
        'nodes.server.params.concurrency',
        '--values',
        '1,2',
        '--duration',
        '5',
        '--seed',
        '11',
        '--json',
      ],
      longFiles,
    );
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      seed: number;
      points: { nodes: Record<string, { utilization: number }> }[];
    };
    expect(s.seed).toBe(11);
    expect(s.points[1].nodes.server.utilization).toBeLessThan(s.points[0].nodes.server.utilization);
    const n = cliIn(
      [
        'sweep',
        'mm1.json',
        '--param',
        'edges.e1.params.retries.max',
        '--values',
        '0,2',
        '--duration',
        '5',
        '--json',
      ],
      longFiles,
    );
    expect(n.code).toBe(0);
  });

  it('a bad value or path is exit 2 with path lines, before anything runs', () => {
    const r = cliIn(
      ['sweep', 'mm1.json', '--param', 'nodes.server.params.instances', '--values', '1,0', '--duration', '5'],
      longFiles,
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([
      'nodes[1].params.instances: must be an integer >= 1, got 0 (with nodes.server.params.instances = 0)',
    ]);
    const p = cliIn(
      ['sweep', 'mm1.json', '--param', 'nodes.nope.params.instances', '--values', '1'],
      longFiles,
    );
    expect(p.code).toBe(2);
    expect(p.stderr).toBe('--param: no node matches "nodes.nope.params.instances"; ids are users, server\n');
    expect(cliIn(['sweep', 'mm1.json', '--values', '1'], longFiles).code).toBe(2);
  });
});

describe('the real bin (node bin/spillway.mjs)', () => {
  const root = resolve(__dirname, '../..');
  const dir = mkdtempSync(join(tmpdir(), 'spillway-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'mm1.json');
  writeFileSync(file, JSON.stringify(mm1Long()));
  const bin = (args: string[], input?: string) =>
    spawnSync(process.execPath, [join(root, 'bin/spillway.mjs'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      input,
      env: { ...process.env, SPILLWAY_DEBUG: '' },
    });

  it('runs a design and prints one JSON object', () => {
    const r = bin(['run', file, '--json', '--duration', '5']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as RunSummary;
    expect(s.simTimeS).toBe(5);
    expect(Object.keys(s.clients)).toEqual(['users']);
    expect(Object.keys(s.nodes)).toEqual(['server']);
    // --series writes its file through the real file system.
    const out = join(dir, 'series.csv');
    expect(bin(['run', file, '--duration', '3', '--series', out]).status).toBe(0);
    const csv = readFileSync(out, 'utf8').split('\n');
    expect(csv[0]).toBe('scope,id,t_s,width_s,column,value');
    expect(csv.filter((l) => l.startsWith('node,server,') && l.includes(',arrivals,'))).toHaveLength(3);
  });

  it('validates, reads stdin with "-", and reports errors with exit codes', () => {
    expect(
      execFileSync(process.execPath, [join(root, 'bin/spillway.mjs'), 'validate', file], {
        encoding: 'utf8',
      }),
    ).toBe('ok: cli M/M/1 (2 nodes, 1 edge)\n');
    const stdin = bin(['validate', '-'], JSON.stringify(invalid));
    expect(stdin.status).toBe(2);
    expect(stdin.stderr).toContain('nodes[1].params.concurrency: must be an integer >= 1, got -2\n');
    const missing = bin(['run', join(dir, 'missing.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`spillway: cannot read ${join(dir, 'missing.json')}: no such file\n`);
    const usage = bin(['frob']);
    expect(usage.status).toBe(2);
    expect(bin(['--version']).stdout).toMatch(/^spillway \d+\.\d+\.\d+\n$/);
  });
});

describe('a design whose simulated time cannot advance', () => {
  it('stops with one clear line and exit 2 instead of hanging', () => {
    const stalled = {
      schemaVersion: 1,
      nodes: [
        { id: 'c', kind: 'client', params: { users: 5, thinkTimeMs: 0 } },
        { id: 's', kind: 'service', params: { serviceTimeMs: 0 } },
      ],
      edges: [{ id: 'e', source: 'c', target: 's', params: { latencyMs: 0 } }],
    };
    const r = cliIn(['run', 'stall.json', '--json'], { 'stall.json': JSON.stringify(stalled) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^spillway: the run stalled: simulated time stopped advancing at 0\.000 s/);
  });

  it('a design whose work piles up past what a run can hold stops with one line and exit 2', () => {
    const r = cliIn(['run', 'pile.json'], { 'pile.json': JSON.stringify(pileUp('service')) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^spillway: the run stopped: at 2\.\d s the design held more than 4,194,304 requests at once \([\d,]+ of them at "api"\)/,
    );
  });
});
