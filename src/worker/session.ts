/**
 * A simulation session: the engine plus pacing, live edits, fault injection and frames.
 * Pure TypeScript with an injected wall clock, so it runs (and is tested) in Node exactly
 * as it runs inside the Web Worker.
 *
 * Pacing: while playing, the target simulated time is anchor + (wall - anchorWall) × speed.
 * Each pump() runs the engine in chunks toward that target for at most `sliceMs` of wall
 * time. When the engine cannot keep up, the anchor moves to where it is (the run falls
 * behind instead of bursting to catch up) and frames say `behind`.
 */
import { resolveFault, validateDesign, type Design, type ResolvedDesign } from '../model/design';
import { EDGE_PARAMS } from '../model/edge';
import { kindSpec } from '../model/kinds';
import { resolveFields, type Problem } from '../model/params';
import { compile } from '../sim/compile';
import { Engine, HOP_RESPONSE, type HopSink } from '../sim/engine';
import { N_OUTCOMES, NodeStats, OK, type Series } from '../sim/metrics';
import { seriesCsvChunks, seriesRows } from '../sim/seriesCsv';
import { summarize, type RunSummary } from '../sim/summary';
import {
  EDGE_FIELDS,
  EF,
  HOP_FIELDS,
  isSpeed,
  MAX_SPEED,
  MIN_SPEED,
  NF,
  NODE_FIELDS,
  type ActiveFaultInfo,
  type EndFaultResult,
  type Frame,
  type LoadResult,
  type SeriesCursor,
  type SeriesData,
  type SessionInfo,
  type Speed,
} from './api';

/** Simulated time the live utilization ring averages over. */
export const RECENT_UTIL_MS = 1000;

/**
 * A node's utilization over at least the last simulated second, for the live ring: the open
 * bucket so far (the busy and capacity gauges' areas since it began) and the newest closed
 * rows of its series before it, each row's busy time being its utilization × capacity ×
 * width. The busy share at the instant a frame is taken flickers between 0 and a few
 * percent on a lightly loaded pool; a mean does not. It reads the engine's state at `nowMs`
 * alone: a base snapshot taken once a frame (as it was) spanned several simulated seconds
 * at max speed, and differed between identical runs with the frames' wall-clock timing.
 * NaN for a node that has never had capacity (a client, a balancer).
 */
export function recentUtilization(s: NodeStats, bucketStartMs: number, nowMs: number): number {
  let busy = s.busy.openArea(nowMs),
    cap = s.capacity.openArea(nowMs);
  const data = s.series.data;
  walkRecent(s.series, bucketStartMs, nowMs, (values, row, widthMs) => {
    const util = values ? values[UTIL_COL] : data[UTIL_COL][row];
    const capA = (values ? values[CAPACITY_COL] : data[CAPACITY_COL][row]) * widthMs;
    if (capA > 0 && util > 0) busy += util * capA;
    cap += capA;
  });
  if (cap > 0) return busy / cap;
  const level = s.capacity.level;
  if (level > 0) return s.busy.level / level; // no time has passed yet
  return s.capacity.cumulative(nowMs) > 0 ? 0 : NaN; // down a while (0), or never had servers (NaN)
}

/**
 * Visits the newest closed rows of `series`, which end at `endMs`, newest first, until they
 * reach at least RECENT_UTIL_MS back from `reachMs` (all of them early in a run): first the
 * unfinished group of a coarsened series (its merged `values`, row -1), then stored rows
 * (`values` null: read `series.data[column][row]`), each with its width in ms. Returns where
 * the oldest one visited starts (ms). The live figures' one definition of "recent".
 */
function walkRecent(
  series: Series,
  endMs: number,
  reachMs: number,
  visit: (values: Float64Array | null, row: number, widthMs: number) => void,
): number {
  let fromMs = endMs;
  const pending = series.unfinished();
  if (pending !== null && reachMs - fromMs < RECENT_UTIL_MS - 1e-6) {
    visit(pending.values, -1, fromMs - pending.startS * 1000);
    fromMs = pending.startS * 1000;
  }
  for (let r = series.rows - 1; r >= 0 && reachMs - fromMs < RECENT_UTIL_MS - 1e-6; r--) {
    visit(null, r, fromMs - series.time[r] * 1000);
    fromMs = series.time[r] * 1000;
  }
  return fromMs;
}

