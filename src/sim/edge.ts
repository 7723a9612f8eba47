/**
 * The caller's policy on one edge (DESIGN.md §3) at run time: network latency, loss,
 * timeouts, retry backoff and budget, circuit breaker, bulkhead, and fault overrides.
 */
import type { EdgeParams } from '../model/design';
import type { PlanEdge } from './compile';
import {
  CIRCUIT_OPEN,
  EdgeStats,
  DROPPED,
  ERROR,
  OK,
  REJECTED,
  THROTTLED,
  TIMEOUT,
  UNAVAILABLE,
} from './metrics';
import { Rng } from './random';
import { Sampler } from './sampler';

export const BREAKER_CLOSED = 0,
  BREAKER_OPEN = 1,
  BREAKER_HALF_OPEN = 2;
export const PARTITION_NONE = 0,
  PARTITION_BLACKHOLE = 1,
  PARTITION_REFUSE = 2;

export { TRANSPORT_TIMEOUT_MS } from '../model/edge';
/** Retry budget: a token bucket holding at most this many retries. */
export const RETRY_BUDGET_CAP = 10;
const BREAKER_SLOTS = 10;

export class EdgeRuntime {
  readonly index: number;
  readonly source: number;
  readonly target: number;
  readonly id: string;
  p!: EdgeParams;
  sync = true;
  timeoutMs = Infinity;
  readonly latency: Sampler;
  readonly rng: Rng;
  readonly stats = new EdgeStats();
  /** One-way time for the zone borders crossed (the compiler's figure; a live zone edit updates it). */
  crossZoneMs: number;
  /** Event-queue lane for this edge's legs (EventQueue.laneFor), -1 for none; set by the engine. */
  lane = -1;
  /** Attempts in flight (sent, not yet answered or timed out). */
  inflight = 0;
  // Policy switches read on every call, flattened out of `p` at configure time.
  hasBreaker = false;
  /** Bulkhead limit, Infinity without one. */
  bulkheadMax = Infinity;
  /** Retry-budget tokens earned per first attempt; NaN without a budget. */
  private budgetRate = NaN;

  // Timeouts: every attempt on an edge has the same timeout, so deadlines arrive (nearly) in
  // FIFO order. A ring of pending deadlines, kept sorted, with one armed heap event replaces
  // a heap entry per call.
  toDeadline = new Float64Array(64);
  toCall = new Int32Array(64);
  toGen = new Uint32Array(64);
  toAttempt = new Int32Array(64);
  toHead = 0;
  toLen = 0;
  /** Time of the armed timeout event, or Infinity. */
  toArmed = Infinity;
  /** Generation of the armed timeout event: an event armed before a re-arm is ignored. */
  toArmGen = 0;

  // Circuit breaker: its state as last moved by a call (breakerStateAt gives it as of a time).
  private breaker = BREAKER_CLOSED;
  private openUntil = 0;
  /** Probes let through in the current half-open spell (answered inconclusively: given back). */
  private probes = 0;
  private probesOk = 0;
  /** Numbers the half-open spells: a probe carries it, so an answer from an older spell is no probe. */
  halfOpenSpell = 0;
  private readonly slotEpoch = new Float64Array(BREAKER_SLOTS).fill(-1);
  private readonly slotTotal = new Float64Array(BREAKER_SLOTS);
  private readonly slotFail = new Float64Array(BREAKER_SLOTS);

  // Retry budget.
  budgetTokens = RETRY_BUDGET_CAP;

  // Fault overrides (recomputed whenever a fault starts or ends).
  fLatFactor = 1;
  fLatAddMs = 0;
  fLoss = 0;
  fPartition = PARTITION_NONE;

  constructor(e: PlanEdge, seed: number) {
    this.index = e.index;
    this.source = e.source;
    this.target = e.target;
    this.id = e.id;
    this.crossZoneMs = e.crossZoneMs;
    this.rng = new Rng(seed, 'edge:' + e.id);
    this.latency = new Sampler(e.params.latencyMs);
    this.configure(e.params);
  }

  /** Applies (new) params; safe during a run. */
  configure(p: EdgeParams): void {
    const timeoutChanged = this.p !== undefined && p.timeoutMs !== this.p.timeoutMs;
    this.p = p;
    this.sync = p.mode === 'sync';
    this.timeoutMs = p.timeoutMs ?? Infinity;
    this.hasBreaker = p.circuitBreaker !== null;
    this.bulkheadMax = p.bulkhead?.maxConcurrent ?? Infinity;
    this.budgetRate = p.retries?.budget ?? NaN;
    this.latency.set(p.latencyMs);
    if (timeoutChanged) this.resortTimeouts();
  }

