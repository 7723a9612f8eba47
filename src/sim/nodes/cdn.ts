/**
 * CDN (DESIGN.md §4): the cache behaviour (cache.ts, on the shared key store) as an edge
 * cache: reads hit the edge or are fetched from the origin (the outgoing edge) and
 * filled; writes pass straight through to the origin, and then either purge the object
 * at the edge or leave the old copy to be served, stale, until it expires.
 */
import type { KindParams } from '../../model/design';
import { CacheNode, WRITE_PASS, WRITE_PURGE, type CacheSettings } from './cache';

type P = KindParams<'cdn'>;

export class CdnNode extends CacheNode {
  protected override settings(params: Record<string, unknown>): CacheSettings {
    const p = params as P;
    return {
      capacity: p.capacity,
      eviction: p.eviction,
      ttlS: p.ttlS,
      hitMs: p.edgeMs,
      write: p.purgeOnWrite ? WRITE_PURGE : WRITE_PASS,
      flushIntervalS: 0,
      coalesce: p.coalesce,
    };
  }

  override summary(): Record<string, number> {
    return { ...super.summary(), staleHits: this.stats.windowExtra[this.iStaleHits] };
  }
}
