/**
 * API gateway (DESIGN.md §4): an optional token-bucket rate limit at the door (over the
 * limit: throttled), then authentication (authMs), then, for reads, an optional response
 * cache on the shared key store (src/sim/keycache.ts), then routing: the call goes down
 * one outgoing edge whose route carries its class, chosen by edge weight. No such edge:
 * error (no route). A write that succeeds, down a path that reaches a node the reads'
 * paths reach too (so it can change what a read returns), either invalidates its key's
 * cached response or leaves it to be served, stale, until it expires (counted as stale
 * hits). A crash or a cache-flush fault empties the response cache; a crash also refills
 * the rate limit's bucket (it restarts fresh, as the rate limiter kind does).
 */
import type { KindParams } from '../../model/design';
import { EVICT_LRU, KeyStore } from '../keycache';
import { ERROR, OK, THROTTLED, UNAVAILABLE } from '../metrics';
import { Sampler } from '../sampler';
import { reachableFrom } from '../compile';
import { TokenBucket } from '../ratelimit';
import { pickWeighted } from '../weighted';
import { NodeBehaviour } from './base';

type P = KindParams<'gateway'>;
const AUTHED = 1;
const PH_FETCH = 1,
  PH_WRITE = 2;

export class GatewayNode extends NodeBehaviour {
  p!: P;
  readonly store: KeyStore;
  private readonly auth = new Sampler(0);
  /** The built-in rate limit (the shared token bucket), null when off. */
  private limit: TokenBucket | null = null;
  private down = false;
  private readonly iThrottled = this.extra('throttled');
  private readonly iHits = this.extra('hits');
  private readonly iMisses = this.extra('misses');
  private readonly iHitRatio = this.extra('hitRatio');
  private readonly iNoRoute = this.extra('noRoute');
  private readonly iSize = this.extra('cacheSize');
  private readonly iStaleHits = this.extra('staleHits');
  /**
   * Per outgoing edge: 1 when a write sent down it can change what a cached read returns,
   * i.e. its target reaches a node that some read-carrying edge's target also reaches (a
   * shared store). Writes to an orders service do not make a catalog's responses stale.
   */
  private writeReachesReads: Uint8Array;

  constructor(...args: ConstructorParameters<typeof NodeBehaviour>) {
    super(...args);
    this.store = new KeyStore(this.rng);
    this.writeReachesReads = this.sharedDownstream();
    this.configure(this.node.params);
  }

  override onEdgeChanged(): void {
    this.writeReachesReads = this.sharedDownstream(); // a route edit changes which edges carry reads
  }

  /** writeReachesReads, from the plan's graph and the edges' current routes. */
  private sharedDownstream(): Uint8Array {
    const plan = this.engine.plan;
    // Where reads go: the edges route() may pick for a read.
    const readEdges = this.node.out.filter((e) => {
      const er = this.engine.edges[e];
      return er.carries(0);
    });
    const readReach = reachableFrom(
      plan,
      readEdges.map((e) => plan.edges[e].target),
    );
    const flags = new Uint8Array(plan.edges.length);
    for (const e of this.node.out) {
      const reach = reachableFrom(plan, [plan.edges[e].target]);
      if (reach.some((r, n) => r === 1 && readReach[n] === 1)) flags[e] = 1;
    }
    return flags;
  }

  configure(params: Record<string, unknown>): void {
    const p = params as P;
    this.p = p;
    this.auth.set(p.authMs);
    // A newly enabled limit starts with a full bucket; a changed one keeps its tokens.
    const rl = p.rateLimit;
    if (rl === null) this.limit = null;
    else if (this.limit === null) this.limit = new TokenBucket(rl.ratePerS, rl.burst);
    else this.limit.configure(rl.ratePerS, rl.burst, this.engine.now);
    const rc = p.responseCache;
    this.store.configure(
      rc ? Math.min(rc.capacity, this.engine.plan.keySpace) : 0,
      EVICT_LRU,
      rc?.ttlS != null ? rc.ttlS * 1000 : Infinity,
    );
  }

