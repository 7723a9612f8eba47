/**
 * Design-file validation (src/model): every error names its JSON path and the problem,
 * loading never half-applies a bad file, newer files are refused, and every missing
 * parameter resolves to its catalog default.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CURRENT_SCHEMA_VERSION,
  defaultFields,
  EDGE_PARAMS,
  KIND_NAMES,
  LIMITS,
  kindSpec,
  parseDesignText,
  SCENARIO_FIELDS,
  validateDesign,
  type Problem,
} from '../../src/model';

const base = () => ({
  schemaVersion: 1,
  nodes: [
    { id: 'users', kind: 'client', params: { rps: 10 } },
    { id: 'lb', kind: 'loadbalancer' },
    { id: 'api', kind: 'service', params: { concurrency: 4 } },
    { id: 'db', kind: 'database' },
  ] as Array<Record<string, unknown>>,
  edges: [
    { id: 'e1', source: 'users', target: 'lb' },
    { id: 'e2', source: 'lb', target: 'api' },
    { id: 'e3', source: 'api', target: 'db' },
  ] as Array<Record<string, unknown>>,
  scenario: { durationS: 30 } as Record<string, unknown>,
});

/** Validates and returns the problems as "path: message" lines (expecting failure). */
function errors(input: unknown): string[] {
  const r = validateDesign(input);
  expect(r.ok).toBe(false);
  if (r.ok) return [];
  expect('resolved' in r).toBe(false); // never half-applied
  return r.errors.map((e: Problem) => `${e.path}: ${e.message}`);
}

function setParam(d: ReturnType<typeof base>, node: number, key: string, value: unknown) {
  d.nodes[node].params = { ...((d.nodes[node].params as object) ?? {}), [key]: value };
  return d;
}

