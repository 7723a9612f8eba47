/**
 * DNS (DESIGN.md §4): resolves each call to one target (an outgoing edge) and forwards it
 * there. Resolver caching is modelled explicitly: behind every client (the request's
 * origin) sit `resolvers` independent caches (devices, ISP resolvers); a call uses one at
 * random. A cached answer (younger than the TTL) costs nothing and is used as is, even
 * when its target has died since; a miss pays `lookupMs` and gets a fresh answer from the
 * policy over the targets the health checks currently believe healthy. The caches start
 * warm, with expiries spread uniformly over one TTL (a system that has been running), so
 * after a failover the traffic still reaching the dead target falls off linearly over one
 * TTL: the classic DNS failover lesson. The cached share emerges from the TTL and each
 * resolver's request rate.
 *
 * A crashed DNS fails lookups (`unavailable`) but cached answers keep working, since the
 * callers do not need DNS for them; calls already forwarded are not affected. The same
 * holds for `errors`, `latency` and `cpu` faults: they act on lookups alone.
 *
 * Policies: `failover` returns the first healthy target in edge order; `weighted` draws by
 * edge weight (weight-0 targets only when no positive-weight one is eligible, then evenly);
 * `latency` returns the lowest expected one-way edge latency: the mean of the edge's
 * configured `latencyMs` (not its median, and not measured), with any latency fault on the
 * edge and its zone-crossing time, so a slowed edge loses fresh lookups at once, with no
 * detection delay. Ties go to the first in edge order.
 */
import type { KindParams } from '../../model/design';
import { HealthChecker } from '../healthcheck';
import { ERROR, OK, UNAVAILABLE } from '../metrics';
import { Sampler } from '../sampler';
import { pickWeighted } from '../weighted';
import { NodeBehaviour } from './base';

type P = KindParams<'dns'>;
const LOOKUP = 1;
const PROBE = 1,
  PROBE_RESULT = 2;
/** tasks.inst while a lookup is under way (a crash of the DNS fails those only). */
const IN_LOOKUP = 1;

export class DnsNode extends NodeBehaviour {
  p!: P;
  private readonly lookup = new Sampler(0);
  readonly health: HealthChecker;
  /** Per origin node: each resolver's cached target position and expiry (lazily created, warm). */
  private cacheTarget: (Int32Array | null)[];
  private cacheExp: (Float64Array | null)[];
  private down = false;
  /** Scratch for the weighted policy: each target's weight, -1 when it may not be returned. */
  private readonly splitWeights = new Float64Array(this.node.out.length);
  private readonly iLookups = this.extra('lookups');
  private readonly iCached = this.extra('cached');
  private readonly iStale = this.extra('staleRoutes');
  private readonly iHealthy = this.extra('healthyTargets');
  private readonly inLookup = (inst: number) => inst === IN_LOOKUP;

  constructor(...args: ConstructorParameters<typeof NodeBehaviour>) {
    super(...args);
    this.health = new HealthChecker(this.engine, this.index, this.node.out, PROBE, PROBE_RESULT);
    const n = this.engine.plan.nodes.length;
    this.cacheTarget = new Array<Int32Array | null>(n).fill(null);
    this.cacheExp = new Array<Float64Array | null>(n).fill(null);
    this.configure(this.node.params);
  }

  configure(params: Record<string, unknown>): void {
    const p = params as P;
    const old = this.p;
    this.p = p;
    this.lookup.set(p.lookupMs);
    this.health.configure(p.healthCheck);
    if (old && old.resolvers !== p.resolvers) {
      this.cacheTarget.fill(null);
      this.cacheExp.fill(null);
    }
  }

  override start(): void {
    this.health.start();
  }

  override onTimer(code: number, arg: number): void {
    this.health.onTimer(code, arg);
  }

  /** Resolver caches of one origin, created warm on first use (once per client, not per call). */
  private caches(o: number): number {
    if (this.cacheExp[o] === null) {
      const n = this.p.resolvers;
      const exp = new Float64Array(n);
      const tgt = new Int32Array(n);
      const now = this.engine.now;
      const ttl = this.p.ttlS * 1000;
      for (let r = 0; r < n; r++) {
        tgt[r] = this.choose(-1);
        exp[r] = tgt[r] >= 0 ? now + this.rng.next() * ttl : 0;
      }
      this.cacheExp[o] = exp;
      this.cacheTarget[o] = tgt;
    }
    return this.rng.int(this.p.resolvers);
  }