  override isUp(): boolean {
    return !this.down;
  }

  onArrive(t: number): void {
    if (this.down) {
      this.engine.answer(t, UNAVAILABLE);
      return;
    }
    if (this.limit !== null && !this.limit.tryAcquire(this.engine.now)) {
      this.stats.extra[this.iThrottled]++;
      this.engine.answer(t, THROTTLED);
      return;
    }
    const ms = this.faulted(this.auth.sample(this.rng));
    this.afterOwnTime(t, ms, AUTHED);
  }

  override onTaskTimer(t: number, code: number): void {
    if (code === AUTHED) this.authed(t);
  }

  private authed(t: number): void {
    if (this.failsWithError(0)) {
      this.engine.answer(t, ERROR);
      return;
    }
    const T = this.engine.tasks;
    if (this.p.responseCache !== null) {
      if (T.cls[t] === 0) {
        if (this.store.get(T.key[t], this.engine.now)) {
          this.stats.extra[this.iHits]++;
          if (this.store.lastHitStale) this.stats.extra[this.iStaleHits]++;
          this.engine.answer(t, OK);
          return;
        }
        this.stats.extra[this.iMisses]++;
        T.phase[t] = PH_FETCH;
      } else T.phase[t] = PH_WRITE;
    }
    const e = this.route(T.cls[t]);
    if (e < 0) {
      this.stats.extra[this.iNoRoute]++;
      this.engine.answer(t, ERROR);
      return;
    }
    if (!this.engine.call(t, e)) this.onCallDone(t, e, OK);
  }

  /** An outgoing edge whose route carries `cls`, picked by weight (pickWeighted); -1 when none does. */
  private route(cls: number): number {
    const out = this.node.out;
    const edges = this.engine.edges;
    const w = this.splitWeights;
    for (let i = 0; i < out.length; i++) {
      const er = edges[out[i]];
      w[i] = er.carries(cls) ? er.p.weight : -1;
    }
    const i = pickWeighted(this.rng, w, out.length);
    return i < 0 ? -1 : out[i];
  }
  private readonly splitWeights = new Float64Array(this.node.out.length);

  override onCallDone(t: number, e: number, outcome: number): void {
    const T = this.engine.tasks;
    if (outcome === OK && T.phase[t] === PH_FETCH) this.store.set(T.key[t], this.engine.now);
    else if (outcome === OK && T.phase[t] === PH_WRITE && this.writeReachesReads[e] === 1) {
      // The backend has the new value now: the cached response is out of date.
      this.store.written(T.key[t], this.p.responseCache?.invalidateOnWrite === true);
    }
    this.engine.answer(t, outcome);
  }

  override applyFaults(): void {
    const crashed = this.engine.faults.crashed[this.index] > 0;
    if (crashed && !this.down) {
      this.down = true;
      this.store.clear();
      // Like the rate limiter kind: a crashed node comes back empty (DESIGN.md §5), its
      // limiter's state (held in memory) with it, so it restarts with a full bucket.
      this.limit?.reset();
      this.engine.failTasks(this.index, null);
    } else if (!crashed && this.down) this.down = false;
  }

  override flush(): void {
    this.store.clear();
  }

  override beforeRoll(): void {
    const x = this.stats.extra;
    this.store.expire(this.engine.now);
    this.store.evictions = this.store.expirations = 0;
    x[this.iSize] = this.store.size;
    const looked = x[this.iHits] + x[this.iMisses];
    x[this.iHitRatio] = looked > 0 ? x[this.iHits] / looked : NaN;
  }

  override summary(): Record<string, number> {
    const w = this.stats.windowExtra;
    const looked = w[this.iHits] + w[this.iMisses];
    const out: Record<string, number> = { throttled: w[this.iThrottled], noRoute: w[this.iNoRoute] };
    if (this.p.responseCache !== null || looked > 0) {
      out.hitRatio = looked > 0 ? w[this.iHits] / looked : NaN;
      out.hits = w[this.iHits];
      out.misses = w[this.iMisses];
      out.staleHits = w[this.iStaleHits];
    }
    return out;
  }
}
