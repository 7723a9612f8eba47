/**
 * The compiler's offered-load estimate (src/sim/compile.ts): how each 'split' kind shares
 * its calls among its targets, and the overload warning that follows from it. A DNS
 * resolves by its policy, not by edge weight, and the estimate must say so, or a
 * failover primary that is far too small goes unwarned.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/sim/compile';
import { validateDesign } from '../../src/model';

function plan(dnsParams: Record<string, unknown>, edgeParams: Record<string, unknown>[] = [{}, {}, {}]) {
  const targets = ['east', 'west', 'south'];
  const v = validateDesign({
    schemaVersion: 1,
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 300 } },
      { id: 'dns', kind: 'dns', params: dnsParams },
      // Each target serves about 200 req/s (1 thread, 5 ms): 300 req/s overloads any one of them.
      ...targets.map((id) => ({
        id,
        kind: 'service',
        params: { instances: 1, concurrency: 1, serviceTimeMs: 5 },
      })),
    ],
    edges: [
      { id: 'u-dns', source: 'users', target: 'dns' },
      ...targets.map((id, i) => ({ id: `dns-${id}`, source: 'dns', target: id, params: edgeParams[i] })),
    ],
    scenario: { durationS: 10 },
  });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const p = compile(v.resolved);
  const at = (id: string) => p.nodes.findIndex((n) => n.id === id);
  const offered = Object.fromEntries(targets.map((id) => [id, p.offeredRps[at(id)]]));
  const overloaded = p.warnings.filter((w) => w.message.includes('exceeds the capacity')).map((w) => w.path);
  return { offered, overloaded, at };
}

describe('offered-load estimate behind a DNS', () => {
  it('failover: everything goes to the first target, and its overload is warned about', () => {
    const { offered, overloaded, at } = plan({ policy: 'failover' });
    expect(offered).toEqual({ east: 300, west: 0, south: 0 });
    expect(overloaded).toEqual([`nodes[${at('east')}]`]);
  });

  it('latency: everything goes to the lowest mean latency, zone crossings included', () => {
    const { offered } = plan({ policy: 'latency' }, [
      { latencyMs: 20 },
      { latencyMs: { dist: 'exponential', mean: 3 } },
      { latencyMs: 8 },
    ]);
    expect(offered).toEqual({ east: 0, west: 300, south: 0 });
  });

  it('weighted: by edge weight, with weight 0 as an unused backup while any target has weight', () => {
    const { offered, overloaded } = plan({ policy: 'weighted' }, [
      { weight: 2 },
      { weight: 1 },
      { weight: 0 },
    ]);
    expect(offered.east).toBeCloseTo(200, 9);
    expect(offered.west).toBeCloseTo(100, 9);
    expect(offered.south).toBe(0);
    expect(overloaded).toEqual([]); // 200 req/s at ~200 req/s capacity: at the limit, not beyond
  });

  it('weighted with every weight 0: an even split', () => {
    const { offered } = plan({ policy: 'weighted' }, [{ weight: 0 }, { weight: 0 }, { weight: 0 }]);
    for (const v of Object.values(offered)) expect(v).toBeCloseTo(100, 9);
  });
});

describe("an edge's probability in the estimate", () => {
  /** users → (lb | svc) → two services, every outgoing edge of the middle node at probability 0.3. */
  function viaMiddle(kind: 'loadbalancer' | 'service') {
    const v = validateDesign({
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 100 } },
        { id: 'mid', kind, params: {} },
        { id: 'a', kind: 'service', params: {} },
        { id: 'b', kind: 'service', params: {} },
      ],
      edges: [
        { id: 'in', source: 'users', target: 'mid', params: { probability: 0.5 } },
        { id: 'to-a', source: 'mid', target: 'a', params: { probability: 0.3 } },
        { id: 'to-b', source: 'mid', target: 'b', params: { probability: 0.3 } },
      ],
      scenario: { durationS: 10 },
    });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const p = compile(v.resolved);
    const offered = (id: string) => p.offeredRps[p.nodes.findIndex((n) => n.id === id)];
    const ignored = p.warnings
      .filter((w) => w.path.endsWith('.probability'))
      .map((w) => `${w.path}: ${w.message}`);
    return { offered, ignored };
  }

  it('counts where it is drawn: a client sends that share, a service calls each dependency that share of the time', () => {
    const { offered, ignored } = viaMiddle('service');
    expect(offered('mid')).toBeCloseTo(50, 9);
    expect(offered('a')).toBeCloseTo(15, 9);
    expect(offered('b')).toBeCloseTo(15, 9);
    expect(ignored).toEqual([]);
  });

  it('is ignored, and said to be, where the source passes every call on (a balancer)', () => {
    const { offered, ignored } = viaMiddle('loadbalancer');
    expect(offered('a') + offered('b')).toBeCloseTo(50, 9); // not 15
    expect(ignored).toEqual([
      `edges[1].params.probability: ignored: "mid" (Load balancer) makes every call it passes on; only Client and Service nodes draw an edge's probability`,
      `edges[2].params.probability: ignored: "mid" (Load balancer) makes every call it passes on; only Client and Service nodes draw an edge's probability`,
    ]);
  });
});
