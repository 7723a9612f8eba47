/**
 * Auto layout of designs with zones: zones in the order the design calls them, each wide
 * enough for its title and holding its members with the zone's padding, no box over another,
 * and no call drawn across an unrelated card where stacking the zones avoids it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDesign, type Design } from '../../src/model';
import { isContainer } from '../../src/state/ops';
import { layoutDesign, ZONE_PADDING, zoneTitleWidth } from '../../src/ui/layout';
import { boxes, design, edge, node, overlaps, type Box } from './layoutBoxes';

function example(name: string): Design {
  const r = validateDesign(JSON.parse(readFileSync(`public/examples/${name}.json`, 'utf8')));
  if (!r.ok) throw new Error(`${name} does not validate`);
  return r.design;
}

/** Members not inside their zone's box with the zone's padding (its title bar on top). */
function notPadded(d: Design, b: Map<string, Box>): string[] {
  return d.nodes
    .filter((n) => n.parentId !== undefined)
    .filter((n) => {
      const c = b.get(n.id)!;
      const z = b.get(n.parentId!)!;
      return (
        c.x < z.x + ZONE_PADDING.left ||
        c.y < z.y + ZONE_PADDING.top ||
        c.x + c.w > z.x + z.w - ZONE_PADDING.right ||
        c.y + c.h > z.y + z.h - ZONE_PADDING.bottom
      );
    })
    .map((n) => n.id);
}

/** Whether segment p1-p2 crosses the box (a call's straight line from handle to handle). */
function crossesBox(x1: number, y1: number, x2: number, y2: number, r: Box): boolean {
  // Liang–Barsky clipping of the segment against the box, shrunk by 1 px so touching is fine.
  const [l, t, rt, bm] = [r.x + 1, r.y + 1, r.x + r.w - 1, r.y + r.h - 1];
  let u0 = 0;
  let u1 = 1;
  const dx = x2 - x1;
  const dy = y2 - y1;
  for (const [p, q] of [
    [-dx, x1 - l],
    [dx, rt - x1],
    [-dy, y1 - t],
    [dy, bm - y1],
  ]) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const u = q / p;
      if (p < 0) u0 = Math.max(u0, u);
      else u1 = Math.min(u1, u);
      if (u0 > u1) return false;
    }
  }
  return true;
}

/** Calls whose line (source's right handle to target's left handle) runs over a third card. */
function callsOverCards(d: Design, b: Map<string, Box>): string[] {
  const found: string[] = [];
  for (const e of d.edges) {
    const s = b.get(e.source)!;
    const t = b.get(e.target)!;
    for (const n of d.nodes) {
      if (isContainer(n.kind) || n.id === e.source || n.id === e.target) continue;
      if (crossesBox(s.x + s.w, s.y + s.h / 2, t.x, t.y + t.h / 2, b.get(n.id)!))
        found.push(`${e.source}→${e.target} over ${n.id}`);
    }
  }
  return found;
}

/** Zones one above the other in one column, in the order given. */
function stacked(b: Map<string, Box>, ids: string[]): boolean {
  return ids.every((id, i) => {
    if (i === 0) return true;
    const above = b.get(ids[i - 1])!;
    const z = b.get(id)!;
    return z.x === above.x && z.y >= above.y + above.h;
  });
}

function checkZones(d: Design, b: Map<string, Box>) {
  expect(overlaps(d, b)).toEqual([]);
  expect(notPadded(d, b)).toEqual([]);
  for (const z of d.nodes.filter((n) => isContainer(n.kind)))
    expect(b.get(z.id)!.w, `${z.id} is too narrow for its title`).toBeGreaterThanOrEqual(zoneTitleWidth(z));
}

