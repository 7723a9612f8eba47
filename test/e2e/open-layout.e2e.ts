/**
 * A design file without positions opens laid out (left to right along the calls, its loop
 * notwithstanding) as part of opening it, and its image export clamps a long label to the
 * node with an ellipsis, keeping the whole name in the node's <title>.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE, node, openDesignFile, useBrowser } from './browser';

const session = useBrowser();

const LONG = 'Order fulfilment service (EU west, primary, blue-green slot B) with a long tail!';

/** Listed against the flow: a grid in file order would run right to left. */
const design = {
  schemaVersion: 1,
  name: 'No positions',
  nodes: [
    { id: 'db', kind: 'database' },
    { id: 'worker', kind: 'service' },
    { id: 'jobs', kind: 'queue' },
    { id: 'api', kind: 'service', label: LONG },
    { id: 'lb', kind: 'loadbalancer' },
    { id: 'users', kind: 'client' },
  ],
  edges: [
    ['users', 'lb'],
    ['lb', 'api'],
    ['api', 'jobs'],
    ['jobs', 'worker'],
    ['worker', 'api'],
    ['worker', 'db'],
    ['api', 'db'],
  ].map(([source, target], i) => ({ id: `e${i + 1}`, source, target })),
};

describe('a design without positions', () => {
  it('opens laid out along its calls in the same undo step, and exports its long label clamped', async () => {
    const { page, errors } = await session.fresh();
    await page.goto(`${BASE}?example=retry-storm`);
    await expect.poll(() => node(page, 'users').count()).toBe(1);
    await openDesignFile(page, design, 'no-positions.json');
    const chain = ['users', 'lb', 'api', 'jobs', 'worker'];
    const boxes = () =>
      Promise.all(design.nodes.map(async (n) => ({ id: n.id, ...(await node(page, n.id).boundingBox())! })));
    const xs = async () => {
      const b = await boxes();
      return chain.map((id) => Math.round(b.find((x) => x.id === id)!.x));
    };
    await expect.poll(async () => (await xs()).every((x, i, a) => i === 0 || x > a[i - 1])).toBe(true);
    const b = await boxes();
    for (const p of b)
      for (const q of b)
        if (p.id < q.id)
          expect(
            p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height,
            `${p.id} overlaps ${q.id}`,
          ).toBe(false);

    // One Undo brings back the example: the layout was no step of its own.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => node(page, 'jobs').count()).toBe(0);
    expect(await node(page, 'users').count()).toBe(1);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => node(page, 'jobs').count()).toBe(1);

    await page.getByRole('button', { name: 'Export' }).click();
    const [svgFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'SVG image' }).click(),
    ]);
    const svg = readFileSync((await svgFile.path())!, 'utf8');
    expect(svg).toContain(`<title>${LONG}</title>`);
    const shown = [...svg.matchAll(/<text [^>]*font-size="13"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    const api = shown.find((t) => t.startsWith('Order fulfilment'));
    expect(api).toMatch(/…$/);
    expect(api!.length).toBeLessThan(LONG.length / 2);
    expect(shown).toContain('Load balancer'); // short labels stay whole

    expect(errors).toEqual([]);
  });
});