describe('validation errors name the JSON path and the problem', () => {
  it('the base design is valid', () => {
    expect(validateDesign(base()).ok).toBe(true);
  });

  it('negative concurrency', () => {
    expect(errors(setParam(base(), 2, 'concurrency', -2))).toEqual([
      'nodes[2].params.concurrency: must be an integer >= 1, got -2',
    ]);
  });

  it('a non-integer, a value above the range, and a value in an exclusive range', () => {
    expect(errors(setParam(base(), 2, 'instances', 1.5))).toEqual([
      'nodes[2].params.instances: must be an integer from 1 to 1000, got 1.5',
    ]);
    expect(errors(setParam(base(), 2, 'instances', 5000))).toEqual([
      'nodes[2].params.instances: must be an integer <= 1000, got 5000',
    ]);
    const d = base();
    d.edges[0].params = { timeoutMs: 0 };
    expect(errors(d)).toEqual(['edges[0].params.timeoutMs: must be a number > 0, got 0']);
  });

  it('NaN and Infinity (possible from JavaScript callers, not from JSON)', () => {
    expect(errors(setParam(base(), 2, 'concurrency', NaN))).toEqual([
      'nodes[2].params.concurrency: must be an integer from 1 to 100000, got NaN',
    ]);
    expect(errors(setParam(base(), 0, 'rps', Infinity))).toEqual([
      'nodes[0].params.rps: must be a number from 0 to 1000000, got Infinity',
    ]);
  });

  it('a string where a number belongs', () => {
    expect(errors(setParam(base(), 0, 'rps', '100'))).toEqual([
      'nodes[0].params.rps: must be a number from 0 to 1000000, got "100"',
    ]);
  });

  it('an unknown kind', () => {
    const d = base();
    d.nodes.push({ id: 'x', kind: 'mainframe' });
    const e = errors(d);
    expect(e).toHaveLength(1);
    expect(e[0]).toBe(`nodes[4].kind: unknown kind "mainframe"; expected one of ${KIND_NAMES.join(', ')}`);
  });

  it('an edge to a missing node, and from one', () => {
    const d = base();
    d.edges.push({ id: 'e4', source: 'api', target: 'cache' });
    d.edges.push({ id: 'e5', source: 'ghost', target: 'db' });
    expect(errors(d)).toEqual([
      'edges[3].target: no node has id "cache"',
      'edges[4].source: no node has id "ghost"',
    ]);
  });

  it('an unknown distribution, a bad field of a known one, and a non-distribution', () => {
    const e1 = errors(setParam(base(), 2, 'serviceTimeMs', { dist: 'gamma', mean: 3 }));
    expect(e1).toHaveLength(1);
    expect(e1[0]).toMatch(
      /^nodes\[2\]\.params\.serviceTimeMs\.dist: unknown distribution "gamma"; expected one of constant, exponential, /,
    );
    expect(errors(setParam(base(), 2, 'serviceTimeMs', { dist: 'exponential', mean: -1 }))).toEqual([
      'nodes[2].params.serviceTimeMs.mean: must be a number > 0, at most 1000000000, got -1',
    ]);
    // Bounded, so that means, percentiles and the canvas stay finite (1e308 read "exp Infinity ms").
    expect(errors(setParam(base(), 2, 'serviceTimeMs', { dist: 'exponential', mean: 1e308 }))).toEqual([
      'nodes[2].params.serviceTimeMs.mean: must be a number > 0, at most 1000000000, got 1e+308',
    ]);
    expect(errors(setParam(base(), 2, 'serviceTimeMs', 1e10))).toEqual([
      'nodes[2].params.serviceTimeMs: must be a number from 0 to 1000000000, got 10000000000',
    ]);
    expect(errors(setParam(base(), 2, 'serviceTimeMs', { dist: 'pareto', scale: 1, shape: 1e-9 }))).toEqual([
      'nodes[2].params.serviceTimeMs.shape: must be a number from 0.05 to 100, got 1e-9',
    ]);
    expect(
      errors(setParam(base(), 2, 'serviceTimeMs', { dist: 'lognormal', p50: 1e-300, p99: 1e9 })),
    ).toEqual([
      'nodes[2].params.serviceTimeMs.p99: spreads this lognormal so wide that its mean overflows (p99 1000000000 against p50 1e-300); bring p99 nearer p50',
    ]);
    expect(
      validateDesign(setParam(base(), 2, 'serviceTimeMs', { dist: 'lognormal', p50: 1, p99: 1e9 })).ok,
    ).toBe(true);
    expect(errors(setParam(base(), 2, 'serviceTimeMs', { dist: 'uniform', min: 5, max: 2 }))).toEqual([
      'nodes[2].params.serviceTimeMs.max: must be >= min (5), got 2',
    ]);
    expect(errors(setParam(base(), 2, 'serviceTimeMs', 'fast'))[0]).toMatch(
      /^nodes\[2\]\.params\.serviceTimeMs: must be a number or a distribution object/,
    );
    expect(errors(setParam(base(), 2, 'serviceTimeMs', { dist: 'exponential', mean: 3, sd: 1 }))).toEqual([
      'nodes[2].params.serviceTimeMs.sd: is not a field of the exponential distribution (expected mean)',
    ]);
  });

  it('an unknown parameter, an enum value out of its options, a wrong type for a feature', () => {
    expect(errors(setParam(base(), 2, 'threads', 4))[0]).toMatch(
      /^nodes\[2\]\.params\.threads: unknown parameter; expected one of instances, concurrency, /,
    );
    expect(errors(setParam(base(), 1, 'algorithm', 'fastest'))[0]).toMatch(
      /^nodes\[1\]\.params\.algorithm: must be one of round-robin, weighted, random, /,
    );
    const d = base();
    d.edges[0].params = { retries: 3 };
    expect(errors(d)).toEqual(['edges[0].params.retries: must be an object or null, got 3']);
  });

  it('refuses a field it does not know, at every level: a misspelt one would be dropped silently', () => {
    const d = base() as unknown as Record<string, unknown> & { nodes: Record<string, unknown>[] };
    expect(errors({ ...d, senario: { durationS: 600 } })).toEqual([
      '(file): unknown field "senario"; expected schemaVersion, name, description, nodes, edges, scenario',
    ]);
    const node = { ...d.nodes[2], parmas: { concurrency: 4 } };
    expect(errors({ ...d, nodes: [d.nodes[0], d.nodes[1], node, ...d.nodes.slice(3)] })).toEqual([
      'nodes[2]: unknown field "parmas"; expected id, kind, label, position, parentId, size, params',
    ]);
    expect(errors({ ...d, scenario: { durationS: 60, seeed: 3, warmup: 1 } })).toEqual([
      'scenario: unknown fields "seeed", "warmup"; expected durationS, warmupS, seed, bucketS, faults',
    ]);
  });

  it('refuses canvas positions and sizes the canvas cannot frame', () => {
    const d = base() as unknown as { nodes: Record<string, unknown>[] };
    d.nodes[0].position = { x: 1e12, y: 0 };
    d.nodes[1].position = { x: 0, y: -2e6 };
    d.nodes[2].size = { width: 1e300, height: 100 };
    expect(errors(d)).toEqual([
      'nodes[0].position.x: must be <= 1000000, got 1000000000000',
      'nodes[1].position.y: must be >= -1000000, got -2000000',
      'nodes[2].size.width: must be <= 1000000, got 1e+300',
    ]);
  });

  it('says an empty list is empty', () => {
    const d = setParam(base(), 2, 'serviceTimeMs', { dist: 'empirical', values: [] });
    expect(errors(d)).toEqual([
      'nodes[2].params.serviceTimeMs.values: must be a non-empty array of numbers from 0 to 1000000000, got an empty list',
    ]);
  });

  it('names the expected type with its article: an array, an object', () => {
    expect(errors({ ...base(), nodes: {} })).toEqual(['nodes: must be an array, got an object']);
    expect(errors({ ...base(), scenario: 3 })).toEqual(['scenario: must be an object, got 3']);
  });

  it('reports every problem at once, in file order', () => {
    const d = setParam(setParam(base(), 2, 'concurrency', -2), 0, 'rps', 'lots');
    d.edges.push({ id: 'e4', source: 'api', target: 'nowhere' });
    d.scenario = { durationS: 10, warmupS: 10 };
    expect(errors(d)).toEqual([
      'nodes[0].params.rps: must be a number from 0 to 1000000, got "lots"',
      'nodes[2].params.concurrency: must be an integer >= 1, got -2',
      'edges[3].target: no node has id "nowhere"',
      "scenario.warmupS: must be less than the run's duration (10 s), got 10",
    ]);
  });

  it('ids a JavaScript object already has ("__proto__" vanished from the run summary)', () => {
    const d = base();
    d.nodes.push({ id: '__proto__', kind: 'service' });
    d.edges.push({ id: 'constructor', source: 'api', target: 'db' });
    expect(errors(d)).toEqual([
      'nodes[4].id: "__proto__" cannot be an id: every JavaScript object already has a property of that name, and the run summary is keyed by id; pick another',
      'edges[3].id: "constructor" cannot be an id: every JavaScript object already has a property of that name, and the run summary is keyed by id; pick another',
    ]);
    // Near misses are fine.
    const ok = base();
    ok.nodes.push({ id: 'proto', kind: 'service' }, { id: 'constructors', kind: 'service' });
    expect(validateDesign(ok).ok).toBe(true);
  });

  it('duplicate ids, a client as a call target, a fault aimed at nothing', () => {
    const d = base();
    d.nodes.push({ id: 'api', kind: 'service' });
    expect(errors(d)).toEqual(['nodes[4].id: duplicate id "api" (also nodes[2])']);
    const d2 = base();
    d2.edges.push({ id: 'e4', source: 'api', target: 'users' });
    expect(errors(d2)).toEqual(['edges[3].target: a client does not accept calls']);
    const d3 = base();
    d3.scenario.faults = [{ type: 'crash', target: 'ghost', atS: 5 }];
    expect(errors(d3)[0]).toMatch(
      /^scenario\.faults\[0\]\.target: a crash fault targets a node; "ghost" is nothing in this design/,
    );
    // A client does no work for a call: slowing it, failing its calls or throttling it would do nothing.
    const d4 = base();
    d4.scenario.faults = [
      { type: 'errors', target: 'users', atS: 5 },
      { type: 'latency', target: 'users', atS: 5 },
      { type: 'cpu', target: 'api', atS: 5 },
      { type: 'crash', target: 'users', atS: 5 },
    ];
    expect(errors(d4)).toEqual([
      'scenario.faults[0].target: an errors fault targets a node that takes calls; "users" is a client',
      'scenario.faults[1].target: a latency fault targets an edge or a node that takes calls; "users" is a client',
    ]);
    // A kind starting with a vowel takes "an" (it read "is a external").
    const d5 = base();
    d5.nodes.push({ id: 'pay', kind: 'external' });
    d5.scenario.faults = [{ type: 'cache-flush', target: 'pay', atS: 5 }];
    expect(errors(d5).find((e) => e.startsWith('scenario.faults[0].target'))).toMatch(
      /"pay" is an external$/,
    );
  });

  it('refuses a file from a newer Spillway, and a missing or bad schemaVersion', () => {
    const d = { ...base(), schemaVersion: CURRENT_SCHEMA_VERSION + 1 };
    expect(errors(d)).toEqual([
      `schemaVersion: is ${CURRENT_SCHEMA_VERSION + 1}, made by a newer Spillway; this version reads files up to schemaVersion ${CURRENT_SCHEMA_VERSION}`,
    ]);
    const { schemaVersion: _, ...none } = base();
    void _;
    expect(errors(none)[0]).toMatch(/^schemaVersion: is required/);
    expect(errors({ ...base(), schemaVersion: '1' })[0]).toMatch(
      /^schemaVersion: must be a positive integer/,
    );
    expect(errors([])).toEqual(['(file): must be a JSON object with schemaVersion, nodes and edges']);
  });

  it('text that is not JSON is one clear problem', () => {
    const r = parseDesignText('{"schemaVersion": 1, nodes: ]');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].path).toBe('(file)');
      expect(r.errors[0].message).toMatch(/^is not valid JSON/);
    }
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const r = validateDesign(x);
        return typeof r.ok === 'boolean';
      }),
      { numRuns: 500, seed: 3 },
    );
    // Near-valid files with one part replaced by garbage.
    fc.assert(
      fc.property(
        fc.constantFrom('nodes', 'edges', 'scenario', 'params', 'faults'),
        fc.anything(),
        (where, junk) => {
          const d = base();
          if (where === 'params') d.nodes[2].params = junk as never;
          else if (where === 'faults') d.scenario.faults = junk;
          else (d as Record<string, unknown>)[where] = junk;
          const r = validateDesign(d);
          if (!r.ok)
            return (
              r.errors.length > 0 && r.errors.every((e) => typeof e.path === 'string' && e.message.length > 0)
            );
          return true;
        },
      ),
      { numRuns: 500, seed: 4 },
    );
  });
});

