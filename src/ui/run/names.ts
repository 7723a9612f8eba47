/** What the run views call a node: the name the canvas shows, not its internal id (pure; unit-tested). */
import type { DesignNode } from '../../model/design';
import { nodeName } from '../../model/kinds';

/** Id -> the node's label, else its kind's label (as the canvas draws it), else the id. */
export function nodeNames(nodes: readonly Pick<DesignNode, 'id' | 'kind' | 'label'>[]): Map<string, string> {
  return new Map(nodes.map((n) => [n.id, nodeName(n)]));
}

/**
 * One name per id, for a list the user picks from: the node's name, with its id in
 * parentheses only where another id in the list has the same name (two "Client"s).
 */
export function distinctNames(ids: readonly string[], names: ReadonlyMap<string, string>): string[] {
  const named = ids.map((id) => names.get(id) ?? id);
  const count = new Map<string, number>();
  for (const n of named) count.set(n, (count.get(n) ?? 0) + 1);
  return named.map((n, i) => ((count.get(n) ?? 0) > 1 && n !== ids[i] ? `${n} (${ids[i]})` : n));
}
