/**
 * The discrete-event kernel and the request semantics of DESIGN.md §3.
 *
 * Vocabulary: a *task* is one attempt being handled at a node (the callee's side); a
 * *call* is a caller waiting on one dependency across all of its retries (the caller's
 * side). Node behaviours (src/sim/nodes/) decide what a task does; the engine moves calls
 * along edges and applies the edge policy. Everything in the hot loop is integers in
 * typed arrays: events carry (slot, generation) pairs, never objects or string ids.
 */
import type { Fault } from '../model/faults';
import type { Plan } from './compile';
import { MAX_HOPS, summaryWindowStartMs } from './compile';
import {
  BREAKER_CLOSED,
  EdgeRuntime,
  PARTITION_BLACKHOLE,
  PARTITION_NONE,
  PARTITION_REFUSE,
  TRANSPORT_TIMEOUT_MS,
} from './edge';
import { EventQueue } from './events';
import {
  CIRCUIT_OPEN,
  DROPPED,
  ERROR,
  NodeStats,
  OK,
  REJECTED,
  THROTTLED,
  TIMEOUT,
  UNAVAILABLE,
} from './metrics';
import { CALL_BACKOFF, CALL_WAITING, CallTable, MAX_HELD, TaskTable } from './tables';
import type { NodeBehaviour } from './nodes/base';
import { createBehaviour } from './nodes';
import { FaultState } from './faults';
import { IntRing } from './intRing';

// Event kinds.
const EV_ARRIVE = 1,
  EV_RESPONSE = 2,
  EV_EDGE_TIMEOUT = 3,
  EV_RETRY = 4,
  EV_NODE_TIMER = 5,
  EV_TASK_TIMER = 6,
  EV_FAULT = 7,
  EV_BUCKET = 8;

export const FLAG_DEP_FAILED = 1,
  FLAG_DEGRADED = 2,
  FLAG_THREAD = 4,
  /** A node's own internal task (e.g. a queue delivering a message): not counted in its arrivals, answers or latency. */
  FLAG_INTERNAL = 8,
  /**
   * Left running by its node's crash (failTasks with spareAsOrphans): its calls in flight
   * finish, but a failed one is not retried, since the node that would retry it is gone.
   */
  FLAG_ORPHAN = 16;

/**
 * Receives request legs for the traffic animation. `kind`: HOP_REQUEST, HOP_RETRY or
 * HOP_LOST for calls on their way, HOP_RESPONSE + outcome for answers on their way back.
 * Tracing reads the latencies the engine already drew; it never draws randomness itself.
 */
export interface HopSink {
  hop(edge: number, startMs: number, durationMs: number, kind: number): void;
}
export const HOP_REQUEST = 0,
  HOP_RETRY = 1,
  HOP_LOST = 2,
  HOP_RESPONSE = 8;

/** Events allowed at one simulated instant before the run is declared stalled. */
const MAX_EVENTS_AT_ONE_TIME = 2_000_000;

/** Thrown when simulated time stops advancing; the message says what to change. */
export class StalledError extends Error {
  constructor(atMs: number) {
    super(
      `simulated time stopped advancing at ${(atMs / 1000).toFixed(3)} s: more than ${MAX_EVENTS_AT_ONE_TIME.toLocaleString('en-US')} events happened at that instant. ` +
        'A loop of zero-delay steps is spinning (for example closed-loop users with zero think time calling a path that answers instantly); give the think time, an edge latency or a service time a non-zero value.',
    );
    this.name = 'StalledError';
  }
}

/**
 * Thrown when a design would hold more records of one kind than MAX_HELD: its work piles up
 * (a queue far larger than its consumers can drain, a retry storm) until memory runs out.
 * Like StalledError, the design is at fault and the message says what to change.
 */
export class OverloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OverloadError';
  }
}

/** Nesting limit for zero-latency arrivals handled in place (beyond it they go through the heap). */
const MAX_DIRECT_DEPTH = 16;

