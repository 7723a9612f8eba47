/**
 * A design file cannot write to the terminal: its name, ids and labels are printed with
 * control characters, line separators and bidi controls escaped (a review saw a name clear
 * the screen and retitle the window, and an id print a fake "fake: ok" line), and --json
 * stays exact JSON. Also the sweep's refusals before anything runs: no values, no design.
 */
import { describe, expect, it } from 'vitest';
import { printable } from '../../src/cli/format';
import { mm1, runCli } from './inMemory';

/** ESC sequences (clear, red), an OSC window title, a line feed, a carriage return, U+2028, a right-to-left override. */
const NAME = 'evil\u001b[2J\u001b[31m\u001b]0;pwned\u0007 name\nfake: ok\r\u2028x\u202eabc';
const CLIENT = 'users\u001b[31m\u009b';
const SERVER = 's\n\nfake: ok';
const EDGE = 'e\r1\u2066\u007f';

/** The same, as the terminal must show them. */
const NAME_SHOWN = 'evil\\u001b[2J\\u001b[31m\\u001b]0;pwned\\u0007 name\\nfake: ok\\r\\u2028x\\u202eabc';
const CLIENT_SHOWN = 'users\\u001b[31m\\u009b';
const SERVER_SHOWN = 's\\n\\nfake: ok';
const EDGE_SHOWN = 'e\\r1\\u2066\\u007f';

const evil = {
  schemaVersion: 1,
  name: NAME,
  nodes: [
    { id: CLIENT, kind: 'client', label: 'label\u001b[1m\n', params: { rps: 50 } },
    {
      id: SERVER,
      kind: 'service',
      params: { instances: 1, concurrency: 1, serviceTimeMs: { dist: 'exponential', mean: 5 } },
    },
  ],
  // A timeout shorter than the service time, with retries: the edge has a row in the run's table.
  edges: [{ id: EDGE, source: CLIENT, target: SERVER, params: { timeoutMs: 1, retries: { max: 2 } } }],
  scenario: { durationS: 3, warmupS: 1, seed: 1 },
};

const files = {
  'evil.json': JSON.stringify(evil),
  'mm1.json': JSON.stringify(mm1()),
  'array.json': '[1, 2]',
  'null.json': 'null',
  'dangling.json': JSON.stringify({
    ...evil,
    edges: [{ id: EDGE, source: CLIENT, target: 'nope\u001b[2J\u2028\u202e' }],
  }),
};
const cli = (argv: string[]) => runCli(argv, files);

/** Everything the CLI must never print raw (a line feed only ends a line). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Checks text printed for a terminal: no raw control character, no forged line. */
function expectSafe(text: string): string[] {
  expect(text).not.toMatch(RAW);
  const lines = text.split('\n');
  expect(lines.filter((l) => l.startsWith('fake'))).toEqual([]);
  return lines;
}

