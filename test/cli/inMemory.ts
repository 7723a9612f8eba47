/** An in-process `spillway` over a few small in-memory design files, for the CLI tests. */
import { main, type CliIO } from '../../src/cli/main';

export const mm1 = (scenario: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  name: 'cli M/M/1',
  nodes: [
    { id: 'users', kind: 'client', params: { rps: 80 } },
    {
      id: 'server',
      kind: 'service',
      params: { instances: 1, concurrency: 1, serviceTimeMs: { dist: 'exponential', mean: 5 } },
    },
  ],
  edges: [{ id: 'e1', source: 'users', target: 'server', params: { timeoutMs: 1000 } }],
  scenario: { durationS: 6, warmupS: 2, seed: 3, ...scenario },
});

export const files: Record<string, string> = {
  'mm1.json': JSON.stringify(mm1()),
  'slow.json': JSON.stringify(
    mm1({ faults: [{ type: 'latency', target: 'server', atS: 1, durationS: 5, factor: 1 }] }),
  ),
  'lonely.json': JSON.stringify({
    schemaVersion: 1,
    nodes: [{ id: 'c', kind: 'client', params: { rps: 50 } }],
    edges: [],
    scenario: { durationS: 3 },
  }),
};

/** Runs main in-process against the in-memory files `fileSet`. */
export function runCli(argv: string[], fileSet: Record<string, string>, over: Partial<CliIO> = {}) {
  let stdout = '',
    stderr = '';
  const code = main(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: (p) => {
      if (p in fileSet) return fileSet[p];
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
    },
    env: {},
    ...over,
  });
  return { code, stdout, stderr };
}

/** runCli over `files` above. */
export const cli = (argv: string[], over: Partial<CliIO> = {}) => runCli(argv, files, over);
