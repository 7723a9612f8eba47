/**
 * Rate limiter (DESIGN.md §4): admits calls to its one outgoing edge and answers the rest
 * `throttled`. Token bucket, fixed window and sliding window decide at arrival (the
 * counters live in ../ratelimit.ts, shared with quota-bearing kinds); leaky bucket puts
 * calls in a FIFO released one every 1/rate seconds, throttling when the FIFO is full.
 * With per-client scope each client (the request's origin) has its own allowance.
 */
import type { KindParams } from '../../model/design';
import { ERROR, OK, THROTTLED, UNAVAILABLE } from '../metrics';
import { FixedWindow, SlidingLog, TokenBucket, type Admission } from '../ratelimit';
import { IntRing } from '../ring';
import { Sampler } from '../sampler';
import { NodeBehaviour } from './base';

type P = KindParams<'ratelimiter'>;
const FORWARD = 1;
/** Node timer: leaky-bucket drain; the code carries the crash epoch above 2 bits, the arg the bucket. */
const DRAIN = 1;
const PH_QUEUED = 1;

export class RateLimiterNode extends NodeBehaviour {
  p!: P;
  private readonly overhead = new Sampler(0);
  /** Per bucket (0 global, else the origin client's node index): its admission counter. */
  private adm: (Admission | null)[];
  // Leaky bucket, per bucket.
  private queues: (IntRing | null)[];
  private nextFree: Float64Array;
  private armed: Uint8Array;
  private queued = 0;
  private epoch = 0;
  private down = false;
  /** Admits over the whole run (for tests). */
  admittedTotal = 0;
  private readonly iAdmitted = this.extra('admitted');
  private readonly iNoRoute = this.extra('noRoute');

  constructor(...args: ConstructorParameters<typeof NodeBehaviour>) {
    super(...args);
    const n = this.engine.plan.nodes.length;
    this.adm = new Array<Admission | null>(n).fill(null);
    this.queues = new Array<IntRing | null>(n).fill(null);
    this.nextFree = new Float64Array(n);
    this.armed = new Uint8Array(n);
    this.configure(this.node.params);
  }

  configure(params: Record<string, unknown>): void {
    const p = params as P;
    const old = this.p;
    this.p = p;
    this.overhead.set(p.overheadMs);
    if (old && (old.algorithm !== p.algorithm || old.scope !== p.scope)) this.adm.fill(null);
    else for (const a of this.adm) if (a) this.retune(a);
  }

  private newAdmission(): Admission {
    const p = this.p;
    switch (p.algorithm) {
      case 'token-bucket':
        return new TokenBucket(p.ratePerS, p.burst);
      case 'fixed-window':
        return new FixedWindow(p.limit, p.windowS * 1000);
      default:
        return new SlidingLog(p.limit, p.windowS * 1000);
    }
  }

  private retune(a: Admission): void {
    const p = this.p;
    if (a instanceof TokenBucket) a.configure(p.ratePerS, p.burst, this.engine.now);
    else if (a instanceof FixedWindow) a.configure(p.limit, p.windowS * 1000);
    else if (a instanceof SlidingLog) a.configure(p.limit, p.windowS * 1000);
  }

  onArrive(t: number): void {
    if (this.down) {
      this.engine.answer(t, UNAVAILABLE);
      return;
    }
    const b = this.p.scope === 'global' ? 0 : this.engine.tasks.origin[t];
    if (this.p.algorithm === 'leaky-bucket') {
      this.leaky(t, b);
      return;
    }
    // Lazily created once per client: not a per-call allocation.
    const a = this.adm[b] ?? (this.adm[b] = this.newAdmission());
    if (a.tryAcquire(this.engine.now)) this.admit(t);
    else this.engine.answer(t, THROTTLED);
  }

  private leaky(t: number, b: number): void {
    const now = this.engine.now;
    const q = this.queues[b] ?? (this.queues[b] = new IntRing());
    if (q.len === 0 && now >= this.nextFree[b] - 1e-9) {
      this.nextFree[b] = now + 1000 / this.p.ratePerS;
      this.admit(t);
      return;
    }
    if (q.len >= this.p.queue) {
      this.engine.answer(t, THROTTLED);
      return;
    }
    q.push(t);
    this.engine.tasks.phase[t] = PH_QUEUED;
    this.queued++;
    this.stats.queue.set(now, this.queued);
    if (!this.armed[b]) this.arm(b);
  }

  private arm(b: number): void {
    this.armed[b] = 1;
    this.engine.nodeTimer(
      this.index,
      Math.max(0, this.nextFree[b] - this.engine.now),
      DRAIN | (this.epoch << 2),
      b,
    );
  }

  override onTimer(code: number, b: number): void {
    if ((code & 3) !== DRAIN || code >>> 2 !== this.epoch) return;
    this.armed[b] = 0;
    const q = this.queues[b];
    if (!q || q.len === 0) return;
    const t = q.shift();
    this.queued--;
    this.stats.queue.set(this.engine.now, this.queued);
    this.engine.tasks.phase[t] = 0;
    this.nextFree[b] = this.engine.now + 1000 / this.p.ratePerS;
    this.admit(t);
    if (q.len > 0) this.arm(b);
  }

  private admit(t: number): void {
    this.admittedTotal++;
    this.stats.extra[this.iAdmitted]++;
    const ms = this.faulted(this.overhead.sample(this.rng));
    this.afterOwnTime(t, ms, FORWARD);
  }

  override onTaskTimer(t: number, code: number): void {
    if (code === FORWARD) this.forward(t);
  }

  private forward(t: number): void {
    if (this.failsWithError(0)) {
      this.engine.answer(t, ERROR);
      return;
    }
    const out = this.node.out;
    if (out.length === 0) {
      this.engine.answer(t, OK); // nothing behind it: admitting is the answer
      return;
    }
    // Its one edge may carry only reads or only writes: the rest has no route (as at a gateway).
    if (!this.engine.edges[out[0]].carries(this.engine.tasks.cls[t])) {
      this.stats.extra[this.iNoRoute]++;
      this.engine.answer(t, ERROR);
      return;
    }
    if (!this.engine.call(t, out[0])) this.engine.answer(t, OK);
  }

  override onCallDone(t: number, _e: number, outcome: number): void {
    this.engine.answer(t, outcome);
  }

  override applyFaults(): void {
    const crashed = this.engine.faults.crashed[this.index] > 0;
    if (crashed && !this.down) {
      this.down = true;
      this.engine.failTasks(this.index, null);
      // It comes back empty: fresh counters, no queue.
      this.adm.fill(null);
      for (const q of this.queues) q?.clear();
      this.armed.fill(0);
      this.nextFree.fill(0);
      this.epoch = (this.epoch + 1) & 0xffffff;
      this.queued = 0;
      this.stats.queue.set(this.engine.now, 0);
    } else if (!crashed && this.down) this.down = false;
  }

  override isUp(): boolean {
    return !this.down;
  }

  override summary(): Record<string, number> {
    const w = this.stats.windowExtra;
    return { admitted: w[this.iAdmitted], noRoute: w[this.iNoRoute] };
  }
}
