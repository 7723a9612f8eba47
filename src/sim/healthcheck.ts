/**
 * Active health checks of a node's targets (its outgoing edges), shared by the load
 * balancer and DNS. Every `intervalMs` each target is probed; a probe succeeds after a
 * round trip when the target is up and the edge is not partitioned, and fails at the
 * probe timeout otherwise. `unhealthyAfter` failures in a row take a target out,
 * `healthyAfter` successes put it back: until then the owner keeps using a dead target.
 *
 * Probes are node timers of the owner; it forwards its onTimer calls here first.
 */
import type { ParamsOf } from '../model/params';
import type { healthCheckParam } from '../model/kinds/shared';
import { PARTITION_NONE } from './edge';
import type { Engine } from './engine';

export type HealthCheckParams = NonNullable<ParamsOf<{ h: ReturnType<typeof healthCheckParam> }>['h']>;

export class HealthChecker {
  /** Per target position (index into the owner's `out`): 1 healthy, 0 not. */
  readonly healthy: Uint8Array;
  private readonly okStreak: Int32Array;
  private readonly failStreak: Int32Array;
  private p: HealthCheckParams | null = null;
  private probing = false;
  private started = false;

  /**
   * `codeProbe` and `codeResult` are the owner's node-timer codes reserved for the checker.
   */
  constructor(
    private readonly engine: Engine,
    private readonly node: number,
    private readonly out: readonly number[],
    private readonly codeProbe: number,
    private readonly codeResult: number,
  ) {
    const n = out.length;
    this.healthy = new Uint8Array(n).fill(1);
    this.okStreak = new Int32Array(n);
    this.failStreak = new Int32Array(n);
  }

  /** (Re)applies params; off (null) means every target counts as healthy. */
  configure(p: HealthCheckParams | null): void {
    this.p = p;
    if (p === null) this.healthy.fill(1);
    else if (!this.probing && this.started) this.startProbing();
  }

  start(): void {
    this.started = true;
    if (this.p) this.startProbing();
  }

  private startProbing(): void {
    this.probing = true;
    this.engine.nodeTimer(this.node, this.p!.intervalMs, this.codeProbe);
  }

  /** Handles the checker's own timers; returns false for codes that are not its own. */
  onTimer(code: number, arg: number): boolean {
    const hc = this.p;
    if (code === this.codeProbe) {
      if (!hc) {
        this.probing = false;
        return true;
      }
      const out = this.out;
      for (let i = 0; i < out.length; i++) {
        const er = this.engine.edges[out[i]];
        const up = er.fPartition === PARTITION_NONE && this.engine.nodes[er.target].isUp();
        // A good probe answers after a round trip; a bad one, or one whose round trip
        // outlasts the probe timeout (a slow edge), is judged failed at the timeout.
        const rtt = up ? 2 * er.sampleLatency() : Infinity;
        const ok = rtt <= hc.timeoutMs;
        this.engine.nodeTimer(this.node, ok ? rtt : hc.timeoutMs, this.codeResult, i * 2 + (ok ? 1 : 0));
      }
      this.engine.nodeTimer(this.node, hc.intervalMs, this.codeProbe);
      return true;
    }
    if (code === this.codeResult) {
      if (!hc) return true;
      const i = arg >> 1;
      if (arg & 1) {
        this.failStreak[i] = 0;
        if (++this.okStreak[i] >= hc.healthyAfter) this.healthy[i] = 1;
      } else {
        this.okStreak[i] = 0;
        if (++this.failStreak[i] >= hc.unhealthyAfter) this.healthy[i] = 0;
      }
      return true;
    }
    return false;
  }

  /** Targets currently believed healthy. */
  count(): number {
    let h = 0;
    for (let i = 0; i < this.healthy.length; i++) h += this.healthy[i];
    return h;
  }
}
