/** Validation problems worded as the canvas names things: element names, catalog labels. */
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model';
import { issuesOf } from '../../src/state/issues';
import { problemLines, problemNamer } from '../../src/ui/problemText';

const design: Design = {
  schemaVersion: 1,
  nodes: [
    { id: 'users', kind: 'client', label: 'Users' },
    { id: 'api', kind: 'service', label: 'Checkout API' },
    { id: 'db', kind: 'database' },
    { id: 'c1', kind: 'cache' },
    { id: 'c2', kind: 'cache' },
    { id: 'z', kind: 'zone', label: 'Zone A' },
  ],
  edges: [
    { id: 'e1', source: 'users', target: 'api' },
    { id: 'e2', source: 'api', target: 'db' },
    { id: 'e3', source: 'api', target: 'c1', label: 'session reads' },
  ],
  scenario: {
    faults: [
      { type: 'crash', target: 'api', atS: 5 },
      { type: 'latency', target: 'db', atS: 5, factor: -1 },
    ],
  },
};

const subject = (path: string, d: unknown = design) => problemNamer(d)({ path, message: '' }).subject;
const message = (path: string, msg: string, d: unknown = design) =>
  problemNamer(d)({ path, message: msg }).message;

describe('problem subjects', () => {
  it('names a node param by the node name and the catalog label', () => {
    expect(subject('nodes[1].params.concurrency')).toBe('Checkout API › Threads per instance');
    // No label: the kind's name, as on the canvas; twins told apart by their ids.
    expect(subject('nodes[2].params.connections')).toBe('Database › Connections');
    expect(subject('nodes[3].params.capacity')).toBe('Cache (c1) › Capacity');
    expect(subject('nodes[1]')).toBe('Checkout API');
    expect(subject('nodes[1].parentId')).toBe('Checkout API › Zone');
    expect(subject('nodes[1].label')).toBe('Checkout API › Name');
  });

  it('reads nested params: distributions, unions, lists, features', () => {
    expect(subject('nodes[1].params.serviceTimeMs.mean')).toBe('Checkout API › Service time › mean');
    expect(subject('nodes[1].params.autoscale.max')).toBe('Checkout API › Autoscaling › Max instances');
    expect(subject('nodes[0].params.profile.type')).toBe('Users › Traffic profile');
    expect(subject('nodes[0].params.keys.skew')).toBe('Users › Keys › Zipf skew');
    const ramp = structuredClone(design);
    ramp.nodes[0].params = {
      profile: {
        type: 'steps',
        steps: [
          { atS: 0, rps: 1 },
          { atS: 9, rps: -1 },
        ],
      },
    };
    expect(subject('nodes[0].params.profile.steps[1].rps', ramp)).toBe(
      'Users › Traffic profile › Steps #2 › Rate',
    );
    // Without a value to tell the variant, the field is looked up in every variant.
    expect(subject('nodes[0].params.profile.toRps')).toBe('Users › Traffic profile › Ramp to');
  });

  it('falls back to the raw path tail where the catalog has no label', () => {
    expect(subject('nodes[1].params.threads')).toBe('Checkout API › threads');
    expect(subject('nodes[1].params.serviceTimeMs.values[2]')).toBe(
      'Checkout API › Service time › values[2]',
    );
    expect(subject('nodes[1].position.x')).toBe('Checkout API › Position › x');
    // An index past the nodes: nothing to name.
    expect(subject('nodes[9].params.concurrency')).toBe('nodes[9].params.concurrency');
  });

  it('names an edge "source → target" (or its label) and its params from the edge catalog', () => {
    expect(subject('edges[0].params.retries.backoff.baseMs')).toBe(
      'Users → Checkout API › Retries › Base backoff',
    );
    expect(subject('edges[0].params.retries.max')).toBe('Users → Checkout API › Max retries');
    expect(subject('edges[0].params.retries.backoff.jitter')).toBe(
      'Users → Checkout API › Retries › Backoff › Jitter',
    );
    expect(subject('edges[1].params.circuitBreaker.failureRate')).toBe(
      'Checkout API → Database › Circuit breaker › Failure threshold',
    );
    expect(subject('edges[1].params.timeoutMs')).toBe('Checkout API → Database › Timeout');
    expect(subject('edges[2].target')).toBe('session reads › Target');
  });

  it('names faults by number and catalog type, and scenario fields by label', () => {
    expect(subject('scenario.faults[0].atS')).toBe('Fault 1 (crash) › Start');
    expect(subject('scenario.faults[1].factor')).toBe('Fault 2 (slow down) › Factor');
    expect(subject('scenario.faults[1]')).toBe('Fault 2 (slow down)');
    expect(subject('scenario.durationS')).toBe('Scenario › Duration');
    expect(subject('scenario.warmupS')).toBe('Scenario › Warm-up');
    expect(subject('scenario.faults')).toBe('Scenario › Faults');
    const odd = { ...design, scenario: { faults: [{ type: 'boom', target: 'api' }] } };
    expect(subject('scenario.faults[0].type', odd)).toBe('Fault 1 › Type');
    // A fault refused on live injection: its own fields.
    const live = problemNamer(design, { type: 'cpu', target: 'api', factor: 0 });
    expect(live({ path: 'fault.factor', message: '' }).subject).toBe('Capacity factor');
  });

  it('names the file-level places in words', () => {
    expect(subject('(file)', null)).toBe('File');
    expect(subject('(link)', 'junk')).toBe('Share link');
    expect(subject('schemaVersion', [])).toBe('Schema version');
  });
});

