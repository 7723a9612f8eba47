/**
 * Service: instances × threads with a FIFO queue per instance (DESIGN.md §4). A call takes
 * a thread (or waits), does its own work, then calls its dependencies; with blocking I/O
 * the thread stays held while it waits on them. Autoscaling adds instances after a
 * start-up delay and drains surplus ones.
 */
import type { KindParams } from '../../model/design';
import { FLAG_DEGRADED, FLAG_DEP_FAILED, FLAG_THREAD } from '../engine';
import { ERROR, OK, REJECTED, UNAVAILABLE } from '../metrics';
import { Sampler } from '../sampler';
import {
  ADMIT_REJECTED,
  ADMIT_STARTED,
  SERVER_CRASHED,
  SERVER_DRAINING,
  SERVER_OFF,
  SERVER_STARTING,
  SERVER_UP,
  Station,
} from '../station';
import { ALL_INSTANCES } from '../faults';
import { NodeBehaviour } from './base';

type P = KindParams<'service'>;
const WORK_DONE = 1;
const AUTOSCALE = 1,
  INSTANCE_READY = 2;

/** Relative distance from the target utilization within which the autoscaler does nothing. */
const AUTOSCALE_TOLERANCE = 0.1;

export class ServiceNode extends NodeBehaviour {
  p!: P;
  station!: Station;
  // String-valued choices flattened to booleans at configure time (read per call).
  private asyncIo = false;
  private parallel = false;
  private fallback = false;
  private readonly work = new Sampler(0);
  /** Instances the design (or the autoscaler) wants serving. */
  private desired = 0;
  private lastScaleAt = -Infinity;
  private lastSample = { busy: 0, cap: 0 };
  private readonly iInstances = this.extra('instances');
  private readonly iDegraded = this.extra('degraded');

  constructor(...args: ConstructorParameters<typeof NodeBehaviour>) {
    super(...args);
    this.configure(this.node.params);
  }

  configure(params: Record<string, unknown>): void {
    const p = params as P;
    const first = this.p === undefined;
    this.p = p;
    this.asyncIo = p.io === 'async';
    this.parallel = p.calls === 'parallel';
    this.fallback = p.onDependencyError === 'fallback';
    this.work.set(p.serviceTimeMs);
    const maxServers = Math.max(p.instances, p.autoscale?.max ?? 0);
    if (first) this.station = new Station(maxServers, this.stats, this.engine);
    else this.station.ensure(maxServers);
    this.station.queueCapacity = p.queueCapacity;
    this.station.trackLoad(p.loadLatency !== null);
    if (first || this.station.threads !== p.concurrency) this.station.setThreads(p.concurrency);
    if (first || !p.autoscale || this.desired !== p.instances)
      this.scaleTo(
        p.autoscale ? Math.min(p.autoscale.max, Math.max(p.autoscale.min, p.instances)) : p.instances,
        true,
      );
  }

  override start(): void {
    if (this.p.autoscale) this.engine.nodeTimer(this.index, this.p.autoscale.evaluationS * 1000, AUTOSCALE);
  }

  /** Brings the number of serving instances to n: start or drain servers. */
  private scaleTo(n: number, immediate: boolean): void {
    const st = this.station;
    this.desired = n;
    let serving = this.serving();
    for (let s = 0; s < st.size && serving < n; s++) {
      const state = st.state[s];
      if (state === SERVER_OFF || state === SERVER_DRAINING) {
        if (immediate || state === SERVER_DRAINING) st.setState(s, SERVER_UP);
        else {
          st.setState(s, SERVER_STARTING);
          this.engine.nodeTimer(this.index, (this.p.autoscale?.startupS ?? 0) * 1000, INSTANCE_READY, s);
        }
        serving++;
      }
    }
    for (let s = st.size - 1; s >= 0 && serving > n; s--) {
      const state = st.state[s];
      if (state === SERVER_UP || state === SERVER_STARTING) {
        st.setState(s, st.idle(s) ? SERVER_OFF : SERVER_DRAINING);
        serving--;
      }
    }
    this.applyFaults();
  }

