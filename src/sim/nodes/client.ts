/**
 * Client: the source of logical requests (DESIGN.md §4). Open loop draws Poisson (or
 * evenly spaced) arrivals at a rate that follows the profile, by thinning against the
 * profile's peak so time-varying rates are exact. Closed loop runs N users who think,
 * send, and wait. Each request is one call down one outgoing edge chosen by weight.
 */
import type { KindParams } from '../../model/design';
import { ERROR, OK } from '../metrics';
import { Sampler, ZipfSampler } from '../sampler';
import { NO_STEPS, sortSteps, stepRate, type Steps } from '../steps';
import { pickWeighted } from '../weighted';
import { NodeBehaviour } from './base';

type P = KindParams<'client'>;
const ARRIVAL = 1,
  USER_WAKE = 2,
  /** Open loop: the thinning guard ran out before an arrival; carry on from there. */
  RESUME = 3;

export class ClientNode extends NodeBehaviour {
  p!: P;
  private zipf: ZipfSampler | null = null;
  private readonly think = new Sampler(0);
  /** Generation of the pending arrival timer: bumping it cancels that timer. */
  private arrivalGen = 0;
  private activeUsers = 0;
  private readonly iAttempts = this.extra('attempts');
  private readonly iOffered = this.extra('offeredRps');
  private started = false;
  /** Uniform arrivals under a varying rate: the share of an arrival accrued so far. */
  private credit = 0;
  /** peakRate() and whether the profile is constant, cached by configure (read per arrival). */
  private peak = 0;
  private constantRate = true;
  /** A 'steps' profile's steps sorted by time, cached by configure (read per candidate). */
  private steps: Steps = NO_STEPS;

  constructor(...args: ConstructorParameters<typeof NodeBehaviour>) {
    super(...args);
    this.configure(this.node.params);
    this.stats.sloMs = this.p.sloMs;
  }

  configure(params: Record<string, unknown>): void {
    const p = params as P;
    this.p = p;
    this.stats.sloMs = p.sloMs;
    this.think.set(p.thinkTimeMs);
    this.peak = this.peakRate();
    this.constantRate = p.profile.type === 'constant';
    this.steps = p.profile.type === 'steps' ? sortSteps(p.profile.steps) : NO_STEPS;
    this.zipf = p.keys.distribution === 'zipf' ? new ZipfSampler(p.keys.count, p.keys.skew) : null;
    if (this.started) this.restartTraffic();
  }

  override start(): void {
    this.started = true;
    this.restartTraffic();
  }

  private restartTraffic(): void {
    if (this.p.users !== null) {
      this.arrivalGen++; // stop any open-loop timer
      this.setUsers();
    } else {
      this.activeUsers = 0;
      this.scheduleArrival();
    }
  }

  // ---- open loop ---------------------------------------------------------------------

  /** Rate (req/s) at simulated time t (ms), before traffic faults. */
  rateAt(tMs: number): number {
    const p = this.p;
    const base = p.rps;
    const s = tMs / 1000;
    const pr = p.profile;
    switch (pr.type) {
      case 'constant':
        return base;
      case 'ramp':
        return pr.overS <= 0 || s >= pr.overS ? pr.toRps : base + ((pr.toRps - base) * s) / pr.overS;
      case 'spike':
        return s >= pr.atS && s < pr.atS + pr.durationS ? base * pr.factor : base;
      case 'diurnal':
        return base * (1 + pr.amplitude * Math.sin((2 * Math.PI * s) / pr.periodS));
      case 'steps':
        return stepRate(this.steps, s, base);
    }
  }