describe('problem messages', () => {
  it('replaces the ids a message quotes with names', () => {
    // The element the path names is the subject: the message does not name it again.
    expect(message('nodes[0]', 'client "users" calls nothing: connect it to a node')).toBe(
      'calls nothing: connect it to a node',
    );
    expect(message('nodes[0]', '"users" is unreachable')).toBe('is unreachable');
    expect(message('nodes[0]', 'offered load exceeds the capacity of "users"')).toBe(
      'offered load exceeds the capacity of “Users”',
    );
    expect(message('nodes[0].params', 'client "users" calls nothing')).toBe('client “Users” calls nothing');
    expect(message('nodes[1].parentId', '"api" is a service, not a zone')).toBe(
      '“Checkout API” is a service, not a zone',
    );
    expect(message('scenario.faults[0].target', 'a cache-flush fault targets a cache; "e2" is an edge')).toBe(
      'a cache-flush fault targets a cache; “Checkout API → Database” is an edge',
    );
    expect(message('nodes[1]', 'calls loop (api → db → api); a request dies')).toBe(
      'calls loop (Checkout API → Database → Checkout API); a request dies',
    );
    expect(message('scenario.faults[0].peer', 'must be the id of a zone, got "api"')).toBe(
      'must be the id of a zone, got “Checkout API”',
    );
  });

  it('leaves quoted strings that are not elements alone', () => {
    expect(message('edges[0].target', 'no node has id "ghost"')).toBe('no node has id "ghost"');
    // An edge id is no node id, whatever its name.
    expect(message('edges[0].target', 'no node has id "e2"')).toBe('no node has id "e2"');
    // An enum value that happens to be an id is a value, not the element.
    expect(message('nodes[1].params.io', 'must be one of blocking, async, got "db"')).toBe(
      'must be one of blocking, async, got "db"',
    );
    expect(message('nodes[1].kind', 'unknown kind "db"; expected one of client')).toBe(
      'unknown kind "db"; expected one of client',
    );
    // Field names are field names, even one spelled like an element's id (all of a list).
    expect(message('(file)', 'unknown fields "api", "db"; expected schemaVersion, name')).toBe(
      'unknown fields "api", "db"; expected schemaVersion, name',
    );
    expect(message('nodes[0]', 'unknown field "db"; expected id, kind')).toBe(
      'unknown field "db"; expected id, kind',
    );
  });

  it('cuts a refused file’s megabyte-long names short, in subjects and messages', () => {
    const long = 'L'.repeat(1_000_000);
    const file = {
      schemaVersion: 1,
      nodes: [
        { id: 'a', kind: 'service', label: long },
        { id: 'b', kind: 'client', label: long + 'B' },
      ],
      edges: [{ id: 'e', source: 'b', target: 'a' }],
    };
    const word = problemNamer(file);
    const t = word({ path: 'nodes[0].label', message: 'must be at most 200 characters long' });
    expect(t.subject).toBe(`${'L'.repeat(59)}… › Name`);
    const m = word({ path: 'nodes[1].params', message: 'client "b" calls "a", which is down' }).message;
    expect(m).toBe(`client “${'L'.repeat(59)}…” calls “${'L'.repeat(59)}…”, which is down`);
    expect(word({ path: 'edges[0].params.timeoutMs', message: 'x' }).subject.length).toBeLessThan(100);
  });

  it('tells apart two nodes that share an id by their own names', () => {
    const twins = {
      schemaVersion: 1,
      nodes: [
        { id: 'svc', kind: 'service', label: 'Payments' },
        { id: 'svc', kind: 'service', label: 'Orders' },
      ],
      edges: [],
    };
    const [p] = issuesOf(twins as Design);
    expect(p.path).toBe('nodes[1].id');
    expect(problemNamer(twins)(p)).toEqual({
      subject: 'Orders › Id',
      message: 'duplicate id "svc" (also “Payments”)',
    });
  });
});

