/**
 * The headless runner (DESIGN.md §7): `spillway run | validate | sweep`.
 *
 * `main` is pure apart from the `io` it is given: tests call it in-process with
 * string buffers, bin/spillway.mjs calls it with the real process streams. It never
 * throws and never exits; it returns the exit code:
 *   0 success, 1 internal error, 2 bad usage or an unreadable or invalid design file.
 *
 * Whatever it prints that came from the design file or the command line (a name, an id,
 * a path, a problem's message) goes through `printable` (text) or `terminalJson` (--json),
 * so a control character in it is shown escaped and never acted on by the terminal.
 */
import { validateDesign } from '../model/design';
import { jsonSyntaxError, oneLine } from '../model/jsonText';
import type { Problem } from '../model/params';
import { compile } from '../sim/compile';
import { OverloadError, StalledError, type Engine } from '../sim/engine';
import { prepare, type RunOptions } from '../sim/run';
import { nodeExtras, summarize, type RunSummary } from '../sim/summary';
import { kindSpec } from '../model/kinds';
import { parseArgs, USAGE, type Args } from './args';
import {
  fmtNum,
  formatRunSummary,
  formatSweep,
  printable,
  sweepPoint,
  terminalJson,
  type SweepFigures,
  type SweepRow,
} from './format';
import { seriesCsvChunks } from '../sim/seriesCsv';
import { applyParam, chooseFigures, COMMON_FIGURES, paramLabel, parseValues, sweptNodeId } from './sweep';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a file as UTF-8; throws a Node-style error (with `code`) when it cannot. */
  readFile(path: string): string;
  /** Writes a file as UTF-8 from its chunks, in order (run --series); throws a Node-style error when it cannot. */
  writeFile?(path: string, chunks: Iterable<string>): void;
  /** Wall clock in ms, for wallMs and progress (default: performance.now). */
  now?: () => number;
  /** Whether a progress line may be drawn on stderr (the bin sets it when stderr is a TTY). */
  progress?: boolean;
  /** Environment (SPILLWAY_DEBUG=1 prints stacks of internal errors). */
  env?: Record<string, string | undefined>;
  version?: string;
}

export const EXIT_OK = 0,
  EXIT_INTERNAL = 1,
  EXIT_USAGE = 2;

export function main(argv: readonly string[], io: CliIO): number {
  try {
    return dispatch(argv, io);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    if (err instanceof StalledError) {
      // The design, not the program, is at fault: a usage-class error with the engine's advice.
      io.stderr(`spillway: the run stalled: ${printable(oneLine(err.message, 600))}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof OverloadError) {
      io.stderr(`spillway: the run stopped: ${printable(oneLine(err.message, 600))}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`spillway: internal error: ${printable(oneLine(err.message || String(e)))}\n`);
    if (io.env?.SPILLWAY_DEBUG === '1' && err.stack) io.stderr(err.stack + '\n');
    return EXIT_INTERNAL;
  }
}

function dispatch(argv: readonly string[], io: CliIO): number {
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout(USAGE + '\n');
      return EXIT_OK;
    case 'version':
      io.stdout(`spillway ${io.version ?? 'unknown'}\n`);
      return EXIT_OK;
    case 'error':
      io.stderr(`spillway: ${printable(parsed.message)}\n`);
      if (parsed.usage) io.stderr('\n' + USAGE + '\n');
      return EXIT_USAGE;
  }
  const args = parsed.args;
  const loaded = loadJson(args.file, io);
  if (!loaded.ok) {
    io.stderr(`spillway: ${printable(loaded.message)}\n`);
    return EXIT_USAGE;
  }
  switch (args.command) {
    case 'validate':
      return validate(loaded.value, io);
    case 'run':
      return run(loaded.value, args, io);
    case 'sweep':
      return sweep(loaded.value, args, io);
  }
}

// ---- input ---------------------------------------------------------------------------------