  /** The one-way time every trip takes when it is fixed (constant latency, no fault), else NaN. */
  get fixedLatency(): number {
    return this.latency.constantValue * this.fLatFactor + this.fLatAddMs + this.crossZoneMs;
  }

  /** One-way network time for one trip. */
  sampleLatency(): number {
    return this.latency.sample(this.rng) * this.fLatFactor + this.fLatAddMs + this.crossZoneMs;
  }

  /** Does this edge carry a request of class `cls` (0 read, 1 write)? Draws the edge's probability. */
  applies(cls: number): boolean {
    const r = this.p.route;
    if (r !== 'all' && (r === 'read') !== (cls === 0)) return false;
    const pr = this.p.probability;
    return pr >= 1 || (pr > 0 && this.rng.next() < pr);
  }

  /** Class filter only (no probability draw): for routing choices. */
  carries(cls: number): boolean {
    const r = this.p.route;
    return r === 'all' || (r === 'read') === (cls === 0);
  }

  isRetryable(outcome: number): boolean {
    return (
      outcome === TIMEOUT ||
      outcome === ERROR ||
      outcome === UNAVAILABLE ||
      outcome === REJECTED ||
      outcome === DROPPED ||
      (outcome === THROTTLED && this.p.retries !== null && this.p.retries.retryThrottled)
    );
  }

  /** Wait before retry number `attempt` (1 = first retry); `prev` is the previous wait. */
  backoffMs(attempt: number, prev: number): number {
    const b = this.p.retries!.backoff;
    const cap = b.maxMs;
    switch (b.jitter) {
      case 'decorrelated': {
        const lo = b.baseMs;
        const hi = Math.max(lo, (prev > 0 ? prev : lo) * 3);
        return Math.min(cap, lo + this.rng.next() * (hi - lo));
      }
      default: {
        const d = Math.min(cap, b.baseMs * Math.pow(b.multiplier, attempt - 1));
        if (b.jitter === 'full') return this.rng.next() * d;
        if (b.jitter === 'equal') return d / 2 + (this.rng.next() * d) / 2;
        return d;
      }
    }
  }

  /** Retry budget: first attempts earn tokens, each retry spends one. */
  earnBudget(): void {
    const rate = this.budgetRate;
    if (!Number.isNaN(rate)) this.budgetTokens = Math.min(RETRY_BUDGET_CAP, this.budgetTokens + rate);
  }
  spendBudget(): boolean {
    if (Number.isNaN(this.budgetRate)) return true;
    if (this.budgetTokens < 1) return false;
    this.budgetTokens -= 1;
    return true;
  }

  // ---- circuit breaker -------------------------------------------------------------

  /**
   * May an attempt go through now? -1: no (open, or half-open with every probe out); 0: yes;
   * above 0: yes, as a probe of that half-open spell (hand it back to breakerRecord). Moves
   * open -> half-open when the open time is over.
   */
  breakerAllows(now: number): number {
    const cb = this.p.circuitBreaker;
    if (cb === null) return 0;
    if (this.breaker === BREAKER_OPEN) {
      if (now < this.openUntil) return -1;
      this.breaker = BREAKER_HALF_OPEN;
      this.probes = 0;
      this.probesOk = 0;
      this.halfOpenSpell++;
    }
    if (this.breaker === BREAKER_HALF_OPEN) {
      if (this.probes >= cb.halfOpenProbes) return -1;
      this.probes++;
      return this.halfOpenSpell;
    }
    return 0;
  }

  /** The state as of `now`: an open breaker whose open time is over is half-open, call or no call. */
  breakerStateAt(now: number): number {
    return this.breaker === BREAKER_OPEN && now >= this.openUntil ? BREAKER_HALF_OPEN : this.breaker;
  }