export class Engine {
  readonly plan: Plan;
  private directDepth = 0;
  private sameTimeEvents = 0;
  /**
   * Attempts the call that just ended sent: those not refused by the edge's own breaker or
   * bulkhead (read it inside onCallDone). 0 means the callee never saw the call.
   */
  lastCallSent = 0;
  /**
   * Whether the first attempt of the sync call() just made left, or the edge's own breaker
   * or bulkhead refused it (read it right after call()).
   */
  lastCallLeft = true;
  /**
   * How the last async send (a call() that returned false) left: OK when it went, else
   * UNAVAILABLE (a partitioned edge) or DROPPED (lost). A sender that must know whether the
   * message got out (a queue, which delivers at least once) reads it right after call().
   */
  lastAsyncOutcome = OK;
  /** Departure delay for the attempt being sent (see deliver). */
  private departDelay = 0;
  /** Optional sink for sampled request legs (the worker's animation feed). */
  tracer: HopSink | null = null;
  now = 0;
  events = 0;
  readonly queue = new EventQueue(4096);
  /**
   * Answers due at the current instant (a zero-latency trip back, a refused or fast-failed
   * attempt), kept FIFO as (call, generation, packed outcome) and handled as soon as the event
   * being handled returns, before the queue is popped again. They need no ordering against
   * the rest of the future-event list (their time is now), so they skip it: in M/M/1-like
   * designs a third of all events are such answers. Handling them after the current handler,
   * never inside it, keeps every behaviour free of re-entry (the caller's code is not on the
   * stack).
   */
  private readonly immediate = new IntRing(3);
  readonly tasks = new TaskTable();
  readonly calls = new CallTable();
  readonly edges: EdgeRuntime[];
  readonly nodes: NodeBehaviour[];
  readonly stats: NodeStats[];
  readonly faults: FaultState;

  // Buckets and batches of the summary window.
  readonly bucketMs: number;
  readonly windowStartMs: number;
  readonly endMs: number;
  private bucketStart = 0;
  private readonly batchBuckets: number;
  private bucketsInBatch = 0;
  private batchStartMs = 0;
  finished = false;

  constructor(plan: Plan) {
    this.plan = plan;
    this.endMs = plan.durationMs;
    this.bucketMs = plan.bucketMs;
    this.windowStartMs = summaryWindowStartMs(plan);
    const windowBuckets = Math.max(
      1,
      Math.ceil((plan.durationMs - this.windowStartMs) / plan.bucketMs - 1e-9),
    );
    this.batchBuckets = Math.max(1, Math.floor(windowBuckets / 20));
    this.batchStartMs = this.windowStartMs;
    this.edges = plan.edges.map((e) => new EdgeRuntime(e, plan.seed));
    for (const er of this.edges) this.assignLane(er);
    this.faults = new FaultState(this);
    this.nodes = plan.nodes.map((n) => createBehaviour(this, n));
    this.stats = this.nodes.map((b) => b.stats);
    for (const s of this.stats) s.inWindow = this.windowStartMs <= 0;
    for (const b of this.nodes) b.start();
    this.faults.schedule(plan.faults);
    this.queue.pushFirst(Math.min(this.bucketMs, this.endMs), EV_BUCKET, 0, 0, 0);
    this.tasks.onFull = () => this.overloaded('requests');
    this.calls.onFull = () => this.overloaded('calls waiting on an answer');
  }

  /**
   * Stops the run when `what` would pass MAX_HELD at once, naming the node that holds the
   * most: `holder` and its count when the caller knows (a queue's messages), else the node
   * with the most requests in flight.
   */
  overloaded(what: string, holder = -1, held = 0): never {
    if (holder < 0) {
      // A client's requests in flight mirror the work piled up downstream: name a client
      // only when no other node holds any.
      for (const clients of [false, true]) {
        for (let i = 0; i < this.stats.length; i++) {
          const level = this.stats[i].inflight.level;
          if ((this.plan.nodes[i].kind === 'client') === clients && level > held) {
            held = level;
            holder = i;
          }
        }
        if (holder >= 0) break;
      }
    }
    const n = (x: number) => x.toLocaleString('en-US');
    const where = holder >= 0 ? ` (${n(held)} of them at ${JSON.stringify(this.plan.nodes[holder].id)})` : '';
    throw new OverloadError(
      `at ${(this.now / 1000).toFixed(1)} s the design held more than ${n(MAX_HELD)} ${what} at once${where}: ` +
        'its work piles up faster than it drains, past what a run can keep in memory. ' +
        'Lower the offered load or a retry count, add capacity, or give queues a smaller capacity so that the excess is rejected.',
    );
  }

