/**
 * A kind's own series are declared once, in its catalog entry (key, label, merge), and the
 * behaviour writes them by key. These checks tie the two together: a series the behaviour
 * asks for must be declared (else building the node throws), and a declared series must be
 * written by the behaviour (else the dashboard charts a flat line nobody feeds).
 */
import { describe, expect, it } from 'vitest';
import { KIND_NAMES, kindSpec } from '../../src/model/kinds';
import { BEHAVIOURS } from '../../src/sim/nodes';
import { NodeBehaviour } from '../../src/sim/nodes/base';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare } from '../../src/sim/run';

const examples = join(__dirname, '../../public/examples');

/** Keys a behaviour class (and the classes it extends) asks for: [required, optional]. */
function keysAskedFor(cls: unknown): { required: Set<string>; optional: Set<string> } {
  const required = new Set<string>(),
    optional = new Set<string>();
  // Function.prototype.toString gives each class's source text, field initializers included.
  for (let c = cls as { prototype: object }; c && c !== NodeBehaviour; c = Object.getPrototypeOf(c)) {
    for (const m of String(c).matchAll(/\bextra(IfKept)?\(\s*['"`](\w+)['"`]\s*\)/g))
      (m[1] ? optional : required).add(m[2]);
  }
  return { required, optional };
}

describe('kind metrics', () => {
  it('each series a behaviour writes is declared in its catalog entry, and each declared one is written', () => {
    const problems: string[] = [];
    for (const kind of KIND_NAMES) {
      const declared = (kindSpec(kind)?.metrics ?? []).map((m) => m.key);
      const { required, optional } = keysAskedFor(BEHAVIOURS[kind]);
      for (const k of required)
        if (!declared.includes(k)) problems.push(`${kind}: ${k} is written, not declared`);
      for (const k of declared)
        if (!required.has(k) && !optional.has(k)) problems.push(`${kind}: ${k} is declared, never written`);
    }
    expect(problems).toEqual([]);
  });

  it('the engine keeps each declared series with its merge mode, in every example', () => {
    const seen = new Set<string>();
    const index = JSON.parse(readFileSync(join(examples, 'index.json'), 'utf8')) as { id: string }[];
    for (const { id } of index) {
      const p = prepare(JSON.parse(readFileSync(join(examples, `${id}.json`), 'utf8')));
      if (!p.ok) throw new Error(`${id} is invalid`);
      for (const [i, n] of p.engine.plan.nodes.entries()) {
        const declared = kindSpec(n.kind)?.metrics ?? [];
        const { series } = p.engine.stats[i];
        for (const m of declared)
          expect(series.merge[series.columns.indexOf(m.key)], `${n.kind} ${m.key}`).toBe(m.merge);
        seen.add(n.kind);
      }
    }
    // The examples between them use every kind that has series of its own.
    const withSeries = KIND_NAMES.filter((k) => (kindSpec(k)?.metrics ?? []).length > 0);
    expect(withSeries.filter((k) => !seen.has(k))).toEqual([]);
  });
});
