/**
 * Database (DESIGN.md §4): shards × (primary + replicas) servers, each with a connection
 * pool and a wait queue. Writes go to the shard's primary; reads to replicas or the
 * primary. Async replication sends each replica its copy of a write after a lag, and until
 * that replica has applied it (queued behind its reads) a read of the key there is stale;
 * sync replication holds the write (and its connection) until every live replica has
 * applied it. Either way each replica spends a connection for one write time applying
 * every write of its shard, so replicas add read capacity only as far as the write load
 * leaves them room. A server that was down replays the writes it missed when it returns,
 * oldest first on one connection (as a replica replays its log), serving reads meanwhile:
 * those of keys it has yet to replay are stale, under either replication mode (sync waits
 * only for live replicas). Failover promotes a replica after detection and promotion delays.
 */
import type { KindParams } from '../../model/design';
import { ALL_INSTANCES } from '../faults';
import { ERROR, OK, REJECTED, UNAVAILABLE } from '../metrics';
import { IntRing } from '../intRing';
import { fmix32 } from '../random';
import { Sampler } from '../sampler';
import { ADMIT_REJECTED, ADMIT_STARTED, SERVER_CRASHED, SERVER_UP, Station } from '../station';
import { NodeBehaviour } from './base';

type P = KindParams<'database'>;
const QUERY_DONE = 1,
  /** A replica's copy of a write reaches it (after the replication lag). */
  APPLY_ARRIVES = 2,
  /** Every copy of a sync write is applied: it can answer. */
  COPIES_DONE = 3;
/**
 * Task phases: a replica applying a write (an internal task), a sync write waiting for its
 * copies, a returning replica replaying the writes it missed (an internal task).
 */
const PHASE_APPLY = 1,
  PHASE_AWAIT_COPIES = 2,
  PHASE_CATCH_UP = 3;
/**
 * Missed writes a server remembers while down (4 bytes each, so at most 1 MB a server,
 * and a 16-shard cluster with 3 replicas stays within 64 MB). Past this the oldest are
 * forgotten (taken as applied): bounded memory for an outage of millions of writes, at
 * the price of undercounting stale reads of the keys they touched and of a shorter replay.
 */
export const MAX_BACKLOG = 1 << 18;
const PROMOTE = 1;

export class DatabaseNode extends NodeBehaviour {
  p!: P;
  station!: Station;
  private readonly readMs = new Sampler(0);
  private readonly writeMs = new Sampler(0);
  private readonly lagMs = new Sampler(0);
  /** Servers per shard (1 + replicas). */
  private group = 1;
  /** Current primary server of each shard. */
  private primaryOf!: Int32Array;
  /** Pending promotion per shard: 1 while a failover is under way. */
  private promoting!: Uint8Array;
  private rr!: Int32Array;
  /** Servers taken down by primary-failure faults. */
  private failedPrimaries = new Set<number>();
  /**
   * Per server, the keys of the writes it missed while down, in commit order (a FIFO ring):
   * when it returns, one connection replays them one write time each, as a real replica
   * replays its log from where it stopped. Each counts as a pending copy (see pendingArr),
   * so reads of those keys there are stale until replayed. Empty arrays until a miss.
   */
  private backlog: IntRing[] = [];
  /** 1 while a server's catch-up task is alive. */
  private catchingUp!: Uint8Array;
  /**
   * Async copies committed but not yet applied, per (server slot in its shard, key): slot ×
   * keySpace + key (a key lives on one shard, so group × keySpace entries cover them all).
   * A replica read is stale while its own count is not 0: a copy still on the way or queued
   * there means a write the primary committed before the read is missing. (Copies with
   * different lags can overtake each other here; a real replica applies its log in order,
   * so lacking an earlier write it lacks the latest too: any pending copy counts.) Counts,
   * not write times or versions, so the large-keyspace Map holds only keys with copies in
   * flight (at most the live apply tasks) and forgets the rest. Null until the first async
   * write: sync-only and replica-less databases never pay for it.
   */
  private pendingArr: Int32Array | null = null;
  private pendingMap: Map<number, number> | null = null;
  private readonly keys = this.engine.plan.keySpace;
  private readonly iStale = this.extra('staleReads');
  private readonly iNoPrimary = this.extra('writesFailedNoPrimary');
  private readonly iFailovers = this.extra('failovers');

  constructor(...args: ConstructorParameters<typeof NodeBehaviour>) {
    super(...args);
    this.configure(this.node.params);
  }