  // ---- the loop --------------------------------------------------------------------------

  /**
   * Runs events up to simulated time `untilMs` (capped at the end of the scenario) or
   * until `maxEvents` have been handled, whichever comes first. Returns events handled.
   */
  advance(untilMs: number, maxEvents = Infinity): number {
    const q = this.queue;
    const until = Math.min(untilMs, this.endMs);
    let n = 0;
    const imm = this.immediate;
    // Stop at the final bucket: events left at exactly the end time would otherwise be
    // handled after the last roll, so their arrivals and answers would reach no metric.
    while (!this.finished && n < maxEvents) {
      if (imm.length > 0 && this.now <= until) {
        // Answers due now go first: they were caused by the event just handled (or, when
        // advance starts, left by a live fault or by the last advance's budget running out).
        if (++this.sameTimeEvents > MAX_EVENTS_AT_ONE_TIME) throw new StalledError(this.now);
        n++;
        const call = imm.first(0),
          gen = imm.first(1),
          packed = imm.first(2);
        imm.shift();
        this.onResponse(call, gen, packed);
        continue;
      }
      if (!q.popUntil(until)) break;
      if (q.t === this.now) {
        // Simulated time must move: a zero-delay loop (e.g. closed-loop users with no think
        // time over a path that answers instantly) would otherwise spin for ever.
        if (++this.sameTimeEvents > MAX_EVENTS_AT_ONE_TIME) throw new StalledError(this.now);
      } else this.sameTimeEvents = 0;
      this.now = q.t;
      n++;
      const a = q.a,
        b = q.b,
        c = q.c;
      switch (q.kind) {
        case EV_ARRIVE:
          this.onArrive(a);
          break;
        case EV_RESPONSE:
          this.onResponse(a, b, c);
          break;
        case EV_TASK_TIMER:
          if (this.tasks.gen[a] === b) this.nodes[this.tasks.node[a]].onTaskTimer(a, c);
          break;
        case EV_NODE_TIMER:
          this.nodes[a].onTimer(b, c);
          break;
        case EV_EDGE_TIMEOUT:
          if (this.edges[a].toArmGen === b) this.onEdgeTimeout(a);
          break;
        case EV_RETRY:
          if (this.calls.gen[a] === b && this.calls.state[a] === CALL_BACKOFF) this.sendAttempt(a);
          break;
        case EV_FAULT:
          this.faults.onEvent(a, b === 1);
          break;
        case EV_BUCKET:
          this.onBucket();
          break;
      }
    }
    this.events += n;
    if (n < maxEvents && q.peekTime() > until && this.now < until) this.now = until;
    return n;
  }

  /** Runs the whole scenario. */
  runToEnd(): void {
    while (!this.finished) this.advance(this.endMs, 1_000_000);
  }

  // ---- tasks -----------------------------------------------------------------------------

  /**
   * A new task owned by `node` with no caller: a client's logical request, or (with
   * `internal`) a node's own work such as a queue delivery, kept out of the node's stats.
   */
  spawn(node: number, key: number, cls: number, internal = false): number {
    const t = this.tasks.alloc();
    const T = this.tasks;
    T.node[t] = node;
    T.call[t] = -1;
    T.callGen[t] = 0;
    T.attempt[t] = 0;
    T.key[t] = key;
    T.cls[t] = cls;
    T.hops[t] = 0;
    T.origin[t] = node;
    this.link(t, node, !internal);
    if (internal) T.flags[t] = FLAG_INTERNAL;
    return t;
  }

  private link(t: number, node: number, counted = true): void {
    const T = this.tasks;
    T.arrive[t] = this.now;
    T.inst[t] = -1;
    T.phase[t] = 0;
    T.pending[t] = 0;
    T.cursor[t] = 0;
    T.flags[t] = 0;
    T.aux[t] = 0;
    T.aux2[t] = -1;
    T.linked[t] = 1;
    if (!counted) return;
    const s = this.stats[node];
    s.arrivals++;
    s.inflight.add(this.now, 1);
  }

  private onArrive(t: number): void {
    const node = this.tasks.node[t];
    this.link(t, node);
    if (this.tasks.hops[t] > MAX_HOPS) {
      this.answer(t, ERROR);
      return;
    }
    this.nodes[node].onArrive(t);
  }