/**
 * Sums of count columns (arrivals, answers, sends) over the newest closed buckets that
 * cover at least RECENT_UTIL_MS of simulated time (all of them early in a run; one bucket,
 * or one merged row of a long run's series, when that alone is longer), into `out` (one
 * entry per column of `cols`). `endMs` is where the closed buckets end (the engine's
 * current bucket start). Returns the seconds they cover, from the start of the oldest one
 * taken (0 before the first bucket closes; a short last bucket counts at its true width).
 * The live rates on cards and edges use it: the last bucket alone, at a fine bucket width
 * (0.01 s, 3 calls), swings from 0 to several times the real rate from frame to frame.
 */
export function recentCounts(
  series: Series,
  cols: readonly number[],
  endMs: number,
  out: Float64Array,
): number {
  out.fill(0);
  const data = series.data;
  const fromMs = walkRecent(series, endMs, endMs, (values, row) => {
    for (let k = 0; k < cols.length; k++) out[k] += values ? values[cols[k]] : data[cols[k]][row];
  });
  return Math.max(0, (endMs - fromMs) / 1000);
}

/** Where NodeStats keeps utilization and capacity in its series (recentUtilization reads them). */
const NODE_COLUMNS = new NodeStats().series.columns;
const UTIL_COL = NODE_COLUMNS.indexOf('utilization'),
  CAPACITY_COL = NODE_COLUMNS.indexOf('capacity');

/** Node series columns recentCounts sums for a frame: arrivals, then each outcome. */
const NODE_COUNT_COLS = Array.from({ length: 1 + N_OUTCOMES }, (_, k) => k);
/** Edge series columns: sent, retries, then each outcome. */
const EDGE_COUNT_COLS = Array.from({ length: 2 + N_OUTCOMES }, (_, k) => k);

/** Keeps every stride-th hop, adapting the stride so a frame carries about `target` hops. */
export class HopBuffer implements HopSink {
  private start: Float64Array;
  private rest: Float32Array;
  n = 0;
  private seen = 0;
  private counter = 0;
  stride = 1;

  constructor(private readonly target: number) {
    this.start = new Float64Array(target);
    this.rest = new Float32Array(target * 3);
  }

  hop(edge: number, startMs: number, durationMs: number, kind: number): void {
    this.seen++;
    if (++this.counter < this.stride) return;
    this.counter = 0;
    const i = this.n;
    if (i >= this.target) return;
    this.start[i] = startMs;
    this.rest[i * 3] = edge;
    this.rest[i * 3 + 1] = durationMs;
    this.rest[i * 3 + 2] = kind;
    this.n++;
  }

  /** The kept hops with start times relative to `baseMs`; resets and adapts the stride. */
  take(baseMs: number): { hops: Float32Array; stride: number } {
    const out = new Float32Array(this.n * HOP_FIELDS);
    for (let i = 0; i < this.n; i++) {
      out[i * 4] = this.rest[i * 3];
      out[i * 4 + 1] = this.start[i] - baseMs;
      out[i * 4 + 2] = this.rest[i * 3 + 1];
      out[i * 4 + 3] = this.rest[i * 3 + 2];
    }
    const stride = this.stride;
    this.stride = Math.max(1, Math.ceil(this.seen / this.target));
    this.n = 0;
    this.seen = 0;
    this.counter = 0;
    return { hops: out, stride };
  }
}

export interface SessionOptions {
  /** Wall milliseconds one pump() may spend in the engine. */
  sliceMs?: number;
  /** Hops kept per frame at most. */
  maxHops?: number;
}

/** Events between wall-clock checks inside a slice. */
const CHUNK_EVENTS = 20_000;

export class SimSession {
  private engine: Engine | null = null;
  private design: Design | null = null;
  private resolved: ResolvedDesign | null = null;
  private playing = false;
  private speed: Speed = 1;
  private anchorWall = 0;
  private anchorSim = 0;
  private behind = false;
  private readonly hops: HopBuffer;
  /** Wall time spent inside the engine this run (the summary's wallMs, as the CLI reports it). */
  private engineWallMs = 0;
  private error: string | null = null;
  private readonly sliceMs: number;
  private speedSamples: [number, number][] = [];
  /**
   * The current run's id (SessionInfo.run): a series cursor of another run gets the whole
   * series. It starts at random and counts up, so that a worker started after a crash does
   * not hand out the ids its predecessor used: a copy of the dead worker's run never
   * matches one of the new worker's.
   */
  private run = crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;

  constructor(
    private readonly clock: () => number,
    opts: SessionOptions = {},
  ) {
    this.sliceMs = opts.sliceMs ?? 25;
    this.hops = new HopBuffer(opts.maxHops ?? 3000);
  }