describe('defaults', () => {
  it('resolves every missing parameter of every kind, edge and scenario to its catalog default', () => {
    const nodes = KIND_NAMES.map((kind) => ({ id: `n-${kind}`, kind }));
    const r = validateDesign({
      schemaVersion: 1,
      nodes,
      edges: [{ id: 'e', source: 'n-client', target: 'n-service' }],
    });
    expect(r.ok, JSON.stringify(!r.ok && r.errors)).toBe(true);
    if (!r.ok) return;
    const d = r.resolved;
    for (const n of d.nodes) {
      const spec = kindSpec(n.kind)!;
      expect(n.params, n.kind).toEqual(defaultFields(spec.params));
      expect(n.label).toBe(spec.label);
      expect(Object.keys(n.params).sort()).toEqual(Object.keys(spec.params).sort());
    }
    expect(d.edges[0].params).toEqual(defaultFields(EDGE_PARAMS));
    const { faults, ...scenario } = d.scenario;
    expect(scenario).toEqual(defaultFields(SCENARIO_FIELDS));
    expect(faults).toEqual([]);
    expect(d.name).toBe('Untitled design');
    // Nothing is left undefined anywhere in the resolved design.
    const undefinedAt = (v: unknown, path: string): string[] =>
      v === undefined
        ? [path]
        : v !== null && typeof v === 'object'
          ? Object.entries(v).flatMap(([k, x]) => undefinedAt(x, `${path}.${k}`))
          : [];
    expect(undefinedAt(d, 'design')).toEqual([]);
  });

  it('fills the fields of a partly given struct and of a feature switched on with {}', () => {
    const d = base();
    d.edges[0].params = { retries: { max: 5 }, circuitBreaker: {} };
    const r = validateDesign(d);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const defaults = defaultFields(EDGE_PARAMS.retries.fields);
    expect(r.resolved.edges[0].params.retries).toEqual({ ...defaults, max: 5 });
    expect(r.resolved.edges[0].params.circuitBreaker).toEqual(
      defaultFields(EDGE_PARAMS.circuitBreaker.fields),
    );
    expect(r.resolved.edges[1].params.retries).toBeNull();
    expect(r.resolved.nodes[2].params.concurrency).toBe(4); // given values are kept
  });
});

