/**
 * CLI behaviours a review found wrong: options before the command, raw write errors, and
 * table cells that read as figures they were not.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, files, runCli } from './inMemory';

describe('options before the command', () => {
  it('are read as if they followed it', () => {
    const a = cli(['--json', 'run', 'mm1.json']);
    expect(a.code).toBe(0);
    const b = cli(['run', 'mm1.json', '--json']);
    const strip = (s: string) => s.replace(/"wallMs": \d+/, '');
    expect(strip(a.stdout)).toBe(strip(b.stdout));
    const c = cli(['--seed', '9', '--duration', '3', 'run', 'mm1.json', '--json']);
    expect((JSON.parse(c.stdout) as { simTimeS: number }).simTimeS).toBe(3);
    expect(cli(['--json', 'mm1.json']).stderr).toBe(
      'spillway: missing command before --json; expected one of run, validate, sweep (see spillway --help)\n',
    );
  });
});

describe('a --series file that fails while being written', () => {
  it('names the file and the step that failed, not a raw "EIO: i/o error, write"', () => {
    const failing = (code: string, message: string) =>
      cli(['run', 'mm1.json', '--series', 'out.csv'], {
        writeFile: () => {
          throw Object.assign(new Error(message), { code, syscall: 'write' });
        },
      });
    const r = failing('EIO', 'EIO: i/o error, write');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'spillway: cannot write --series "out.csv": a write to it failed: the device reported an input/output error (the file may be left incomplete)\n',
    );
    expect(failing('EWHATEVER', 'EWHATEVER: something odd, write').stderr).toBe(
      'spillway: cannot write --series "out.csv": a write to it failed: something odd (EWHATEVER) (the file may be left incomplete)\n',
    );
  });
});

describe('the run table', () => {
  it('shows "-" for the retry amplification of a client that made no call', () => {
    const r = cli(['run', 'lonely.json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const head = lines.find((l) => l.startsWith('client'))!;
    const row = lines.find((l) => l.startsWith('c '))!;
    const col = head.indexOf('retry×') + 'retry×'.length;
    expect(row.slice(0, col).trimEnd().endsWith(' -')).toBe(true);
  });

  it("says a service's instances are the count up at the end of the run", () => {
    const r = cli(['run', 'mm1.json']);
    expect(r.stdout).toMatch(/\nserver .*instances at end 1, degraded 0\n/);
  });
});

const bin = new URL('../../bin/spillway.mjs', import.meta.url).pathname;
describe.skipIf(!existsSync('/dev/full'))('the real bin writing --series to a full device', () => {
  it('is one line naming the file and the failure, exit 2', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, [bin, 'run', '-', '--series', '/dev/full'], {
      input: files['mm1.json'],
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'spillway: cannot write --series "/dev/full": a write to it failed: no space left on the device (the file may be left incomplete)\n',
    );
  });
});

describe('end-of-run states in the details column', () => {
  it("are the ones the kinds' catalog entries declare: a cache's and a CDN's size, a cache's unflushed writes", () => {
    const leafBehind = (kind: string) => ({
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 50 } },
        { id: 'front', kind, params: {} },
        { id: 'origin', kind: 'service', params: { instances: 2 } },
      ],
      edges: [
        { id: 'e1', source: 'users', target: 'front' },
        { id: 'e2', source: 'front', target: 'origin' },
      ],
      scenario: { durationS: 3, seed: 1 },
    });
    const details = (kind: string) => {
      const r = runCli(['run', 'd.json'], { 'd.json': JSON.stringify(leafBehind(kind)) });
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').find((l) => l.startsWith('front '))!;
    };
    const cache = details('cache');
    expect(cache).toMatch(/, size at end \d+, /);
    expect(cache).toMatch(/, pendingWrites at end \d+$/);
    expect(cache).toMatch(/ hits \d+, /); // a figure over the window keeps its key alone
    expect(details('cdn')).toMatch(/, size at end \d+, /);
    expect(details('cdn')).not.toContain('hits at end');
  });
});
