/**
 * Queue (message broker, DESIGN.md §4). A producer's call is answered `ok` once the
 * message is stored (after `ackMs`), `rejected` when the queue is full (backpressure).
 * Stored messages are pushed to the consumer edge(s), at most `consumers` deliveries in
 * flight per subscription. Each delivery is an internal task of the queue that calls the
 * consumer edge: `ok` deletes the message; a failure, or no answer within the visibility
 * timeout, makes it visible again after that timeout (at-least-once). After `maxReceives`
 * failed deliveries a message is dead-lettered and sent down the `dlq` edge if there is one.
 *
 * A delivery given up at the visibility timeout stays alive: if the consumer finishes it
 * later, its `ok` still deletes the message (or, when another delivery already did, is
 * counted as a duplicate: the message was processed twice).
 *
 * A timeout on the consumer edge itself ends the delivery like an error: the queue stopped
 * waiting. The consumer's late ok acks nothing, and (the engine drops answers to a call
 * that timed out) the queue never learns of it: such a processing is not counted as a
 * duplicate. The visibility timeout has no such blind spot.
 *
 * A crash of a durable broker does not stop its consumers: a delivery out at the crash
 * stays alive as an orphan. The broker that handed it out is gone, so its `ok` cannot ack
 * the message (which is redelivered after the restart), but the message was processed:
 * the ack of a later delivery (or a late ok after it) counts that as a duplicate.
 *
 * A delivery refused at the consumer edge before it left (circuit breaker open, bulkhead
 * full) reached no consumer: it waits out the visibility timeout like a failed one, but it
 * is not a receive (not counted as a delivery, nor toward `maxReceives`).
 *
 * In `queue` mode there is one subscription and several consumer edges share it by weight
 * (smooth weighted round-robin); in `pubsub` mode every consumer edge is a subscription
 * with its own copy of each message, its own capacity and consumers.
 *
 * Depth (the node's queue gauge, meanQueueLength) counts stored messages: visible, being
 * delivered, or waiting out a visibility timeout. Utilization is busy consumers / consumers.
 */
import type { KindParams } from '../../model/design';
import { Histogram } from '../histogram';
import { ERROR, OK, REJECTED, UNAVAILABLE } from '../metrics';
import { IntRing } from '../ring';
import { Sampler } from '../sampler';
import { MAX_HELD } from '../tables';
import { NodeBehaviour } from './base';

type P = KindParams<'queue'>;

// Message states.
const M_FREE = 0,
  M_VISIBLE = 1,
  M_INFLIGHT = 2,
  M_WAITING = 3,
  M_ACKED = 4,
  M_DEAD = 5,
  M_LOST = 6;
// Task phases (tasks.phase).
const PH_PRODUCE = 0,
  PH_DELIVERY = 1,
  PH_ABANDONED = 2,
  PH_DLQ = 3,
  /** A delivery out when a durable broker crashed: its ok marks the message processed, no ack. */
  PH_ORPHAN = 4;
// tasks.aux of a delivery: its first attempt was refused at the consumer edge itself.
const REFUSED_FIRST = 1;
// Timer codes: task timer; node timer low 2 bits (visibility carries the delivery sequence above them).
const STORED = 1;
const T_VIS = 1;
const SEQ_MASK = 0x1fffffff;

export class QueueNode extends NodeBehaviour {
  p!: P;
  private readonly ack = new Sampler(0);
  private mode: 'queue' | 'pubsub' | '' = '';
  /** Consumer edges (non-dlq outgoing edges), and the dead-letter edge or -1. */
  private readonly consumerEdges: number[];
  private readonly dlqEdge: number;
  private subs = 0;
  // Per subscription.
  private rings: IntRing[] = [];
  private visible = new Int32Array(0);
  private stored = new Int32Array(0);
  private reserved = new Int32Array(0);
  private inflight = new Int32Array(0);
  /** Smooth weighted round-robin state per consumer edge (queue mode). */
  private wrr: Float64Array;
  private totalStored = 0;
  private totalInflight = 0;
  private down = false;
  /** Set while dispatch runs: completions inside it (async edges) leave the loop to it instead of recursing. */
  private dispatching = false;

