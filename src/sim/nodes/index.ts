/**
 * Behaviour registry: kind name -> behaviour class. The type makes a kind that is in the
 * catalog but has no behaviour a compile error.
 */
import type { KindName } from '../../model/kinds';
import type { PlanNode } from '../compile';
import type { Engine } from '../engine';
import type { BehaviourClass, NodeBehaviour } from './base';
import { CacheNode } from './cache';
import { CdnNode } from './cdn';
import { ClientNode } from './client';
import { DatabaseNode } from './database';
import { DnsNode } from './dns';
import { ExternalNode } from './external';
import { GatewayNode } from './gateway';
import { LoadBalancerNode } from './loadbalancer';
import { QueueNode } from './queue';
import { RateLimiterNode } from './ratelimiter';
import { ServiceNode } from './service';
import { StorageNode } from './storage';
import { ZoneNode } from './zone';

export const BEHAVIOURS: Record<KindName, BehaviourClass> = {
  client: ClientNode,
  loadbalancer: LoadBalancerNode,
  service: ServiceNode,
  database: DatabaseNode,
  queue: QueueNode,
  ratelimiter: RateLimiterNode,
  dns: DnsNode,
  storage: StorageNode,
  external: ExternalNode,
  cache: CacheNode,
  cdn: CdnNode,
  gateway: GatewayNode,
  zone: ZoneNode,
};

export function createBehaviour(engine: Engine, node: PlanNode): NodeBehaviour {
  return new BEHAVIOURS[node.kind](engine, node);
}
