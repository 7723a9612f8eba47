/**
 * Command-line parsing for the headless runner. Hand-rolled (rather than node:util
 * parseArgs) so that every mistake gets one precise, friendly line and exit code 2.
 */

export const USAGE = `Usage:
  spillway run <file> [--duration S] [--seed N] [--latency ok|all] [--series FILE] [--json]
  spillway validate <file>
  spillway sweep <file> --param <path> --values a,b,c [--figures LIST] [--duration S] [--seed N]
                 [--latency ok|all] [--json]
  spillway --help | --version

Commands:
  run        Simulate a design to the end and print a summary of clients and nodes.
  validate   Check a design file; print every problem as "path: message".
  sweep      Run the design once per value of one parameter and print the curve.

Options:
  --duration S   Simulated seconds (overrides scenario.durationS).
  --seed N       Random seed, an integer 0..4294967295 (overrides scenario.seed).
  --latency W    Latencies in the tables: of ok answers (ok, the default, as the
                 dashboard shows them) or of every answer, failures too (all).
                 --json always carries both (okLatencyMs and latencyMs).
  --series FILE  Run: also write every time series (clients, nodes, edges) to FILE as
                 CSV, one line per element, bucket and column.
  --json         Print exactly one JSON object on stdout and nothing else.
  --param P      Sweep: the parameter to vary, e.g. nodes.api.params.instances,
                 edges.e1.params.timeoutMs, edges.e1.params.retries.max, scenario.warmupS,
                 scenario.faults.0.factor (a list entry by its index from 0, which must
                 exist). Sweeping scenario.durationS or scenario.seed excludes --duration
                 or --seed; a swept duration drops a warm-up that no longer fits, as
                 --duration does.
  --values LIST  Sweep: comma-separated values (numbers, true/false/null, JSON, or words).
  --figures LIST Sweep of a node's parameter (nodes.<id>...): which of that node's own
                 figures get a column beside the curve, e.g. hitRatio,evictions; "all"
                 for every one, "none" for none. The default is a few per kind: a cache's
                 or CDN's hit ratio, evictions and expirations; a gateway's hit ratio
                 and throttled calls; a queue's mean depth,
                 depth at end, peak age of its oldest message and enqueue-to-ack time; a
                 service's mean queue and instances at end; a database's mean queue,
                 stale reads and failovers (other kinds: their first three). Any node
                 also has meanQueueLength, maxQueueLength, meanInFlight, arrivals,
                 throughputRps, errorRatio and utilization. --json carries the figures
                 as each point's "figures" and names the node in "sweptNode". A sweep of an
                 edge or scenario parameter, of a client (whose figures are the curve's
                 own columns) or of a zone adds none and refuses --figures.
  -h, --help     Show this help.

<file> is a design file (DESIGN.md §2); "-" reads it from standard input. Options may
also come before the command (spillway --json run <file>).

Exit codes: 0 success; 1 internal error; 2 bad usage, an unreadable or invalid design
file, or a --series file that cannot be written.`;

import type { LatencyAnswers } from '../sim/summary';
import { parseValues } from './sweep';

export type Command = 'run' | 'validate' | 'sweep';

export interface Args {
  command: Command;
  file: string;
  durationS?: number;
  seed?: number;
  json: boolean;
  param?: string;
  values?: string;
  /** Which answers the tables' latencies cover (the JSON carries both). */
  latency: LatencyAnswers;
  /** Run: where to write the time series as CSV. */
  series?: string;
  /** Sweep: the swept node's figures to show, by key; undefined for the kind's default. */
  figures?: readonly string[] | 'all' | 'none';
}

export type ParseResult =
  | { kind: 'args'; args: Args }
  | { kind: 'help' }
  | { kind: 'version' }
  /** `usage`: also print the usage text after the message. */
  | { kind: 'error'; message: string; usage?: boolean };

const COMMANDS: readonly Command[] = ['run', 'validate', 'sweep'];
type Flag = 'duration' | 'seed' | 'json' | 'param' | 'values' | 'latency' | 'series' | 'figures';
const FLAGS: Record<Command, readonly Flag[]> = {
  run: ['duration', 'seed', 'json', 'latency', 'series'],
  validate: [],
  sweep: ['duration', 'seed', 'json', 'param', 'values', 'latency', 'figures'],
};
const TAKES_VALUE: Record<Flag, boolean> = {
  duration: true,
  seed: true,
  json: false,
  param: true,
  values: true,
  latency: true,
  series: true,
  figures: true,
};

