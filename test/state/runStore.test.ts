import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Design } from '../../src/model/design';
import type { AsyncSimApi, BackendFactory } from '../../src/state/simClient';
import { setBackendFactory, useRunStore } from '../../src/state/runStore';
import {
  ALL_OUTCOMES,
  amplificationLine,
  clientFigures,
  ERROR_OUTCOMES,
  seriesTable,
  type Table,
} from '../../src/ui/run/chartData';
import { NF, NODE_FIELDS, type Frame, type SeriesData } from '../../src/worker/api';
import { runDesign } from '../../src/sim/run';
import { SimSession } from '../../src/worker/session';
import { designChanges, liveChangeTexts } from '../../src/ui/run/summaryCompare';

/** An in-process backend: the real SimSession, a hand-moved clock, frames on demand. */
function inProcess() {
  const clock = { t: 0 };
  const session = new SimSession(() => clock.t);
  let onFrame: ((f: Frame) => void) | null = null;
  let crash: ((m: string) => void) | null = null;
  /** Every series() answer the "worker" sent, as it crossed over. */
  const sent: SeriesData[] = [];
  const api = new Proxy({} as AsyncSimApi, {
    get:
      (_t, name: string) =>
      async (...args: unknown[]) => {
        if (name === 'subscribe') {
          onFrame = args[0] as (f: Frame) => void;
          return;
        }
        const r = (session as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args);
        if (name === 'series' && r) sent.push(r as SeriesData);
        onFrame?.(session.frame());
        return r;
      },
  });
  const factory: BackendFactory = (onCrash) => {
    crash = onCrash;
    return { api, subscribe: async (cb) => void (onFrame = cb), terminate: () => {} };
  };
  return {
    factory,
    session,
    sent,
    advance(ms: number) {
      clock.t += ms;
      session.pump();
      onFrame?.(session.frame());
    },
    crash: (m: string) => crash?.(m),
  };
}

function design(): Design {
  return {
    schemaVersion: 1,
    name: 'run store',
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 100, readRatio: 1 } },
      {
        id: 'api',
        kind: 'service',
        params: { instances: 1, concurrency: 2, serviceTimeMs: { dist: 'exponential', mean: 10 } },
      },
    ],
    edges: [{ id: 'e1', source: 'users', target: 'api' }],
    scenario: { durationS: 30, seed: 3 },
  };
}

