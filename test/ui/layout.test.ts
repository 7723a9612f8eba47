import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDesign } from '../../src/model';
import { APPROX_NODE_SIZE } from '../../src/state/ops';
import { flowOrder, layoutDesign } from '../../src/ui/layout';
import { boxes, design, edge, increasing, node, outsideTheirZone, overlaps, xOf } from './layoutBoxes';

describe('auto layout of designs with cycles', () => {
  // A worker consumes a queue the API feeds and calls back into the API; both reach the db.
  // Nodes listed in an unhelpful order: the order of the file must not decide the flow.
  const queueLoop = design(
    [
      node('worker', 'service'),
      node('jobs', 'queue'),
      node('db', 'database'),
      node('api', 'service'),
      node('lb', 'loadbalancer'),
      node('users', 'client'),
    ],
    [
      edge('users', 'lb'),
      edge('lb', 'api'),
      edge('api', 'jobs'),
      edge('jobs', 'worker'),
      edge('worker', 'api'),
      edge('worker', 'db'),
      edge('api', 'db'),
    ],
  );

  it('keeps the main chain left to right and reverses only the edge back into the loop', async () => {
    const r = await layoutDesign(queueLoop, {});
    const b = boxes(queueLoop, r);
    expect(overlaps(queueLoop, b)).toEqual([]);
    expect(increasing(xOf(b, ['users', 'lb', 'api', 'jobs', 'worker']))).toBe(true);
    // The database is called by both the API and the worker: right of both.
    expect(b.get('db')!.x).toBeGreaterThan(b.get('worker')!.x);
    expect(Math.min(...[...b.values()].map((x) => x.x))).toBe(b.get('users')!.x);
  });

  it('lays mutual calls (A↔B, a cache that calls back, a queue into the start) after the client', async () => {
    const d = design(
      [
        node('cache', 'cache'),
        node('b', 'service'),
        node('a', 'service'),
        node('q', 'queue'),
        node('users', 'client'),
        node('db', 'database'),
      ],
      [
        edge('users', 'a'),
        edge('a', 'b'),
        edge('b', 'a'),
        edge('b', 'cache'),
        edge('cache', 'b'),
        edge('b', 'q'),
        edge('q', 'a'),
        edge('cache', 'db'),
      ],
    );
    const b = boxes(d, await layoutDesign(d, {}));
    expect(overlaps(d, b)).toEqual([]);
    expect(increasing(xOf(b, ['users', 'a', 'b', 'cache', 'db']))).toBe(true);
    const others = [...b.values()].filter((x) => x.id !== 'users');
    expect(others.every((x) => x.x > b.get('users')!.x)).toBe(true);
  });

  it('starts a ring nobody calls at its first node, and two clients both sit leftmost', async () => {
    const ring = design(
      [node('a', 'service'), node('b', 'service'), node('c', 'service')],
      [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')],
    );
    const rb = boxes(ring, await layoutDesign(ring, {}));
    expect(overlaps(ring, rb)).toEqual([]);
    expect(increasing(xOf(rb, ['a', 'b', 'c']))).toBe(true);

    const two = design(
      [node('api', 'service'), node('db', 'database'), node('web', 'client'), node('mobile', 'client')],
      [edge('web', 'api'), edge('mobile', 'api'), edge('api', 'db'), edge('db', 'api')],
    );
    const tb = boxes(two, await layoutDesign(two, {}));
    expect(overlaps(two, tb)).toEqual([]);
    expect(tb.get('web')!.x).toBe(tb.get('mobile')!.x);
    expect(increasing(xOf(tb, ['web', 'api', 'db']))).toBe(true);
  });

  it('keeps a loop across zones inside the zones, left to right, without overlaps', async () => {
    const d = design(
      [
        node('zone-b', 'zone'),
        node('zone-a', 'zone'),
        node('worker', 'service', 'zone-b'),
        node('jobs', 'queue', 'zone-b'),
        node('api', 'service', 'zone-a'),
        node('db', 'database', 'zone-a'),
        node('users', 'client'),
      ],
      [
        edge('users', 'api'),
        edge('api', 'jobs'),
        edge('jobs', 'worker'),
        edge('worker', 'api'),
        edge('worker', 'db'),
      ],
    );
    const b = boxes(d, await layoutDesign(d, {}));
    expect(overlaps(d, b)).toEqual([]);
    expect(outsideTheirZone(d, b)).toEqual([]);
    expect(increasing(xOf(b, ['users', 'api']))).toBe(true);
    expect(increasing(xOf(b, ['jobs', 'worker']))).toBe(true);
    // The API's zone feeds the worker's: the calls back from the worker are the loop's end.
    expect(increasing(xOf(b, ['users', 'zone-a', 'zone-b']))).toBe(true);
    expect(b.get('users')!.x).toBe(Math.min(...[...b.values()].map((x) => x.x)));
  });

  it('stacks two zones a balancer feeds in one column, in the order it calls them', async () => {
    // Zone A holds the API and its database; zone B's API calls that database too. That call
    // does not put B before A: the balancer reaches both zones in the same column.
    const d = design(
      [
        node('zone-a', 'zone'),
        node('zone-b', 'zone'),
        node('users', 'client'),
        node('lb', 'loadbalancer'),
        node('api-a', 'service', 'zone-a'),
        node('db', 'database', 'zone-a'),
        node('api-b', 'service', 'zone-b'),
      ],
      [
        edge('users', 'lb'),
        edge('lb', 'api-a'),
        edge('lb', 'api-b'),
        edge('api-a', 'db'),
        edge('api-b', 'db'),
      ],
    );
    const b = boxes(d, await layoutDesign(d, {}));
    expect(overlaps(d, b)).toEqual([]);
    expect(increasing(xOf(b, ['users', 'lb', 'zone-a']))).toBe(true);
    expect(b.get('zone-b')!.x).toBe(b.get('zone-a')!.x);
    expect(b.get('zone-b')!.y).toBeGreaterThan(b.get('zone-a')!.y + b.get('zone-a')!.h);
    expect(increasing(xOf(b, ['api-a', 'db']))).toBe(true);
    expect(b.get('db')!.x).toBeGreaterThan(b.get('api-b')!.x);
    // Inside a zone, nodes keep the canvas's spacing between columns (room for edge badges).
    expect(b.get('db')!.x - (b.get('api-a')!.x + APPROX_NODE_SIZE.width)).toBeGreaterThanOrEqual(90);
  });

  it('ranks nodes along the calls, clients first, the closing edge of each loop set aside', () => {
    const rank = flowOrder(queueLoop);
    const order = [...rank.keys()].sort((p, q) => rank.get(p)! - rank.get(q)!);
    expect(order).toEqual(['users', 'lb', 'api', 'jobs', 'worker', 'db']);
  });
});

describe('auto layout of the examples', () => {
  const dir = 'public/examples';
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json');
  it.each(files)('%s: no overlaps, children in their zones, every client leftmost', async (file) => {
    const r0 = validateDesign(JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')));
    if (!r0.ok) throw new Error(`${file} does not validate`);
    const d = r0.design;
    const b = boxes(d, await layoutDesign(d, {}));
    expect(overlaps(d, b)).toEqual([]);
    expect(outsideTheirZone(d, b)).toEqual([]);
    const minX = Math.min(...[...b.values()].map((x) => x.x));
    for (const n of d.nodes) if (n.kind === 'client') expect(b.get(n.id)!.x, n.id).toBe(minX);
  });
});