/** The one line that starts with `start` (an element's row). */
function rowOf(lines: string[], start: string): string {
  const rows = lines.filter((l) => l.startsWith(start));
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe('printable', () => {
  it('escapes controls, separators and bidi controls, and leaves ordinary text alone', () => {
    expect(printable(NAME)).toBe(NAME_SHOWN);
    expect(printable('\t\u0000\u0085\u2029\u202a\u2069')).toBe('\\t\\u0000\\u0085\\u2029\\u202a\\u2069');
    const ordinary = 'Read-heavy web app: users → lb, ×1.5, café 東京 (ok)';
    expect(printable(ordinary)).toBe(ordinary);
    expect(printable(NAME_SHOWN)).toBe(NAME_SHOWN);
  });
});

describe('a design whose name and ids carry control characters', () => {
  it('validate prints the name escaped, on one line', () => {
    const r = cli(['validate', 'evil.json']);
    expect(r.code).toBe(0);
    expectSafe(r.stderr);
    const lines = expectSafe(r.stdout);
    expect(lines[0]).toBe(`ok: ${NAME_SHOWN} (2 nodes, 1 edge)`);
  });

  it('run prints the header and one row per element, escaped, with the columns aligned', () => {
    const r = cli(['run', 'evil.json']);
    expect(r.code).toBe(0);
    expectSafe(r.stderr);
    const lines = expectSafe(r.stdout);
    expect(lines[0]).toMatch(new RegExp(`^${escapeRe(NAME_SHOWN)}: 3 s simulated, \\d+ events in `));
    const client = rowOf(lines, CLIENT_SHOWN);
    const node = rowOf(lines, SERVER_SHOWN);
    const edge = rowOf(lines, EDGE_SHOWN);
    // Widths are those of the escaped text: the next column starts under its heading.
    const nodeHead = rowOf(lines, 'node ');
    expect(node.indexOf('service')).toBe(nodeHead.indexOf('kind'));
    const clientHead = rowOf(lines, 'client ');
    expect(client.slice(0, clientHead.indexOf('requests'))).toBe(
      CLIENT_SHOWN.padEnd(clientHead.indexOf('requests')),
    );
    const edgeHead = rowOf(lines, 'edge ');
    expect(edge.indexOf(`${CLIENT_SHOWN} → ${SERVER_SHOWN}`)).toBe(edgeHead.indexOf('path'));
  });

  it('sweep prints the header, the table and the client escaped', () => {
    const param = `nodes.${SERVER}.params.instances`;
    const r = cli(['sweep', 'evil.json', '--param', param, '--values', '1,2']);
    expect(r.code).toBe(0);
    expectSafe(r.stderr);
    const lines = expectSafe(r.stdout);
    expect(lines[0]).toMatch(
      new RegExp(`^Sweep of nodes\\.${escapeRe(SERVER_SHOWN)}\\.params\\.instances over 1, 2: 2 runs `),
    );
    const head = rowOf(lines, 'instances ');
    expect(head).toContain(`  util ${SERVER_SHOWN}  `);
    // The swept node's figures follow (a service's: mean queue, instances at end).
    expect(head.endsWith('  instances at end')).toBe(true);
    const rows = lines.filter((l) => /^\s+[12] /.test(l));
    expect(rows).toHaveLength(2);
    // The last column ends under its heading.
    for (const row of rows) expect(row.length).toBe(head.length);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^Client ${escapeRe(CLIENT_SHOWN)}; `)));
    // The note on whose figures they are names the node escaped.
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`: node ${escapeRe(SERVER_SHOWN)} \\(service\\); `)),
    );
  });

  it('--json stays exact JSON: the strings come back as they were in the file', () => {
    const run = cli(['run', 'evil.json', '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW);
    const s = JSON.parse(run.stdout) as {
      name: string;
      clients: Record<string, unknown>;
      nodes: Record<string, unknown>;
      edges: Record<string, unknown>;
    };
    expect(s.name).toBe(NAME);
    expect(Object.keys(s.clients)).toEqual([CLIENT]);
    expect(Object.keys(s.nodes)).toEqual([SERVER]);
    expect(Object.keys(s.edges)).toEqual([EDGE]);

    const sweep = cli([
      'sweep',
      'evil.json',
      '--param',
      'scenario.seed',
      '--values',
      '1,"a\u009b\u2028"',
      '--json',
    ]);
    expect(sweep.stdout).not.toMatch(RAW);
    // The second value is not a seed: the refusal on stderr is escaped too.
    expect(sweep.code).toBe(2);
    expectSafe(sweep.stderr);
    const ok = cli(['sweep', 'evil.json', '--param', 'scenario.seed', '--values', '1,2', '--json']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toMatch(RAW);
    const j = JSON.parse(ok.stdout) as { points: { clients: Record<string, unknown> }[] };
    expect(Object.keys(j.points[0].clients)).toEqual([CLIENT]);
  });

  it('problems that name the ids are escaped too', () => {
    const r = cli(['validate', 'dangling.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // (A problem's message is on one line: its white space, U+2028 too, is one space.)
    expect(r.stderr).toContain('no node has id "nope\\u001b[2J \\u202e"');
    expectSafe(r.stderr);
    const p = cli(['sweep', 'evil.json', '--param', 'nodes.zz.params.instances', '--values', '1']);
    expect(p.code).toBe(2);
    expect(p.stderr).toBe(
      `--param: no node matches "nodes.zz.params.instances"; ids are ${CLIENT_SHOWN}, ${SERVER_SHOWN}\n`,
    );
  });

  it('ordinary names print as before', () => {
    const r = cli(['validate', 'mm1.json']);
    expect(r.stdout).toBe('ok: cli M/M/1 (2 nodes, 1 edge)\n');
  });
});

describe('a sweep refuses before running anything', () => {
  const refused = (argv: string[]) => {
    const r = cli(['sweep', ...argv]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
    return r.stderr;
  };

  it('an empty list of values is a usage error', () => {
    for (const values of ['[]', ' [ ] ']) {
      for (const json of [[], ['--json']]) {
        const e = refused([
          'mm1.json',
          '--param',
          'nodes.server.params.instances',
          '--values',
          values,
          ...json,
        ]);
        expect(e).toBe(
          `spillway: sweep: --values ${JSON.stringify(values)} lists no values; give at least one, e.g. --values 1,2,3\n`,
        );
      }
    }
    // Whatever the file and the path: the values are checked first.
    expect(refused(['array.json', '--param', 'x', '--values', '[]'])).toMatch(/lists no values/);
  });

  it('a file that is not a design is refused as run refuses it, whatever the path', () => {
    for (const file of ['array.json', 'null.json']) {
      const run = cli(['run', file]);
      expect(run.code).toBe(2);
      for (const param of ['nodes.server.params.instances', 'scenario.seed', 'x'])
        expect(refused([file, '--param', param, '--values', '1,2'])).toBe(run.stderr);
    }
    expect(cli(['run', 'array.json']).stderr).toBe(
      '(file): must be a JSON object with schemaVersion, nodes and edges\n',
    );
  });

  it('a --param that names nothing in the design is one line, not one per value', () => {
    expect(refused(['mm1.json', '--param', 'nodes.zz.params.instances', '--values', '1,2'])).toBe(
      '--param: no node matches "nodes.zz.params.instances"; ids are users, server\n',
    );
    const field = refused(['mm1.json', '--param', 'nodes.server.params.bogus', '--values', '1,2,3']);
    expect(field).toMatch(/^nodes\[1\]\.params\.bogus: unknown parameter; expected one of instances, /);
    expect(field).not.toContain('(with');
    expect(refused(['mm1.json', '--param', 'scenario.bogus', '--values', '1,2'])).toMatch(
      /^scenario: unknown field "bogus"/,
    );
    // A problem of some values only still names the value it holds for.
    const r = cli(['sweep', 'mm1.json', '--param', 'nodes.server.params.instances', '--values', '0,1,-1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/got 0 \(with nodes\.server\.params\.instances = 0\)$/),
      expect.stringMatching(/got -1 \(with nodes\.server\.params\.instances = -1\)$/),
    ]);
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