  load(design: Design): LoadResult {
    const v = validateDesign(design);
    if (!v.ok) return { ok: false, errors: v.errors };
    this.design = v.design;
    return this.start(v.resolved);
  }

  /** A fresh engine for the loaded design (same seed: the same run again). */
  reset(): LoadResult {
    if (!this.design) return { ok: false, errors: [{ path: '(session)', message: 'no design loaded' }] };
    return this.load(this.design);
  }

  private start(resolved: ResolvedDesign): LoadResult {
    const plan = compile(resolved);
    const engine = new Engine(plan);
    engine.tracer = this.hops;
    this.engine = engine;
    this.resolved = resolved;
    this.playing = false;
    this.behind = false;
    this.error = null;
    this.engineWallMs = 0;
    this.speedSamples = [];
    this.hops.take(0);
    const info: SessionInfo = {
      run: ++this.run,
      nodeIds: plan.nodes.map((n) => n.id),
      edgeIds: plan.edges.map((e) => e.id),
      clientIndices: plan.nodes.filter((n) => n.kind === 'client').map((n) => n.index),
      durationS: plan.durationMs / 1000,
      bucketS: plan.bucketMs / 1000,
      warnings: plan.warnings,
    };
    return { ok: true, info };
  }

  get isPlaying(): boolean {
    return this.playing;
  }
  get simMs(): number {
    return this.engine?.now ?? 0;
  }
  get finished(): boolean {
    return this.engine?.finished ?? false;
  }
  /** Is there work to do right now (the worker then pumps again without waiting)? */
  get busy(): boolean {
    return this.playing && !this.finished && (this.speed === 'max' || this.behind);
  }

  play(): void {
    if (!this.engine || this.engine.finished || this.error) return;
    this.playing = true;
    this.reanchor();
  }

  pause(): void {
    this.playing = false;
  }

  setSpeed(speed: Speed): void {
    if (!isSpeed(speed)) {
      throw new Error(`speed must be from ${MIN_SPEED} to ${MAX_SPEED} or "max", got ${String(speed)}`);
    }
    this.speed = speed;
    this.reanchor();
  }

  private reanchor(): void {
    this.anchorWall = this.clock();
    this.anchorSim = this.engine?.now ?? 0;
  }

  /** Advances by simS seconds (one bucket by default) while paused. */
  step(simS?: number): void {
    const e = this.engine;
    if (!e || e.finished || this.error) return;
    this.playing = false;
    const target = e.now + (simS ?? e.bucketMs / 1000) * 1000;
    const t0 = this.clock();
    this.guard(() => {
      const deadline = t0 + 2000;
      while (!e.finished && e.now < target && this.clock() < deadline) e.advance(target, CHUNK_EVENTS);
    });
    this.engineWallMs += this.clock() - t0;
  }

  /** Runs the engine toward the paced target for at most one slice. */
  pump(): void {
    const e = this.engine;
    if (!e || !this.playing || this.error) return;
    const wall = this.clock();
    const target = this.speed === 'max' ? e.endMs : this.anchorSim + (wall - this.anchorWall) * this.speed;
    const deadline = wall + this.sliceMs;
    const simBefore = e.now;
    let behind = false;
    this.guard(() => {
      while (!e.finished && e.now < target) {
        e.advance(target, CHUNK_EVENTS);
        if (e.now < target && this.clock() >= deadline) {
          behind = true;
          break;
        }
      }
    });
    const after = this.clock();
    this.engineWallMs += after - wall;
    this.speedSamples.push([after, e.now]);
    while (this.speedSamples.length > 2 && after - this.speedSamples[0][0] > 1000) this.speedSamples.shift();
    this.behind = behind && this.speed !== 'max';
    if (this.behind) {
      // Fall behind gracefully: pace from here rather than bursting to catch up later.
      this.anchorWall = after;
      this.anchorSim = e.now;
    }
    if (e.finished) this.playing = false;
    void simBefore;
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (err) {
      // An engine bug must not take the page down: stop, keep the design, say what happened.
      this.error = `The simulation stopped: ${(err as Error)?.message ?? String(err)}`;
      this.playing = false;
    }
  }

