/**
 * Edge policy badges (src/ui/canvas/PolicyEdge.tsx): a row above the midpoint when it fits
 * between the handles, a stack when the edge is too short for it.
 */
import { describe, expect, it } from 'vitest';
import { validateDesign } from '../../src/model';
import { compile } from '../../src/sim/compile';
import type { Design } from '../../src/model';
import { FlowCache, type PolicyEdgeData } from '../../src/state/flow';
import { emptyDesign } from '../../src/state/ops';
import { badgeLayout, badgeWidth, fmtMs, policyBadges } from '../../src/ui/canvas/PolicyEdge';

describe('edge badges', () => {
  it('estimates a badge wider with an icon and with more text', () => {
    expect(badgeWidth('×3', true)).toBeGreaterThan(badgeWidth('×3', false));
    expect(badgeWidth(fmtMs(250), true)).toBeGreaterThan(badgeWidth('×3', true));
    // About what the browser draws: "⏱ 250 ms" at 11 px is 60-70 px.
    expect(badgeWidth(fmtMs(250), true)).toBeGreaterThan(55);
    expect(badgeWidth(fmtMs(250), true)).toBeLessThan(80);
  });

  it('keeps the row when it fits between the handles and stacks when it does not', () => {
    const timeoutAndRetries = [badgeWidth(fmtMs(250), true), badgeWidth('×3', true)];
    const row = timeoutAndRetries[0] + timeoutAndRetries[1] + 3;
    expect(badgeLayout(timeoutAndRetries, row + 16)).toBe('row');
    expect(badgeLayout(timeoutAndRetries, row + 15)).toBe('column');
    // The retry-storm example's API → database edge: about 96 px between the handles.
    expect(badgeLayout(timeoutAndRetries, 96)).toBe('column');
    expect(badgeLayout(timeoutAndRetries, 300)).toBe('row');
    expect(badgeLayout([badgeWidth('DLQ', false)], 60)).toBe('row');
  });

  it('lists the policy badges once, in display order, with their words', () => {
    const plain: PolicyEdgeData = {
      mode: 'sync',
      timeoutMs: null,
      retries: null,
      breaker: false,
      bulkhead: null,
      route: 'all',
      probability: 1,
      probabilityIgnoredBy: null,
      dlq: false,
    };
    expect(policyBadges(plain)).toEqual([]);
    const all = policyBadges({
      ...plain,
      dlq: true,
      route: 'read',
      probability: 0.25,
      timeoutMs: 250,
      retries: 3,
      breaker: true,
      bulkhead: 8,
    });
    expect(all.map((b) => [b.key, b.text, b.icon !== null])).toEqual([
      ['dlq', 'DLQ', false],
      ['route', 'read', false],
      ['probability', '25%', false],
      ['timeout', '250 ms', true],
      ['retries', '×3', true],
      ['breaker', 'CB', true],
      ['bulkhead', '8', true],
    ]);
  });
});