/** A file system error in a few words ("no such file", "permission denied", ...); `missing` says ENOENT. */
function fileError(e: unknown, missing = 'no such file'): string {
  const code = (e as { code?: unknown }).code;
  const known: Record<string, string> = {
    ENOENT: missing,
    EISDIR: 'it is a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a part of the path is not a directory',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'the file system is read-only',
    EIO: 'the device reported an input/output error',
    EFBIG: 'the file is too large',
    ENAMETOOLONG: 'the name is too long',
    EMFILE: 'too many open files',
  };
  if (typeof code === 'string' && code in known) return known[code];
  // Node's "ECODE: what, syscall 'path'" without the code and the syscall, which the
  // caller's own words already say; the code in brackets for a search.
  const raw = oneLine(e instanceof Error ? e.message : String(e));
  if (typeof code !== 'string') return raw;
  const what = raw.replace(/^[A-Z0-9_]+: /, '').replace(/, \w+(?: '.*')?$/, '');
  return `${what} (${code})`;
}

/** A write error in words: which step failed (from a Node error's `syscall`), then why. */
function writeError(e: unknown): string {
  const syscall = (e as { syscall?: unknown }).syscall;
  const why = fileError(e, 'no such directory');
  return syscall === 'write'
    ? `a write to it failed: ${why} (the file may be left incomplete)`
    : syscall === 'close'
      ? `closing it failed: ${why} (it may be incomplete)`
      : why;
}

function loadJson(file: string, io: CliIO): { ok: true; value: unknown } | { ok: false; message: string } {
  const name = file === '-' ? '(stdin)' : file;
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    return { ok: false, message: `cannot read ${name}: ${fileError(e)}` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return {
      ok: false,
      message: `${name} is not valid JSON: ${jsonSyntaxError(e, text)}`,
    };
  }
}

/** A problem or warning as one printable line: `path: message`, without its newline. */
const problemLine = (p: Problem, suffix = '') => printable(`${p.path}: ${oneLine(p.message, 1000)}${suffix}`);

function printProblems(problems: readonly Problem[], io: CliIO, suffix = ''): void {
  io.stderr(problems.map((p) => problemLine(p, suffix) + '\n').join(''));
}

// ---- validate --------------------------------------------------------------------------------

function validate(value: unknown, io: CliIO): number {
  const v = validateDesign(value);
  if (!v.ok) {
    printProblems(v.errors, io);
    return EXIT_USAGE;
  }
  const r = v.resolved;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  let out = `ok: ${printable(r.name)} (${plural(r.nodes.length, 'node')}, ${plural(r.edges.length, 'edge')})\n`;
  for (const w of compile(r).warnings) out += `warning: ${problemLine(w)}\n`;
  io.stdout(out);
  return EXIT_OK;
}

// ---- run -------------------------------------------------------------------------------------

const clock = (io: CliIO) => io.now ?? (() => performance.now());

/** Runs the engine to the end, drawing a progress line on stderr if allowed. */
function drive(engine: Engine, io: CliIO, label: string, showProgress: boolean): void {
  const now = clock(io);
  let last = now();
  let drawn = false;
  while (!engine.finished) {
    engine.advance(engine.endMs, 250_000);
    if (showProgress && now() - last > 200) {
      last = now();
      const pct = engine.endMs > 0 ? Math.min(100, (100 * engine.now) / engine.endMs) : 100;
      io.stderr(
        `\r${label}${pct.toFixed(0).padStart(3)}% (${(engine.now / 1000).toFixed(0)} of ${(engine.endMs / 1000).toFixed(0)} s simulated)\x1b[K`,
      );
      drawn = true;
    }
  }
  if (drawn) io.stderr('\r\x1b[K');
}