  override onTimer(code: number, arg: number): void {
    const st = this.station;
    if (code === INSTANCE_READY) {
      if (st.state[arg] === SERVER_STARTING) st.setState(arg, SERVER_UP);
      return;
    }
    if (code === AUTOSCALE) {
      const a = this.p.autoscale;
      if (!a) return;
      const s = st.sample();
      const dBusy = s.busy - this.lastSample.busy,
        dCap = s.cap - this.lastSample.cap;
      this.lastSample = s;
      const util = dCap > 0 ? dBusy / dCap : 0;
      const serving = this.serving();
      const up = Math.max(1, st.upCount);
      const want = Math.min(a.max, Math.max(a.min, Math.ceil((up * util) / a.targetUtilization - 1e-9)));
      // Near the target it holds still (as Kubernetes' autoscaler does): a count whose need
      // sits near a whole number would otherwise flap by one at every look, as noise goes.
      const near = Math.abs(util / a.targetUtilization - 1) <= AUTOSCALE_TOLERANCE;
      const bounded = serving < a.min || serving > a.max; // min and max hold whatever the load
      if (
        want !== serving &&
        (bounded || !near) &&
        this.engine.now - this.lastScaleAt >= a.cooldownS * 1000
      ) {
        this.lastScaleAt = this.engine.now;
        this.scaleTo(want, false);
      }
      this.engine.nodeTimer(this.index, a.evaluationS * 1000, AUTOSCALE);
    }
  }

  override applyFaults(): void {
    // Crash faults take down the first k serving instances; they return empty.
    const st = this.station;
    const k = this.engine.faults.crashed[this.index];
    let want = k >= ALL_INSTANCES ? st.size : k;
    for (let s = 0; s < st.size; s++) {
      const state = st.state[s];
      if (state === SERVER_CRASHED) {
        if (want > 0) want--;
        else st.setState(s, this.serving() < this.desired ? SERVER_UP : SERVER_OFF);
      } else if (
        want > 0 &&
        (state === SERVER_UP || state === SERVER_DRAINING || state === SERVER_STARTING)
      ) {
        want--;
        st.setState(s, SERVER_CRASHED);
        st.reset(s);
        this.engine.failTasks(this.index, (inst) => inst === s);
      }
    }
  }

  private serving(): number {
    const st = this.station;
    let n = 0;
    for (let s = 0; s < st.size; s++) if (st.state[s] === SERVER_UP || st.state[s] === SERVER_STARTING) n++;
    return n;
  }

  override isUp(): boolean {
    return this.station.upCount > 0;
  }

  onArrive(t: number): void {
    const s = this.station.pickRoundRobin();
    if (s < 0) {
      this.engine.answer(t, UNAVAILABLE);
      return;
    }
    this.engine.tasks.inst[t] = s;
    const r = this.station.admit(s, t);
    if (r === ADMIT_STARTED) this.startWork(t, s);
    else if (r === ADMIT_REJECTED) this.engine.answer(t, REJECTED);
  }

  private startWork(t: number, s: number): void {
    this.engine.tasks.flags[t] |= FLAG_THREAD;
    let ms = this.work.sample(this.rng);
    const ll = this.p.loadLatency;
    if (ll !== null) ms *= this.station.slowdown(s, ll.knee, ll.factor);
    const e = this.engine;
    e.queue.at = e.now + this.faulted(ms); // by field: see Engine.taskTimerAt
    e.taskTimerAt(t, WORK_DONE);
  }

  override onTaskTimer(t: number, code: number): void {
    if (code !== WORK_DONE) return;
    if (this.failsWithError(this.p.errorRate)) {
      this.finish(t, ERROR);
      return;
    }
    if (this.asyncIo) this.releaseThread(t);
    if (this.startDependencies(t, this.parallel)) this.finish(t, -1);
  }

  override onCallDone(t: number, _e: number, outcome: number): void {
    if (this.dependencyDone(t, outcome, this.parallel, this.fallback)) this.finish(t, -1);
  }

  /** Answers the task; `forced` is an outcome, or -1 to derive it from the dependency flags. */
  private finish(t: number, forced: number): void {
    const flags = this.engine.tasks.flags[t];
    let outcome = forced;
    if (outcome < 0) {
      outcome = flags & FLAG_DEP_FAILED ? ERROR : OK;
      if (outcome === OK && flags & FLAG_DEGRADED) this.stats.extra[this.iDegraded]++;
    }
    if (flags & FLAG_THREAD) this.releaseThread(t);
    this.engine.answer(t, outcome);
  }

  private releaseThread(t: number): void {
    const T = this.engine.tasks;
    T.flags[t] &= ~FLAG_THREAD;
    const s = T.inst[t];
    const next = this.station.release(s);
    if (next >= 0) this.startWork(next, s);
    else if (this.station.state[s] === SERVER_DRAINING && this.station.idle(s))
      this.station.setState(s, SERVER_OFF);
  }

  override beforeRoll(): void {
    this.stats.extra[this.iInstances] = this.station.upCount;
  }

  override summary(): Record<string, number> {
    return { instances: this.station.upCount, degraded: this.stats.windowExtra[this.iDegraded] };
  }
}