describe('probability badge', () => {
  // users → lb → api → db, with probability 0.3 on lb → api and on api → db.
  const design: Design = {
    ...emptyDesign(),
    nodes: [
      { id: 'users', kind: 'client', position: { x: 0, y: 0 } },
      { id: 'lb', kind: 'loadbalancer', position: { x: 200, y: 0 } },
      { id: 'api', kind: 'service', position: { x: 400, y: 0 } },
      { id: 'db', kind: 'database', position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'users', target: 'lb' },
      { id: 'e2', source: 'lb', target: 'api', params: { probability: 0.3 } },
      { id: 'e3', source: 'api', target: 'db', params: { probability: 0.3 } },
    ],
  };
  const badge = (data: PolicyEdgeData | undefined) =>
    policyBadges(data!).find((b) => b.key === 'probability');

  it("does not mark a queue's dead-letter edge, which draws its probability, but marks its consumer edge", () => {
    const withQueue = {
      schemaVersion: 1 as const,
      nodes: [
        { id: 'users', kind: 'client', position: { x: 0, y: 0 } },
        { id: 'q', kind: 'queue', position: { x: 0, y: 0 } },
        { id: 'w', kind: 'service', position: { x: 0, y: 0 } },
        { id: 'dead', kind: 'service', position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'users', target: 'q' },
        { id: 'work', source: 'q', target: 'w', params: { probability: 0.5 } },
        { id: 'dl', source: 'q', target: 'dead', params: { role: 'dlq', probability: 0.5 } },
      ],
    };
    const [, work, dl] = new FlowCache().deriveEdges(withQueue, new Set());
    expect(work.data!.probabilityIgnoredBy).toBe('Queue');
    expect(dl.data!.probabilityIgnoredBy).toBeNull();
    const v = validateDesign({ ...withQueue, scenario: { durationS: 10 } });
    if (!v.ok) throw new Error('invalid');
    expect(
      compile(v.resolved)
        .warnings.filter((w) => w.path.endsWith('.probability'))
        .map((w) => w.path),
    ).toEqual(['edges[1].params.probability']);
  });

  it('marks a probability the source ignores (a load balancer) and not one it draws (a service)', () => {
    const [, lbApi, apiDb] = new FlowCache().deriveEdges(design, new Set());
    expect(lbApi.data!.probabilityIgnoredBy).toBe('Load balancer');
    const ignored = badge(lbApi.data)!;
    expect(ignored.text).toBe('30%');
    expect(ignored.ignored).toBe(true);
    // Worded from the catalog: the source's label and the kinds that do draw it.
    expect(ignored.title).toBe(
      'Ignored: Load balancer nodes make every call they pass down an edge (probability applies only to calls from Client and Service nodes)',
    );

    expect(apiDb.data!.probabilityIgnoredBy).toBeNull();
    const drawn = badge(apiDb.data)!;
    expect(drawn.text).toBe('30%');
    expect(drawn.ignored).toBeFalsy();
    expect(drawn.title).toBe('Probability of this call');
  });

  it('updates the marking when an edge gets another source or a node another kind', () => {
    const cache = new FlowCache();
    cache.deriveEdges(design, new Set());
    // The lb → api edge now leaves the client: its probability applies.
    const reconnected = {
      ...design,
      edges: design.edges.map((e) => (e.id === 'e2' ? { ...e, source: 'users' } : e)),
    };
    expect(badge(cache.deriveEdges(reconnected, new Set())[1].data)!.ignored).toBeFalsy();
    // Back to lb, then lb replaced by a cache of the same id (e.g. deleted, re-added, undone).
    expect(badge(cache.deriveEdges(design, new Set())[1].data)!.ignored).toBe(true);
    const asService = {
      ...design,
      nodes: design.nodes.map((n) => (n.id === 'lb' ? { ...n, kind: 'service' } : n)),
    };
    expect(badge(cache.deriveEdges(asService, new Set())[1].data)!.ignored).toBeFalsy();
    const asCache = {
      ...design,
      nodes: design.nodes.map((n) => (n.id === 'lb' ? { ...n, kind: 'cache' } : n)),
    };
    expect(cache.deriveEdges(asCache, new Set())[1].data!.probabilityIgnoredBy).toBe('Cache');
  });

  it('keeps every edge object when a node is dragged (the kinds map stays the same)', () => {
    const cache = new FlowCache();
    const kinds = cache.nodeKinds(design.nodes);
    const a = cache.deriveEdges(design, new Set(), kinds);
    const dragged = design.nodes.map((n) => (n.id === 'lb' ? { ...n, position: { x: 250, y: 40 } } : n));
    expect(cache.nodeKinds(dragged)).toBe(kinds);
    const b = cache.deriveEdges({ ...design, nodes: dragged }, new Set());
    expect(b.every((e, i) => e === a[i])).toBe(true);
    // A new node is a new map, but the edges it does not touch keep their objects (a
    // queue: a second service would rename "Service" to "Service (api)" in the labels).
    const more = [...dragged, { id: 'x', kind: 'queue' }];
    expect(cache.nodeKinds(more)).not.toBe(kinds);
    const c = cache.deriveEdges({ ...design, nodes: more }, new Set());
    expect(c.every((e, i) => e === a[i])).toBe(true);
  });
});

describe('edge names for screen readers', () => {
  it('say the nodes’ names, and follow a rename', () => {
    const design = {
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', label: 'Users' },
        { id: 'api', kind: 'service' },
      ],
      edges: [{ id: 'e', source: 'users', target: 'api' }],
    } as Design;
    const cache = new FlowCache();
    expect(cache.deriveEdges(design, new Set())[0].ariaLabel).toBe('Call from Users to Service'); // unlabelled: its kind's name, as the canvas shows it
    const renamed = { ...design, nodes: [design.nodes[0], { ...design.nodes[1], label: 'Checkout API' }] };
    expect(cache.deriveEdges(renamed, new Set())[0].ariaLabel).toBe('Call from Users to Checkout API');
  });

  it('tell apart two nodes of the same name by their ids', () => {
    const design = {
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client' },
        { id: 'api-a', kind: 'service' },
        { id: 'api-b', kind: 'service' },
      ],
      edges: [
        { id: 'e1', source: 'users', target: 'api-a' },
        { id: 'e2', source: 'users', target: 'api-b' },
      ],
    } as Design;
    const labels = new FlowCache().deriveEdges(design, new Set()).map((e) => e.ariaLabel);
    expect(labels).toEqual(['Call from Client to Service (api-a)', 'Call from Client to Service (api-b)']);
  });
});
