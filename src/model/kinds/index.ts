/**
 * The kind registry: the one list of node kinds. Adding a kind is its module here plus
 * its behaviour in src/sim/nodes/ (registered there by the same name).
 */
import type { KindSpec } from '../catalog';
import type { Fields } from '../params';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- summary() is contravariant in its params
type AnyKindSpec = KindSpec<any>;
import { cache } from './cache';
import { cdn } from './cdn';
import { client } from './client';
import { database } from './database';
import { dns } from './dns';
import { external } from './external';
import { gateway } from './gateway';
import { loadbalancer } from './loadbalancer';
import { queue } from './queue';
import { ratelimiter } from './ratelimiter';
import { service } from './service';
import { storage } from './storage';
import { zone } from './zone';

export const KINDS = {
  client,
  loadbalancer,
  service,
  database,
  queue,
  ratelimiter,
  dns,
  storage,
  external,
  cache,
  cdn,
  gateway,
  zone,
} satisfies Record<string, AnyKindSpec>;

export type KindName = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as KindName[];

export function kindSpec(kind: string): KindSpec<Fields> | undefined {
  return Object.prototype.hasOwnProperty.call(KINDS, kind)
    ? ((KINDS as Record<string, AnyKindSpec>)[kind] as KindSpec<Fields>)
    : undefined;
}
export function isKind(kind: string): kind is KindName {
  return Object.prototype.hasOwnProperty.call(KINDS, kind);
}

/** "A", "A and B", "A, B and C". */
function listText(words: readonly string[]): string {
  return words.length < 2
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The labels of the kinds that draw an edge's probability (catalog flag honoursProbability): "Client and Service". */
/**
 * Whether a node of `kind` draws the probability of its outgoing edge with `role`: the kinds
 * that do (catalog flag honoursProbability), and a queue's dead-letter edge, which carries
 * what its route and probability let through.
 */
export function drawsProbability(kind: string, role: string | undefined): boolean {
  const spec = kindSpec(kind);
  return (
    spec !== undefined && (spec.honoursProbability === true || (spec.deadLetters === true && role === 'dlq'))
  );
}

export const PROBABILITY_KINDS = listText(
  Object.values(KINDS as Record<string, AnyKindSpec>)
    .filter((s) => s.honoursProbability)
    .map((s) => s.label),
);

/**
 * A kind that starts traffic: it takes no calls and holds no nodes (a client). Its crash
 * stops what it sends; the auto layout puts it first.
 */
export function isTrafficSource(kind: string): boolean {
  const spec = kindSpec(kind);
  return spec !== undefined && spec.acceptsCalls === false && !spec.container;
}

/** Whether a kind runs countable instances (its catalog has the param): a crash may take some of them. */
export function hasInstances(kind: string): boolean {
  return 'instances' in (kindSpec(kind)?.params ?? {});
}

/** What the canvas calls a node: its label, else its kind's name, else its id. */
export function nodeName(n: { id: string; kind: string; label?: string }): string {
  return n.label ?? kindSpec(n.kind)?.label ?? n.id;
}

/** Id -> nodeName, for many nodes. */
export function nodeNames(
  nodes: readonly { id: string; kind: string; label?: string }[],
): Map<string, string> {
  return new Map(nodes.map((n) => [n.id, nodeName(n)]));
}

/**
 * One name per id, for a list the user picks from or a screen reader reads: the node's
 * name, with its id in parentheses only where another id in the list has the same name
 * (two "Client"s).
 */
export function distinctNames(ids: readonly string[], names: ReadonlyMap<string, string>): string[] {
  const named = ids.map((id) => names.get(id) ?? id);
  const count = new Map<string, number>();
  for (const n of named) count.set(n, (count.get(n) ?? 0) + 1);
  return named.map((n, i) => ((count.get(n) ?? 0) > 1 && n !== ids[i] ? `${n} (${ids[i]})` : n));
}
