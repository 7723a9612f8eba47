import { describe, expect, it } from 'vitest';
import { checkDist, KINDS, resolveFields } from '../../src/model';
import { kindSpec } from '../../src/model/kinds';
import { FlowCache, nodeData } from '../../src/state/flow';
import { emptyDesign } from '../../src/state/ops';
import { ICONS } from '../../src/ui/icons';
import { search } from '../../src/ui/Palette';
import { build, convert, fieldValues, FORM_FIELDS, FORMS, formOf } from '../../src/ui/inspector/distForms';
import { parseNumberText } from '../../src/ui/inspector/fields';

describe('catalog-driven UI', () => {
  it('has an icon for every kind in the catalog (the one map in src/ui/icons.ts)', () => {
    for (const spec of Object.values(KINDS))
      expect(ICONS[spec.icon], `${spec.kind}: icon ${spec.icon}`).toBeDefined();
  });

  it('searches the palette by name first, then by description', () => {
    const all = Object.values(KINDS);
    expect(search(all, '').length).toBe(all.length);
    expect(search(all, 'data').map((s) => s.kind)).toContain('database');
    expect(search(all, 'load bal').map((s) => s.kind)).toEqual(['loadbalancer']);
    expect(search(all, 'sinkholing').length).toBeGreaterThan(0); // only in a description
    expect(search(all, 'zzzz')).toEqual([]);
    // Shorthand and product names find the obvious kind, by word start: "db" is not the
    // "db" inside "loadbalancer".
    const kinds = (q: string) => search(all, q).map((s) => s.kind);
    expect(kinds('db')).toEqual(['database']);
    expect(kinds('lb')).toEqual(['loadbalancer']);
    expect(kinds('postgres')).toEqual(['database']);
    expect(kinds('sql')).toEqual(['database']);
    expect(kinds('api')).toContain('service');
    expect(kinds('api gateway')).toEqual(['gateway']);
    expect(kinds('redis')).toEqual(['cache']);
    expect(kinds('cache')).toEqual(['cache']); // one match: Enter in the search box adds it
    expect(kinds('kafka')).toEqual(['queue']);
    expect(kinds('s3')).toEqual(['storage']);
  });

  it('derives every node from the catalog: label, summary and handles', () => {
    for (const spec of Object.values(KINDS)) {
      const d = nodeData({ id: 'x', kind: spec.kind });
      expect(d.label).toBe(spec.label);
      expect(d.summary).toBe(spec.summary(resolveFields(spec.params, {}, '', []) as never));
      expect(d.accepts).toBe(spec.acceptsCalls);
    }
  });

  it('keeps the identity of unchanged nodes between derivations (no re-render per drag frame)', () => {
    const cache = new FlowCache();
    const design = {
      ...emptyDesign(),
      nodes: Array.from({ length: 50 }, (_, i) => ({
        id: `n${i}`,
        kind: 'service',
        position: { x: i, y: 0 },
      })),
    };
    const a = cache.deriveNodes(design, new Set(), {});
    const moved = {
      ...design,
      nodes: design.nodes.map((n, i) => (i === 7 ? { ...n, position: { x: 99, y: 9 } } : n)),
    };
    const b = cache.deriveNodes(moved, new Set(), {});
    expect(b.filter((n, i) => n !== a[i]).map((n) => n.id)).toEqual(['n7']);
    expect(b[7].data).toBe(a[7].data);
  });
});

describe('distribution editor', () => {
  it('converts any distribution into every form, validly', () => {
    const starts: unknown[] = [
      5,
      { dist: 'exponential', mean: 20 },
      { dist: 'lognormal', p50: 3, p99: 40 },
      { dist: 'empirical', values: [1, 2] },
    ];
    for (const s of starts)
      for (const f of FORMS) {
        const d = convert(s, f);
        expect(checkDist(d), `${JSON.stringify(s)} -> ${f}`).toEqual([]);
        expect(formOf(d)).toBe(f);
        const vals = fieldValues(d);
        expect(build(f, Object.fromEntries(FORM_FIELDS[f].map((k) => [k, vals[k]])))).toEqual(d);
      }
  });

  it('fills in round numbers when switching forms, not floating-point noise', () => {
    expect(convert({ dist: 'lognormal', mean: 4.5, sd: 2 }, 'empirical')).toEqual({
      dist: 'empirical',
      values: [2.3, 4.5, 9],
    });
    for (const mean of [0.013, 0.07, 0.3, 1.1, 2.3, 4.5, 7.7, 46, 123, 5555])
      for (const f of FORMS) {
        const json = JSON.stringify(convert({ dist: 'lognormal', mean, sd: mean / 2 }, f));
        for (const x of json.match(/-?[\d.]+(e[-+]?\d+)?/g) ?? [])
          expect(Number(x), `${mean} -> ${f}: ${json}`).toBe(Number(Number(x).toPrecision(3)));
      }
  });

  it('parses typed numbers the way the validator will judge them', () => {
    expect(parseNumberText('12', false)).toBe(12);
    expect(parseNumberText(' 1e3 ', false)).toBe(1000);
    expect(parseNumberText('', true)).toBeNull();
    expect(parseNumberText('', false)).toBeUndefined();
    expect(parseNumberText('abc', false)).toBe('abc');
    expect(parseNumberText('1.', false)).toBe(1);
  });
});

describe('list params', () => {
  it('name one item in the singular: the traffic profile’s steps are “Step 1”, “Add step”', () => {
    const profile = kindSpec('client')!.params.profile as unknown as {
      variants: { steps: { steps: { itemLabel: string; label: string } } };
    };
    expect(profile.variants.steps.steps.label).toBe('Steps');
    expect(profile.variants.steps.steps.itemLabel).toBe('Step');
  });
});

describe('client canvas summary', () => {
  const summary = (params: Record<string, unknown>) => {
    const spec = kindSpec('client')!;
    return spec.summary!(resolveFields(spec.params, { readRatio: 1, ...params }, 'p', []) as never);
  };
  it('shows the rate its profile gives, steps in time order, the base rate only when used', () => {
    expect(summary({ rps: 100 })).toBe('100 req/s');
    expect(summary({ rps: 100, profile: { type: 'ramp', toRps: 500, overS: 60 } })).toBe('100→500 req/s');
    const steps = (list: { atS: number; rps: number }[]) =>
      summary({ rps: 100, profile: { type: 'steps', steps: list } });
    expect(
      steps([
        { atS: 50, rps: 500 },
        { atS: 20, rps: 200 },
      ]),
    ).toBe('100→200→500 req/s');
    expect(
      steps([
        { atS: 0, rps: 300 },
        { atS: 20, rps: 200 },
      ]),
    ).toBe('300→200 req/s');
    expect(summary({ users: 50 })).toBe('50 users');
  });
});
