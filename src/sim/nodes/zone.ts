/**
 * Zone (DESIGN.md §4): a container, not a participant. Its effect lives elsewhere: the
 * compiler adds crossZoneMs to edges that cross its border, and zone-outage and
 * partition faults act on the nodes inside (src/sim/faults.ts). It never receives calls.
 */
import { UNAVAILABLE } from '../metrics';
import { NodeBehaviour } from './base';

export class ZoneNode extends NodeBehaviour {
  configure(): void {}

  onArrive(t: number): void {
    this.engine.answer(t, UNAVAILABLE); // unreachable: the validator refuses edges to a zone
  }
}
