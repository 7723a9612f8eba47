/**
 * The run store: the state of the live simulation as the UI sees it: status, the latest
 * frame, faults, and the final summary. Time series stay in the worker (the engine's own,
 * bounded); charts fetch them with series() when `seriesVersion` says they grew.
 * Components select small derived values (one node's utilization, the clock) so a frame
 * re-renders only what changed.
 *
 * Live editing: while a run is loaded, parameter edits in the design store are sent to
 * the worker and apply at the current simulated time; structural edits (nodes or edges
 * added or removed, scenario changes) set `needsRestart` so the UI can offer a restart.
 */
import { create } from 'zustand';
import type { Design } from '../model/design';
import { EDGE_PARAMS } from '../model/edge';
import type { Problem } from '../model/params';
import type { RunSummary } from '../sim/summary';
import {
  type ActiveFaultInfo,
  type EndFaultResult,
  type Frame,
  type SeriesCursor,
  type SeriesData,
  type SessionInfo,
  type Speed,
} from '../worker/api';
import { readTabSpeed, writeTabSpeed } from './persistence';
import { workerBackend, type BackendFactory, type SimBackend } from './simClient';

export type RunStatus = 'idle' | 'loading' | 'running' | 'paused' | 'finished' | 'error';

/** A parameter edit applied to a running session, at simulated time `atS` (its params before and after). */
export interface LiveEdit {
  atS: number;
  scope: 'node' | 'edge';
  id: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * What was done to a run while it ran, beyond its design: parameter edits and injected
 * faults. Two runs of the same design compare fairly only without them, so the summary's
 * comparison names them.
 */
export interface LiveChanges {
  edits: LiveEdit[];
  faults: ActiveFaultInfo[];
}

export interface RunState {
  status: RunStatus;
  error: string | null;
  problems: Problem[];
  info: SessionInfo | null;
  frame: Frame | null;
  speed: Speed;
  /**
   * Whether the user picked the speed (setSpeed) in this tab: suggestions leave it then. Both
   * outlive a reload (readTabSpeed), as the design does.
   */
  speedChosen: boolean;
  needsRestart: boolean;
  /** Bumped whenever a time bucket closed (Frame.seriesMs moved): the series have more rows. */
  seriesVersion: number;
  faults: ActiveFaultInfo[];
  summary: RunSummary | null;
  /** The design `summary` was taken from, as the run ended. */
  summaryOf: Design | null;
  /** What was changed live during the run `summary` is of. */
  summaryLive: LiveChanges | null;
  /** Parameter edits applied to the loaded run so far (reset when a run loads). */
  liveEdits: LiveEdit[];
  /**
   * The last finished run before this one, and the design as it ran: the summary shows its
   * figures beside the new ones (kept across Reset and reruns, dropped when another design
   * opens).
   */
  previous: { summary: RunSummary; design: Design; live: LiveChanges } | null;
  /** The design the running session was loaded from. */
  loaded: Design | null;

