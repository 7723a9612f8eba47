/**
 * A leaf server: one fleet of `concurrency` workers with a FIFO wait queue (a Station
 * with a single server), no dependencies. A call is refused by an optional gate (e.g. a
 * quota), else takes a worker or waits, works for `workMs`, and answers ok or error. The
 * shared core of storage and external APIs; a crash takes the whole fleet down and it
 * comes back empty.
 */
import { FLAG_THREAD } from '../engine';
import { ERROR, OK, REJECTED, UNAVAILABLE } from '../metrics';
import { ADMIT_REJECTED, ADMIT_STARTED, SERVER_CRASHED, SERVER_UP, Station } from '../station';
import { NodeBehaviour } from './base';

const WORK_DONE = 1;

export abstract class LeafServerNode extends NodeBehaviour {
  station!: Station;

  /** Own work of a call, in ms, before faults. */
  protected abstract workMs(t: number): number;
  /** Chance the call fails with error after the work. */
  protected abstract errorRate(): number;
  /** An outcome that refuses the call at once (quota), or -1 to serve it. */
  protected gate(_t: number): number {
    return -1;
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
    const refused = this.gate(t);
    if (refused >= 0) {
      this.engine.answer(t, refused);
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
}
