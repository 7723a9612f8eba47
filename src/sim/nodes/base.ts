/**
 * What every node behaviour shares: its stats and random stream, access to the engine,
 * fault state, and the dependency-calling logic of DESIGN.md §3 (sequential or parallel
 * sync calls, async sends, fail or fallback on a failed dependency).
 */
import type { PlanNode } from '../compile';
import { FLAG_DEGRADED, FLAG_DEP_FAILED, type Engine } from '../engine';
import { kindSpec } from '../../model/kinds';
import { NodeStats, OK } from '../metrics';
import { Rng } from '../random';
import { Station } from '../station';

export abstract class NodeBehaviour {
  readonly stats: NodeStats;
  readonly rng: Rng;
  readonly index: number;

  constructor(
    readonly engine: Engine,
    readonly node: PlanNode,
  ) {
    // The kind's own series are declared once, in its catalog entry.
    const m = kindSpec(node.kind)?.metrics ?? [];
    this.stats = new NodeStats(
      m.map((x) => x.key),
      m.map((x) => x.merge),
    );
    this.rng = new Rng(engine.plan.seed, 'node:' + node.id);
    this.index = node.index;
  }

  /** (Re)applies params; called once before start() and on live edits. */
  abstract configure(params: Record<string, unknown>): void;
  /** Schedules the node's own first events. */
  start(): void {}
  /** A call attempt (task) arrives. The node must eventually answer it exactly once. */
  abstract onArrive(t: number): void;
  /** A sync call made by task `t` along edge `e` ended (after any retries). */
  onCallDone(_t: number, _e: number, _outcome: number): void {}
  onTaskTimer(_t: number, _code: number): void {}
  onTimer(_code: number, _arg: number): void {}
  /** Task `t` is about to be failed by a crash: forget any reference to it. */
  onKill(_t: number): void {}
  /** Fault state changed (crashes, slowdowns, traffic factors...). */
  applyFaults(): void {}
  /** One of its outgoing edges got new params during the run (its route, say). */
  onEdgeChanged(_edge: number): void {}
  /** cache-flush fault. */
  flush(): void {}
  /** Called before a time bucket closes: refresh gauges and kind-specific series. */
  beforeRoll(): void {}
  /** Can it answer calls at all (health checks, DNS failover)? */
  isUp(): boolean {
    return this.engine.faults.crashed[this.index] === 0;
  }
  /** [instances serving, instances in total] for the canvas; nodes with a Station report its servers. */
  instances(): [number, number] {
    const st = (this as { station?: unknown }).station;
    if (st instanceof Station) {
      let total = 0;
      for (let s = 0; s < st.size; s++) if (st.state[s] !== 0) total++; // SERVER_OFF servers do not exist yet
      return [st.upCount, total];
    }
    return [this.isUp() ? 1 : 0, 1];
  }
  /** The live figure the catalog's `headline` describes (e.g. a cache's hit ratio), or NaN. */
  headline(): number {
    return NaN;
  }

  /** A column of the last closed time bucket (for headline figures). */
  protected lastBucket(column: string): number {
    const i = this.stats.series.columns.indexOf(column);
    return i < 0 ? NaN : this.stats.row[i];
  }
  /** Kind-specific summary figures (hitRatio, staleReads, ...). */
  summary(): Record<string, number> {
    return {};
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** Column of one of the kind's own series (its catalog entry's `metrics`). */
  protected extra(name: string): number {
    const i = this.stats.extraNames.indexOf(name);
    if (i < 0) throw new Error(`${this.node.kind} has no metric ${name}: declare it in its catalog entry`);
    return i;
  }

  /** Like extra(), for a series a kind sharing this behaviour may leave out of its catalog metrics (-1 then). */
  protected extraIfKept(name: string): number {
    return this.stats.extraNames.indexOf(name);
  }

  /** Chance that a fault-injected error hits this call, combined with the node's own rate. */
  protected failsWithError(ownRate: number): boolean {
    const f = this.engine.faults.errorRate[this.index];
    const p = f > 0 ? 1 - (1 - ownRate) * (1 - f) : ownRate;
    return p > 0 && this.rng.next() < p;
  }

  /**
   * Spends `ms` of the node's own time on task `t`, then continues with onTaskTimer(t, code):
   * through a timer, or at once (no event) when there is no time to spend.
   */
  protected afterOwnTime(t: number, ms: number, code: number): void {
    if (ms > 0) this.engine.taskTimer(t, ms, code);
    else this.onTaskTimer(t, code);
  }

  /** Scales a time by the node's latency and cpu faults. */
  protected faulted(ms: number): number {
    const F = this.engine.faults;
    const i = this.index;
    return (ms * F.latFactor[i]) / F.cpu[i] + F.latAddMs[i];
  }

  /**
   * Starts the dependency calls of task `t` along the node's outgoing edges. Returns true
   * when nothing is left to wait for (the caller then finishes the task).
   */
  protected startDependencies(t: number, parallel: boolean): boolean {
    const T = this.engine.tasks;
    T.cursor[t] = 0;
    T.pending[t] = 0;
    if (!parallel) return this.nextDependency(t);
    const out = this.node.out;
    const edges = this.engine.edges;
    const cls = T.cls[t];
    let pending = 0;
    for (let i = 0; i < out.length; i++) {
      const er = edges[out[i]];
      if (!er.applies(cls)) continue;
      if (this.engine.call(t, out[i])) pending++;
    }
    this.engine.tasks.pending[t] = pending;
    return pending === 0;
  }

  private nextDependency(t: number): boolean {
    const out = this.node.out;
    const edges = this.engine.edges;
    const T = this.engine.tasks;
    while (T.cursor[t] < out.length) {
      const e = out[T.cursor[t]++];
      const er = edges[e];
      if (!er.applies(T.cls[t])) continue;
      if (this.engine.call(t, e)) {
        this.engine.tasks.pending[t] = 1;
        return false;
      }
    }
    return true;
  }

  /**
   * Handles the end of a dependency call. Returns true when the task has nothing more to
   * wait for. With `fallback`, a failure marks the task degraded instead of failed.
   */
  protected dependencyDone(t: number, outcome: number, parallel: boolean, fallback: boolean): boolean {
    const T = this.engine.tasks;
    T.pending[t]--;
    if (outcome !== OK) {
      if (fallback) T.flags[t] |= FLAG_DEGRADED;
      else {
        T.flags[t] |= FLAG_DEP_FAILED;
        return true; // fail fast: the answer does not wait for the rest
      }
    }
    if (parallel) return T.pending[t] === 0;
    return this.nextDependency(t);
  }
}

export type BehaviourClass = new (engine: Engine, node: PlanNode) => NodeBehaviour;
