/**
 * Object storage (DESIGN.md §4): a leaf server with very high concurrency and a
 * long-tailed time per request (separate GET and PUT distributions), a small error rate,
 * and a request rate limit per class (reads and writes each with a token bucket holding a
 * second's worth): requests over it answer `throttled` at once, as S3's 503 Slow Down.
 */
import type { KindParams } from '../../model/design';
import { TokenBucket, type Admission } from '../ratelimit';
import { Sampler } from '../sampler';
import { LeafServerNode } from './leaf';

type P = KindParams<'storage'>;

export class StorageNode extends LeafServerNode {
  p!: P;
  private readonly readMs = new Sampler(0);
  private readonly writeMs = new Sampler(0);
  /** Admission of reads and of writes; null when the limit is off. */
  private readLimit: TokenBucket | null = null;
  private writeLimit: TokenBucket | null = null;

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
    const r = p.requestRate;
    this.readLimit = r === null ? null : this.limiter(this.readLimit, r.readsPerS);
    this.writeLimit = r === null ? null : this.limiter(this.writeLimit, r.writesPerS);
  }

  /** A bucket of `perS` tokens a second holding one second's worth (the old one, refilled to now and resized, when live params change). */
  private limiter(old: TokenBucket | null, perS: number): TokenBucket {
    if (old === null) return new TokenBucket(perS, perS);
    old.configure(perS, perS, this.engine.now);
    return old;
  }

  protected override quotaFor(t: number): Admission | null {
    return this.engine.tasks.cls[t] === 1 ? this.writeLimit : this.readLimit;
  }

  protected workMs(t: number): number {
    return (this.engine.tasks.cls[t] === 1 ? this.writeMs : this.readMs).sample(this.rng);
  }

  protected errorRate(): number {
    return this.p.errorRate;
  }
}