function runOnce(
  value: unknown,
  opts: RunOptions,
  args: Args,
  io: CliIO,
  label: string,
):
  | { ok: true; summary: RunSummary; edgeEnds: Record<string, string>; seed: number; engine: Engine }
  | { ok: false; errors: Problem[] } {
  const p = prepare(value, opts);
  if (!p.ok) return p;
  const now = clock(io);
  const t0 = now();
  drive(p.engine, io, label, io.progress === true && !args.json);
  const summary = summarize(p.engine, now() - t0);
  const edgeEnds: Record<string, string> = {};
  for (const e of p.design.edges) edgeEnds[e.id] = `${e.source} → ${e.target}`;
  return { ok: true, summary, edgeEnds, seed: p.design.scenario.seed, engine: p.engine };
}

function run(value: unknown, args: Args, io: CliIO): number {
  const r = runOnce(value, { durationS: args.durationS, seed: args.seed }, args, io, 'simulating ');
  if (!r.ok) {
    printProblems(r.errors, io);
    return EXIT_USAGE;
  }
  // The series file first: when it cannot be written, stdout stays empty (exit 2 with a
  // complete summary on stdout would read as a success to a pipe).
  if (args.series !== undefined) {
    try {
      if (!io.writeFile) throw new Error('this runner cannot write files');
      io.writeFile(args.series, seriesCsvChunks(r.engine));
    } catch (e) {
      io.stderr(
        `spillway: ${printable(`cannot write --series ${JSON.stringify(args.series)}: ${writeError(e)}`)}\n`,
      );
      return EXIT_USAGE;
    }
  }
  io.stdout(
    args.json
      ? terminalJson(r.summary) + '\n'
      : formatRunSummary(r.summary, { edgeEnds: r.edgeEnds, latency: args.latency }),
  );
  return EXIT_OK;
}

// ---- sweep -----------------------------------------------------------------------------------

/** A value as the sweep shows it: a word as is, anything else as JSON. */
const shownValue = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** "a, b, c", cut to about `max` characters. */
function listOf(xs: readonly unknown[], max = 120): string {
  const s = xs.map(shownValue).join(', ');
  return s.length > max ? s.slice(0, max - 3).replace(/,?\s*[^,]*$/, '') + ', ...' : s;
}

