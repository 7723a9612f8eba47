/**
 * Zone (DESIGN.md §4): a container, not a participant. Its effect lives elsewhere: the
 * compiler adds crossZoneMs to edges that cross its border, and zone-outage and
 * partition faults act on the nodes inside (src/sim/faults.ts). It never receives calls.
 */
import { crossZoneMs } from '../compile';
import { UNAVAILABLE } from '../metrics';
import { NodeBehaviour } from './base';

export class ZoneNode extends NodeBehaviour {
  /**
   * A live edit of crossZoneMs reaches the edges that cross this zone's border at once
   * (legs already on their way keep the time they were sent with).
   */
  configure(): void {
    const { plan, edges } = this.engine;
    for (const er of edges) {
      const inS = plan.nodes[er.source].zones.includes(this.index),
        inT = plan.nodes[er.target].zones.includes(this.index);
      if (inS === inT) continue;
      const ms = crossZoneMs(plan.nodes, er.source, er.target);
      if (ms === er.crossZoneMs) continue;
      er.crossZoneMs = ms;
      plan.edges[er.index].crossZoneMs = ms;
      this.engine.assignLane(er);
    }
  }

  onArrive(t: number): void {
    this.engine.answer(t, UNAVAILABLE); // unreachable: the validator refuses edges to a zone
  }
}
