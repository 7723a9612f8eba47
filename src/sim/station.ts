/**
 * A bank of servers, each with a pool of worker threads (or connections) and a bounded
 * FIFO wait queue: the queueing station behind services, databases and other server-like
 * kinds. Tracks busy threads, waiting calls and capacity as exact time-weighted gauges.
 */
import type { NodeStats } from './metrics';

export const SERVER_OFF = 0,
  SERVER_STARTING = 1,
  SERVER_UP = 2,
  SERVER_DRAINING = 3,
  SERVER_CRASHED = 4;

export const ADMIT_STARTED = 0,
  ADMIT_QUEUED = 1,
  ADMIT_REJECTED = 2;

/** Time constant (ms) of the recent utilization that load-dependent latency reads. */
export const LOAD_TAU_MS = 1000;

export class Station {
  threads = 1;
  queueCapacity = 0;
  busy: Int32Array;
  state: Uint8Array;
  private qBuf: Int32Array[];
  private qHead: Int32Array;
  qLen: Int32Array;
  private rr = 0;
  /** Servers in state UP. */
  upCount = 0;
  private totalBusy = 0;
  private totalQueued = 0;
  /**
   * Recent utilization per server (see recentUtilization), kept only while a node's
   * load-dependent latency needs it: `loadAvg` as of `loadAt`, and null when off.
   */
  private loadAvg: Float64Array | null = null;
  private loadAt: Float64Array | null = null;

  constructor(
    servers: number,
    private readonly stats: NodeStats,
    /** The simulated clock (the engine): a field read, cheaper than a closure call per admission. */
    private readonly clock: { readonly now: number },
  ) {
    this.busy = new Int32Array(servers);
    this.state = new Uint8Array(servers);
    this.qBuf = Array.from({ length: servers }, () => new Int32Array(8));
    this.qHead = new Int32Array(servers);
    this.qLen = new Int32Array(servers);
  }

  get size(): number {
    return this.state.length;
  }

  /** Makes room for `n` servers (keeps existing state). */
  ensure(n: number): void {
    if (n <= this.size) return;
    const busy = new Int32Array(n);
    busy.set(this.busy);
    const state = new Uint8Array(n);
    state.set(this.state);
    const qHead = new Int32Array(n);
    qHead.set(this.qHead);
    const qLen = new Int32Array(n);
    qLen.set(this.qLen);
    for (let i = this.size; i < n; i++) this.qBuf.push(new Int32Array(8));
    if (this.loadAvg !== null && this.loadAt !== null) {
      const avg = new Float64Array(n),
        at = new Float64Array(n).fill(this.clock.now);
      avg.set(this.loadAvg);
      at.set(this.loadAt);
      this.loadAvg = avg;
      this.loadAt = at;
    }
    this.busy = busy;
    this.state = state;
    this.qHead = qHead;
    this.qLen = qLen;
  }

  private publish(): void {
    const now = this.clock.now;
    this.stats.busy.set(now, this.totalBusy);
    this.stats.queue.set(now, this.totalQueued);
    this.stats.capacity.set(now, this.upCount * this.threads);
  }

  setState(s: number, state: number): void {
    if (this.state[s] === state) return;
    if (this.state[s] === SERVER_UP) this.upCount--;
    this.state[s] = state;
    if (state === SERVER_UP) this.upCount++;
    this.publish();
  }

  setThreads(threads: number): void {
    for (let s = 0; s < this.size; s++) this.touchLoad(s);
    this.threads = threads;
    this.publish();
  }

  /** Starts (or stops) keeping each server's recent utilization, for load-dependent latency. */
  trackLoad(on: boolean): void {
    if (!on) {
      this.loadAvg = this.loadAt = null;
      return;
    }
    if (this.loadAvg !== null) return;
    // Starts from the current busy share: the best guess at the recent past.
    this.loadAvg = Float64Array.from(this.busy, (b) => b / this.threads);
    this.loadAt = new Float64Array(this.size).fill(this.clock.now);
  }

  /**
   * Brings server s's recent utilization up to now, before its busy share changes. It is
   * the busy share (busy threads / threads) averaged exponentially over the recent past
   * with time constant LOAD_TAU_MS, exact for a share that steps at discrete instants.
   */
  private touchLoad(s: number): void {
    const avg = this.loadAvg,
      at = this.loadAt;
    if (avg === null || at === null) return;
    const now = this.clock.now;
    const share = this.busy[s] / this.threads;
    avg[s] = share + (avg[s] - share) * Math.exp((at[s] - now) / LOAD_TAU_MS);
    at[s] = now;
  }