  configure(params: Record<string, unknown>): void {
    const p = params as P;
    const old = this.p;
    this.p = p;
    this.readMs.set(p.readMs);
    this.writeMs.set(p.writeMs);
    this.lagMs.set(p.replication.type === 'async' ? p.replication.lagMs : 0);
    const group = 1 + p.replicas;
    const servers = p.shards * group;
    if (!old || old.shards !== p.shards || old.replicas !== p.replicas) {
      // Topology change: rebuild (in-flight queries on removed servers fail).
      if (this.station) for (let s = 0; s < this.station.size; s++) this.station.reset(s);
      if (old) this.engine.failTasks(this.index, null);
      // Every copy just failed (and was counted off): the counts start again in the new layout.
      this.pendingArr = null;
      this.pendingMap = null;
      this.backlog = Array.from({ length: servers }, () => new IntRing(1, 16));
      this.catchingUp = new Uint8Array(servers);
      this.station = new Station(servers, this.stats, this.engine);
      this.group = group;
      this.primaryOf = Int32Array.from({ length: p.shards }, (_, k) => k * group);
      this.promoting = new Uint8Array(p.shards);
      this.rr = new Int32Array(p.shards);
      for (let s = 0; s < servers; s++) this.station.setState(s, SERVER_UP);
    }
    this.station.queueCapacity = p.queueCapacity;
    this.station.setThreads(p.connections);
    this.station.trackLoad(p.loadLatency !== null);
    if (old) this.applyFaults();
  }

  private shardOf(key: number): number {
    const n = this.p.shards;
    if (n === 1) return 0;
    if (this.p.sharding === 'range')
      return Math.min(n - 1, Math.floor((key * n) / this.engine.plan.keySpace));
    return fmix32(key >>> 0) % n;
  }

  onArrive(t: number): void {
    const T = this.engine.tasks;
    const shard = this.shardOf(T.key[t]);
    const write = T.cls[t] === 1;
    const st = this.station;
    const primary = this.primaryOf[shard];
    let s = -1;
    if (write) {
      if (st.state[primary] === SERVER_UP) s = primary;
      else this.stats.extra[this.iNoPrimary]++;
    } else {
      if (this.p.readFrom === 'replicas' && this.group > 1) {
        // Round-robin over the live replicas: the turn moves past the one chosen, so the
        // primary's slot is skipped rather than handed to the replica after it.
        const base = shard * this.group;
        for (let k = 0; k < this.group && s < 0; k++) {
          const cand = base + ((this.rr[shard] + k) % this.group);
          if (cand !== primary && st.state[cand] === SERVER_UP) s = cand;
        }
        if (s >= 0) this.rr[shard] = (s - base + 1) % this.group;
      }
      if (s < 0 && st.state[primary] === SERVER_UP) s = primary;
    }
    if (s < 0) {
      this.engine.answer(t, UNAVAILABLE);
      return;
    }
    T.inst[t] = s;
    const r = st.admit(s, t);
    if (r === ADMIT_STARTED) this.startQuery(t);
    else if (r === ADMIT_REJECTED) this.engine.answer(t, REJECTED);
  }

  private startQuery(t: number): void {
    const T = this.engine.tasks;
    let ms = (T.cls[t] === 1 ? this.writeMs : this.readMs).sample(this.rng);
    const ll = this.p.loadLatency;
    if (ll !== null) ms *= this.station.slowdown(T.inst[t], ll.knee, ll.factor);
    this.engine.taskTimer(t, this.faulted(ms), QUERY_DONE);
  }

  override onTaskTimer(t: number, code: number): void {
    const T = this.engine.tasks;
    const s = T.inst[t];
    if (code === APPLY_ARRIVES) {
      // A replica that is down misses the write: it replays it when it returns.
      if (this.station.state[s] !== SERVER_UP) {
        this.copyMissed(t);
        this.engine.answer(t, OK);
      } else if (this.station.admit(s, t, true) === ADMIT_STARTED) this.startQuery(t);
      return;
    }
    if (code === COPIES_DONE) {
      if (T.phase[t] === PHASE_AWAIT_COPIES) this.done(t, OK);
      return;
    }
    if (code !== QUERY_DONE) return;
    if (T.phase[t] === PHASE_APPLY) {
      this.copyDone(t);
      this.done(t, OK); // a replica has applied a write (the node's own work: not counted)
      return;
    }
    if (T.phase[t] === PHASE_CATCH_UP) {
      this.replayed(t);
      return;
    }
    const key = T.key[t];
    const shard = Math.floor(s / this.group);
    if (this.failsWithError(0)) {
      this.done(t, ERROR);
      return;
    }
    if (T.cls[t] === 1) {
      const copies = this.group > 1 ? this.replicate(t, s, key) : 0;
      if (copies > 0) {
        // Sync: the write holds its connection until every copy is applied (COPIES_DONE).
        T.phase[t] = PHASE_AWAIT_COPIES;
        T.pending[t] = copies;
        return;
      }
    } else if (s !== this.primaryOf[shard] && this.pendingAt(s - shard * this.group, key) > 0) {
      this.stats.extra[this.iStale]++;
    }
    this.done(t, OK);
  }