  /** The node answers task `t` with `outcome`: metrics, reply to the caller, slot freed. */
  answer(t: number, outcome: number): void {
    const T = this.tasks;
    const node = T.node[t];
    const s = this.stats[node];
    if ((T.flags[t] & FLAG_INTERNAL) === 0) {
      s.answer(outcome, this.now - T.arrive[t]);
      s.inflight.add(this.now, -1);
    }
    T.linked[t] = 0;
    const call = T.call[t];
    if (call >= 0) {
      const C = this.calls;
      const attempt = T.attempt[t];
      if (C.gen[call] === T.callGen[t] && C.attempt[call] === attempt && C.state[call] === CALL_WAITING) {
        const e = this.edges[C.edge[call]];
        const lat = e.sampleLatency();
        if (lat === 0) this.immediate.push(call, C.gen[call], (attempt << 3) | outcome);
        else {
          // The time goes by field, not as an argument (see EventQueue.at).
          const q = this.queue;
          q.at = this.now + lat;
          q.pushLaneAt(e.lane, EV_RESPONSE, call, C.gen[call], (attempt << 3) | outcome);
        }
        if (this.tracer !== null) this.tracer.hop(e.index, this.now, lat, HOP_RESPONSE + outcome);
      }
    }
    T.release(t);
  }

  /**
   * Fails every live task at `node` whose instance is in `instances` (or all when null).
   * With `spareAsOrphans` (a crash that leaves some of the node's work running elsewhere:
   * a broker's deliveries at the consumers, a cache's flushes at the store), the tasks it
   * spares are marked FLAG_ORPHAN.
   */
  failTasks(
    node: number,
    match: ((inst: number) => boolean) | null,
    outcome = UNAVAILABLE,
    spareAsOrphans = false,
  ): void {
    // A scan of the whole task table: crashes are rare, and it spares every arrival and
    // answer the upkeep of a per-node list. Slots freed during the scan are reused only by
    // tasks that arrive later, so nothing is visited twice.
    const T = this.tasks;
    const end = T.highWater;
    for (let t = 0; t < end; t++) {
      if (T.linked[t] !== 1 || T.node[t] !== node) continue;
      if (match === null || match(T.inst[t])) {
        this.nodes[node].onKill(t);
        this.answer(t, outcome);
      } else if (spareAsOrphans) T.flags[t] |= FLAG_ORPHAN;
    }
  }

  /** Number of tasks live at a node (arrived, not answered), its own internal work aside. */
  liveCount(node: number): number {
    const T = this.tasks;
    let n = 0;
    for (let t = 0; t < T.highWater; t++)
      if (T.linked[t] === 1 && T.node[t] === node && (T.flags[t] & FLAG_INTERNAL) === 0) n++;
    return n;
  }

  taskTimer(t: number, delayMs: number, code: number): void {
    const q = this.queue;
    q.at = this.now + delayMs; // by field (see EventQueue.at)
    q.pushAt(EV_TASK_TIMER, t, this.tasks.gen[t], code);
  }

  /**
   * taskTimer with its time already in `queue.at` (absolute): for callers too large to have
   * taskTimer inlined, whose delay argument would be boxed (see EventQueue.at).
   */
  taskTimerAt(t: number, code: number): void {
    this.queue.pushAt(EV_TASK_TIMER, t, this.tasks.gen[t], code);
  }

  nodeTimer(node: number, delayMs: number, code: number, arg = 0): void {
    const q = this.queue;
    q.at = this.now + delayMs;
    q.pushAt(EV_NODE_TIMER, node, code, arg);
  }

  // ---- calls -----------------------------------------------------------------------------

  /**
   * Task `t` calls along edge `e`. Returns true for a sync call (the behaviour will get
   * onCallDone exactly once), false for an async send (nothing comes back).
   */
  call(t: number, e: number, departDelayMs = 0): boolean {
    const er = this.edges[e];
    this.departDelay = departDelayMs;
    if (!er.sync) {
      this.sendAsync(t, er);
      this.departDelay = 0;
      return false;
    }
    const c = this.calls.alloc();
    const C = this.calls;
    C.task[c] = t;
    C.taskGen[c] = this.tasks.gen[t];
    C.edge[c] = e;
    C.attempt[c] = 0;
    C.sent[c] = 0;
    C.backoff[c] = 0;
    er.earnBudget();
    this.sendAttempt(c);
    this.departDelay = 0; // unused when the attempt failed before leaving
    // Set after the attempt: a zero-latency arrival is handled in place, and its own calls
    // set this too before the caller reads it. (The call is alive: answers are never handled inside.)
    this.lastCallLeft = C.sent[c] > 0;
    return true;
  }