  /**
   * An attempt ended with `outcome`. `sent`: it left (a refusal by this edge's own bulkhead
   * or breaker says nothing about the dependency); `probe`: breakerAllows's answer for it.
   * A throttled or circuit-open answer is the dependency's deliberate refusal, not a failure
   * of it: it counts for nothing, and a probe answered so is given back for another try.
   */
  breakerRecord(now: number, outcome: number, sent: boolean, probe: number): void {
    const cb = this.p.circuitBreaker;
    if (cb === null) return;
    const telling = sent && outcome !== THROTTLED && outcome !== CIRCUIT_OPEN;
    const failed = outcome !== OK;
    if (this.breaker === BREAKER_HALF_OPEN) {
      // Only this spell's probes decide; late answers to calls sent earlier do not.
      if (probe !== this.halfOpenSpell) return;
      if (!telling) this.probes--;
      else if (failed) this.trip(now, cb.openS);
      else if (++this.probesOk >= cb.halfOpenProbes) {
        this.breaker = BREAKER_CLOSED;
        this.slotEpoch.fill(-1);
      }
      return;
    }
    // Open: answers to calls sent before it opened. Not telling: answers that say nothing of the
    // dependency (throttled, circuit-open, or a call that was never sent).
    if (this.breaker === BREAKER_OPEN || !telling) return;
    const width = (cb.windowS * 1000) / BREAKER_SLOTS;
    const epoch = Math.floor(now / width);
    const i = epoch % BREAKER_SLOTS;
    if (this.slotEpoch[i] !== epoch) {
      this.slotEpoch[i] = epoch;
      this.slotTotal[i] = 0;
      this.slotFail[i] = 0;
    }
    this.slotTotal[i]++;
    if (!failed) return;
    this.slotFail[i]++;
    let total = 0,
      fails = 0;
    for (let k = 0; k < BREAKER_SLOTS; k++) {
      if (this.slotEpoch[k] > epoch - BREAKER_SLOTS) {
        total += this.slotTotal[k];
        fails += this.slotFail[k];
      }
    }
    if (total >= cb.minRequests && fails / total >= cb.failureRate) this.trip(now, cb.openS);
  }

  private trip(now: number, openS: number): void {
    this.breaker = BREAKER_OPEN;
    this.openUntil = now + openS * 1000;
  }

  // ---- timeouts ----------------------------------------------------------------------

  /**
   * Adds a deadline, in order. Deadlines come in order when every attempt leaves at once
   * (now + the edge's timeout); one that leaves after its caller's own work (a balancer's
   * overhead, which a latency fault can vary) may come before the last few, and moves back
   * past them.
   */
  pushTimeout(deadline: number, call: number, gen: number, attempt: number): void {
    if (this.toLen === this.toDeadline.length) this.growTimeouts();
    const mask = this.toDeadline.length - 1; // capacity: a power of two
    let j = (this.toHead + this.toLen) & mask;
    for (let k = this.toLen; k > 0; k--) {
      const prev = (j - 1) & mask;
      if (this.toDeadline[prev] <= deadline) break;
      this.toDeadline[j] = this.toDeadline[prev];
      this.toCall[j] = this.toCall[prev];
      this.toGen[j] = this.toGen[prev];
      this.toAttempt[j] = this.toAttempt[prev];
      j = prev;
    }
    this.toDeadline[j] = deadline;
    this.toCall[j] = call;
    this.toGen[j] = gen;
    this.toAttempt[j] = attempt;
    this.toLen++;
  }

  private growTimeouts(): void {
    const cap = this.toDeadline.length;
    const n = cap * 2;
    const d = new Float64Array(n),
      c = new Int32Array(n),
      g = new Uint32Array(n),
      a = new Int32Array(n);
    for (let k = 0; k < this.toLen; k++) {
      const j = (this.toHead + k) % cap;
      d[k] = this.toDeadline[j];
      c[k] = this.toCall[j];
      g[k] = this.toGen[j];
      a[k] = this.toAttempt[j];
    }
    this.toDeadline = d;
    this.toCall = c;
    this.toGen = g;
    this.toAttempt = a;
    this.toHead = 0;
  }

  /** After a live timeout change deadlines may be out of order: sort the ring once. */
  private resortTimeouts(): void {
    const cap = this.toDeadline.length;
    const idx = Array.from({ length: this.toLen }, (_, k) => (this.toHead + k) % cap);
    idx.sort((x, y) => this.toDeadline[x] - this.toDeadline[y]);
    const d = idx.map((j) => this.toDeadline[j]),
      c = idx.map((j) => this.toCall[j]),
      g = idx.map((j) => this.toGen[j]),
      a = idx.map((j) => this.toAttempt[j]);
    for (let k = 0; k < idx.length; k++) {
      this.toDeadline[k] = d[k];
      this.toCall[k] = c[k];
      this.toGen[k] = g[k];
      this.toAttempt[k] = a[k];
    }
    this.toHead = 0;
    this.toArmed = Infinity; // the engine re-arms on the next push or check
  }
}
