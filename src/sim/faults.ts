/**
 * Fault schedule and effective fault state (DESIGN.md §5). Faults start and end as
 * events; on every change the per-node and per-edge overrides are recomputed from the
 * active set (overlapping faults combine: factors multiply, rates combine as
 * independent chances, crashes take the largest), then behaviours are told.
 */
import type { Fault } from '../model/faults';
import type { Engine } from './engine';
import { PARTITION_BLACKHOLE, PARTITION_NONE, PARTITION_REFUSE } from './edge';

/** Crash count meaning "every instance". */
export const ALL_INSTANCES = 1 << 30;

export interface ActiveFault {
  id: number;
  fault: Fault;
  startMs: number;
  endMs: number;
  active: boolean;
  injected: boolean;
}

export class FaultState {
  readonly list: ActiveFault[] = [];
  /** Per node: service-time multiplier and addition. */
  readonly latFactor: Float64Array;
  readonly latAddMs: Float64Array;
  readonly errorRate: Float64Array;
  /** Capacity factor (cpu throttle): work takes 1/cpu as long. */
  readonly cpu: Float64Array;
  /** Instances crashed by faults (0 none; ALL_INSTANCES every one). */
  readonly crashed: Int32Array;
  readonly traffic: Float64Array;
  readonly primaryDown: Uint8Array;

  constructor(private readonly engine: Engine) {
    const n = engine.plan.nodes.length;
    this.latFactor = new Float64Array(n).fill(1);
    this.latAddMs = new Float64Array(n);
    this.errorRate = new Float64Array(n);
    this.cpu = new Float64Array(n).fill(1);
    this.crashed = new Int32Array(n);
    this.traffic = new Float64Array(n).fill(1);
    this.primaryDown = new Uint8Array(n);
  }

  schedule(faults: readonly Fault[]): void {
    for (const f of faults) this.add(f, f.atS * 1000, false);
  }

  /** A fault injected live: starts now, lasts durationS from now. */
  inject(f: Fault): number {
    const target = this.engine.plan.nodeIndex.get(f.target) ?? this.engine.plan.edgeIndex.get(f.target);
    if (target === undefined)
      throw new Error(`fault target ${JSON.stringify(f.target)} is not in the design`);
    const af = this.add({ ...f, atS: this.engine.now / 1000 }, this.engine.now, true);
    return af.id;
  }

  /**
   * Ends a fault now. An active one stops; one that has not begun yet (injected while
   * paused: its start event is still queued) never begins. Returns the time it ended (ms),
   * or null when there was nothing to end (over already, or an instant cache flush).
   */
  end(id: number): number | null {
    const af = this.list[id];
    const now = this.engine.now;
    if (!af || af.fault.type === 'cache-flush') return null;
    if (af.active) {
      af.endMs = now;
      this.onEvent(id, false);
      return now;
    }
    if (af.startMs >= now && af.endMs > now) {
      af.endMs = now; // its start event sees endMs <= now and does nothing
      return now;
    }
    return null;
  }

  private add(f: Fault, startMs: number, injected: boolean): ActiveFault {
    const dur = f.durationS ?? null;
    const af: ActiveFault = {
      id: this.list.length,
      fault: f,
      startMs,
      endMs: dur === null ? Infinity : startMs + dur * 1000,
      active: false,
      injected,
    };
    this.list.push(af);
    this.engine.scheduleFault(startMs, af.id, true);
    if (af.endMs !== Infinity && f.type !== 'cache-flush') this.engine.scheduleFault(af.endMs, af.id, false);
    return af;
  }

  onEvent(id: number, start: boolean): void {
    const af = this.list[id];
    if (start) {
      if (af.active || af.endMs <= this.engine.now) return; // ended early before it began
      if (af.fault.type === 'cache-flush') {
        const n = this.engine.plan.nodeIndex.get(af.fault.target);
        if (n !== undefined) this.engine.nodes[n].flush();
        return;
      }
      af.active = true;
    } else {
      if (!af.active) return;
      af.active = false;
    }
    this.recompute();
  }

  /** Nodes inside zone `z` (transitively). */
  private nodesIn(z: number): number[] {
    return this.engine.plan.nodes.filter((n) => n.zones.includes(z)).map((n) => n.index);
  }

  private recompute(): void {
    const { plan, edges, nodes } = this.engine;
    this.latFactor.fill(1);
    this.latAddMs.fill(0);
    this.errorRate.fill(0);
    this.cpu.fill(1);
    this.crashed.fill(0);
    this.traffic.fill(1);
    this.primaryDown.fill(0);
    for (const e of edges) {
      e.fLatFactor = 1;
      e.fLatAddMs = 0;
      e.fLoss = 0;
      e.fPartition = PARTITION_NONE;
    }
    for (const af of this.list) {
      if (!af.active) continue;
      const f = af.fault;
      const n = plan.nodeIndex.get(f.target);
      const e = plan.edgeIndex.get(f.target);
      const isZone = n !== undefined && plan.nodes[n].kind === ('zone' as string);
      switch (f.type) {
        case 'crash':
        case 'zone-outage':
          if (n === undefined) break;
          if (isZone) for (const m of this.nodesIn(n)) this.crashed[m] = ALL_INSTANCES;
          else
            this.crashed[n] = Math.max(
              this.crashed[n],
              f.type === 'crash' && f.instances ? f.instances : ALL_INSTANCES,
            );
          break;
        case 'latency':
          if (n !== undefined) {
            this.latFactor[n] *= f.factor ?? 1;
            this.latAddMs[n] += f.addMs ?? 0;
          } else if (e !== undefined) {
            edges[e].fLatFactor *= f.factor ?? 1;
            edges[e].fLatAddMs += f.addMs ?? 0;
          }
          break;
        case 'errors':
          if (n !== undefined) this.errorRate[n] = 1 - (1 - this.errorRate[n]) * (1 - (f.rate ?? 0));
          break;
        case 'cpu':
          if (n !== undefined) this.cpu[n] *= f.factor ?? 1;
          break;
        case 'loss':
          if (e !== undefined) edges[e].fLoss = 1 - (1 - edges[e].fLoss) * (1 - (f.rate ?? 0));
          break;
        case 'partition': {
          const mode = f.mode === 'refuse' ? PARTITION_REFUSE : PARTITION_BLACKHOLE;
          if (e !== undefined) edges[e].fPartition = Math.max(edges[e].fPartition, mode);
          else if (n !== undefined) {
            const inside = (i: number, z: number) => plan.nodes[i].zones.includes(z);
            const peer = f.peer ? plan.nodeIndex.get(f.peer) : undefined;
            for (const er of edges) {
              const a = inside(er.source, n),
                b = inside(er.target, n);
              if (a === b) continue;
              const other = a ? er.target : er.source;
              if (peer !== undefined && !inside(other, peer)) continue;
              er.fPartition = Math.max(er.fPartition, mode);
            }
          }
          break;
        }
        case 'primary-failure':
          if (n !== undefined) this.primaryDown[n] = 1;
          break;
        case 'traffic':
          if (n !== undefined) this.traffic[n] *= f.factor ?? 1;
          break;
        case 'cache-flush':
          break;
      }
    }
    // A latency fault on an edge with a constant latency keeps it constant at a new value:
    // its legs get the lane for that delay (and the old one back when the fault ends).
    for (const er of edges) this.engine.assignLane(er);
    for (const b of nodes) b.applyFaults();
  }

  /** Faults active now (for the UI and summaries). */
  active(): ActiveFault[] {
    return this.list.filter((f) => f.active);
  }
}
