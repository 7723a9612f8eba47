/**
 * Every kind-specific series the engine keeps has a label in the kind's catalog entry,
 * which the dashboard's charts and the summary use: a chart titled with a raw key
 * ("offeredRps", "healthyBackends") is a missing label.
 */
import { describe, expect, it } from 'vitest';
import { KIND_NAMES, kindSpec } from '../../src/model/kinds';
import { BEHAVIOURS } from '../../src/sim/nodes';
import type { NodeBehaviour } from '../../src/sim/nodes/base';

describe('kind metrics', () => {
  it('each series a behaviour keeps is labelled in its catalog entry, and nothing else is', () => {
    const problems: string[] = [];
    for (const kind of KIND_NAMES) {
      const keys = (BEHAVIOURS[kind] as unknown as typeof NodeBehaviour).metrics.map((m) => m[0]);
      const labelled = (kindSpec(kind)?.metrics ?? []).map((m) => m.key);
      for (const k of keys) if (!labelled.includes(k)) problems.push(`${kind}: series ${k} has no label`);
      for (const k of labelled)
        if (!keys.includes(k)) problems.push(`${kind}: label for ${k}, which is not a series`);
    }
    expect(problems).toEqual([]);
  });
});