  onArrive(t: number): void {
    const T = this.engine.tasks;
    const o = T.origin[t];
    const r = this.caches(o);
    const exp = this.cacheExp[o]!;
    const pos = this.cacheTarget[o]![r];
    if (exp[r] > this.engine.now && pos >= 0 && this.engine.edges[this.node.out[pos]].carries(T.cls[t])) {
      this.stats.extra[this.iCached]++;
      if (this.health.healthy[pos] === 0) this.stats.extra[this.iStale]++;
      this.forward(t, pos);
      return;
    }
    if (this.down) {
      this.engine.answer(t, UNAVAILABLE);
      return;
    }
    this.stats.extra[this.iLookups]++;
    T.aux2[t] = r;
    T.inst[t] = IN_LOOKUP;
    const ms = this.faulted(this.lookup.sample(this.rng));
    this.afterOwnTime(t, ms, LOOKUP);
  }

  override onTaskTimer(t: number, code: number): void {
    if (code === LOOKUP) this.resolved(t);
  }

  private resolved(t: number): void {
    const T = this.engine.tasks;
    T.inst[t] = 0;
    if (this.failsWithError(0)) {
      this.engine.answer(t, ERROR); // SERVFAIL
      return;
    }
    const pos = this.choose(T.cls[t]);
    const o = T.origin[t],
      r = T.aux2[t];
    if (this.p.ttlS > 0 && pos >= 0) {
      this.cacheTarget[o]![r] = pos;
      this.cacheExp[o]![r] = this.engine.now + this.p.ttlS * 1000;
    }
    this.forward(t, pos);
  }

  // Scratch for choose()/ok(): fields instead of a closure, so a lookup allocates nothing.
  private chooseCls = -1;
  private chooseAnyHealthy = false;

  /** May a fresh answer name target position i? */
  private ok(i: number): boolean {
    const cls = this.chooseCls;
    return (
      (!this.chooseAnyHealthy || this.health.healthy[i] === 1) &&
      (cls < 0 || this.engine.edges[this.node.out[i]].carries(cls))
    );
  }

  /** A fresh answer: the policy over healthy targets carrying `cls` (-1: any); all of them when none is healthy (fail open). */
  private choose(cls: number): number {
    const out = this.node.out;
    const edges = this.engine.edges;
    const healthy = this.health.healthy;
    this.chooseCls = cls;
    this.chooseAnyHealthy = false;
    for (let i = 0; i < out.length; i++)
      if (healthy[i] && (cls < 0 || edges[out[i]].carries(cls))) this.chooseAnyHealthy = true;
    switch (this.p.policy) {
      case 'failover':
        for (let i = 0; i < out.length; i++) if (this.ok(i)) return i;
        return -1;
      case 'weighted': {
        // Weight-0 targets are a backup tier (as in Route 53): pickWeighted's rule.
        const w = this.splitWeights;
        for (let i = 0; i < out.length; i++) w[i] = this.ok(i) ? edges[out[i]].p.weight : -1;
        return pickWeighted(this.rng, w, out.length);
      }
      case 'latency': {
        let best = -1,
          bestMs = Infinity;
        for (let i = 0; i < out.length; i++) {
          if (!this.ok(i)) continue;
          const er = edges[out[i]];
          const ms = er.latency.mean * er.fLatFactor + er.fLatAddMs + er.crossZoneMs;
          if (ms < bestMs) {
            bestMs = ms;
            best = i;
          }
        }
        return best;
      }
    }
  }

  private forward(t: number, pos: number): void {
    if (pos < 0) {
      this.engine.answer(t, UNAVAILABLE);
      return;
    }
    if (!this.engine.call(t, this.node.out[pos])) this.engine.answer(t, OK);
  }

  override onCallDone(t: number, _e: number, outcome: number): void {
    this.engine.answer(t, outcome);
  }

  override applyFaults(): void {
    const crashed = this.engine.faults.crashed[this.index] > 0;
    if (crashed && !this.down) {
      this.down = true;
      this.engine.failTasks(this.index, this.inLookup);
    } else if (!crashed) this.down = false;
  }

  override isUp(): boolean {
    return !this.down;
  }

  override beforeRoll(): void {
    this.stats.extra[this.iHealthy] = this.health.count();
  }

  override summary(): Record<string, number> {
    const w = this.stats.windowExtra;
    const cached = w[this.iCached],
      lookups = w[this.iLookups];
    return {
      lookups,
      cachedRatio: cached + lookups > 0 ? cached / (cached + lookups) : NaN,
      staleRoutes: w[this.iStale],
    };
  }
}
