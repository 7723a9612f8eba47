/**
 * The auto layout does not try what ELK cannot finish: a 100-service full mesh (9,901 calls)
 * took ELK 5.4 minutes in Node (in the browser its worker hit the 20 s limit), so opening it
 * without positions kept a core busy for 20 s and then gave up anyway. layoutWork estimates
 * ELK's work up front; past LAYOUT_WORK_MAX the layout fails at once with the reason, and the
 * design keeps its grid (actions.ts says so in a notice).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model';
import { LAYOUT_WORK_MAX, layoutDesign, layoutWork } from '../../src/ui/layout';
import { mesh } from '../fixtures/mesh';

/** A client → balancer → `n` services → one database. */
function fanOut(n: number): Design {
  const nodes = [
    { id: 'c', kind: 'client' },
    { id: 'lb', kind: 'loadbalancer' },
    { id: 'db', kind: 'database' },
  ];
  const edges = [{ id: 'e0', source: 'c', target: 'lb' }];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `s${i}`, kind: 'service' });
    edges.push(
      { id: `a${i}`, source: 'lb', target: `s${i}` },
      { id: `d${i}`, source: `s${i}`, target: 'db' },
    );
  }
  return { schemaVersion: 1, name: `Fan-out ${n}`, nodes, edges };
}

describe('the layout of a densely connected design', () => {
  it('counts the columns each call skips: a mesh lays its services out in a column each', () => {
    // n services in n columns: the calls one way between them skip C(n, 3) columns in all,
    // and the calls back (turned round) as many again.
    const work = (n: number) => n + 1 + n * (n - 1) + 1 + (2 * (n * (n - 1) * (n - 2))) / 6;
    expect(layoutWork(mesh(10))).toBe(work(10));
    expect(layoutWork(mesh(100))).toBe(work(100));
    // A wide design is cheap however many calls it has: nothing skips a column.
    expect(layoutWork(fanOut(1000))).toBe(1003 + 2001);
  });

  it('fails a 100-service mesh at once, naming why, instead of after minutes', async () => {
    const started = performance.now();
    await expect(layoutDesign(mesh(100), {})).rejects.toThrow(
      'the design is too densely connected to lay out in time: 9,901 calls over 101 nodes',
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('still lays out a mesh it can finish, and every example, with room to spare', async () => {
    expect(layoutWork(mesh(30))).toBeLessThan(LAYOUT_WORK_MAX / 4);
    const r = await layoutDesign(mesh(12), {});
    expect(r.positions.size).toBe(13);
    const dir = 'public/examples';
    for (const f of readdirSync(dir).filter((f) => f !== 'index.json')) {
      const d = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Design;
      expect(layoutWork(d), f).toBeLessThan(LAYOUT_WORK_MAX / 100);
    }
  });
});