describe('run store', () => {
  let sim: ReturnType<typeof inProcess>;
  beforeEach(async () => {
    sim = inProcess();
    setBackendFactory(sim.factory);
    useRunStore.setState({
      status: 'idle',
      loaded: null,
      info: null,
      frame: null,
      needsRestart: false,
      summary: null,
      summaryOf: null,
      summaryLive: null,
      liveEdits: [],
      previous: null,
      error: null,
    });
  });

  it('runs and pauses; a client is charted from the engine series, fetched anew each time a bucket closes', async () => {
    const d = design();
    await useRunStore.getState().run(d);
    expect(useRunStore.getState().status).toBe('running');
    const version = () => useRunStore.getState().seriesVersion;
    /** The client's chart table, as ClientCharts fetches and reads it. */
    const table = async () => seriesTable((await useRunStore.getState().series('users'))!);
    const v0 = version();
    sim.advance(3000);
    const st = useRunStore.getState();
    expect(st.frame!.simMs).toBeCloseTo(3000, 6);
    expect(st.info!.clientIndices.map((i) => st.info!.nodeIds[i])).toEqual(['users']);
    expect(version()).toBeGreaterThan(v0);
    let tb = await table();
    expect(tb.t).toEqual([1, 2, 3]);
    expect(Array.from(tb.cols.ok).every((x) => x > 50)).toBe(true);
    // Frames within a bucket bring no new rows: no refetch.
    const v1 = version();
    sim.advance(300);
    await st.pause();
    expect(useRunStore.getState().status).toBe('paused');
    expect(version()).toBe(v1);
    // A step while paused closes a bucket: the charts fetch again and see it.
    await useRunStore.getState().step(d);
    expect(version()).toBeGreaterThan(v1);
    tb = await table();
    expect(tb.t).toEqual([1, 2, 3, 4]);
    // Resumed, the charts keep up live.
    const v2 = version();
    await useRunStore.getState().run(d);
    sim.advance(1000);
    expect(version()).toBeGreaterThan(v2);
    expect((await table()).t).toEqual([1, 2, 3, 4, 5]);
    // Reset: a new run, charts start empty (no rows of the old run) and are told so.
    const v3 = version();
    await useRunStore.getState().reset();
    expect(version()).toBeGreaterThan(v3);
    expect(useRunStore.getState().info).not.toBe(st.info);
    expect((await table()).t).toEqual([]);
    await useRunStore.getState().run(d);
    sim.advance(1000);
    expect((await table()).t).toEqual([1]);
  });

  /** A series as plain arrays, NaN kept (toEqual on the typed arrays themselves would compare their spare room too). */
  const plain = (s: SeriesData) => ({
    columns: s.columns,
    counts: s.counts,
    run: s.run,
    stride: s.stride,
    stored: s.stored,
    time: Array.from(s.time),
    widthS: Array.from(s.widthS),
    data: s.data.map((c) => Array.from(c)),
  });

  it('fetches only the rows after the copy it holds, and across coarsenings still holds the whole series', async () => {
    const d = design();
    // 10,000 buckets of 0.01 s: the series (4,096 rows) merges its rows pairwise at 40.96 s and at 81.92 s.
    d.scenario = { durationS: 100, seed: 4, bucketS: 0.01 };
    await useRunStore.getState().run(d);
    let held: SeriesData | null = null;
    let tails = 0;
    const strides: number[] = [];
    // Uneven steps (123.7 buckets): a merged series' last group is often part-full.
    for (let step = 0; step < 82; step++) {
      sim.advance(1237);
      const stride: number = held?.stride ?? 1;
      const stored: number = held?.stored ?? 0;
      held = (await useRunStore.getState().series('users', held))!;
      const part = sim.sent.at(-1)!;
      const whole = sim.session.series('users')!;
      expect(plain(held)).toEqual(plain(whole));
      if (whole.stride === stride) {
        // Steady: what was held is not sent again, but its last group still filling is.
        expect(part.from).toBe(stored);
        expect(part.time.length).toBe(whole.time.length - stored);
        expect(part.time.length).toBeLessThanOrEqual(Math.ceil(124 / stride) + 1);
      } else {
        // Coarsened: the rows held are merged ones now, the whole series comes again.
        expect(part.from).toBe(0);
        strides.push(whole.stride);
      }
      if (whole.time.length > whole.stored) tails++;
    }
    expect(strides).toEqual([2, 4]);
    expect(tails).toBeGreaterThan(20);
    const last = held!;
    expect(last.time.length).toBeGreaterThan(2048);
    // A copy of another run (Reset meanwhile) gets that run's whole series, never rows to append.
    await useRunStore.getState().reset();
    await useRunStore.getState().run(d);
    sim.advance(500);
    const fresh = (await useRunStore.getState().series('users', last))!;
    expect(fresh.run).not.toBe(last.run);
    expect(sim.sent.at(-1)!.from).toBe(0);
    expect(plain(fresh)).toEqual(plain(sim.session.series('users')!));
    expect(fresh.time.length).toBe(50);
  });

  it('on a steady run, each fetch transfers the new rows alone', async () => {
    await useRunStore.getState().run(design());
    let held: SeriesData | null = null;
    const bytes = (s: SeriesData) =>
      s.time.byteLength + s.widthS.byteLength + s.data.reduce((a, c) => a + c.byteLength, 0);
    let incremental = 0,
      whole = 0;
    for (let k = 1; k <= 30; k++) {
      sim.advance(1000);
      held = (await useRunStore.getState().series('users', held))!;
      const part = sim.sent.at(-1)!;
      expect([part.from, part.time.length]).toEqual([k - 1, 1]);
      expect(held.time.length).toBe(k);
      incremental += bytes(part);
      whole += bytes(sim.session.series('users')!);
    }
    // 30 rows sent instead of 1 + 2 + ... + 30 = 465.
    expect(whole / incremental).toBeCloseTo(465 / 30, 6);
  });

  it('sends parameter edits live and flags structural edits for a restart', async () => {
    const d = design();
    await useRunStore.getState().run(d);
    sim.advance(1000);
    const edited = structuredClone(d);
    edited.nodes[1].params = { ...edited.nodes[1].params, instances: 3 };
    await useRunStore.getState().syncDesign(edited);
    sim.advance(1000);
    const f = useRunStore.getState().frame!;
    expect(f.nodes[1 * NODE_FIELDS + NF.instancesUp]).toBe(3);
    expect(useRunStore.getState().needsRestart).toBe(false);
    const grown = structuredClone(edited);
    grown.nodes.push({ id: 'db', kind: 'database' });
    await useRunStore.getState().syncDesign(grown);
    expect(useRunStore.getState().needsRestart).toBe(true);
    // Undoing the structural edit takes the offer back; redoing it makes it again.
    await useRunStore.getState().syncDesign(edited);
    expect(useRunStore.getState().needsRestart).toBe(false);
    await useRunStore.getState().syncDesign(grown);
    expect(useRunStore.getState().needsRestart).toBe(true);
    // An edge's role is structure too (a queue's dead-letter edge): offered as a restart.
    await useRunStore.getState().syncDesign(edited);
    const dlq = structuredClone(edited);
    dlq.edges[0].params = { ...dlq.edges[0].params, role: 'dlq' };
    await useRunStore.getState().syncDesign(dlq);
    expect(useRunStore.getState().needsRestart).toBe(true);
    await useRunStore.getState().syncDesign(grown);
    // Run after a structural edit starts over with the new design.
    await useRunStore.getState().run(grown);
    expect(useRunStore.getState().info!.nodeIds).toContain('db');
    expect(useRunStore.getState().needsRestart).toBe(false);
  });

  it('injects faults into the running session and refuses bad ones with a message', async () => {
    await useRunStore.getState().run(design());
    sim.advance(1000);
    const bad = await useRunStore.getState().inject({ type: 'crash', target: 'ghost' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/ghost/);
    // The problems themselves, for the fault menu to word with names.
    if (!bad.ok) expect(bad.problems?.map((p) => p.path)).toEqual(['fault.target']);
    expect((await useRunStore.getState().inject({ type: 'crash', target: 'api', durationS: 5 })).ok).toBe(
      true,
    );
    sim.advance(1000);
    const faults = useRunStore.getState().faults;
    expect(faults.some((x) => x.active && x.target === 'api')).toBe(true);
    // Frames that bring the same faults keep the same array (charts key their redraws on it)...
    sim.advance(100);
    sim.advance(100);
    expect(useRunStore.getState().faults).toBe(faults);
    // ...and a change (the crash ends after 5 s) replaces it.
    sim.advance(5000);
    expect(useRunStore.getState().faults).not.toBe(faults);
    expect(useRunStore.getState().faults.find((x) => x.target === 'api')?.active).toBe(false);
  });

  it('ends a live fault now, and its faults say when it ended', async () => {
    await useRunStore.getState().run(design());
    sim.advance(1000);
    expect((await useRunStore.getState().inject({ type: 'crash', target: 'api' })).ok).toBe(true);
    sim.advance(2000);
    const live = useRunStore.getState().faults.find((x) => x.injected)!;
    expect([live.active, live.ended, live.endS]).toEqual([true, false, null]);
    const at = useRunStore.getState().frame!.simMs / 1000;
    expect(await useRunStore.getState().endFault(live.id)).toEqual({ ok: true, atS: at });
    // The frame sent with the answer already shows it over, ended then.
    expect(useRunStore.getState().faults.find((x) => x.id === live.id)).toMatchObject({
      active: false,
      ended: true,
      endS: at,
    });
    const again = await useRunStore.getState().endFault(live.id);
    expect(again.ok).toBe(false);
  });

  it('a worker crash becomes a clear error; Reset starts a fresh worker with the design kept', async () => {
    await useRunStore.getState().run(design());
    sim.advance(500);
    sim.crash('out of memory');
    expect(useRunStore.getState().status).toBe('error');
    expect(useRunStore.getState().error).toMatch(/out of memory/);
    // A frame the dead worker had already posted arrives late: it changes nothing.
    sim.advance(100);
    expect(useRunStore.getState().status).toBe('error');
    expect(useRunStore.getState().error).toMatch(/out of memory/);
    await useRunStore.getState().reset();
    expect(useRunStore.getState().status).toBe('paused');
    expect(useRunStore.getState().loaded?.name).toBe('run store');
  });

  it('unload forgets the run: idle, nothing loaded, and the next run loads the design it is given', async () => {
    await useRunStore.getState().run(design());
    sim.advance(500);
    expect(useRunStore.getState().status).toBe('running');
    await useRunStore.getState().unload();
    const st = useRunStore.getState();
    expect([st.status, st.info, st.loaded, st.frame]).toEqual(['idle', null, null, null]);
    const other = { ...design(), name: 'another design' };
    await useRunStore.getState().run(other);
    expect(useRunStore.getState().loaded?.name).toBe('another design');
    expect(useRunStore.getState().status).toBe('running');
  });

  it("keeps the last finished run's summary and design for the next run to compare with", async () => {
    const d = design();
    await useRunStore.getState().run(d);
    // Run to the end (30 s), in steps the session's pump can take.
    for (let t = 0; t < 32; t++) sim.advance(1000);
    await vi.waitFor(() => expect(useRunStore.getState().summary).not.toBeNull());
    const first = useRunStore.getState().summary!;
    expect(useRunStore.getState().status).toBe('finished');
    // An edit after the end is for the next run; the run it compares with is the one that ran.
    const edited = structuredClone(d);
    edited.nodes[1].params = { ...edited.nodes[1].params, instances: 3 };
    await useRunStore.getState().syncDesign(edited);
    await useRunStore.getState().run(edited);
    let st = useRunStore.getState();
    expect(st.summary).toBeNull();
    expect(st.previous?.summary).toBe(first);
    expect(st.previous?.design.nodes[1].params?.instances).toBe(1);
    for (let t = 0; t < 32; t++) sim.advance(1000);
    await vi.waitFor(() => expect(useRunStore.getState().summary).not.toBeNull());
    st = useRunStore.getState();
    expect(designChanges(st.previous!.design, st.summaryOf!)).toEqual(['Service › Instances 1 → 3']);
    // Reset keeps the comparison (the latest finished run); another design drops it.
    const second = st.summary;
    await useRunStore.getState().reset();
    expect(useRunStore.getState().previous?.summary).toBe(second);
    await useRunStore.getState().unload();
    expect(useRunStore.getState().previous).toBeNull();
  });

  it('refuses a fault for a run that has ended, saying what to do', async () => {
    await useRunStore.getState().run(design());
    for (let t = 0; t < 32; t++) sim.advance(1000);
    await vi.waitFor(() => expect(useRunStore.getState().status).toBe('finished'));
    const r = await useRunStore.getState().inject({ type: 'crash', target: 'api', durationS: 5 });
    expect(r).toEqual({
      ok: false,
      message: 'The run has ended: press Run for a new one, then inject faults into it.',
    });
    expect(useRunStore.getState().faults.filter((f) => f.injected)).toEqual([]);
  });

  it('an edit after the end leaves the finished run as it ran: its figures are not rewritten', async () => {
    const d = design();
    await useRunStore.getState().run(d);
    for (let t = 0; t < 32; t++) sim.advance(1000);
    await vi.waitFor(() => expect(useRunStore.getState().summary).not.toBeNull());
    const edited = structuredClone(d);
    edited.nodes[1].params = { ...edited.nodes[1].params, instances: 10 };
    await useRunStore.getState().syncDesign(edited);
    sim.advance(1000);
    const f = useRunStore.getState().frame!;
    // The card reads the run's 1 instance up, not the new design's 10.
    expect(f.nodes[1 * NODE_FIELDS + NF.instancesUp]).toBe(1);
    expect(useRunStore.getState().liveEdits).toEqual([]);
    // Reset then runs the edited design, not the old params.
    await useRunStore.getState().reset();
    await useRunStore.getState().run(edited);
    sim.advance(1000);
    expect(useRunStore.getState().frame!.nodes[1 * NODE_FIELDS + NF.instancesUp]).toBe(10);
  });

  it('remembers what was changed live (edits, injected faults) and names it beside the comparison', async () => {
    const d = design();
    await useRunStore.getState().run(d);
    sim.advance(5000);
    // Three edits of one field at one instant are one edit, from the first value to the last.
    for (const rps of [2, 20, 200]) {
      const e = structuredClone(d);
      e.nodes[0].params = { ...e.nodes[0].params, rps };
      await useRunStore.getState().syncDesign(e);
    }
    const atEdit = useRunStore.getState().frame!.simMs / 1000;
    sim.advance(2000);
    expect((await useRunStore.getState().inject({ type: 'crash', target: 'api', durationS: 3 })).ok).toBe(
      true,
    );
    for (let t = 0; t < 32; t++) sim.advance(1000);
    await vi.waitFor(() => expect(useRunStore.getState().summary).not.toBeNull());
    let st = useRunStore.getState();
    expect(st.summaryLive?.edits).toHaveLength(1);
    expect(st.summaryLive?.edits[0]).toMatchObject({ scope: 'node', id: 'users', atS: atEdit });
    expect(st.summaryLive?.faults.map((f) => [f.type, f.target])).toEqual([['crash', 'api']]);
    const texts = liveChangeTexts(st.summaryLive!, st.summaryOf!);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^Client › Request rate 100 → 200 at 0:0\d$/);
    expect(texts[1]).toMatch(/^crash on Service at 0:0\d$/);
    // The next run of the same design compares with it: nothing in the design changed, but
    // the previous run was changed live, and the comparison keeps that.
    await useRunStore.getState().run(st.summaryOf!);
    st = useRunStore.getState();
    expect(st.previous?.live.edits).toHaveLength(1);
    expect(st.previous?.live.faults).toHaveLength(1);
    expect(st.liveEdits).toEqual([]);
  });

  it("a run started before the last one's summary arrives neither shows that summary as its own nor loses it", async () => {
    const d = design();
    await useRunStore.getState().run(d);
    // The last step finishes the run and asks for its summary; Run again before it is in.
    for (let t = 0; t < 32; t++) sim.advance(1000);
    const edited = structuredClone(d);
    edited.nodes[1].params = { ...edited.nodes[1].params, instances: 3 };
    await useRunStore.getState().run(edited);
    let st = useRunStore.getState();
    expect(st.summary).toBeNull();
    expect(st.previous?.design.nodes[1].params?.instances).toBe(1);
    for (let t = 0; t < 32; t++) sim.advance(1000);
    await vi.waitFor(() => expect(useRunStore.getState().summary).not.toBeNull());
    st = useRunStore.getState();
    expect(st.summaryOf?.nodes[1].params?.instances).toBe(3);
    expect(designChanges(st.previous!.design, st.summaryOf!)).toEqual(['Service › Instances 1 → 3']);
  });

  it('an invalid design does not start and lists its problems', async () => {
    const d = design();
    d.edges.push({ id: 'bad', source: 'api', target: 'users' });
    await useRunStore.getState().run(d);
    expect(useRunStore.getState().status).toBe('idle');
    expect(useRunStore.getState().problems[0].path).toBe('edges[1].target');
  });
});