  // Message pool: struct of typed arrays, slots reused through a free list.
  private cap = 0;
  private mSub = new Int32Array(0);
  private mKey = new Int32Array(0);
  private mCls = new Uint8Array(0);
  /**
   * The hops the request had made when it was stored: a delivery goes on from there, so a
   * message that loops through queues still dies at the hop limit (DESIGN.md §3) instead
   * of circulating for ever (at zero latency, stalling the run).
   */
  private mHops = new Uint8Array(0);
  private mOrigin = new Int32Array(0);
  private mEnq = new Float64Array(0);
  private mFails = new Int32Array(0);
  private mDelivs = new Int32Array(0);
  private mState = new Uint8Array(0);
  /** References that keep a slot from reuse: age list, visible ring, outstanding deliveries. */
  private mRefs = new Int32Array(0);
  /** Delivery sequence per slot (never reset), so stale visibility timers are recognised. */
  private mSeq = new Int32Array(0);
  private mTask = new Int32Array(0);
  private mAcked = new Uint8Array(0);
  /** Oks of orphaned deliveries (a crash) while the message was still stored: processings not yet counted. */
  private mOrphanOk = new Int32Array(0);
  private free = new IntRing();
  private high = 0;
  /** Every stored message in enqueue order (lazily pruned): its head is the oldest. */
  private readonly age = new IntRing();

  // Counters over the whole run (for tests and conservation checks).
  readonly totals = {
    accepted: 0,
    rejected: 0,
    acked: 0,
    deadLettered: 0,
    duplicates: 0,
    redeliveries: 0,
    lost: 0,
    delivered: 0,
    /** A late ok for a message already dead-lettered (processed after all). */
    okAfterDeadLetter: 0,
  };
  private readonly e2eBucket = { sum: 0, n: 0 };
  private readonly e2eWindow = new Histogram(11);
  private windowOldest = 0;
  /**
   * Oldest age of a message that left storage in this bucket. The oldest stored message's
   * age grows until that message leaves, so its peak over a bucket is at such a departure
   * or at the bucket's end: this and oldestAgeMs() at the roll give the exact maximum.
   */
  private bucketOldest = 0;

  private readonly iDelivered = this.extra('delivered');
  private readonly iAcked = this.extra('acked');
  private readonly iRedeliveries = this.extra('redeliveries');
  private readonly iDead = this.extra('deadLetters');
  private readonly iDup = this.extra('duplicates');
  private readonly iLost = this.extra('lost');
  private readonly iOldest = this.extra('oldestAgeMs');
  private readonly iE2e = this.extra('endToEndMs');

  constructor(...args: ConstructorParameters<typeof NodeBehaviour>) {
    super(...args);
    const edges = this.engine.plan.edges;
    this.consumerEdges = this.node.out.filter((e) => edges[e].params.role !== 'dlq');
    this.dlqEdge = this.node.out.find((e) => edges[e].params.role === 'dlq') ?? -1;
    this.wrr = new Float64Array(this.consumerEdges.length);
    this.grow(64);
    this.configure(this.node.params);
  }

  configure(params: Record<string, unknown>): void {
    const p = params as P;
    this.p = p;
    this.ack.set(p.ackMs);
    if (p.mode !== this.mode) this.rebuild(p.mode);
    this.publish();
    for (let s = 0; s < this.subs; s++) this.dispatch(s);
  }

  /** (Re)creates the subscriptions; a live mode change loses the stored messages (counted). */
  private rebuild(mode: 'queue' | 'pubsub'): void {
    if (this.mode !== '') this.dropAll(M_LOST);
    this.mode = mode;
    this.subs = mode === 'pubsub' ? this.consumerEdges.length : 1;
    this.rings = Array.from({ length: this.subs }, () => new IntRing());
    this.visible = new Int32Array(this.subs);
    this.stored = new Int32Array(this.subs);
    this.reserved = new Int32Array(this.subs);
    this.inflight = new Int32Array(this.subs);
    this.totalStored = 0;
    this.totalInflight = 0;
  }

