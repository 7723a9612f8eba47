/**
 * Load balancer (DESIGN.md §4): picks one backend (outgoing edge) per call. Its view of
 * backend health comes only from periodic probes, so a crashed backend keeps receiving
 * calls until `unhealthyAfter` probes have failed: sinkholing. Least-connections counts
 * the balancer's own calls in flight per backend, so a backend that fails fast looks idle.
 */
import type { KindParams } from '../../model/design';
import { ERROR, OK, REJECTED, THROTTLED, UNAVAILABLE } from '../metrics';
import { HashRing } from '../hashring';
import { HealthChecker } from '../healthcheck';
import { Sampler } from '../sampler';
import { pickWeighted } from '../weighted';
import { NodeBehaviour } from './base';

type P = KindParams<'loadbalancer'>;
const PROBE = 1,
  PROBE_RESULT = 2;

export class LoadBalancerNode extends NodeBehaviour {
  p!: P;
  private readonly overhead = new Sampler(0);
  /** Backend health as seen by the balancer's probes (per position in node.out). */
  private readonly health: HealthChecker;
  private readonly healthy: Uint8Array;
  private inflight!: Int32Array;
  private rr = 0;
  /** Scratch for the weighted algorithm: each backend's weight, -1 when not eligible. */
  private readonly splitWeights = new Float64Array(this.node.out.length);
  private ring!: HashRing;
  private readonly iHealthy = this.extra('healthyBackends');
  private readonly eligibleFn = (m: number) => this.eligible(m, this.excluded, this.cls);
  private excluded = -1;
  private cls = 0;

  constructor(...args: ConstructorParameters<typeof NodeBehaviour>) {
    super(...args);
    const n = this.node.out.length;
    this.health = new HealthChecker(this.engine, this.index, this.node.out, PROBE, PROBE_RESULT);
    this.healthy = this.health.healthy;
    this.inflight = new Int32Array(n);
    this.configure(this.node.params);
  }

  configure(params: Record<string, unknown>): void {
    const p = params as P;
    const vnodesChanged = this.p?.virtualNodes !== p.virtualNodes;
    this.p = p;
    this.overhead.set(p.overheadMs);
    if (vnodesChanged)
      this.ring = new HashRing(
        this.node.out.map((e) => this.engine.plan.edges[e].id),
        p.virtualNodes,
      );
    this.health.configure(p.healthCheck);
  }

  override start(): void {
    this.health.start();
  }

  override onTimer(code: number, arg: number): void {
    this.health.onTimer(code, arg);
  }

  onArrive(t: number): void {
    if (!this.isUp()) {
      this.engine.answer(t, UNAVAILABLE);
      return;
    }
    const max = this.p.maxConnections;
    if (max !== null && this.stats.inflight.level > max) {
      this.engine.answer(t, REJECTED);
      return;
    }
    // An `errors` fault on the balancer itself fails its share here, before any backend is
    // chosen (no draw without one, so fault-free runs keep their random numbers).
    if (this.failsWithError(0)) {
      this.engine.answer(t, ERROR);
      return;
    }
    // The balancer's own processing time is paid on the way out, as part of the first trip.
    this.forward(t, this.faulted(this.overhead.sample(this.rng)));
  }

  private eligible(i: number, excluded: number, cls: number): boolean {
    return i !== excluded && this.healthy[i] === 1 && this.engine.edges[this.node.out[i]].carries(cls);
  }

  /** Chooses a backend position, or -1. */
  private choose(t: number, excluded: number): number {
    const T = this.engine.tasks;
    const cls = T.cls[t];
    const out = this.node.out;
    const n = out.length;
    let count = 0;
    for (let i = 0; i < n; i++) if (this.eligible(i, excluded, cls)) count++;
    if (count === 0) return -1;
    switch (this.p.algorithm) {
      case 'round-robin':
        for (let k = 0; k < n; k++) {
          const i = this.rr;
          this.rr = (this.rr + 1) % n;
          if (this.eligible(i, excluded, cls)) return i;
        }
        return -1;
      case 'random':
        return this.nth(this.rng.int(count), excluded, cls);
      case 'weighted': {
        const w = this.splitWeights;
        for (let i = 0; i < n; i++)
          w[i] = this.eligible(i, excluded, cls) ? this.engine.edges[out[i]].p.weight : -1;
        return pickWeighted(this.rng, w, n);
      }
      case 'least-connections': {
        let best = -1;
        // Ties go round-robin so equal backends share the load.
        for (let k = 0; k < n; k++) {
          const i = (this.rr + k) % n;
          if (this.eligible(i, excluded, cls) && (best < 0 || this.inflight[i] < this.inflight[best]))
            best = i;
        }
        this.rr = (this.rr + 1) % n;
        return best;
      }
      case 'power-of-two': {
        // Two distinct backends, each pair equally likely: the second draw skips the first.
        const ia = this.rng.int(count);
        const a = this.nth(ia, excluded, cls);
        if (count === 1) return a;
        let ib = this.rng.int(count - 1);
        if (ib >= ia) ib++;
        const b = this.nth(ib, excluded, cls);
        return this.inflight[b] < this.inflight[a] ? b : a;
      }
      case 'consistent-hash':
      case 'sticky': {
        this.excluded = excluded;
        this.cls = cls;
        const key = this.p.algorithm === 'sticky' ? T.origin[t] * 2654435761 : T.key[t];
        return this.ring.lookup(key >>> 0, this.eligibleFn);
      }
    }
  }

  /** The k-th eligible backend position. */
  private nth(k: number, excluded: number, cls: number): number {
    for (let i = 0; i < this.node.out.length; i++) {
      if (this.eligible(i, excluded, cls) && k-- === 0) return i;
    }
    return -1;
  }

  /**
   * Sends task `t` to a backend. `failed` is the outcome of the first backend when this is
   * the retry on another one: with no other backend to try, the call keeps that outcome.
   */
  private forward(t: number, overheadMs = 0, failed = UNAVAILABLE): void {
    const T = this.engine.tasks;
    const pos = this.choose(t, T.phase[t] === 1 ? T.aux2[t] : -1);
    if (pos < 0) {
      this.engine.answer(t, failed);
      return;
    }
    T.aux2[t] = pos;
    this.inflight[pos]++;
    if (!this.engine.call(t, this.node.out[pos], overheadMs)) {
      this.inflight[pos]--;
      this.engine.answer(t, OK);
    }
  }

  override onCallDone(t: number, _e: number, outcome: number): void {
    const T = this.engine.tasks;
    const pos = T.aux2[t];
    this.inflight[pos]--;
    if (outcome !== OK && outcome !== THROTTLED && this.p.retryOtherBackend && T.phase[t] === 0) {
      T.phase[t] = 1; // one retry, on another backend
      this.forward(t, 0, outcome);
      return;
    }
    this.engine.answer(t, outcome);
  }

  override onKill(t: number): void {
    const pos = this.engine.tasks.aux2[t];
    if (pos >= 0 && this.engine.tasks.phase[t] !== 2) {
      // Its outstanding backend call will come back to a dead task; release the slot now.
      this.inflight[pos] = Math.max(0, this.inflight[pos] - 1);
    }
  }

  override applyFaults(): void {
    if (this.engine.faults.crashed[this.index] > 0) this.engine.failTasks(this.index, null);
  }

  override beforeRoll(): void {
    this.stats.extra[this.iHealthy] = this.health.count();
  }

  /** Backend positions the balancer currently believes healthy (for tests and the UI). */
  healthyBackends(): number[] {
    return [...this.healthy].flatMap((h, i) => (h ? [i] : []));
  }
}