function sweep(value: unknown, args: Args, io: CliIO): number {
  const param = args.param!;
  const values = parseValues(args.values!); // parseArgs saw to it there is at least one
  // A file that is no design at all is refused as run and validate refuse it, not as a
  // --param that cannot be applied to it.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const v = validateDesign(value);
    if (!v.ok) {
      printProblems(v.errors, io);
      return EXIT_USAGE;
    }
  }
  // Validate every variant before running any.
  const designs: unknown[] = [];
  const options: RunOptions[] = [];
  /** Each failing value's problems, with how the value is shown. */
  const failed: { shown: string; problems: Problem[] }[] = [];
  /** The swept node's kind in each valid variant (a sweep of nodes.<id>.kind varies it). */
  const kinds = new Set<string>();
  /** The figures its summaries will have (with a --figures list to check). */
  const known = new Set<string>(COMMON_FIGURES);
  const nodeId = sweptNodeId(value, param);
  for (const v of values) {
    const shown = shownValue(v);
    const applied = applyParam(value, param, v);
    if (!applied.ok) {
      // Whether --param applies depends on the design and the path, not on the value.
      printProblems([applied.error], io);
      return EXIT_USAGE;
    }
    // A swept duration is what --duration is (args rejects the two together): prepare()
    // applies it, dropping a warm-up that no longer fits. A value that is not a number
    // goes into the design, whose validation names it.
    const asDuration = param === 'scenario.durationS' && typeof v === 'number';
    const design = asDuration ? value : applied.design;
    const opts: RunOptions = { durationS: asDuration ? v : args.durationS, seed: args.seed };
    const check = prepare(design, opts);
    if (!check.ok) failed.push({ shown, problems: check.errors.map(asSwept(param)) });
    else if (nodeId !== undefined) {
      const kind = check.design.nodes.find((n) => n.id === nodeId)?.kind;
      if (kind !== undefined) kinds.add(kind);
      // Keys --figures names are checked before anything runs: a summary before the first
      // event already has every key (a gateway's hitRatio only with a response cache).
      const before = Array.isArray(args.figures) ? summarize(check.engine).nodes[nodeId] : undefined;
      if (before) for (const [k] of nodeExtras(before)) known.add(k);
    }
    designs.push(design);
    options.push(opts);
  }
  if (failed.length) {
    printSweepProblems(failed, values.length, param, io);
    return EXIT_USAGE;
  }
  const kind = kinds.size === 1 ? [...kinds][0] : undefined;
  const figureProblem = checkFigures(args.figures, nodeId, kind, kinds.size, known);
  if (figureProblem) {
    io.stderr(`spillway: ${printable(figureProblem)}\n`);
    return EXIT_USAGE;
  }

  const rows: SweepRow[] = [];
  const seeds: number[] = [];
  const now = clock(io);
  const t0 = now();
  for (let i = 0; i < designs.length; i++) {
    const label = `run ${i + 1}/${designs.length}: `;
    const r = runOnce(designs[i], options[i], args, io, label);
    if (!r.ok) {
      printProblems(r.errors.map(asSwept(param)), io);
      return EXIT_USAGE;
    }
    seeds.push(r.seed);
    rows.push({ value: values[i], summary: r.summary });
  }
  const wallMs = Math.round(now() - t0);
  const figures = sweepFigures(rows, nodeId, kind, args.figures);
  const durations = rows.map((r) => r.summary.simTimeS);
  const same = (xs: number[]) => xs.every((x) => x === xs[0]);
  // Each warning once, with the values it holds for when not all of them.
  const byWarning = new Map<string, unknown[]>();
  rows.forEach((r) => {
    for (const p of r.summary.warnings) {
      const w = relabel(param, p);
      const at = byWarning.get(w) ?? [];
      if (!at.includes(r.value)) at.push(r.value);
      byWarning.set(w, at);
    }
  });
  const warnings = [...byWarning].map(([w, at]) =>
    at.length === rows.length ? w : `${w} (with ${param} = ${listOf(at)})`,
  );
  if (args.json) {
    const out = {
      param,
      values,
      // One number when every run has it; null when it varies (each point has its own).
      durationS: same(durations) ? durations[0] : null,
      seed: same(seeds) ? seeds[0] : null,
      wallMs,
      // The node whose parameter is swept and the figures of it each point carries.
      sweptNode: figures && { id: figures.node, kind: figures.kind, figures: figures.keys },
      points: rows.map((r, i) => ({
        ...sweepPoint(r.value, r.summary, figures),
        durationS: durations[i],
        seed: seeds[i],
      })),
      warnings,
    };
    io.stdout(terminalJson(out) + '\n');
  } else {
    const wall = wallMs >= 1000 ? `${(wallMs / 1000).toFixed(2)} s` : `${wallMs} ms`;
    const n = values.length;
    const runs = `${n} run${n === 1 ? '' : 's'}`;
    const simulated = same(durations)
      ? `${runs} of ${fmtNum(durations[0])} s simulated`
      : `${runs} of ${listOf(durations.map(fmtNum))} s simulated in turn`;
    const seed = same(seeds) ? `seed ${seeds[0]}` : `seeds ${listOf(seeds)} in turn`;
    const header = `Sweep of ${param} over ${listOf(values)}: ${simulated}, ${seed}, ${wall} wall`;
    let text = formatSweep(paramLabel(param), rows, header, args.latency, figures);
    if (warnings.length) text += '\n' + warnings.map((w) => `warning: ${printable(w)}\n`).join('');
    io.stdout(text);
  }
  return EXIT_OK;
}

/**
 * Why --figures cannot be shown, or undefined when it can (or was not given). Only a node
 * that has a summary of its own has figures: a client's are the curve's columns, a zone
 * takes no calls. The keys must be figures its summaries have, the catalog declares for
 * its kind, or every node's (COMMON_FIGURES).
 */