  private sendAsync(t: number, er: EdgeRuntime): void {
    er.stats.sent++;
    if (er.fPartition !== PARTITION_NONE) {
      er.stats.outcomes[UNAVAILABLE]++;
      this.lastAsyncOutcome = UNAVAILABLE;
      return;
    }
    const loss = er.p.lossRate + er.fLoss;
    if (loss > 0 && er.rng.next() < loss) {
      er.stats.outcomes[DROPPED]++;
      this.lastAsyncOutcome = DROPPED;
      return;
    }
    er.stats.outcomes[OK]++;
    this.deliver(t, er, -1, 0, 0);
    // Set after deliver: a zero-latency arrival is handled in place, and its own async
    // sends (a consumer's, say) set this too before the caller reads it.
    this.lastAsyncOutcome = OK;
  }

  /**
   * Creates the callee's task for one attempt and schedules its arrival. A first attempt
   * may leave after `departDelay` (the caller's own processing, e.g. a balancer's overhead):
   * folding it into the trip saves an event per call.
   */
  private deliver(parent: number, er: EdgeRuntime, call: number, callGen: number, attempt: number): void {
    // Set only for the call() being made (0 for retries, which leave at once), read once.
    const delay = this.departDelay;
    this.departDelay = 0;
    const child = this.tasks.alloc();
    const T = this.tasks;
    T.node[child] = er.target;
    T.call[child] = call;
    T.callGen[child] = callGen;
    T.attempt[child] = attempt;
    T.key[child] = T.key[parent];
    T.cls[child] = T.cls[parent];
    T.hops[child] = Math.min(255, T.hops[parent] + 1);
    T.origin[child] = T.origin[parent];
    const lat = er.sampleLatency() + delay;
    if (this.tracer !== null) this.tracer.hop(er.index, this.now, lat, attempt > 1 ? HOP_RETRY : HOP_REQUEST);
    if (lat === 0 && this.directDepth < MAX_DIRECT_DEPTH) {
      // A zero-latency leg arrives now: hand it over directly instead of through the heap.
      // Safe because answers always travel back as events, so no caller is re-entered.
      this.directDepth++;
      this.onArrive(child);
      this.directDepth--;
    } else {
      const q = this.queue;
      q.at = this.now + lat; // by field (see EventQueue.at)
      q.pushLaneAt(er.lane, EV_ARRIVE, child, T.gen[child], 0);
    }
  }

  private sendAttempt(c: number): void {
    const C = this.calls;
    const er = this.edges[C.edge[c]];
    const parent = C.task[c];
    if (this.tasks.gen[parent] !== C.taskGen[c]) {
      // The caller died (crash) while this call waited to retry: nobody wants the answer.
      C.state[c] = 0;
      C.release(c);
      return;
    }
    const attempt = ++C.attempt[c];
    const gen = C.gen[c];
    C.state[c] = CALL_WAITING;
    C.lost[c] = 0;
    C.counted[c] = 0;
    // C.probe stays 0 outside a breaker's probes: written here, cleared in attemptDone.
    if (er.hasBreaker) {
      const probe = er.breakerAllows(this.now);
      if (probe < 0) {
        this.immediate.push(c, gen, (attempt << 3) | CIRCUIT_OPEN);
        return;
      }
      C.probe[c] = probe;
    }
    if (er.inflight >= er.bulkheadMax) {
      this.immediate.push(c, gen, (attempt << 3) | REJECTED);
      return;
    }
    er.stats.sent++;
    C.sent[c]++;
    if (attempt > 1) er.stats.retries++;
    er.inflight++;
    er.stats.inflight.add(this.now, 1);
    C.counted[c] = 1;
    const timeout = er.timeoutMs;
    if (timeout !== Infinity) {
      // The clock starts as the attempt leaves: after the caller's own work (a balancer's
      // overhead; departDelay is 0 for retries).
      const deadline = this.now + this.departDelay + timeout;
      er.pushTimeout(deadline, c, gen, attempt);
      if (er.toArmed > deadline) this.armTimeout(er);
    }
    if (er.fPartition === PARTITION_REFUSE) {
      this.immediate.push(c, gen, (attempt << 3) | UNAVAILABLE);
      return;
    }
    let lost = 0;
    if (er.fPartition === PARTITION_BLACKHOLE) lost = 2;
    else {
      const loss = er.p.lossRate + er.fLoss;
      if (loss > 0 && er.rng.next() < loss) lost = 1;
    }
    if (lost) {
      C.lost[c] = lost;
      if (this.tracer !== null)
        this.tracer.hop(er.index, this.now, er.latency.mean + er.crossZoneMs, HOP_LOST);
      // Nobody will answer; without a timeout of its own the caller notices at the transport timeout.
      if (timeout === Infinity) {
        this.queue.push(
          this.now + TRANSPORT_TIMEOUT_MS,
          EV_RESPONSE,
          c,
          gen,
          (attempt << 3) | (lost === 1 ? DROPPED : UNAVAILABLE),
        );
      }
      return;
    }
    this.deliver(parent, er, c, gen, attempt);
  }