  frame(): Frame {
    const e = this.engine;
    const nN = e?.plan.nodes.length ?? 0;
    const nE = e?.edges.length ?? 0;
    const nodes = new Float64Array(nN * NODE_FIELDS);
    const edges = new Float64Array(nE * EDGE_FIELDS);
    if (e) {
      const F = e.faults;
      const counts = new Float64Array(2 + N_OUTCOMES);
      for (let i = 0; i < nN; i++) {
        const s = e.stats[i];
        const b = e.nodes[i];
        const o = i * NODE_FIELDS;
        nodes[o + NF.utilization] = recentUtilization(s, e.currentBucketStart, e.now);
        nodes[o + NF.queue] = s.queue.level;
        nodes[o + NF.inflight] = s.inflight.level;
        const [up, total] = b.instances();
        nodes[o + NF.instancesUp] = up;
        nodes[o + NF.instancesTotal] = total;
        const row = s.row;
        // Rates over at least the last simulated second (see recentCounts).
        const secs = recentCounts(s.series, NODE_COUNT_COLS, e.currentBucketStart, counts);
        const per = secs > 0 ? 1 / secs : 0;
        nodes[o + NF.arrivalsPerS] = counts[0] * per;
        nodes[o + NF.okPerS] = counts[1 + OK] * per;
        let failed = 0;
        for (let k = 1; k < N_OUTCOMES; k++) failed += counts[1 + k];
        nodes[o + NF.failedPerS] = failed * per;
        nodes[o + NF.p50] = row[2 + N_OUTCOMES];
        nodes[o + NF.p99] = row[4 + N_OUTCOMES];
        nodes[o + NF.headline] = b.headline();
        nodes[o + NF.down] = up === 0 ? 2 : up < total ? 1 : 0;
        nodes[o + NF.degraded] =
          F.latFactor[i] !== 1 || F.latAddMs[i] > 0 || F.errorRate[i] > 0 || F.cpu[i] !== 1 ? 1 : 0;
      }
      for (let j = 0; j < nE; j++) {
        const er = e.edges[j];
        const o = j * EDGE_FIELDS;
        const secs = recentCounts(er.stats.series, EDGE_COUNT_COLS, e.currentBucketStart, counts);
        const per = secs > 0 ? 1 / secs : 0;
        edges[o + EF.sentPerS] = counts[0] * per;
        edges[o + EF.retriesPerS] = counts[1] * per;
        let failed = 0;
        for (let k = 1; k < N_OUTCOMES; k++) failed += counts[2 + k];
        edges[o + EF.failedPerS] = failed * per;
        edges[o + EF.inflight] = er.inflight;
        edges[o + EF.breaker] = er.breakerStateAt(e.now);
        edges[o + EF.faulted] =
          er.fPartition !== 0 || er.fLoss > 0 || er.fLatFactor !== 1 || er.fLatAddMs > 0 ? 1 : 0;
      }
    }
    const simMs = e?.now ?? 0;
    const { hops, stride } = this.hops.take(simMs);
    const sp = this.speedSamples;
    const achieved =
      sp.length >= 2 && sp[sp.length - 1][0] > sp[0][0]
        ? (sp[sp.length - 1][1] - sp[0][1]) / (sp[sp.length - 1][0] - sp[0][0])
        : 0;
    return {
      simMs,
      endMs: e?.endMs ?? 0,
      events: e?.events ?? 0,
      playing: this.playing,
      finished: e?.finished ?? false,
      achievedSpeed: achieved,
      behind: this.behind,
      nodes,
      edges,
      hops,
      hopStride: stride,
      seriesMs: e?.currentBucketStart ?? 0,
      activeFaults: this.faults(),
      error: this.error,
    };
  }

  faults(): ActiveFaultInfo[] {
    const e = this.engine;
    if (!e) return [];
    return e.faults.list.map((f) => ({
      id: f.id,
      type: f.fault.type,
      target: f.fault.target,
      startS: f.startMs / 1000,
      endS: Number.isFinite(f.endMs) ? f.endMs / 1000 : null,
      injected: f.injected,
      active: f.active,
      // Not active and its end has passed: ran its course, or was ended early. Not active
      // with its end still ahead: not begun yet (injected while paused, or scheduled later).
      ended: !f.active && f.endMs <= e.now,
    }));
  }

  updateNode(id: string, params: Record<string, unknown>): { ok: true } | { ok: false; errors: Problem[] } {
    const e = this.engine;
    const i = e?.plan.nodeIndex.get(id);
    if (!e || i === undefined)
      return { ok: false, errors: [{ path: id, message: 'no such node in the running design' }] };
    const spec = kindSpec(e.plan.nodes[i].kind)!;
    const problems: Problem[] = [];
    const resolved = resolveFields(spec.params, params ?? {}, `nodes[${i}].params`, problems);
    if (problems.length) return { ok: false, errors: problems };
    let result: { ok: true } | { ok: false; errors: Problem[] } = { ok: true };
    this.guard(() => e.setNodeParams(i, resolved));
    if (this.error) result = { ok: false, errors: [{ path: id, message: this.error }] };
    this.patchDesign('nodes', id, params);
    return result;
  }