function checkFigures(
  asked: Args['figures'],
  nodeId: string | undefined,
  kind: string | undefined,
  kindCount: number,
  known: ReadonlySet<string>,
): string | undefined {
  if (asked === undefined || nodeId === undefined) return undefined;
  const whose = `node ${JSON.stringify(nodeId)}`;
  if (kind === undefined)
    return kindCount > 1
      ? `sweep: --figures needs one kind of node, and the sweep changes the kind of ${whose}`
      : undefined;
  if (kind === 'client')
    return `sweep: --figures: ${whose} is a client, whose figures are the curve's own columns (throughput, goodput, latency, errors)`;
  if (kindSpec(kind)?.container)
    return `sweep: --figures: ${whose} is a ${kind}, which has no figures of its own`;
  if (!Array.isArray(asked)) return undefined;
  // The kind's own figures first, then every node's.
  const keys = new Set([
    ...[...known].filter((k) => !COMMON_FIGURES.includes(k)),
    ...(kindSpec(kind)?.metrics ?? []).map((m) => m.key),
    ...COMMON_FIGURES,
  ]);
  const unknown = (asked as readonly string[]).filter((k) => !keys.has(k));
  if (!unknown.length) return undefined;
  return `sweep: --figures: ${whose} (${kind}) has no figure ${unknown.map((k) => JSON.stringify(k)).join(', ')}; it has ${[...keys].join(', ')}`;
}

/**
 * The swept node's figures the sweep shows, or null when there is no such node: the
 * sweep is of an edge or scenario parameter, of a client or a zone (no node summary), or
 * changes the node's kind.
 */
function sweepFigures(
  rows: readonly SweepRow[],
  nodeId: string | undefined,
  kind: string | undefined,
  asked: Args['figures'],
): SweepFigures | null {
  if (nodeId === undefined || kind === undefined) return null;
  if (!rows.some((r) => r.summary.nodes[nodeId])) return null;
  const own: string[] = [];
  for (const r of rows) {
    const n = r.summary.nodes[nodeId];
    if (n) for (const [k] of nodeExtras(n)) if (!own.includes(k)) own.push(k);
  }
  const keys = chooseFigures(kind, own, asked);
  return { node: nodeId, kind, keys, others: own.filter((k) => !keys.includes(k)) };
}

/**
 * The problems of a sweep's values. A problem every value of several has (a --param that
 * names a field the kind does not have, a fault elsewhere in the design) is one line; the
 * others end in `(with P = v)`, the value they hold for.
 */
function printSweepProblems(
  failed: readonly { shown: string; problems: readonly Problem[] }[],
  valueCount: number,
  param: string,
  io: CliIO,
): void {
  const key = (p: Problem) => `${p.path}\u0000${p.message}`;
  const everyValue = new Set<string>();
  if (valueCount > 1 && failed.length === valueCount) {
    const counts = new Map<string, number>();
    for (const f of failed)
      for (const k of new Set(f.problems.map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
    for (const [k, n] of counts) if (n === valueCount) everyValue.add(k);
  }
  const once = new Set<string>();
  for (const f of failed)
    for (const p of f.problems) {
      const k = key(p);
      if (!everyValue.has(k)) printProblems([p], io, ` (with ${param} = ${f.shown})`);
      else if (!once.has(k)) {
        once.add(k);
        printProblems([p], io);
      }
    }
}

/**
 * prepare() names its durationS option `--duration`. In a sweep of scenario.durationS
 * that option holds the swept value, so what it says about it names the swept field.
 */
function relabel(param: string, text: string): string {
  return param === 'scenario.durationS' && text.startsWith('--duration:')
    ? text.replaceAll('--duration', param)
    : text;
}

/** relabel() for a problem (path, message). */
const asSwept =
  (param: string) =>
  (p: Problem): Problem =>
    p.path === '--duration' && param === 'scenario.durationS'
      ? { path: param, message: p.message.replaceAll('--duration', param) }
      : p;