  private onResponse(c: number, gen: number, packed: number): void {
    const C = this.calls;
    if (C.gen[c] !== gen || C.state[c] !== CALL_WAITING || C.attempt[c] !== packed >> 3) return; // stale
    this.attemptDone(c, packed & 7);
  }

  private armTimeout(er: EdgeRuntime): void {
    // Drop heads that no longer matter so the ring stays short.
    const C = this.calls;
    while (er.toLen > 0) {
      const j = er.toHead;
      const c = er.toCall[j];
      if (C.gen[c] === er.toGen[j] && C.state[c] === CALL_WAITING && C.attempt[c] === er.toAttempt[j]) break;
      er.toHead = (j + 1) & (er.toDeadline.length - 1);
      er.toLen--;
    }
    if (er.toLen === 0) {
      er.toArmed = Infinity;
      return;
    }
    const d = er.toDeadline[er.toHead];
    er.toArmed = d;
    // A new generation: an event armed earlier (for a later deadline) is ignored when it comes.
    er.toArmGen = (er.toArmGen + 1) | 0;
    this.queue.push(d, EV_EDGE_TIMEOUT, er.index, er.toArmGen, 0);
  }

  private onEdgeTimeout(edge: number): void {
    const er = this.edges[edge];
    const C = this.calls;
    er.toArmed = Infinity;
    while (er.toLen > 0 && er.toDeadline[er.toHead] <= this.now) {
      const j = er.toHead;
      const c = er.toCall[j];
      const live =
        C.gen[c] === er.toGen[j] && C.state[c] === CALL_WAITING && C.attempt[c] === er.toAttempt[j];
      er.toHead = (j + 1) & (er.toDeadline.length - 1);
      er.toLen--;
      if (live) {
        const lost = C.lost[c];
        this.attemptDone(c, lost === 1 ? DROPPED : lost === 2 ? UNAVAILABLE : TIMEOUT);
      }
    }
    this.armTimeout(er);
  }

  /** Re-arms an edge's timeout ring (after a live change of its timeout). */
  rearmTimeouts(edge: number): void {
    this.armTimeout(this.edges[edge]);
  }

  /** The current attempt of call `c` ended with `outcome` at the caller. */
  private attemptDone(c: number, outcome: number): void {
    const C = this.calls;
    const er = this.edges[C.edge[c]];
    const sent = C.counted[c] === 1;
    if (sent) {
      er.inflight--;
      er.stats.inflight.add(this.now, -1);
      C.counted[c] = 0;
    }
    er.stats.outcomes[outcome]++;
    if (er.hasBreaker) {
      er.breakerRecord(this.now, outcome, sent, C.probe[c]);
      C.probe[c] = 0;
    }
    if (outcome !== OK) {
      const r = er.p.retries;
      if (
        r !== null &&
        C.attempt[c] <= r.max &&
        er.isRetryable(outcome) &&
        (this.tasks.flags[C.task[c]] & FLAG_ORPHAN) === 0 &&
        er.spendBudget()
      ) {
        const wait = er.backoffMs(C.attempt[c], C.backoff[c]);
        C.backoff[c] = wait;
        C.state[c] = CALL_BACKOFF;
        this.queue.push(this.now + wait, EV_RETRY, c, C.gen[c], 0);
        return;
      }
    }
    const t = C.task[c],
      tg = C.taskGen[c],
      e = C.edge[c];
    this.lastCallSent = C.sent[c];
    C.state[c] = 0;
    C.release(c);
    if (this.tasks.gen[t] === tg) this.nodes[this.tasks.node[t]].onCallDone(t, e, outcome);
  }