describe('client charts read through the store', () => {
  beforeEach(() => {
    useRunStore.setState({ status: 'idle', loaded: null, info: null, frame: null, summary: null });
  });

  /** Errors, retries and an SLO: every line and figure ClientCharts shows has something to show. */
  function stormy(scenario: Design['scenario']): Design {
    const d = design();
    d.nodes[0].params = { rps: 200, readRatio: 1, sloMs: 15 };
    d.edges[0].params = { timeoutMs: 200, retries: { max: 2, backoff: { baseMs: 1 } } };
    d.scenario = {
      ...scenario,
      faults: [{ type: 'errors', target: 'api', atS: 5, durationS: 5, rate: 0.5 }],
    };
    return d;
  }

  async function finish(d: Design, sim: ReturnType<typeof inProcess>) {
    await useRunStore.getState().setSpeed('max');
    await useRunStore.getState().run(d);
    sim.advance(1); // at full speed with the clock still, one pump runs to the end
    await vi.waitFor(() => expect(useRunStore.getState().summary).not.toBeNull());
    await useRunStore.getState().setSpeed(1);
    return useRunStore.getState().summary!;
  }

  /** The client's rows as the Series CSV export has them: column -> values, in time order. */
  async function csvColumns(
    id: string,
  ): Promise<{ t: number[]; width: number[]; cols: Record<string, number[]> }> {
    const text = (await useRunStore.getState().seriesCsv())!.join('');
    const t: number[] = [],
      width: number[] = [];
    const cols: Record<string, number[]> = {};
    for (const l of text.trimEnd().split('\n').slice(1)) {
      const [scope, el, ts, ws, col, v] = l.split(',');
      if (scope !== 'client' || el !== id) continue;
      const end = Number(ts) + Number(ws);
      if (t.at(-1) !== end) {
        t.push(end);
        width.push(Number(ws));
      }
      (cols[col] ??= []).push(v === '' ? NaN : Number(v));
    }
    return { t, width, cols };
  }

  it('shows what the Series export holds, and what the run summary says, SLO goodput and amplification included', async () => {
    const sim = inProcess();
    setBackendFactory(sim.factory);
    const d = stormy({ durationS: 20, seed: 5 });
    const summary = await finish(d, sim);
    const s = (await useRunStore.getState().series('users'))!;
    const tb: Table = seriesTable(s);
    // The engine's own columns, read directly: the charts and the export both go through
    // seriesRows, so compared with each other they would share any row it dropped or moved.
    // A headless run of the same design and seed has the same numbers.
    const run = runDesign(d);
    if (!run.ok) throw new Error(JSON.stringify(run.errors));
    const raw = run.engine.stats[run.engine.plan.nodeIndex.get('users')!].series;
    // 20 buckets of 1 s: a stored row each, none merged, nothing left filling.
    expect([raw.rows, raw.stride, raw.unfinished()]).toEqual([20, 1, null]);
    const engineT = Array.from(raw.time.subarray(0, raw.rows), (t) => t + 1);
    expect(engineT).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const engineCol = (c: string) => Array.from(raw.column(c));
    // Row for row, column for column: the charts and the export are the engine's numbers.
    const csv = await csvColumns('users');
    expect(tb.t).toEqual(engineT);
    expect(csv.t).toEqual(engineT);
    expect(tb.width).toEqual(engineT.map(() => 1));
    expect(csv.width).toEqual(engineT.map(() => 1));
    expect(s.columns).toEqual([...raw.columns]);
    expect(Object.keys(csv.cols)).toEqual([...raw.columns]);
    for (const c of raw.columns) {
      // toEqual holds NaN (a bucket with nothing to measure) equal to NaN.
      expect(Array.from(tb.cols[c])).toEqual(engineCol(c));
      expect(csv.cols[c].map(Math.fround)).toEqual(engineCol(c));
    }
    // Warm-up 0 and the run over: the chart's totals are the summary's.
    const c = summary.clients.users;
    const sum = (cols: string[]) =>
      cols.reduce((a, k) => a + Array.from(tb.cols[k]).reduce((x, y) => x + y, 0), 0);
    expect(sum(ALL_OUTCOMES)).toBe(c.requests);
    expect(clientFigures(tb).errorsTotal).toBe(
      ERROR_OUTCOMES.reduce((a, o) => a + (c.outcomes[o as keyof typeof c.outcomes] ?? 0), 0),
    );
    expect(clientFigures(tb).errorsTotal).toBeGreaterThan(100);
    expect(sum(['goodput'])).toBeCloseTo(c.goodputRps * summary.simTimeS, 6);
    expect(sum(['goodput'])).toBeLessThan(sum(['ok'])); // the SLO bites
    expect(sum(['attempts']) / sum(ALL_OUTCOMES)).toBeCloseTo(c.retryAmplification, 4); // the summary rounds it
    expect(
      Math.max(
        ...amplificationLine(tb)
          .points.map((p) => p[1])
          .filter(Number.isFinite),
      ),
    ).toBeGreaterThan(1.2);
    // The header's last second: the last bucket, exactly.
    const f = clientFigures(tb);
    const last = tb.t.length - 1;
    expect(f.okP99).toBe(tb.cols.okP99[last]);
    expect(f.goodputPerS).toBe(tb.cols.goodput[last]);
    expect(f.arrivingPerS).toBe(tb.cols.arrivals[last]);
  });

  it('stay within the engine series bound over a long run of tiny buckets: rows of one width, every request kept', async () => {
    const sim = inProcess();
    setBackendFactory(sim.factory);
    // 10,000 buckets of 0.01 s: more than the 4,096 rows a series keeps.
    const summary = await finish(stormy({ durationS: 100, seed: 2, bucketS: 0.01 }), sim);
    const tb = seriesTable((await useRunStore.getState().series('users'))!);
    expect(tb.t.length).toBeLessThanOrEqual(4097);
    expect(tb.t.length).toBeGreaterThan(2048);
    // Every row but the last (maybe a group still filling) spans the same 4 buckets.
    expect(new Set(tb.width.slice(0, -1).map((w) => +w.toFixed(9)))).toEqual(new Set([0.04]));
    expect(tb.t.at(-1)).toBeCloseTo(100, 9);
    const answered = ALL_OUTCOMES.reduce((a, k) => a + Array.from(tb.cols[k]).reduce((x, y) => x + y, 0), 0);
    expect(answered).toBe(summary.clients.users.requests);
  });
});

describe('an empty design (the Run button is greyed out)', () => {
  it('is not run by Space, Run or Step: nothing loads, no error shows; one node runs', async () => {
    setBackendFactory(inProcess().factory);
    const { toggleRun } = await import('../../src/state/runSync');
    const { useDesignStore } = await import('../../src/state/designStore');
    const { emptyDesign } = await import('../../src/state/ops');
    useRunStore.setState({ status: 'idle', loaded: null, info: null, error: null, problems: [] });
    useDesignStore.getState().load(emptyDesign(), { record: false });
    toggleRun();
    await useRunStore.getState().run(emptyDesign());
    await useRunStore.getState().step(emptyDesign());
    await new Promise((r) => setTimeout(r, 0));
    const st = useRunStore.getState();
    expect([st.status, st.loaded, st.info, st.error, st.problems]).toEqual(['idle', null, null, null, []]);
    await useRunStore.getState().run({ ...emptyDesign(), nodes: [{ id: 'c', kind: 'client' }] });
    expect(useRunStore.getState().status).toBe('running');
    await useRunStore.getState().unload();
  });
});
