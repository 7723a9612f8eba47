/**
 * `npm run bench:ab -- <rev> [<rev> ...] [--rounds N] [--scenario a|b|ab] [--b-seconds S]`:
 * an A/B of engine speed between git revisions (the working tree is `.`), for deciding
 * whether a change to the engine pays.
 *
 * Each revision is checked out into a temporary worktree (sharing this node_modules), and
 * the scenarios of bench/scenarios.ts run in rounds, the revisions interleaved within each
 * round, every run in a fresh `node --single-threaded` process. Why single-threaded: with
 * V8's background compilation on, the same build's run of (a) varies by about ±25% on the
 * 2-core machines (when optimized code arrives depends on what else the cores do); with
 * it off the spread is about ±3%, so a 5% change shows. It measures the engine under a
 * slightly different JIT than the browser's, so read the ratio between revisions, not the
 * absolute figures (those are `npm run bench`'s job).
 *
 * Prints each revision's sorted wall times and the median ratio against the first one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Options {
  revs: string[];
  rounds: number;
  scenarios: ('a' | 'b')[];
  bSeconds: number;
}

function parse(argv: string[]): Options {
  const o: Options = { revs: [], rounds: 5, scenarios: ['a', 'b'], bSeconds: 300 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--rounds') o.rounds = Math.max(1, Number(value()) | 0);
    else if (a === '--scenario')
      o.scenarios = [...value()].filter((c): c is 'a' | 'b' => c === 'a' || c === 'b');
    else if (a === '--b-seconds') o.bSeconds = Math.max(1, Number(value()));
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.revs.push(a);
  }
  if (o.revs.length === 0) o.revs = ['HEAD', '.'];
  if (o.scenarios.length === 0) throw new Error('--scenario takes a, b or ab');
  return o;
}

/** Times one scenario of the engine found under `root`; prints the wall seconds. */
const RUNNER = `
const [root, which, arg] = process.argv.slice(2);
const { prepare } = await import(root + '/src/sim/run.ts');
const { mm1Design, mm1DurationFor, tenNodeDesign } = await import(root + '/bench/scenarios.ts');
const p = prepare(which === 'a' ? mm1Design(mm1DurationFor(Number(arg))) : tenNodeDesign(Number(arg)));
if (!p.ok) throw new Error(JSON.stringify(p.errors));
const t0 = performance.now();
p.engine.runToEnd();
console.log(((performance.now() - t0) / 1000).toFixed(3));
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function main(): void {
  const o = parse(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'spillway-ab-'));
  const runner = join(scratch, 'runner.mts');
  writeFileSync(runner, RUNNER);
  const roots: string[] = [];
  try {
    for (const [i, rev] of o.revs.entries()) {
      if (rev === '.') {
        roots.push(ROOT);
        continue;
      }
      const dir = join(scratch, `rev${i}`);
      execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', dir, rev], { stdio: 'ignore' });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      if (!existsSync(join(dir, 'bench', 'scenarios.ts')))
        throw new Error(`${rev} has no bench/scenarios.ts`);
      roots.push(dir);
    }
    const times = new Map<string, number[]>();
    for (let round = 1; round <= o.rounds; round++) {
      for (const s of o.scenarios) {
        for (const [i, root] of roots.entries()) {
          const arg = s === 'a' ? '2000000' : String(o.bSeconds);
          const r = spawnSync(
            process.execPath,
            ['--single-threaded', '--import', 'tsx', runner, root, s, arg],
            {
              cwd: ROOT,
              encoding: 'utf8',
            },
          );
          if (r.status !== 0) throw new Error(`${o.revs[i]} (${s}) failed:\n${r.stderr}`);
          const key = `${s} ${i}`;
          times.set(key, [...(times.get(key) ?? []), Number(r.stdout.trim())]);
        }
      }
      process.stderr.write(`round ${round}/${o.rounds} done\n`);
    }
    for (const s of o.scenarios) {
      const label = s === 'a' ? '(a) M/M/1, 2M requests' : `(b) 10 nodes, ${o.bSeconds} simulated s`;
      process.stdout.write(`${label}: wall seconds, sorted; median ratio to ${o.revs[0]}\n`);
      const base = median(times.get(`${s} 0`)!);
      for (const [i, rev] of o.revs.entries()) {
        const ts = times.get(`${s} ${i}`)!;
        const sorted = [...ts].sort((a, b) => a - b).map((t) => t.toFixed(3));
        const ratio = (median(ts) / base).toFixed(3);
        process.stdout.write(
          `  ${rev.padEnd(12)} ${sorted.join(' ')}   median ${median(ts).toFixed(3)}  ×${ratio}\n`,
        );
      }
    }
  } finally {
    for (const root of roots)
      if (root !== ROOT)
        execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', root], { stdio: 'ignore' });
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
