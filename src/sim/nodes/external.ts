/**
 * External (third-party) API (DESIGN.md §4): a leaf server with a long-tailed response
 * time, an error rate and a request quota (fixed window or token bucket, the counters of
 * ../ratelimit.ts): calls over the quota answer `throttled` at once.
 */
import type { KindParams } from '../../model/design';
import { FixedWindow, TokenBucket, type Admission } from '../ratelimit';
import { Sampler } from '../sampler';
import { LeafServerNode } from './leaf';

type P = KindParams<'external'>;

export class ExternalNode extends LeafServerNode {
  p!: P;
  private readonly latency = new Sampler(0);
  private quota: Admission | null = null;

  constructor(...args: ConstructorParameters<typeof LeafServerNode>) {
    super(...args);
    this.configure(this.node.params);
  }

  configure(params: Record<string, unknown>): void {
    const p = params as P;
    this.p = p;
    this.latency.set(p.latencyMs);
    this.setFleet(p.concurrency, p.queueCapacity);
    const q = p.quota;
    if (q === null) this.quota = null;
    else if (q.algorithm === 'fixed-window') {
      if (this.quota instanceof FixedWindow) this.quota.configure(q.limit, q.windowS * 1000);
      else this.quota = new FixedWindow(q.limit, q.windowS * 1000);
    } else {
      const rate = q.limit / q.windowS;
      if (this.quota instanceof TokenBucket) this.quota.configure(rate, q.burst, this.engine.now);
      else this.quota = new TokenBucket(rate, q.burst);
    }
  }

  protected override quotaFor(): Admission | null {
    return this.quota;
  }

  protected workMs(): number {
    return this.latency.sample(this.rng);
  }

  protected errorRate(): number {
    return this.p.errorRate;
  }
}