  run(design: Design): Promise<void>;
  pause(): Promise<void>;
  toggle(design: Design): Promise<void>;
  step(design: Design): Promise<void>;
  reset(): Promise<void>;
  /** Forgets the run altogether (another design was opened): idle, nothing loaded. */
  unload(): Promise<void>;
  /** The user picks a speed: it stays until they pick another. */
  setSpeed(speed: Speed): Promise<void>;
  /** A speed that suits what was just opened (an example), taken unless the user picked one. */
  suggestSpeed(speed: Speed): Promise<void>;
  /** A refused fault's `problems` (paths from `fault`) let the UI name what was wrong. */
  inject(
    fault: Record<string, unknown>,
  ): Promise<{ ok: true } | { ok: false; message: string; problems?: Problem[] }>;
  /** Ends a live fault at the current simulated time: when it ended, or why it could not. */
  endFault(id: number): Promise<EndFaultResult>;
  /** Called whenever the design changes: live param edits or a restart flag. */
  syncDesign(design: Design): Promise<void>;
  /**
   * An element's whole series; given the copy last fetched (`held`), only the rows after it
   * travel, appended to it here (appendSeries). Null without a worker.
   */
  series(id: string, held?: SeriesData | null): Promise<SeriesData | null>;
  /** Every time series of the run as one CSV in chunks (the CLI's --series format), or null with no run. */
  seriesCsv(): Promise<string[] | null>;
}

/** Where a held copy ends, for series() to send only what follows. */
export function seriesCursor(s: SeriesData): SeriesCursor {
  return { run: s.run, stride: s.stride, stored: s.stored };
}

/**
 * A series copy with a worker's answer to it: the whole series (from 0) replaces it; else the
 * answer's rows replace the copy's from `from` on (its last group still filling included).
 * Rows are written into room kept behind the copy's arrays (doubling as it fills), so a
 * bucket costs its own row, not a copy of the series; an earlier copy sharing those arrays
 * may then read a newer version of its last rows, never anything else.
 */
export function appendSeries(held: SeriesData | null, part: SeriesData): SeriesData {
  if (part.from === 0) return part;
  if (!held || held.run !== part.run || held.stride !== part.stride || held.stored < part.from)
    throw new Error('a series answer that does not follow the copy it was asked for');
  const n = part.from + part.time.length;
  /** The column with the answer's rows from `from` on: in its own buffer when that has room for n, else in one twice as big. */
  const extend = <T extends Float64Array | Float32Array>(a: T, add: T): T => {
    const Typed = a.constructor as new (...args: unknown[]) => T;
    const size = a.buffer.byteLength / a.BYTES_PER_ELEMENT;
    let b: T;
    if (a.byteOffset === 0 && size >= n) b = new Typed(a.buffer, 0, n);
    else {
      b = new Typed(Math.max(n, 2 * size, 64));
      b.set(a.subarray(0, part.from));
    }
    b.set(add, part.from);
    return b.subarray(0, n) as T;
  };
  return {
    ...part,
    from: 0,
    time: extend(held.time, part.time),
    widthS: extend(held.widthS, part.widthS),
    data: held.data.map((c, k) => extend(c, part.data[k])),
  };
}

let factory: BackendFactory = workerBackend;
let backend: SimBackend | null = null;

/** Tests run the store against an in-process backend. */
export function setBackendFactory(f: BackendFactory): void {
  backend?.terminate();
  backend = null;
  factory = f;
}

/** Same faults, same states: the frame's new array is not a change (charts and the timeline key on it). */
function sameFaults(a: ActiveFaultInfo[], b: ActiveFaultInfo[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (
      x.id !== y.id ||
      x.active !== y.active ||
      x.ended !== y.ended ||
      x.startS !== y.startS ||
      x.endS !== y.endS ||
      x.type !== y.type ||
      x.target !== y.target ||
      x.injected !== y.injected
    )
      return false;
  }
  return true;
}

function structureKey(d: Design): string {
  return JSON.stringify({
    n: d.nodes.map((n) => [n.id, n.kind, n.parentId ?? null]),
    // An edge's role (a queue's dead-letter edge) is structure too: a run cannot change it live.
    e: d.edges.map((e) => [e.id, e.source, e.target, e.params?.role ?? EDGE_PARAMS.role.default]),
    s: d.scenario ?? null,
  });
}

export const useRunStore = create<RunState>()((set, get) => {
  /** The run (its info) whose summary has been asked for. */
  let summaryAsked: SessionInfo | null = null;
  /** Bumped by unload (another design opened): a late summary of the old one is dropped. */
  let designsOpened = 0;
  /** Bumped as each run starts loading: a summary that arrives later belongs to an earlier run. */
  let runsLoaded = 0;
  const crash = (message: string) => {
    set({
      status: 'error',
      error: `The simulation worker stopped: ${message}. Press Reset to start a fresh one; your design is safe.`,
    });
    backend?.terminate();
    backend = null;
  };

  const ensureBackend = async (): Promise<SimBackend> => {
    if (backend) return backend;
    // Messages from a worker that crashed or was replaced are ignored: a frame it posted
    // just before its error event can arrive after it, and used to flip the error back to
    // "running" (the error notice vanished and the clock sat still).
    const b: SimBackend = factory((message) => {
      if (backend === b) crash(message);
    });
    backend = b;
    await b.subscribe((f) => {
      if (backend === b) onFrame(f);
    });
    return b;
  };

  const onFrame = (f: Frame) => {
    const st = get();
    if (!st.info) return;
    // A bucket closed (or a new run began): charts have more to fetch.
    const seriesVersion = f.seriesMs !== st.frame?.seriesMs ? st.seriesVersion + 1 : st.seriesVersion;
    const status: RunStatus = f.error
      ? 'error'
      : f.finished
        ? 'finished'
        : f.playing
          ? 'running'
          : st.status === 'loading'
            ? 'loading'
            : 'paused';
    set({
      frame: f,
      seriesVersion,
      // Every frame carries a new array: keep the old one while nothing changed, so the
      // dashboard's charts and fault timeline do not redraw 30 times a second.
      faults: sameFaults(st.faults, f.activeFaults) ? st.faults : f.activeFaults,
      status,
      error: f.error ?? (status === 'error' ? st.error : null),
    });
    if (status === 'finished' && !st.summary && summaryAsked !== st.info) {
      // Asked once per run: every frame after the end is a finished one.
      const info = st.info;
      const opened = designsOpened,
        loads = runsLoaded;
      summaryAsked = info;
      // The design as it ended (edits after the end no longer reach `loaded`): what the next
      // run compares with, and what was changed live on the way.
      const ended = st.loaded ? structuredClone(st.loaded) : null;
      const live: LiveChanges = {
        edits: [...st.liveEdits],
        faults: (f.activeFaults ?? []).filter((x) => x.injected),
      };
      void backend?.api.summary().then(
        (summary) => {
          if (loads === runsLoaded) set({ summary, summaryOf: ended, summaryLive: live });
          // Run or Reset came first: the summary is still the last finished run, what the
          // new run compares with; shown as the new run's own it would hide the new one's.
          else if (summary && ended && opened === designsOpened)
            set({ previous: { summary, design: ended, live } });
        },
        () => {
          if (summaryAsked === info) summaryAsked = null; // may be asked again
        },
      );
    }
  };

  /** What `previous` becomes when this run's summary is cleared. */
  const kept = (): RunState['previous'] => {
    const st = get();
    return st.summary && st.summaryOf
      ? { summary: st.summary, design: st.summaryOf, live: st.summaryLive ?? { edits: [], faults: [] } }
      : st.previous;
  };

  const load = async (design: Design): Promise<boolean> => {
    // Nothing to run (the Run button is greyed out then): Space, Step and Restart do nothing either.
    if (design.nodes.length === 0) return false;
    runsLoaded++;
    set({
      status: 'loading',
      problems: [],
      error: null,
      summary: null,
      summaryOf: null,
      summaryLive: null,
      previous: kept(),
      needsRestart: false,
    });
    const b = await ensureBackend();
    const r = await b.api.load(design);
    if (!r.ok) {
      set({
        status: 'idle',
        problems: r.errors,
        error: `The design cannot run: ${r.errors.length} problem${r.errors.length > 1 ? 's' : ''} (see Validation)`,
      });
      return false;
    }
    set({
      info: r.info,
      loaded: structuredClone(design),
      liveEdits: [],
      faults: [],
      frame: null,
      status: 'paused',
    });
    await b.api.setSpeed(get().speed);
    return true;
  };

  const fresh = (design: Design) => {
    const st = get();
    return (
      !st.loaded ||
      st.needsRestart ||
      st.status === 'idle' ||
      st.status === 'finished' ||
      st.status === 'error' ||
      structureKey(st.loaded) !== structureKey(design)
    );
  };

  const remembered = readTabSpeed();
  return {
    status: 'idle',
    error: null,
    problems: [],
    info: null,
    frame: null,
    speed: remembered?.speed ?? 1,
    speedChosen: remembered?.chosen ?? false,
    needsRestart: false,
    seriesVersion: 0,
    faults: [],
    summary: null,
    summaryOf: null,
    summaryLive: null,
    liveEdits: [],
    previous: null,
    loaded: null,

    async run(design) {
      if (fresh(design) && !(await load(design))) return;
      set({ status: 'running' });
      await backend!.api.play();
    },
    async pause() {
      if (!backend) return;
      await backend.api.pause();
      if (get().status === 'running') set({ status: 'paused' });
    },
    async toggle(design) {
      if (get().status === 'running') await get().pause();
      else await get().run(design);
    },
    async step(design) {
      if (fresh(design) && !(await load(design))) return;
      await backend!.api.step();
    },
    async unload() {
      designsOpened++;
      await get().reset();
      set({
        status: 'idle',
        info: null,
        loaded: null,
        frame: null,
        faults: [],
        previous: null,
      });
    },
    async reset() {
      const loaded = get().loaded;
      if (get().status === 'error' || !backend) {
        backend?.terminate();
        backend = null;
      }
      set({
        status: 'idle',
        frame: null,
        faults: [],
        summary: null,
        summaryOf: null,
        summaryLive: null,
        previous: kept(),
        error: null,
        needsRestart: false,
        info: null,
        loaded: null,
      });
      if (loaded) await load(loaded);
    },
    async setSpeed(speed) {
      set({ speed, speedChosen: true });
      writeTabSpeed(speed, true);
      await backend?.api.setSpeed(speed);
    },
    async suggestSpeed(speed) {
      if (get().speedChosen || get().speed === speed) return;
      set({ speed });
      writeTabSpeed(speed, false);
      await backend?.api.setSpeed(speed);
    },
    async inject(fault) {
      if (!backend || !get().loaded)
        return { ok: false, message: 'Start a run first, then inject faults into it.' };
      // A finished run takes no more events: the fault would be "injected" into nothing.
      if (get().status === 'finished')
        return {
          ok: false,
          message: 'The run has ended: press Run for a new one, then inject faults into it.',
        };
      const r = await backend.api.inject(fault);
      return r.ok
        ? { ok: true }
        : {
            ok: false,
            message: r.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
            problems: r.errors,
          };
    },
    async endFault(id) {
      if (!backend || !get().loaded) return { ok: false, message: 'no run is loaded' };
      return backend.api.endFault(id);
    },
    async syncDesign(design) {
      const st = get();
      if (!backend || !st.loaded || st.status === 'idle' || st.status === 'loading') return;
      if (structureKey(st.loaded) !== structureKey(design)) {
        if (!st.needsRestart) set({ needsRestart: true });
        return;
      }
      // Back to the running structure (the edit was undone): nothing left to restart for.
      if (st.needsRestart) set({ needsRestart: false });
      const loaded = st.loaded;
      if (st.status === 'finished') {
        // A finished run is a record: its session keeps the params it ran with (its cards
        // read 10/10 instances it never had). The edit is for the next run, Reset's included,
        // which reloads `loaded`: it takes the params here, with no live edit logged.
        for (const n of design.nodes) {
          const old = loaded.nodes.find((x) => x.id === n.id);
          if (old) old.params = structuredClone(n.params);
        }
        for (const e of design.edges) {
          const old = loaded.edges.find((x) => x.id === e.id);
          if (old) old.params = structuredClone(e.params);
        }
        return;
      }
      const same = (a: unknown, b: unknown) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
      const note = (scope: LiveEdit['scope'], id: string, before: unknown, after: unknown) => {
        const atS = (get().frame?.simMs ?? 0) / 1000;
        const edits = get().liveEdits;
        const last = edits[edits.length - 1];
        const b = structuredClone((before ?? {}) as Record<string, unknown>),
          a = structuredClone((after ?? {}) as Record<string, unknown>);
        // Typing 6, 60, 600 into one field at one instant is one edit, from the first value.
        if (last && last.scope === scope && last.id === id && last.atS === atS)
          set({ liveEdits: [...edits.slice(0, -1), { ...last, after: a }] });
        else set({ liveEdits: [...edits, { atS, scope, id, before: b, after: a }] });
      };
      for (const n of design.nodes) {
        const old = loaded.nodes.find((x) => x.id === n.id);
        if (old && !same(old.params, n.params)) {
          const r = await backend.api.updateNode(n.id, n.params ?? {});
          if (r.ok) {
            note('node', n.id, old.params, n.params);
            old.params = structuredClone(n.params);
          }
        }
      }
      for (const e of design.edges) {
        const old = loaded.edges.find((x) => x.id === e.id);
        if (old && !same(old.params, e.params)) {
          const r = await backend.api.updateEdge(e.id, e.params ?? {});
          if (r.ok) {
            note('edge', e.id, old.params, e.params);
            old.params = structuredClone(e.params);
          }
        }
      }
    },
    async series(id, held) {
      if (!backend) return null;
      const part = await backend.api.series(id, held ? seriesCursor(held) : undefined);
      return part ? appendSeries(held ?? null, part) : null;
    },
    async seriesCsv() {
      return backend ? backend.api.seriesCsv() : null;
    },
  };
});