  /** Task `t` is finished on its server: the connection passes on, then `t` is answered. */
  private done(t: number, outcome: number): void {
    const next = this.station.release(this.engine.tasks.inst[t]);
    if (next >= 0) this.startQuery(next);
    this.engine.answer(t, outcome);
  }

  override onKill(t: number): void {
    // A replica that dies with a copy on it (on the way, queued or being applied) no longer
    // holds up a sync write; it replays the write when it returns. A catch-up cut short
    // resumes from the write it was replaying (still at the head of the backlog).
    const T = this.engine.tasks;
    if (T.phase[t] === PHASE_APPLY) this.copyMissed(t);
    else if (T.phase[t] === PHASE_CATCH_UP) this.catchingUp[T.inst[t]] = 0;
  }

  /** Copy `a` did not reach its (down) replica: it stops holding up its write and joins the replica's backlog. */
  private copyMissed(a: number): void {
    const T = this.engine.tasks;
    const async = T.aux2[a] < 0;
    if (!async) this.copyDone(a);
    // An async copy is already pending on its replica: it stays pending until replayed.
    this.miss(T.inst[a], T.key[a], !async);
  }

  /** Server `r` (down) misses a write of `key`: it joins r's backlog, pending there (if `count`) until replayed. */
  private miss(r: number, key: number, count: boolean): void {
    const slot = r % this.group;
    if (count) this.addPending(slot, key, 1);
    const backlog = this.backlog[r];
    if (backlog.length >= MAX_BACKLOG) {
      // Full: forget the oldest miss (see MAX_BACKLOG).
      this.addPending(slot, backlog.first(), -1);
      backlog.shift();
    }
    backlog.push(key);
  }

  /** Server `r` is back up: one connection replays its backlog, oldest write first. */
  private startCatchUp(r: number): void {
    if (this.backlog[r].length === 0 || this.catchingUp[r] === 1) return;
    const a = this.engine.spawn(this.index, this.backlog[r].first(), 1, true);
    const T = this.engine.tasks;
    T.inst[a] = r;
    T.phase[a] = PHASE_CATCH_UP;
    this.catchingUp[r] = 1;
    if (this.station.admit(r, a, true) === ADMIT_STARTED) this.startQuery(a);
  }

  /** Catch-up task `t` has replayed the write at the head of its server's backlog: on to the next, on the same connection. */
  private replayed(t: number): void {
    const T = this.engine.tasks;
    const r = T.inst[t];
    const backlog = this.backlog[r];
    this.addPending(r % this.group, backlog.first(), -1);
    backlog.shift();
    if (backlog.length > 0) {
      T.key[t] = backlog.first();
      this.startQuery(t);
      return;
    }
    this.catchingUp[r] = 0;
    this.done(t, OK);
  }

  /**
   * The primary `s` has committed write `t` of `key`: every live replica of its shard
   * applies it too, spending one write time of a connection (queued behind its reads, never
   * turned away). With async replication the copies arrive after the lag, and each counts
   * as pending on its replica until applied there (reads of the key there are stale till
   * then). With sync they arrive at once and the write waits for them all, so it is not
   * acknowledged before every replica has it: those copies never make a read stale.
   * Returns how many copies the write waits for (0 with async).
   *
   * Failover needs nothing more: copies already sent still arrive after their primary dies
   * (they are in the replicas' logs), the promoted replica among them, so no committed
   * write is lost and the other replicas are compared with the same history.
   */
  private replicate(t: number, s: number, key: number): number {
    const sync = this.p.replication.type === 'sync';
    const first = Math.floor(s / this.group) * this.group;
    const T = this.engine.tasks;
    let copies = 0;
    for (let r = first; r < first + this.group; r++) {
      if (r === s) continue;
      if (this.station.state[r] !== SERVER_UP) {
        this.miss(r, key, true);
        continue;
      }
      // Each replica's copy has a lag of its own (their links and log shipping are separate).
      const lag = sync ? 0 : this.lagMs.sample(this.rng);
      const a = this.engine.spawn(this.index, key, 1, true);
      T.inst[a] = r;
      T.phase[a] = PHASE_APPLY;
      T.aux2[a] = sync ? t : -1; // the write waiting for this copy (-1: async), and its generation
      T.aux[a] = T.gen[t];
      if (!sync) this.addPending(r - first, key, 1);
      this.engine.taskTimer(a, lag, APPLY_ARRIVES);
      copies++;
    }
    return sync ? copies : 0;
  }