  private grow(n: number): void {
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a as never);
      return b;
    };
    this.mSub = g(this.mSub);
    this.mKey = g(this.mKey);
    this.mCls = g(this.mCls);
    this.mHops = g(this.mHops);
    this.mOrigin = g(this.mOrigin);
    this.mEnq = g(this.mEnq);
    this.mFails = g(this.mFails);
    this.mDelivs = g(this.mDelivs);
    this.mState = g(this.mState);
    this.mRefs = g(this.mRefs);
    this.mSeq = g(this.mSeq);
    this.mTask = g(this.mTask);
    this.mAcked = g(this.mAcked);
    this.mOrphanOk = g(this.mOrphanOk);
    this.cap = n;
  }

  private allocMsg(): number {
    if (this.free.len > 0) return this.free.shift();
    if (this.high === this.cap) {
      // No slot is free: every one of the cap slots holds a message.
      if (this.cap * 2 > MAX_HELD) this.engine.overloaded('stored messages', this.index, this.cap);
      this.grow(this.cap * 2);
    }
    return this.high++;
  }

  private unref(m: number): void {
    if (--this.mRefs[m] === 0) {
      this.mState[m] = M_FREE;
      this.free.push(m);
    }
  }

  /** Does subscription `s` take a copy of a message of class `cls`? */
  private subTakes(s: number, cls: number): boolean {
    if (this.mode === 'queue') return true;
    return this.engine.edges[this.consumerEdges[s]].carries(cls);
  }

  private publish(): void {
    const now = this.engine.now;
    this.stats.queue.set(now, this.totalStored);
    this.stats.busy.set(now, this.totalInflight);
    this.stats.capacity.set(now, this.down ? 0 : this.p.consumers * this.subs);
  }

  // ---- producers -------------------------------------------------------------------------

  onArrive(t: number): void {
    if (this.down) {
      this.engine.answer(t, UNAVAILABLE);
      return;
    }
    const T = this.engine.tasks;
    const cls = T.cls[t];
    const cap = this.p.capacity;
    for (let s = 0; s < this.subs; s++) {
      if (this.subTakes(s, cls) && this.stored[s] + this.reserved[s] >= cap) {
        this.totals.rejected++;
        this.engine.answer(t, REJECTED);
        return;
      }
    }
    for (let s = 0; s < this.subs; s++) if (this.subTakes(s, cls)) this.reserved[s]++;
    T.phase[t] = PH_PRODUCE;
    const ms = this.faulted(this.ack.sample(this.rng));
    this.afterOwnTime(t, ms, STORED);
  }

  override onTaskTimer(t: number, code: number): void {
    if (code === STORED) this.store(t);
  }

  private unreserve(cls: number): void {
    for (let s = 0; s < this.subs; s++) if (this.subTakes(s, cls) && this.reserved[s] > 0) this.reserved[s]--;
  }

  /** The enqueue finished: store a copy per subscription and answer the producer. */
  private store(t: number): void {
    const T = this.engine.tasks;
    const cls = T.cls[t];
    this.unreserve(cls);
    if (this.failsWithError(0)) {
      this.engine.answer(t, ERROR);
      return;
    }
    const now = this.engine.now;
    let copies = 0;
    for (let s = 0; s < this.subs; s++) {
      if (!this.subTakes(s, cls)) continue;
      const m = this.allocMsg();
      this.mSub[m] = s;
      this.mKey[m] = T.key[t];
      this.mCls[m] = cls;
      this.mHops[m] = T.hops[t];
      this.mOrigin[m] = T.origin[t];
      this.mEnq[m] = now;
      this.mFails[m] = 0;
      this.mDelivs[m] = 0;
      this.mAcked[m] = 0;
      this.mOrphanOk[m] = 0;
      this.mState[m] = M_VISIBLE;
      this.mRefs[m] = 2; // age list + visible ring
      this.age.push(m);
      this.rings[s].push(m);
      this.visible[s]++;
      this.stored[s]++;
      this.totalStored++;
      copies++;
    }
    if (copies > 0) this.totals.accepted++;
    this.publish();
    this.engine.answer(t, OK);
    for (let s = 0; s < this.subs; s++) this.dispatch(s);
  }

  // ---- deliveries ------------------------------------------------------------------------

  private dispatch(s: number): void {
    if (this.down || this.dispatching || this.consumerEdges.length === 0) return;
    this.dispatching = true;
    const ring = this.rings[s];
    while (this.visible[s] > 0 && this.inflight[s] < this.p.consumers) {
      const m = ring.shift();
      if (this.mState[m] !== M_VISIBLE) {
        this.unref(m); // acked (late) or dropped while waiting in the ring
        continue;
      }
      this.visible[s]--;
      this.mRefs[m]--; // leaves the ring (the delivery takes its own reference below)
      this.deliver(m, s);
    }
    this.dispatching = false;
  }

  private deliver(m: number, s: number): void {
    const edge = this.pickEdge(s, this.mCls[m]);
    const seq = (this.mSeq[m] = (this.mSeq[m] + 1) & SEQ_MASK);
    this.mState[m] = M_INFLIGHT;
    this.engine.nodeTimer(this.index, this.p.visibilityTimeoutS * 1000, T_VIS | (seq << 2), m);
    if (edge < 0) {
      this.countDelivery(m);
      this.failDelivery(m); // no consumer takes this message: a failed delivery
      return;
    }
    const t = this.engine.spawn(this.index, this.mKey[m], this.mCls[m], true);
    const T = this.engine.tasks;
    T.origin[t] = this.mOrigin[m];
    T.hops[t] = this.mHops[m];
    T.aux2[t] = m;
    T.inst[t] = s;
    T.cursor[t] = seq;
    T.phase[t] = PH_DELIVERY;
    this.mTask[m] = t;
    this.mRefs[m]++;
    this.inflight[s]++;
    this.totalInflight++;
    this.publish();
    // Async edge: handed over is done; a send that did not get out (a partition, a loss)
    // is a failed delivery, visible again after its visibility timeout like any other.
    if (!this.engine.call(t, edge)) {
      this.countDelivery(m);
      this.deliveryDone(t, this.engine.lastAsyncOutcome);
    } else if (!this.engine.lastCallLeft)
      T.aux[t] = REFUSED_FIRST; // the edge's own breaker or bulkhead refused it
    else this.countDelivery(m);
  }

  /** Delivery of message `m` reached (or went out to) a consumer: a receive. */
  private countDelivery(m: number): void {
    if (++this.mDelivs[m] > 1) {
      this.totals.redeliveries++;
      this.stats.extra[this.iRedeliveries]++;
    }
    this.totals.delivered++;
    this.stats.extra[this.iDelivered]++;
  }

  /** The consumer edge for a message of subscription `s`: its own edge in pub/sub, else weighted round-robin. */
  private pickEdge(s: number, cls: number): number {
    const ce = this.consumerEdges;
    if (this.mode === 'pubsub') return ce[s];
    const edges = this.engine.edges;
    // Weight-0 edges are a backup tier, as wherever traffic splits (pickWeighted): when no
    // edge that carries the message has a positive weight, they share it evenly.
    let anyPositive = false;
    for (let i = 0; i < ce.length && !anyPositive; i++)
      anyPositive = edges[ce[i]].carries(cls) && edges[ce[i]].p.weight > 0;
    let total = 0,
      best = -1;
    for (let i = 0; i < ce.length; i++) {
      const er = edges[ce[i]];
      if (!er.carries(cls)) continue;
      const w = anyPositive ? er.p.weight : 1;
      this.wrr[i] += w;
      total += w;
      if (best < 0 || this.wrr[i] > this.wrr[best]) best = i;
    }
    if (best < 0) return -1;
    this.wrr[best] -= total;
    return ce[best];
  }

  override onCallDone(t: number, _e: number, outcome: number): void {
    if (this.engine.tasks.phase[t] === PH_DLQ) {
      this.engine.answer(t, outcome);
      return;
    }
    this.deliveryDone(t, outcome);
  }

  private deliveryDone(t: number, outcome: number): void {
    const T = this.engine.tasks;
    const m = T.aux2[t],
      s = T.inst[t];
    const current = this.mSeq[m] === T.cursor[t] && this.mState[m] === M_INFLIGHT;
    const ph = T.phase[t];
    if (ph === PH_DELIVERY) {
      this.inflight[s]--;
      this.totalInflight--;
    }
    // Refused before it left, and no retry of it left either: no consumer saw it. (A retry
    // of a refused first attempt that got through is a delivery: counted now.)
    let refused = false;
    if (T.aux[t] === REFUSED_FIRST) {
      if (this.engine.lastCallSent === 0) refused = true;
      else this.countDelivery(m);
    }
    const st = this.mState[m];
    const live = st === M_VISIBLE || st === M_INFLIGHT || st === M_WAITING;
    if (outcome === OK) {
      if (live && ph === PH_ORPHAN) this.mOrphanOk[m]++;
      else if (live) this.ackMsg(m);
      else if (this.mAcked[m]) this.countDuplicates(1);
      else this.totals.okAfterDeadLetter++;
    } else if (current && refused)
      this.mState[m] = M_WAITING; // visible again at its visibility timeout
    else if (current) this.failDelivery(m);
    this.engine.answer(t, outcome);
    this.unref(m);
    this.publish();
    this.dispatch(s);
  }

  private ackMsg(m: number): void {
    const s = this.mSub[m];
    if (this.mState[m] === M_VISIBLE) this.visible[s]--;
    this.mState[m] = M_ACKED;
    this.mAcked[m] = 1;
    if (this.mOrphanOk[m] > 0) this.countDuplicates(this.mOrphanOk[m]);
    const e2e = this.leaves(m);
    this.stored[s]--;
    this.totalStored--;
    this.totals.acked++;
    this.stats.extra[this.iAcked]++;
    this.e2eBucket.sum += e2e;
    this.e2eBucket.n++;
    if (this.stats.inWindow) this.e2eWindow.record(e2e);
  }

  private countDuplicates(n: number): void {
    this.totals.duplicates += n;
    this.stats.extra[this.iDup] += n;
  }

  /** A delivery failed (error, timeout, or no ack within the visibility timeout). */
  private failDelivery(m: number): void {
    if (++this.mFails[m] >= this.p.maxReceives) this.deadLetter(m);
    else this.mState[m] = M_WAITING; // visible again when its visibility timeout ends
  }

  private deadLetter(m: number): void {
    const s = this.mSub[m];
    this.mState[m] = M_DEAD;
    this.leaves(m);
    this.stored[s]--;
    this.totalStored--;
    this.totals.deadLettered++;
    this.stats.extra[this.iDead]++;
    this.totals.okAfterDeadLetter += this.mOrphanOk[m]; // processed after all, by an orphan
    // The dead-letter edge carries what its route and probability let through, as any edge
    // does; a dead letter it does not carry is discarded (still counted as dead-lettered).
    if (this.dlqEdge < 0 || !this.engine.edges[this.dlqEdge].applies(this.mCls[m])) return;
    const t = this.engine.spawn(this.index, this.mKey[m], this.mCls[m], true);
    const T = this.engine.tasks;
    T.origin[t] = this.mOrigin[m];
    T.hops[t] = this.mHops[m];
    T.phase[t] = PH_DLQ;
    if (!this.engine.call(t, this.dlqEdge)) this.engine.answer(t, this.engine.lastAsyncOutcome);
  }

  override onTimer(code: number, m: number): void {
    if ((code & 3) !== T_VIS) return;
    if (this.mSeq[m] !== code >>> 2) return; // a later delivery of this slot owns it now
    const st = this.mState[m];
    if (st === M_INFLIGHT) {
      // Not acknowledged in time: the delivery is given up (it may still finish and ack).
      const t = this.mTask[m];
      const T = this.engine.tasks;
      if (T.phase[t] === PH_DELIVERY && T.aux2[t] === m) {
        T.phase[t] = PH_ABANDONED;
        this.inflight[this.mSub[m]]--;
        this.totalInflight--;
      }
      this.failDelivery(m);
      if (this.mState[m] === M_WAITING) this.makeVisible(m);
    } else if (st === M_WAITING) this.makeVisible(m);
    else return;
    this.publish();
    this.dispatch(this.mSub[m]);
  }

  private makeVisible(m: number): void {
    const s = this.mSub[m];
    this.mState[m] = M_VISIBLE;
    this.mRefs[m]++;
    this.rings[s].push(m);
    this.visible[s]++;
  }

  // ---- faults ----------------------------------------------------------------------------

  override onKill(t: number): void {
    const T = this.engine.tasks;
    const ph = T.phase[t];
    if (ph === PH_PRODUCE) this.unreserve(T.cls[t]);
    else if (ph === PH_DELIVERY || ph === PH_ABANDONED || ph === PH_ORPHAN) {
      if (ph === PH_DELIVERY) {
        this.inflight[T.inst[t]]--;
        this.totalInflight--;
      }
      this.unref(T.aux2[t]);
    }
  }

  override applyFaults(): void {
    const crashed = this.engine.faults.crashed[this.index] > 0;
    if (crashed && !this.down) {
      this.down = true;
      if (this.p.durable) {
        // Producers' calls and dead-letter sends (inst -1) fail; deliveries (inst: their
        // subscription) live on at the consumers as orphans. A closure is fine: crashes are rare.
        this.engine.failTasks(this.index, (inst) => inst < 0, UNAVAILABLE, true);
        this.orphanDeliveries();
      } else this.engine.failTasks(this.index, null);
      this.dropAll(this.p.durable ? M_VISIBLE : M_LOST);
      this.publish();
    } else if (!crashed && this.down) {
      this.down = false;
      this.publish();
      for (let s = 0; s < this.subs; s++) this.dispatch(s);
    }
  }

  /** The deliveries out at a crash of a durable broker: the consumers go on, the broker forgets them. */
  private orphanDeliveries(): void {
    const T = this.engine.tasks;
    for (let t = 0; t < T.highWater; t++) {
      if (T.linked[t] !== 1 || T.node[t] !== this.index) continue;
      const ph = T.phase[t];
      if (ph !== PH_DELIVERY && ph !== PH_ABANDONED) continue;
      if (ph === PH_DELIVERY) {
        this.inflight[T.inst[t]]--;
        this.totalInflight--;
      }
      T.phase[t] = PH_ORPHAN;
    }
  }

  /**
   * After a crash: durable brokers keep every stored message and make it visible again
   * (in enqueue order); otherwise they are lost. Allocation here is fine: crashes are rare.
   */
  private dropAll(to: number): void {
    for (let s = 0; s < this.subs; s++) {
      const r = this.rings[s];
      while (r.len > 0) this.unref(r.shift());
      this.visible[s] = 0;
    }
    const age = this.age;
    const n = age.len;
    for (let k = 0; k < n; k++) {
      const m = age.shift();
      const st = this.mState[m];
      const live = st === M_VISIBLE || st === M_INFLIGHT || st === M_WAITING;
      if (!live) {
        this.unref(m);
        continue;
      }
      this.mSeq[m] = (this.mSeq[m] + 1) & SEQ_MASK; // cancels its visibility timer
      if (to === M_VISIBLE) {
        age.push(m);
        this.makeVisible(m);
      } else {
        const s = this.mSub[m];
        this.mState[m] = M_LOST;
        this.leaves(m);
        this.stored[s]--;
        this.totalStored--;
        this.totals.lost++;
        this.stats.extra[this.iLost]++;
        this.unref(m);
      }
    }
  }

  override isUp(): boolean {
    return !this.down;
  }

  // ---- metrics ---------------------------------------------------------------------------

  /**
   * Message `m` leaves storage (acked, dead-lettered or lost): a candidate for the bucket's
   * oldest age. Gives its age (ms), which for an acked one is its end-to-end time.
   */
  private leaves(m: number): number {
    const age = this.engine.now - this.mEnq[m];
    if (age > this.bucketOldest) this.bucketOldest = age;
    return age;
  }

  /** Age (ms) of the oldest stored message, 0 when empty. */
  oldestAgeMs(): number {
    const age = this.age;
    while (age.len > 0) {
      const m = age.peek();
      const st = this.mState[m];
      if (st === M_VISIBLE || st === M_INFLIGHT || st === M_WAITING) return this.engine.now - this.mEnq[m];
      this.unref(age.shift());
    }
    return 0;
  }

  /** Messages stored now (all subscriptions). */
  get depth(): number {
    return this.totalStored;
  }

  override beforeRoll(): void {
    const oldest = Math.max(this.oldestAgeMs(), this.bucketOldest);
    this.bucketOldest = 0;
    this.stats.extra[this.iOldest] = oldest;
    if (this.stats.inWindow && oldest > this.windowOldest) this.windowOldest = oldest;
    const b = this.e2eBucket;
    this.stats.extra[this.iE2e] = b.n > 0 ? b.sum / b.n : NaN;
    b.sum = 0;
    b.n = 0;
  }

  override headline(): number {
    return this.stats.queue.level;
  }

  override summary(): Record<string, number> {
    const w = this.stats.windowExtra;
    const h = this.e2eWindow;
    return {
      delivered: w[this.iDelivered],
      acked: w[this.iAcked],
      redeliveries: w[this.iRedeliveries],
      deadLetters: w[this.iDead],
      duplicates: w[this.iDup],
      lost: w[this.iLost],
      maxOldestAgeMs: this.windowOldest,
      endToEndMeanMs: h.count > 0 ? h.mean : NaN,
      endToEndP50Ms: h.count > 0 ? h.percentile(50) : NaN,
      endToEndP99Ms: h.count > 0 ? h.percentile(99) : NaN,
      depthAtEnd: this.totalStored,
    };
  }
}