describe('the validator and compiler, worded', () => {
  it('words every error of an invalid design; the raw path and message are kept', () => {
    const bad = structuredClone(design);
    bad.nodes[1].params = { concurrency: -2, serviceTimeMs: { dist: 'exponential', mean: -1 } };
    bad.edges[0].params = { retries: { backoff: { baseMs: -5 } } };
    bad.scenario!.durationS = 0;
    const issues = issuesOf(bad);
    const word = problemNamer(bad);
    const worded = issues.map((i) => [i.path, word(i).subject]);
    expect(worded).toEqual(
      expect.arrayContaining([
        ['nodes[1].params.concurrency', 'Checkout API › Threads per instance'],
        ['nodes[1].params.serviceTimeMs.mean', 'Checkout API › Service time › mean'],
        ['edges[0].params.retries.backoff.baseMs', 'Users → Checkout API › Retries › Base backoff'],
        ['scenario.durationS', 'Scenario › Duration'],
        ['scenario.faults[1].factor', 'Fault 2 (slow down) › Factor'],
      ]),
    );
    expect(worded).toHaveLength(5);
    expect(issues[0].message).toMatch(/^must be an integer/);
  });

  it("words the compiler's warnings with names", () => {
    const d: Design = {
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', label: 'Shoppers' },
        { id: 'api', kind: 'service', label: 'Checkout API' },
        { id: 'orphan', kind: 'service', label: 'Legacy billing' },
      ],
      edges: [],
    };
    const word = problemNamer(d);
    const texts = issuesOf(d).map((i) => {
      const t = word(i);
      return `${t.subject}: ${t.message}`;
    });
    expect(texts).toContain('Shoppers: calls nothing: connect it to a node');
    expect(texts).toContain("Legacy billing: is unreachable: no client's traffic can get to it");
    expect(texts.join('\n')).not.toMatch(/"orphan"|"users"|nodes\[/);
  });

  it("words a refused file's problems from whatever nodes it has", () => {
    const file = {
      schemaVersion: 1,
      nodes: [7, { id: 'a', kind: 'service', label: 'Alpha', params: { instances: 0 } }],
    };
    const lines = problemLines(
      [
        { path: 'nodes[0]', message: 'must be an object, got 7' },
        { path: 'nodes[1].params.instances', message: 'must be an integer from 1 to 1000, got 0' },
      ],
      file,
    );
    expect(lines).toEqual([
      { text: 'nodes[0]: must be an object, got 7', path: 'nodes[0]: must be an object, got 7' },
      {
        text: 'Alpha › Instances: must be an integer from 1 to 1000, got 0',
        path: 'nodes[1].params.instances: must be an integer from 1 to 1000, got 0',
      },
    ]);
    const many = problemLines(
      Array.from({ length: 15 }, () => ({ path: '(file)', message: 'is odd' })),
      undefined,
    );
    expect(many).toHaveLength(13);
    expect(many[0].text).toBe('File: is odd');
    expect(many[12].text).toBe('… and 3 more');
  });
});
