/**
 * Object storage (DESIGN.md §4): a leaf server with very high concurrency and a
 * long-tailed time per request (separate GET and PUT distributions) and a small error rate.
 */
import type { KindParams } from '../../model/design';
import { Sampler } from '../sampler';
import { LeafServerNode } from './leaf';

type P = KindParams<'storage'>;

export class StorageNode extends LeafServerNode {
  p!: P;
  private readonly readMs = new Sampler(0);
  private readonly writeMs = new Sampler(0);

  constructor(...args: ConstructorParameters<typeof LeafServerNode>) {
    super(...args);
    this.configure(this.node.params);
  }

  configure(params: Record<string, unknown>): void {
    const p = params as P;
    this.p = p;
    this.readMs.set(p.readMs);
    this.writeMs.set(p.writeMs);
    this.setFleet(p.concurrency, p.queueCapacity);
  }

  protected workMs(t: number): number {
    return (this.engine.tasks.cls[t] === 1 ? this.writeMs : this.readMs).sample(this.rng);
  }

  protected errorRate(): number {
    return this.p.errorRate;
  }
}
