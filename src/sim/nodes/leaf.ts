/**
 * A leaf server: one fleet of `concurrency` workers with a FIFO wait queue (a Station
 * with a single server), no dependencies. A call over the kind's quota (quotaFor: an
 * external API's quota, object storage's request rate limit) answers `throttled` at once
 * and counts as overQuota; the rest take a worker or wait, work for `workMs`, and answer
 * ok or error. The shared core of storage and external APIs; a crash takes the whole
 * fleet down and it comes back empty.
 */
import { FLAG_THREAD } from '../engine';
import { ERROR, OK, REJECTED, THROTTLED, UNAVAILABLE } from '../metrics';
import type { Admission } from '../ratelimit';
import { ADMIT_REJECTED, ADMIT_STARTED, SERVER_CRASHED, SERVER_UP, Station } from '../station';
import { NodeBehaviour } from './base';

const WORK_DONE = 1;

export abstract class LeafServerNode extends NodeBehaviour {
  station!: Station;
  private readonly iOverQuota = this.extra('overQuota');

  /** Own work of a call, in ms, before faults. */
  protected abstract workMs(t: number): number;
  /** Chance the call fails with error after the work. */
  protected abstract errorRate(): number;
  /** The quota call `t` must pass, or null when none applies. */
  protected quotaFor(_t: number): Admission | null {
    return null;
  }

  /** Applies the fleet's size; call from configure(). */
  protected setFleet(concurrency: number, queueCapacity: number): void {
    if (!this.station) {
      this.station = new Station(1, this.stats, this.engine);
      this.station.setState(0, SERVER_UP);
    }
    this.station.queueCapacity = queueCapacity;
    if (this.station.threads !== concurrency) this.station.setThreads(concurrency);
  }

  onArrive(t: number): void {
    const st = this.station;
    if (st.upCount === 0) {
      this.engine.answer(t, UNAVAILABLE);
      return;
    }
    const quota = this.quotaFor(t);
    if (quota !== null && !quota.tryAcquire(this.engine.now)) {
      this.stats.extra[this.iOverQuota]++;
      this.engine.answer(t, THROTTLED);
      return;
    }
    this.engine.tasks.inst[t] = 0;
    const r = st.admit(0, t);
    if (r === ADMIT_STARTED) this.startWork(t);
    else if (r === ADMIT_REJECTED) this.engine.answer(t, REJECTED);
  }

  private startWork(t: number): void {
    this.engine.tasks.flags[t] |= FLAG_THREAD;
    this.engine.taskTimer(t, this.faulted(this.workMs(t)), WORK_DONE);
  }

  override onTaskTimer(t: number, code: number): void {
    if (code !== WORK_DONE) return;
    const outcome = this.failsWithError(this.errorRate()) ? ERROR : OK;
    this.engine.tasks.flags[t] &= ~FLAG_THREAD;
    const next = this.station.release(0);
    this.engine.answer(t, outcome);
    if (next >= 0) this.startWork(next);
  }

  override applyFaults(): void {
    const st = this.station;
    const crashed = this.engine.faults.crashed[this.index] > 0;
    if (crashed && st.state[0] !== SERVER_CRASHED) {
      st.setState(0, SERVER_CRASHED);
      st.reset(0);
      this.engine.failTasks(this.index, null);
    } else if (!crashed && st.state[0] === SERVER_CRASHED) st.setState(0, SERVER_UP);
  }

  override isUp(): boolean {
    return this.station.upCount > 0;
  }

  override summary(): Record<string, number> {
    return { overQuota: this.stats.windowExtra[this.iOverQuota] };
  }
}