  /**
   * Server s's utilization over about the last second (an exponentially weighted average
   * of its busy share), once trackLoad is on; the instantaneous busy share otherwise. The
   * instantaneous share says little with few threads: a one-thread server is always fully
   * busy while it works, whatever its load.
   */
  recentUtilization(s: number): number {
    if (this.loadAvg === null) return this.utilization(s);
    this.touchLoad(s);
    return this.loadAvg[s];
  }

  /**
   * Service-time multiplier of load-dependent latency on server s: 1 up to the knee, then
   * growing linearly to `factor` at full utilization.
   */
  slowdown(s: number, knee: number, factor: number): number {
    const u = Math.min(1, this.recentUtilization(s));
    return u > knee ? 1 + ((factor - 1) * (u - knee)) / (1 - knee) : 1;
  }

  /** Next UP server in round-robin order, or -1. */
  pickRoundRobin(): number {
    const n = this.size;
    for (let k = 0; k < n; k++) {
      const s = this.rr;
      this.rr = this.rr + 1 === n ? 0 : this.rr + 1;
      if (this.state[s] === SERVER_UP) return s;
    }
    return -1;
  }

  /**
   * Takes a thread on server `s` for task `t`, or queues it, or rejects it when the queue is
   * full. `always` queues past the limit: work the server cannot refuse (a replica applying
   * its primary's writes).
   */
  admit(s: number, t: number, always = false): number {
    if (this.busy[s] < this.threads) {
      this.touchLoad(s);
      this.busy[s]++;
      this.totalBusy++;
      this.stats.busy.set(this.clock.now, this.totalBusy);
      return ADMIT_STARTED;
    }
    if (this.qLen[s] >= this.queueCapacity && !always) return ADMIT_REJECTED;
    let buf = this.qBuf[s];
    if (this.qLen[s] === buf.length) buf = this.growQueue(s);
    buf[(this.qHead[s] + this.qLen[s]) & (buf.length - 1)] = t; // lengths are powers of two: a mask, not a division
    this.qLen[s]++;
    this.totalQueued++;
    this.stats.queue.set(this.clock.now, this.totalQueued);
    return ADMIT_QUEUED;
  }

  /** Frees a thread on server `s`; returns the queued task that takes it, or -1. */
  release(s: number): number {
    if (this.qLen[s] > 0 && this.busy[s] <= this.threads) {
      const buf = this.qBuf[s];
      const t = buf[this.qHead[s]];
      this.qHead[s] = (this.qHead[s] + 1) & (buf.length - 1);
      this.qLen[s]--;
      this.totalQueued--;
      this.stats.queue.set(this.clock.now, this.totalQueued);
      return t; // the thread passes straight to it: busy unchanged
    }
    this.touchLoad(s);
    this.busy[s]--;
    this.totalBusy--;
    this.stats.busy.set(this.clock.now, this.totalBusy);
    return -1;
  }

  /** Empties server `s` (crash): no busy threads, no queue. The caller fails its tasks. */
  reset(s: number): void {
    this.touchLoad(s);
    this.totalBusy -= this.busy[s];
    this.totalQueued -= this.qLen[s];
    this.busy[s] = 0;
    this.qLen[s] = 0;
    this.qHead[s] = 0;
    this.publish();
  }

  /** Is server `s` idle with nothing queued? */
  idle(s: number): boolean {
    return this.busy[s] === 0 && this.qLen[s] === 0;
  }

  /** Load on server `s`: busy threads / threads. */
  utilization(s: number): number {
    return this.busy[s] / this.threads;
  }

  /** Calls queued or in service on server `s`. */
  load(s: number): number {
    return this.busy[s] + this.qLen[s];
  }

  /** Busy thread-time and capacity thread-time since the start (for autoscaling). */
  sample(): { busy: number; cap: number } {
    const now = this.clock.now;
    return { busy: this.stats.busy.cumulative(now), cap: this.stats.capacity.cumulative(now) };
  }

  private growQueue(s: number): Int32Array {
    const old = this.qBuf[s];
    const buf = new Int32Array(old.length * 2);
    for (let k = 0; k < this.qLen[s]; k++) buf[k] = old[(this.qHead[s] + k) % old.length];
    this.qBuf[s] = buf;
    this.qHead[s] = 0;
    return buf;
  }
}