export function parseArgs(given: readonly string[]): ParseResult {
  let argv = given;
  if (argv.length === 0) return { kind: 'error', message: 'missing command', usage: true };
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { kind: 'help' };
  if (argv[0] === '--version' || argv[0] === '-V') return { kind: 'version' };
  // Options before the command (`spillway --json run x.json`): the command is the first
  // word that names one; what came before it is parsed as if it followed it.
  const at = argv.findIndex((a) => (COMMANDS as readonly string[]).includes(a));
  if (argv[0].startsWith('-') && argv[0] !== '-' && at > 0)
    argv = [argv[at], ...argv.slice(0, at), ...argv.slice(at + 1)];
  const cmd = argv[0];
  if (!(COMMANDS as readonly string[]).includes(cmd)) {
    const what = cmd.startsWith('-')
      ? `missing command before ${cmd}`
      : `unknown command ${JSON.stringify(cmd)}`;
    return {
      kind: 'error',
      message: `${what}; expected one of ${COMMANDS.join(', ')} (see spillway --help)`,
    };
  }
  const command = cmd as Command;
  const allowed = FLAGS[command];
  const positional: string[] = [];
  const raw: Partial<Record<Flag, string | true>> = {};
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      if (a.startsWith('-') && a !== '-')
        return { kind: 'error', message: `${command}: unknown option ${a} (see spillway --help)` };
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = (eq >= 0 ? a.slice(2, eq) : a.slice(2)) as Flag;
    if (!(allowed as readonly string[]).includes(name)) {
      return { kind: 'error', message: `${command}: unknown option --${name} (see spillway --help)` };
    }
    if (TAKES_VALUE[name]) {
      let v: string | undefined;
      if (eq >= 0) v = a.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) v = argv[++i];
      if (v === undefined) return { kind: 'error', message: `${command}: --${name} needs a value` };
      raw[name] = v;
    } else {
      if (eq >= 0) return { kind: 'error', message: `${command}: --${name} takes no value` };
      raw[name] = true;
    }
  }
  if (positional.length === 0)
    return { kind: 'error', message: `${command}: missing <file> argument`, usage: true };
  if (positional.length > 1) {
    return {
      kind: 'error',
      message: `${command}: expected one <file>, got ${positional.length}: ${positional.join(' ')}`,
    };
  }
  const args: Args = { command, file: positional[0], json: raw.json === true, latency: 'ok' };
  if (typeof raw.latency === 'string') {
    if (raw.latency !== 'ok' && raw.latency !== 'all')
      return {
        kind: 'error',
        message: `--latency must be ok (latency of ok answers) or all (every answer), got ${JSON.stringify(raw.latency)}`,
      };
    args.latency = raw.latency;
  }
  if (typeof raw.series === 'string') {
    if (raw.series === '' || raw.series === '-')
      return {
        kind: 'error',
        message: 'run: --series needs a file name (it writes a file, never standard output)',
      };
    args.series = raw.series;
  }
  if (typeof raw.duration === 'string') {
    const d = parseNumber(raw.duration);
    if (d === undefined || !(d > 0 && d <= 1e7)) {
      return {
        kind: 'error',
        message: `--duration must be a number of seconds above 0 and at most 10000000, got ${JSON.stringify(raw.duration)}`,
      };
    }
    args.durationS = d;
  }
  if (typeof raw.seed === 'string') {
    const s = parseNumber(raw.seed);
    if (s === undefined || !Number.isInteger(s) || s < 0 || s > 4294967295) {
      return {
        kind: 'error',
        message: `--seed must be an integer from 0 to 4294967295, got ${JSON.stringify(raw.seed)}`,
      };
    }
    args.seed = s;
  }
  if (command === 'sweep') {
    if (typeof raw.param !== 'string' || raw.param === '')
      return { kind: 'error', message: 'sweep: missing --param <path> (e.g. nodes.api.params.instances)' };
    if (typeof raw.values !== 'string' || raw.values.trim() === '')
      return { kind: 'error', message: 'sweep: missing --values a,b,c' };
    // `--values '[]'` is a list with nothing in it: a sweep of no runs describes nothing.
    if (parseValues(raw.values).length === 0)
      return {
        kind: 'error',
        message: `sweep: --values ${JSON.stringify(raw.values)} lists no values; give at least one, e.g. --values 1,2,3`,
      };
    args.param = raw.param;
    args.values = raw.values;
    if (typeof raw.figures === 'string') {
      const f = parseFigures(raw.figures, raw.param);
      if (typeof f === 'object' && 'error' in f) return { kind: 'error', message: f.error };
      args.figures = f;
    }
    // A flag that overrides the swept field would make every row the same run.
    const clash =
      raw.param === 'scenario.seed' && args.seed !== undefined
        ? `--seed ${raw.seed as string}`
        : raw.param === 'scenario.durationS' && args.durationS !== undefined
          ? `--duration ${raw.duration as string}`
          : undefined;
    if (clash)
      return {
        kind: 'error',
        message: `sweep: ${clash} overrides every value of --param ${raw.param}, so every row would be the same run; drop ${clash.split(' ')[0]} or sweep another parameter`,
      };
  }
  return { kind: 'args', args };
}

/**
 * `--figures hitRatio,evictions` / `all` / `none`. Only a sweep of a node's parameter has
 * a node to show figures of; whether the keys are that node's is checked against the
 * design, before anything runs.
 */
function parseFigures(text: string, param: string): readonly string[] | 'all' | 'none' | { error: string } {
  if (!param.startsWith('nodes.'))
    return {
      error: `sweep: --figures shows figures of the node whose parameter is swept, and --param ${param} is not a node's (it would start with nodes.<id>.)`,
    };
  const keys = text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'none')) return keys[0];
  if (keys.length === 0)
    return { error: 'sweep: --figures lists no figure; give keys (e.g. hitRatio,evictions), all or none' };
  if (keys.includes('all') || keys.includes('none'))
    return { error: `sweep: --figures takes all or none on its own, got ${JSON.stringify(text)}` };
  return [...new Set(keys)];
}

/** A plain decimal or scientific number; rejects "", "0x10", "1e", "Infinity". */
function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}