  /**
   * Mean rate (req/s) over [aMs, bMs], before traffic faults: the exact integral of rateAt.
   * Between the profile's change points the rate is constant, linear or (diurnal) a sine:
   * the midpoint rule is exact for the first two, the sine has a closed form.
   */
  meanRate(aMs: number, bMs: number): number {
    const p = this.p;
    const pr = p.profile;
    if (pr.type === 'constant') return p.rps; // every bucket of most runs: no cuts to build
    if (!(bMs > aMs)) return this.rateAt(aMs);
    const a = aMs / 1000,
      b = bMs / 1000;
    if (pr.type === 'diurnal') {
      const w = (2 * Math.PI) / pr.periodS;
      return p.rps * (1 + (pr.amplitude * (Math.cos(w * a) - Math.cos(w * b))) / (w * (b - a)));
    }
    const cuts = [a, b];
    const cut = (x: number) => {
      if (x > a && x < b) cuts.push(x);
    };
    if (pr.type === 'ramp') cut(pr.overS);
    else if (pr.type === 'spike') {
      cut(pr.atS);
      cut(pr.atS + pr.durationS);
    } else if (pr.type === 'steps') for (const st of pr.steps) cut(st.atS);
    cuts.sort((x, y) => x - y);
    let area = 0;
    for (let i = 1; i < cuts.length; i++)
      area += this.rateAt(((cuts[i - 1] + cuts[i]) / 2) * 1000) * (cuts[i] - cuts[i - 1]);
    return area / (b - a);
  }

  /** An upper bound of the rate over the whole run (for thinning). */
  private peakRate(): number {
    const p = this.p;
    const pr = p.profile;
    switch (pr.type) {
      case 'constant':
        return p.rps;
      case 'ramp':
        return Math.max(p.rps, pr.toRps);
      case 'spike':
        return p.rps * Math.max(1, pr.factor);
      case 'diurnal':
        return p.rps * (1 + pr.amplitude);
      case 'steps':
        return Math.max(p.rps, ...pr.steps.map((x) => x.rps));
    }
  }

  private scheduleArrival(): void {
    const gen = ++this.arrivalGen;
    const factor = this.engine.faults.traffic[this.index];
    const peak = this.peak * factor;
    if (!(peak > 0)) return;
    const now = this.engine.now;
    const constant = this.constantRate;
    let t = now;
    let code = RESUME; // no arrival within the guard: look again from t without sending
    if (this.p.arrivals === 'uniform' && constant) {
      t = now + 1000 / peak;
      code = ARRIVAL;
    } else {
      // Thinning (Lewis & Shedler): candidates at the peak rate, kept with probability
      // rate/peak. Uniform arrivals thin evenly spaced candidates deterministically: each
      // adds rate/peak of an arrival, so they stay evenly spaced at the current rate, and a
      // rate of 0 sends nothing until the profile rises again.
      const uniform = this.p.arrivals === 'uniform';
      for (let guard = 0; guard < 1_000_000; guard++) {
        t += uniform ? 1000 / peak : this.rng.exp(1000 / peak);
        if (t > this.engine.endMs) return;
        if (uniform) {
          this.credit += (this.rateAt(t) * factor) / peak;
          if (this.credit < 1 - 1e-9) continue;
          this.credit = Math.max(0, this.credit - 1);
        } else if (!constant && this.rng.next() * peak > this.rateAt(t) * factor) continue;
        code = ARRIVAL;
        break;
      }
    }
    this.engine.nodeTimer(this.index, t - now, code, gen);
  }

  override onTimer(code: number, arg: number): void {
    if (code === ARRIVAL || code === RESUME) {
      if (arg !== this.arrivalGen) return; // superseded
      if (code === ARRIVAL) this.sendRequest();
      this.scheduleArrival();
    } else if (code === USER_WAKE) {
      if (arg > this.activeUsers) return; // this user was retired
      this.sendRequest(arg);
    }
  }

  // ---- closed loop -------------------------------------------------------------------

  private setUsers(): void {
    const want = Math.max(0, Math.round(this.p.users! * this.engine.faults.traffic[this.index]));
    // Users are numbered 1..N; new ones start after a think time, retired ones stop after their current request.
    for (let u = this.activeUsers + 1; u <= want; u++)
      this.engine.nodeTimer(this.index, this.think.sample(this.rng), USER_WAKE, u);
    this.activeUsers = want;
  }