  updateEdge(id: string, params: Record<string, unknown>): { ok: true } | { ok: false; errors: Problem[] } {
    const e = this.engine;
    const j = e?.plan.edgeIndex.get(id);
    if (!e || j === undefined)
      return { ok: false, errors: [{ path: id, message: 'no such edge in the running design' }] };
    const problems: Problem[] = [];
    const resolved = resolveFields(EDGE_PARAMS, params ?? {}, `edges[${j}].params`, problems);
    if (problems.length) return { ok: false, errors: problems };
    // The role is structure (which edge a queue dead-letters to, and which nodes may have
    // one): the compiled run cannot take a new one, and the design's rules are checked whole.
    if (resolved.role !== e.plan.edges[j].params.role)
      return {
        ok: false,
        errors: [
          {
            path: `edges[${j}].params.role`,
            message: 'the role of an edge cannot change during a run: restart the run to apply it',
          },
        ],
      };
    this.guard(() => e.setEdgeParams(j, resolved as never));
    this.patchDesign('edges', id, params);
    return this.error ? { ok: false, errors: [{ path: id, message: this.error }] } : { ok: true };
  }

  /** Keeps the session's copy of the design in step so Reset replays the edited design. */
  private patchDesign(list: 'nodes' | 'edges', id: string, params: Record<string, unknown>): void {
    if (!this.design) return;
    const items = this.design[list] as { id: string; params?: Record<string, unknown> }[];
    const item = items.find((x) => x.id === id);
    if (item) item.params = structuredClone(params);
  }

  inject(input: Record<string, unknown>): { ok: true; id: number } | { ok: false; errors: Problem[] } {
    const e = this.engine;
    if (!e || !this.resolved) return { ok: false, errors: [{ path: 'fault', message: 'no design loaded' }] };
    const r = resolveFault({ atS: 0, ...input }, this.resolved);
    if (!r.ok) return r;
    let id = -1;
    this.guard(() => {
      id = e.inject(r.fault);
    });
    return this.error ? { ok: false, errors: [{ path: 'fault', message: this.error }] } : { ok: true, id };
  }

  /** Ends a fault at the current simulated time (one not begun yet never begins). */
  endFault(id: number): EndFaultResult {
    const e = this.engine;
    if (!e) return { ok: false, message: 'no design loaded' };
    let at: number | null = null;
    this.guard(() => {
      at = e.endFault(id);
    });
    if (this.error) return { ok: false, message: this.error };
    return at === null ? { ok: false, message: 'that fault is over already' } : { ok: true, atS: at / 1000 };
  }

  /** An element's series; with `since`, only the rows after that copy's when it can take them. */
  series(id: string, since?: SeriesCursor): SeriesData | null {
    const e = this.engine;
    if (!e) return null;
    const i = e.plan.nodeIndex.get(id);
    const j = e.plan.edgeIndex.get(id);
    const s = i !== undefined ? e.stats[i].series : j !== undefined ? e.edges[j].stats.series : null;
    return s ? seriesData(s, e, this.run, since) : null;
  }

  summary(): RunSummary | null {
    return this.engine ? summarize(this.engine, this.engineWallMs) : null;
  }

  seriesCsv(): string[] | null {
    return this.engine ? [...seriesCsvChunks(this.engine)] : null;
  }

  /** Hop kinds for callers decoding Frame.hops. */
  static readonly HOP_RESPONSE = HOP_RESPONSE;
}

/**
 * A series as the dashboard charts it: every stored row and the group still filling, with
 * true widths. Given the cursor of a copy of this run and stride, only the rows after the
 * copy's stored ones (its last group still filling is sent again, as it now stands): a long
 * run's series is ~0.5 MB, asked for up to 4 times a second, while a bucket adds one row.
 */
export function seriesData(
  s: Series,
  engine: Pick<Engine, 'bucketMs' | 'endMs'>,
  run = 0,
  since?: SeriesCursor,
): SeriesData {
  const meta = {
    columns: [...s.columns],
    counts: s.columns.map((_, k) => s.isCount(k)),
    run,
    stride: s.stride,
    stored: s.rows,
  };
  const from =
    since && since.run === run && since.stride === s.stride && since.stored <= s.rows ? since.stored : 0;
  // The export's rows (seriesRows), from `from` on.
  return { ...meta, ...seriesRows(s, engine.bucketMs / 1000, engine.endMs / 1000, from), from };
}
