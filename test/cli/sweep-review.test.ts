/**
 * Sweep behaviours a review found wrong: a header and JSON that described only the last
 * run, --seed/--duration silently overriding the swept field, a swept duration shorter
 * than the warm-up, and list indexes in --param.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './inMemory';

interface SweepJson {
  param: string;
  values: unknown[];
  durationS: number | null;
  seed: number | null;
  points: {
    value: unknown;
    durationS: number;
    seed: number;
    nodes: Record<string, { utilization: number }>;
  }[];
  warnings: string[];
}
const sweepJson = (argv: string[]) => {
  const r = cli(['sweep', ...argv, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as SweepJson;
};

describe('a sweep describes all its runs, not the last one', () => {
  it('a swept duration: the JSON says null at the top and each point its own; the header lists them', () => {
    const s = sweepJson(['mm1.json', '--param', 'scenario.durationS', '--values', '3,6']);
    expect(s.durationS).toBeNull();
    expect(s.seed).toBe(3);
    expect(s.points.map((p) => [p.value, p.durationS, p.seed])).toEqual([
      [3, 3, 3],
      [6, 6, 3],
    ]);
    const t = cli(['sweep', 'mm1.json', '--param', 'scenario.durationS', '--values', '3,6']);
    expect(t.code).toBe(0);
    expect(t.stdout.split('\n')[0]).toMatch(
      /^Sweep of scenario\.durationS over 3, 6: 2 runs of 3, 6 s simulated in turn, seed 3, \d+ ms wall$/,
    );
  });

  it('a swept seed: seeds per row; an ordinary sweep keeps one duration and one seed', () => {
    const s = sweepJson(['mm1.json', '--param', 'scenario.seed', '--values', '1,2,3']);
    expect(s.seed).toBeNull();
    expect(s.durationS).toBe(6);
    expect(s.points.map((p) => p.seed)).toEqual([1, 2, 3]);
    const t = cli(['sweep', 'mm1.json', '--param', 'scenario.seed', '--values', '1,2,3']);
    expect(t.stdout.split('\n')[0]).toMatch(
      /^Sweep of scenario\.seed over 1, 2, 3: 3 runs of 6 s simulated, seeds 1, 2, 3 in turn, /,
    );
    const o = sweepJson(['mm1.json', '--param', 'nodes.server.params.concurrency', '--values', '1,2']);
    expect([o.durationS, o.seed]).toEqual([6, 3]);
    expect(o.points.map((p) => [p.durationS, p.seed])).toEqual([
      [6, 3],
      [6, 3],
    ]);
  });
});

describe('a flag that would override the swept field', () => {
  it('is a usage error (exit 2) naming both flags, before anything runs', () => {
    for (const [param, flag] of [
      ['scenario.seed', ['--seed', '5']],
      ['scenario.durationS', ['--duration', '20']],
    ] as const) {
      const r = cli(['sweep', 'mm1.json', '--param', param, '--values', '1,2', ...flag]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${flag[0]} ${flag[1]}`);
      expect(r.stderr).toContain(`--param ${param}`);
    }
  });
});

describe('a swept duration shorter than the warm-up', () => {
  it('drops the warm-up for that run with a warning, as --duration does', () => {
    const s = sweepJson(['mm1.json', '--param', 'scenario.durationS', '--values', '1,4']);
    expect(s.points.map((p) => p.durationS)).toEqual([1, 4]);
    expect(s.warnings).toEqual([
      "scenario.durationS: the design's warm-up (2 s) is not shorter than scenario.durationS 1 s: it is dropped, so the figures cover the whole run from 0 s (with scenario.durationS = 1)",
    ]);
    const t = cli(['sweep', 'mm1.json', '--param', 'scenario.durationS', '--values', '1,4']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/\nwarning: scenario\.durationS: the design's warm-up \(2 s\) is not shorter/);
    // prepare() applies the swept duration as it applies --duration, but what it says
    // names the swept field, not a flag the sweep was not given.
    const zero = cli(['sweep', 'mm1.json', '--param', 'scenario.durationS', '--values', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(
      /^scenario\.durationS: must be a number .*got 0 \(with scenario\.durationS = 0\)\n$/,
    );
    expect(t.stdout + zero.stderr).not.toContain('--duration');
    // --duration on a run says the same thing.
    const r = cli(['run', 'mm1.json', '--duration', '1', '--json']);
    expect((JSON.parse(r.stdout) as { warnings: string[] }).warnings).toContainEqual(
      expect.stringMatching(/warm-up \(2 s\) is not shorter than --duration 1 s: it is dropped/),
    );
  });
});

describe('list indexes in --param', () => {
  it('scenario.faults.0.factor and scenario.faults[0].factor both set the fault', () => {
    for (const param of ['scenario.faults.0.factor', 'scenario.faults[0].factor']) {
      const s = sweepJson(['slow.json', '--param', param, '--values', '1,4']);
      const u = s.points.map((p) => p.nodes.server.utilization);
      expect(u[1]).toBeGreaterThan(u[0] * 1.5);
    }
    const t = cli(['sweep', 'slow.json', '--param', 'scenario.faults.0.factor', '--values', '1,4']);
    expect(t.stdout.split('\n')[2]).toMatch(/^faults\.0\.factor\s/);
  });

  it('an index that does not exist, a list without one, or a missing list is one clear line', () => {
    const err = (file: string, param: string) => {
      const r = cli(['sweep', file, '--param', param, '--values', '1']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      return r.stderr;
    };
    expect(err('slow.json', 'scenario.faults.1.factor')).toBe(
      '--param: scenario.faults has one entry (index 0), so there is no index 1\n',
    );
    expect(err('slow.json', 'scenario.faults.factor')).toBe(
      '--param: scenario.faults is a list: put an index from 0 before "factor", e.g. scenario.faults.0.factor\n',
    );
    expect(err('mm1.json', 'scenario.faults.0.factor')).toBe(
      '--param: scenario.faults is not in the design, so it has no index 0: add the list to the design first\n',
    );
  });
});
