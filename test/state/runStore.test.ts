import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Design } from '../../src/model/design';
import type { AsyncSimApi, BackendFactory } from '../../src/state/simClient';
import { appendClientRows, setBackendFactory, useRunStore } from '../../src/state/runStore';
import { NF, NODE_FIELDS, type Frame } from '../../src/worker/api';
import { SimSession } from '../../src/worker/session';
import { designChanges } from '../../src/ui/run/summaryCompare';

/** An in-process backend: the real SimSession, a hand-moved clock, frames on demand. */
function inProcess() {
  const clock = { t: 0 };
  const session = new SimSession(() => clock.t);
  let onFrame: ((f: Frame) => void) | null = null;
  let crash: ((m: string) => void) | null = null;
  const api = new Proxy({} as AsyncSimApi, {
    get:
      (_t, name: string) =>
      async (...args: unknown[]) => {
        if (name === 'subscribe') {
          onFrame = args[0] as (f: Frame) => void;
          return;
        }
        const r = (session as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args);
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
      previous: null,
      error: null,
    });
  });

  it('runs, accumulates client series from frames, pauses', async () => {
    const d = design();
    await useRunStore.getState().run(d);
    expect(useRunStore.getState().status).toBe('running');
    sim.advance(3000);
    const st = useRunStore.getState();
    expect(st.frame!.simMs).toBeCloseTo(3000, 6);
    expect(st.clients[0].id).toBe('users');
    expect(st.clients[0].startS).toEqual([0, 1, 2]);
    expect(st.clients[0].values.ok.every((x) => x > 50)).toBe(true);
    await st.pause();
    expect(useRunStore.getState().status).toBe('paused');
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
    // An edit after the end reaches the finished session; the run it compares with is the one that ran.
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

describe('client series in the store', () => {
  it('join pairwise past their row limit, counts summed and levels averaged by time: memory stays flat', () => {
    const info = {
      clientIndices: [0],
      clientColumns: ['arrivals', 'p99', 'queueMax'],
      clientMerge: ['sum', 'mean', 'max'] as const,
    };
    const c = {
      id: 'u',
      startS: [] as number[],
      endS: [] as number[],
      values: { arrivals: [], p99: [], queueMax: [] } as Record<string, number[]>,
    };
    // 10 rows of 1 s (row k: k arrivals, p99 10k ms, queue peak k), then 1 row of 2 s.
    const rows: number[] = [];
    for (let k = 0; k < 10; k++) rows.push(0, k, k + 1, k, 10 * k, k);
    rows.push(0, 10, 12, 20, NaN, 3);
    appendClientRows([c], { ...info, clientMerge: [...info.clientMerge] }, rows, 8);
    // 11 rows > 8: joined pairwise into 6; the odd last row stays alone.
    expect(c.startS).toEqual([0, 2, 4, 6, 8, 10]);
    expect(c.endS).toEqual([2, 4, 6, 8, 10, 12]);
    expect(c.values.arrivals).toEqual([1, 5, 9, 13, 17, 20]);
    expect(c.values.p99).toEqual([5, 25, 45, 65, 85, NaN]);
    expect(c.values.queueMax).toEqual([1, 3, 5, 7, 9, 3]);
    // Every arrival kept; a time-weighted mean when widths differ.
    const d = {
      id: 'u',
      startS: [0],
      endS: [1],
      values: { arrivals: [1], p99: [10], queueMax: [0] } as Record<string, number[]>,
    };
    appendClientRows([d], { ...info, clientMerge: [...info.clientMerge] }, [0, 1, 4, 3, 30, 1], 1);
    expect(d.values.p99).toEqual([(10 * 1 + 30 * 3) / 4]);
    expect(d.values.arrivals).toEqual([4]);
  });

  it('over a long run keep rows of one width, as the engine does: no oldest row swallowing the run', () => {
    const info = { clientIndices: [0], clientColumns: ['arrivals'], clientMerge: ['sum' as const] };
    const c = {
      id: 'u',
      startS: [] as number[],
      endS: [] as number[],
      values: { arrivals: [] } as Record<string, number[]>,
    };
    for (let k = 0; k < 100_000; k++) appendClientRows([c], info, [0, k, k + 1, 1], 4096);
    const widths = c.startS.map((s, i) => c.endS[i] - s);
    expect(c.startS.length).toBeLessThanOrEqual(4096);
    // Every row but the last (still filling) spans the same 32 buckets; it was 75,776, 2,048, 1,024, ...
    expect(new Set(widths.slice(0, -1))).toEqual(new Set([32]));
    expect(widths.at(-1)).toBeLessThanOrEqual(32);
    expect(c.values.arrivals.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(c.endS.at(-1)).toBe(100_000);
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