describe('a file that is not JSON', () => {
  const message = (text: string) => {
    const r = parseDesignText(text);
    return r.ok ? 'ok' : r.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
  };
  it('is worded as the CLI words it: no echoed bytes, a line and column', () => {
    expect(message('')).toBe('(file): is not valid JSON: the file is empty');
    // A binary file: V8 echoed its bytes ("\x00%Jo…" is not valid JSON).
    expect(message('\u0000%Jo\u00ff\u0003(M')).toBe(
      "(file): is not valid JSON: Unexpected token '\\u0000' at line 1, column 1",
    );
    expect(message('{\n  "schemaVersion": 1,\n  "nodes": [')).toBe(
      '(file): is not valid JSON: Unexpected end of JSON input at line 3, column 13',
    );
    const long = message(`{"name": "${'x'.repeat(100_000)}`);
    expect(long.length).toBeLessThan(200);
  });
});

describe('zone nesting', () => {
  /** `depth` zones, each inside the one before, listed in `order`, and a client and a service in the innermost. */
  const nested = (depth: number, order: 'outer-first' | 'inner-first' = 'outer-first') => {
    const zones: Array<Record<string, unknown>> = Array.from({ length: depth }, (_, i) =>
      i === 0 ? { id: 'z0', kind: 'zone' } : { id: `z${i}`, kind: 'zone', parentId: `z${i - 1}` },
    );
    if (order === 'inner-first') zones.reverse();
    return {
      schemaVersion: 1,
      nodes: [
        ...zones,
        { id: 'users', kind: 'client', parentId: `z${depth - 1}` },
        { id: 'api', kind: 'service', parentId: `z${depth - 1}` },
      ],
      edges: [{ id: 'e1', source: 'users', target: 'api' }],
    };
  };

  it(`allows zones ${LIMITS.zoneDepth} deep, with nodes in the innermost`, () => {
    expect(LIMITS.zoneDepth).toBe(16);
    expect(validateDesign(nested(16)).ok).toBe(true);
    expect(validateDesign(nested(16, 'inner-first')).ok).toBe(true);
  });

  it('refuses a 17th zone, once, at the first zone past the limit', () => {
    expect(errors(nested(17))).toEqual([
      'nodes[16].parentId: zones nest at most 16 deep; "z16" is zone 17 of a chain, inside "z15"',
    ]);
    expect(errors(nested(17, 'inner-first'))).toEqual([
      'nodes[0].parentId: zones nest at most 16 deep; "z16" is zone 17 of a chain, inside "z15"',
    ]);
  });

  it('refuses a generated file of 1,998 nested zones with one line, without recursion', () => {
    const started = performance.now();
    expect(errors(nested(1998))).toEqual([
      'nodes[16].parentId: zones nest at most 16 deep; "z16" is zone 17 of a chain, inside "z15"',
    ]);
    expect(errors(nested(1998, 'inner-first'))).toHaveLength(1);
    // Each depth is worked out once: walking every node's chain to the top was 2 million steps.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('still names the zones of a loop (and only them), however long the chain into it', () => {
    const d = nested(40);
    d.nodes[0].parentId = 'z2'; // z0 → z2 → z1 → z0
    expect(errors(d)).toEqual(
      [0, 1, 2].map((i) => `nodes[${i}].parentId: zones contain each other in a loop`),
    );
    const self = base();
    self.nodes.push({ id: 'z', kind: 'zone', parentId: 'z' });
    expect(errors(self)).toEqual([
      'nodes[4].parentId: a zone cannot contain itself',
      'nodes[4].parentId: zones contain each other in a loop',
    ]);
  });
});
