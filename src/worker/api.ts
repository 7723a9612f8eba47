/**
 * The worker API: the only way the UI talks to the engine (DESIGN.md §1). Frames are
 * plain objects of typed arrays, transferred (not copied) to the main thread.
 */
import type { Design } from '../model/design';
import type { Problem } from '../model/params';
import type { RunSummary } from '../sim/summary';

/** Per-node fields in Frame.nodes (stride NODE_FIELDS). */
export const NF = {
  utilization: 0,
  queue: 1,
  inflight: 2,
  instancesUp: 3,
  instancesTotal: 4,
  arrivalsPerS: 5,
  okPerS: 6,
  failedPerS: 7,
  p50: 8,
  p99: 9,
  headline: 10,
  /** 0 healthy, 1 some instances down, 2 all down. */
  down: 11,
  /** 1 while a latency, errors or cpu fault is active on it. */
  degraded: 12,
} as const;
export const NODE_FIELDS = 13;

/** Per-edge fields in Frame.edges (stride EDGE_FIELDS). */
export const EF = {
  sentPerS: 0,
  failedPerS: 1,
  retriesPerS: 2,
  inflight: 3,
  /** 0 closed, 1 open, 2 half-open. */
  breaker: 4,
  /** 1 while a partition, loss or latency fault is active on it. */
  faulted: 5,
} as const;
export const EDGE_FIELDS = 6;

/** Hop records in Frame.hops (stride 4): edge index, start (ms, relative to Frame.simMs), duration (ms), kind. */
export const HOP_FIELDS = 4;

export interface Frame {
  simMs: number;
  endMs: number;
  events: number;
  playing: boolean;
  finished: boolean;
  /** Simulated ms per wall ms actually achieved over the last second. */
  achievedSpeed: number;
  /** True when the engine could not keep up with the requested speed. */
  behind: boolean;
  nodes: Float64Array;
  edges: Float64Array;
  hops: Float32Array;
  /** How many hops the engine traced per one kept (the sampling stride). */
  hopStride: number;
  /**
   * End (ms) of the last closed time bucket: every element's series reach it. It moves
   * when the series grow, so charts fetch them again (series()) when it does.
   */
  seriesMs: number;
  activeFaults: ActiveFaultInfo[];
  error: string | null;
}

export interface ActiveFaultInfo {
  id: number;
  type: string;
  target: string;
  startS: number;
  /** When it ends (or ended); null: no end set, it lasts until ended or the run ends. */
  endS: number | null;
  injected: boolean;
  /** In effect now. */
  active: boolean;
  /**
   * Over: it ran its course or was ended early (endS is then when). Neither active nor
   * ended: not begun yet (injected while paused, or scheduled later). A cache flush happens
   * at once and is never active; it counts as ended only with an end set.
   */
  ended: boolean;
}

/** endFault's answer: when the fault ended (simulated seconds), or why nothing was ended. */
export type EndFaultResult = { ok: true; atS: number } | { ok: false; message: string };

export interface SessionInfo {
  /** Which run of the session this is (each load and reset starts another): series answers carry it. */
  run: number;
  nodeIds: string[];
  edgeIds: string[];
  /** The clients' node indices (into nodeIds), in design order: the dashboard charts them. */
  clientIndices: number[];
  durationS: number;
  bucketS: number;
  warnings: Problem[];
}

export type LoadResult = { ok: true; info: SessionInfo } | { ok: false; errors: Problem[] };

export interface SeriesData {
  columns: string[];
  /** Start time (s) of each row. */
  time: Float64Array;
  /** Length (s) of each row: the last may be a group still filling, or cut short by the run's end. */
  widthS: Float64Array;
  data: Float32Array[];
  /** Per column: a count per bucket (true), or a level, ratio or time (false). */
  counts: boolean[];
  /** The run (SessionInfo.run) the rows are of. */
  run: number;
  /** Raw buckets per stored row: it doubles when a full series merges its rows pairwise. */
  stride: number;
  /**
   * Of the rows, those stored for good: all but a last group still filling (a merged
   * series'). Stored rows never change until the stride does, so a copy holding them asks
   * only for what follows (SeriesCursor).
   */
  stored: number;
  /**
   * The index of the first row sent: 0 for the whole series; else the answer holds only the
   * rows from there on, to go after the first `from` stored rows of the asker's copy.
   */
  from: number;
}

/**
 * What a copy of a series already holds, so that series() sends only the rows after it.
 * The whole series comes back instead (from 0) when the copy is of another run or another
 * stride (the series merged its rows meanwhile).
 */
export interface SeriesCursor {
  run: number;
  stride: number;
  /** Stored rows held: the copy's last group still filling, if any, is sent again. */
  stored: number;
}

export type Speed = number | 'max';
/** The slowest and fastest speeds a session takes (besides 'max'). */
export const MIN_SPEED = 0.1,
  MAX_SPEED = 1000;
/** The speeds the Speed menu offers (a share link may name only one of these). */
export const SPEEDS: readonly Speed[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 'max'];
/** Whether `x` is a speed a session takes. */
export const isSpeed = (x: unknown): x is Speed =>
  x === 'max' || (typeof x === 'number' && x >= MIN_SPEED && x <= MAX_SPEED);

export interface SimWorkerApi {
  load(design: Design): LoadResult;
  play(): void;
  pause(): void;
  /** Advances by `simS` seconds (default one bucket) while paused. */
  step(simS?: number): void;
  reset(): LoadResult;
  setSpeed(speed: Speed): void;
  /** Live parameter change at the current simulated time; errors leave the run untouched. */
  updateNode(id: string, params: Record<string, unknown>): { ok: true } | { ok: false; errors: Problem[] };
  updateEdge(id: string, params: Record<string, unknown>): { ok: true } | { ok: false; errors: Problem[] };
  inject(fault: Record<string, unknown>): { ok: true; id: number } | { ok: false; errors: Problem[] };
  /** Ends a fault at the current simulated time; one not begun yet never begins. */
  endFault(id: number): EndFaultResult;
  /** An element's series: the whole of it, or with `since` only the rows after that copy's (SeriesData.from). */
  series(id: string, since?: SeriesCursor): SeriesData | null;
  /** Every time series of the run as one tidy CSV, in chunks (src/sim/seriesCsv.ts, the CLI's --series). */
  seriesCsv(): string[] | null;
  summary(): RunSummary | null;
  /** Registers the frame callback (a comlink proxy in the browser). */
  subscribe(onFrame: (frame: Frame) => void): void;
}