  /**
   * Copy `a` is applied (or lost with its replica): async, one fewer pending on its replica;
   * sync, one fewer for its write to wait on.
   */
  private copyDone(a: number): void {
    const T = this.engine.tasks;
    const w = T.aux2[a];
    if (w < 0) {
      this.addPending(T.inst[a] % this.group, T.key[a], -1);
      return;
    }
    if (T.gen[w] !== T.aux[a] || T.phase[w] !== PHASE_AWAIT_COPIES) return;
    // Through a zero-delay timer: this may run inside a crash's scan of the task table.
    if (--T.pending[w] === 0) this.engine.taskTimer(w, 0, COPIES_DONE);
  }

  /** Async copies of `key` pending on the server in `slot` of its shard. */
  private pendingAt(slot: number, key: number): number {
    const i = slot * this.keys + key;
    if (this.pendingArr !== null) return this.pendingArr[i];
    return this.pendingMap === null ? 0 : (this.pendingMap.get(i) ?? 0);
  }
  private addPending(slot: number, key: number, d: number): void {
    const i = slot * this.keys + key;
    if (this.pendingArr === null && this.pendingMap === null) {
      // A typed array while it stays within 64 MB; beyond, a map of the keys in flight.
      if (this.group * this.keys <= 1 << 24) this.pendingArr = new Int32Array(this.group * this.keys);
      else this.pendingMap = new Map();
    }
    if (this.pendingArr !== null) this.pendingArr[i] += d;
    else {
      const m = this.pendingMap!;
      const n = (m.get(i) ?? 0) + d;
      if (n === 0) m.delete(i);
      else m.set(i, n);
    }
  }

  override applyFaults(): void {
    const st = this.station;
    const F = this.engine.faults;
    const k = F.crashed[this.index];
    const crashN = k >= ALL_INSTANCES ? st.size : k;
    // primary-failure: the primaries at the moment it starts go down until it ends.
    if (F.primaryDown[this.index]) {
      if (this.failedPrimaries.size === 0) for (const pr of this.primaryOf) this.failedPrimaries.add(pr);
    } else this.failedPrimaries.clear();
    for (let s = 0; s < st.size; s++) {
      const down = s < crashN || this.failedPrimaries.has(s);
      if (down && st.state[s] !== SERVER_CRASHED) {
        st.setState(s, SERVER_CRASHED);
        st.reset(s);
        this.engine.failTasks(this.index, (inst) => inst === s);
      } else if (!down && st.state[s] === SERVER_CRASHED) {
        st.setState(s, SERVER_UP);
        this.startCatchUp(s);
      }
    }
    // Shards whose primary is down: fail over if configured, else wait for it to return.
    for (let shard = 0; shard < this.p.shards; shard++) {
      if (st.state[this.primaryOf[shard]] === SERVER_UP || this.promoting[shard]) continue;
      const fo = this.p.failover;
      if (fo && this.group > 1) {
        this.promoting[shard] = 1;
        this.engine.nodeTimer(this.index, (fo.detectS + fo.promoteS) * 1000, PROMOTE, shard);
      }
    }
  }

  override onTimer(code: number, shard: number): void {
    if (code !== PROMOTE) return;
    this.promoting[shard] = 0;
    const st = this.station;
    if (st.state[this.primaryOf[shard]] === SERVER_UP) return; // it came back first
    // The live replica furthest along its log (fewest missed writes left to replay), as a
    // failover manager picks: promoting one still replaying would drop the writes it lacks.
    const base = shard * this.group;
    let best = -1;
    for (let r = base; r < base + this.group; r++)
      if (st.state[r] === SERVER_UP && (best < 0 || this.backlog[r].length < this.backlog[best].length))
        best = r;
    if (best >= 0) {
      this.primaryOf[shard] = best;
      this.stats.extra[this.iFailovers]++;
      return;
    }
    this.applyFaults(); // no live replica yet: try again later
  }

  override isUp(): boolean {
    return this.station.upCount > 0;
  }

  override summary(): Record<string, number> {
    return {
      staleReads: this.stats.windowExtra[this.iStale],
      writesFailedNoPrimary: this.stats.windowExtra[this.iNoPrimary],
      failovers: this.stats.windowExtra[this.iFailovers],
    };
  }
}