  // ---- time buckets ----------------------------------------------------------------------

  private onBucket(): void {
    const now = this.now;
    const inWindow = this.bucketStart >= this.windowStartMs;
    for (const b of this.nodes) b.beforeRoll();
    for (const s of this.stats) s.roll(now, this.bucketStart);
    for (const er of this.edges) er.stats.roll(now, this.bucketStart, inWindow, er.breakerStateAt(now));
    const atEnd = now >= this.endMs;
    if (inWindow) {
      this.bucketsInBatch++;
      if (this.bucketsInBatch === this.batchBuckets || atEnd) {
        const full = this.bucketsInBatch === this.batchBuckets;
        const seconds = (now - this.batchStartMs) / 1000;
        for (const s of this.stats) s.closeBatch(seconds, full);
        this.bucketsInBatch = 0;
        this.batchStartMs = now;
      }
    }
    this.bucketStart = now;
    const nextInWindow = now >= this.windowStartMs;
    for (const s of this.stats) s.inWindow = nextInWindow;
    if (atEnd) {
      this.finished = true;
      return;
    }
    // First at its time: a bucket closes before anything else happens at its end (a fault
    // scheduled for that instant acts in the next bucket, and in the window if it starts then).
    this.queue.pushFirst(Math.min(now + this.bucketMs, this.endMs), EV_BUCKET, 0, 0, 0);
  }

  /** Start of the current (open) bucket. */
  get currentBucketStart(): number {
    return this.bucketStart;
  }

  // ---- live control ----------------------------------------------------------------------

  scheduleFault(atMs: number, id: number, start: boolean): void {
    this.queue.push(atMs, EV_FAULT, id, start ? 1 : 0, 0);
  }

  /** Injects a fault now (times in the fault are relative to now). Returns its id. */
  inject(f: Fault): number {
    return this.faults.inject(f);
  }

  /** Ends a fault early (see FaultState.end): the time it ended (ms), or null if it was over. */
  endFault(id: number): number | null {
    return this.faults.end(id);
  }

  /** Applies new params to a node at the current time. */
  setNodeParams(node: number, params: Record<string, unknown>): void {
    this.plan.nodes[node].params = params;
    this.nodes[node].configure(params);
  }

  setEdgeParams(edge: number, params: Plan['edges'][number]['params']): void {
    this.plan.edges[edge].params = params;
    this.edges[edge].configure(params);
    this.assignLane(this.edges[edge]);
    this.armTimeout(this.edges[edge]);
    // Its source may have derived something from the edge (a gateway: which writes reach its reads).
    this.nodes[this.plan.edges[edge].source].onEdgeChanged(edge);
  }

  /**
   * Legs over an edge with a fixed latency arrive in the order they leave, so they go to an
   * event-queue lane for that delay instead of the heap (see EventQueue). Only a matter of
   * speed: the queue keeps (time, seq) order whichever structure holds an event. Called
   * again whenever the edge's params or its latency faults change.
   */
  assignLane(er: EdgeRuntime): void {
    const old = er.lane;
    er.lane = this.queue.laneFor(er.fixedLatency); // taken before the old one is let go: same delay, same lane
    this.queue.releaseLane(old);
  }

  /** Breaker state of an edge (0 closed, 1 open, 2 half-open). */
  breakerState(edge: number): number {
    return this.edges[edge]?.breakerStateAt(this.now) ?? BREAKER_CLOSED;
  }
}

export { OK, REJECTED, THROTTLED, TIMEOUT, ERROR, UNAVAILABLE, CIRCUIT_OPEN, DROPPED };