  override applyFaults(): void {
    if (!this.started) return;
    if (this.parked.length > 0 && this.engine.faults.crashed[this.index] === 0) {
      for (const u of this.parked)
        if (u <= this.activeUsers)
          this.engine.nodeTimer(this.index, this.think.sample(this.rng), USER_WAKE, u);
      this.parked.length = 0;
    }
    const f = this.engine.faults.traffic[this.index];
    if (f === this.lastTraffic) return;
    this.lastTraffic = f;
    if (this.p.users !== null) this.setUsers();
    else this.scheduleArrival(); // memoryless: redrawing from now is exact
  }
  private lastTraffic = 1;
  /** Closed-loop users who woke while the client was crashed (rare: plain array). */
  private readonly parked: number[] = [];

  // ---- requests ----------------------------------------------------------------------

  private sendRequest(user = 0): void {
    if (this.engine.faults.crashed[this.index] > 0) {
      // A crashed client (e.g. its zone is down) sends nothing; a closed-loop user waits for the recovery.
      if (user > 0) this.parked.push(user);
      return;
    }
    const p = this.p;
    const key = this.zipf !== null ? this.zipf.sample(this.rng) : this.rng.int(p.keys.count);
    // All reads or all writes: no draw needed.
    const rr = p.readRatio;
    const cls = rr >= 1 ? 0 : rr <= 0 ? 1 : this.rng.next() < rr ? 0 : 1;
    const e = this.pickEdge(cls);
    if (e >= 0 && !this.engine.edges[e].applies(cls)) {
      // The edge's probability: this request makes no call, so there is nothing to count;
      // a closed-loop user thinks again.
      if (user > 0) this.engine.nodeTimer(this.index, this.think.sample(this.rng), USER_WAKE, user);
      return;
    }
    const t = this.engine.spawn(this.index, key, cls);
    this.engine.tasks.aux2[t] = user;
    if (e < 0)
      this.done(t, ERROR); // no outgoing edge carries this class of request
    else if (!this.engine.call(t, e)) {
      this.stats.extra[this.iAttempts] += 1;
      this.done(t, OK); // async: sent, nothing comes back
    }
  }

  /** One outgoing edge that carries this class, chosen by weight (pickWeighted); -1 when none. */
  private pickEdge(cls: number): number {
    const out = this.node.out;
    if (out.length === 1) return this.engine.edges[out[0]].carries(cls) ? out[0] : -1; // most clients
    const edges = this.engine.edges;
    const w = this.splitWeights;
    for (let i = 0; i < out.length; i++) w[i] = edges[out[i]].carries(cls) ? edges[out[i]].p.weight : -1;
    const i = pickWeighted(this.rng, w, out.length);
    return i < 0 ? -1 : out[i];
  }
  private readonly splitWeights = new Float64Array(this.node.out.length);

  onArrive(t: number): void {
    this.engine.answer(t, OK); // clients take no calls (the validator refuses such edges)
  }

  override onCallDone(t: number, _e: number, outcome: number): void {
    // Attempts are counted with the request they belong to, so amplification is exact at the
    // window's edges. Only attempts that left count: one refused by the client's own breaker
    // or bulkhead put no load on anything (the edge's sent and retries count them so too).
    this.stats.extra[this.iAttempts] += this.engine.lastCallSent;
    this.done(t, outcome);
  }

  private done(t: number, outcome: number): void {
    const user = this.engine.tasks.aux2[t];
    this.engine.answer(t, outcome);
    if (user > 0 && user <= this.activeUsers)
      this.engine.nodeTimer(this.index, this.think.sample(this.rng), USER_WAKE, user);
  }

  override beforeRoll(): void {
    // The mean over the closing bucket (a traffic fault counts at its current factor).
    this.stats.extra[this.iOffered] =
      this.p.users !== null
        ? NaN
        : this.meanRate(this.engine.currentBucketStart, this.engine.now) *
          this.engine.faults.traffic[this.index];
  }

  override summary(): Record<string, number> {
    const s = this.stats;
    let requests = 0;
    for (const v of s.windowAnswers) requests += v;
    return { retryAmplification: requests > 0 ? s.windowExtra[this.iAttempts] / requests : NaN };
  }
}