describe('auto layout of the zone examples', () => {
  it.each(['zone-outage', 'multi-zone'])(
    '%s: zone A above zone B after the balancer, titles whole, no call over a card',
    async (name) => {
      const d = example(name);
      const b = boxes(d, await layoutDesign(d, {}));
      checkZones(d, b);
      // The balancer calls API (A) first, and the file lists zone A first.
      expect(stacked(b, ['zone-a', 'zone-b'])).toBe(true);
      const lb = b.get('lb')!;
      expect(b.get('users')!.x + b.get('users')!.w).toBeLessThan(lb.x);
      expect(lb.x + lb.w).toBeLessThan(b.get('zone-a')!.x);
      expect(b.get('api-a')!.x).toBe(b.get('api-b')!.x);
      expect(b.get('db')!.x).toBeGreaterThan(b.get('api-a')!.x + b.get('api-a')!.w);
      // Was: zone B between the balancer and zone A, the call into API (A) behind API (B).
      expect(callsOverCards(d, b)).toEqual([]);
    },
  );
});

describe('auto layout of zones', () => {
  it('stacks three zones a balancer feeds in the order it calls them, each API calling the database in A', async () => {
    const d = design(
      [
        node('zone-c', 'zone'),
        node('zone-b', 'zone'),
        node('zone-a', 'zone'),
        node('users', 'client'),
        node('lb', 'loadbalancer'),
        node('api-a', 'service', 'zone-a'),
        node('db', 'database', 'zone-a'),
        node('api-b', 'service', 'zone-b'),
        node('api-c', 'service', 'zone-c'),
      ],
      [
        edge('users', 'lb'),
        edge('lb', 'api-a'),
        edge('lb', 'api-b'),
        edge('lb', 'api-c'),
        edge('api-a', 'db'),
        edge('api-b', 'db'),
        edge('api-c', 'db'),
      ],
    );
    const b = boxes(d, await layoutDesign(d, {}));
    checkZones(d, b);
    expect(stacked(b, ['zone-a', 'zone-b', 'zone-c'])).toBe(true);
    expect(callsOverCards(d, b)).toEqual([]);
  });

  it('still puts a zone after the zone that feeds it (an API in A, its queue and worker in B)', async () => {
    const d = design(
      [
        node('zone-a', 'zone'),
        node('zone-b', 'zone'),
        node('users', 'client'),
        node('api', 'service', 'zone-a'),
        node('jobs', 'queue', 'zone-b'),
        node('worker', 'service', 'zone-b'),
      ],
      [edge('users', 'api'), edge('api', 'jobs'), edge('jobs', 'worker')],
    );
    const b = boxes(d, await layoutDesign(d, {}));
    checkZones(d, b);
    const a = b.get('zone-a')!;
    expect(a.x + a.w).toBeLessThan(b.get('zone-b')!.x);
    expect(callsOverCards(d, b)).toEqual([]);
  });

  it('makes a zone wide enough for a long name and summary over one small node', async () => {
    const long = 'Primary region with the write database';
    const d = design(
      [
        { ...node('z', 'zone', undefined, long), params: { region: 'ap-southeast-2c', crossZoneMs: 12.5 } },
        node('users', 'client'),
        node('api', 'service', 'z'),
      ],
      [edge('users', 'api')],
    );
    const b = boxes(d, await layoutDesign(d, {}));
    checkZones(d, b);
    expect(zoneTitleWidth(d.nodes[0])).toBeGreaterThan(400);
  });

  it('keeps an empty zone inside a zone at its size, clear of its neighbours', async () => {
    // ELK sized the empty zone down to the zones' minimum while the canvas kept its own size:
    // the cache beside it was placed over it.
    const d = design(
      [
        node('outer', 'zone'),
        node('empty', 'zone', 'outer'),
        node('users', 'client'),
        node('q', 'queue'),
        node('cache', 'cache', 'outer'),
      ],
      [edge('cache', 'q'), edge('users', 'q')],
    );
    const r = await layoutDesign(d, {});
    expect(r.sizes.has('empty')).toBe(false);
    checkZones(d, boxes(d, r));
  });
});
