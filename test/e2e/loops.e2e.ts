/**
 * A design with a loop (worker → api closes api → jobs → worker): the edge back runs below
 * both nodes, its badges below its bottom run; the traffic dots travel along that route; the
 * image export makes room for it; a zone's 80-character name ends in an ellipsis inside the
 * zone, the whole name in its tooltip.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, node, openDesignFile, runUntilDots, settle, useBrowser } from './browser';

const session = useBrowser();

const ZONE_NAME = 'Worker pool in eu-west-1a (primary, blue-green slot B), drained nightly at 02:00';

const design = {
  schemaVersion: 1,
  name: 'Loop back',
  scenario: { durationS: 120, warmupS: 5, seed: 3 },
  nodes: [
    { id: 'users', kind: 'client', label: 'Users', position: { x: 0, y: 100 }, params: { rps: 150 } },
    { id: 'api', kind: 'service', label: 'API', position: { x: 300, y: 100 } },
    { id: 'jobs', kind: 'queue', label: 'Jobs', position: { x: 610, y: 100 } },
    {
      id: 'pool',
      kind: 'zone',
      label: ZONE_NAME,
      position: { x: 900, y: 40 },
      size: { width: 330, height: 180 },
    },
    { id: 'worker', kind: 'service', label: 'Worker', parentId: 'pool', position: { x: 45, y: 60 } },
  ],
  edges: [
    { id: 'in', source: 'users', target: 'api' },
    { id: 'enqueue', source: 'api', target: 'jobs' },
    { id: 'deliver', source: 'jobs', target: 'worker' },
    { id: 'back', source: 'worker', target: 'api', params: { probability: 0.3, timeoutMs: 500 } },
  ],
};

/** An edge's drawn path and its (invisible, wider) hit area, by edge id. */
const edgePaths = (page: Page, id: string) =>
  page.locator(`.react-flow__edge[data-id="${id}"]`).evaluate((g) => ({
    drawn: g.querySelector('path.react-flow__edge-path')!.getAttribute('d'),
    hit: g.querySelector('path.react-flow__edge-interaction')?.getAttribute('d') ?? null,
    box: g.querySelector('path.react-flow__edge-path')!.getBoundingClientRect().toJSON() as DOMRect,
  }));

describe('a loop back', () => {
  it('runs below its nodes, carries its dots there and fits in the export; a long zone name is clamped', async () => {
    const { page, errors } = await session.fresh();
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await openDesignFile(page, design, 'loop.json');
    await expect.poll(() => node(page, 'worker').count()).toBe(1);
    await settle(page);

    // The loop leaves below both nodes and the hit area follows it; the badges hang below it.
    const api = (await node(page, 'api').boundingBox())!;
    const worker = (await node(page, 'worker').boundingBox())!;
    const back = await edgePaths(page, 'back');
    expect(back.hit).toBe(back.drawn);
    expect(back.box.bottom).toBeGreaterThan(Math.max(api.y + api.height, worker.y + worker.height) + 5);
    expect(back.box.left).toBeLessThan(api.x);
    expect(back.box.right).toBeGreaterThan(worker.x + worker.width);
    const badges = (await page.locator('.sw-edge-badges[data-edge="back"]').boundingBox())!;
    expect(badges.y).toBeGreaterThan(back.box.bottom - 1);
    expect(badges.x).toBeGreaterThan(api.x + api.width);
    expect(badges.x + badges.width).toBeLessThan(worker.x);
    // A forward edge stays within its row.
    const enqueue = await edgePaths(page, 'enqueue');
    expect(enqueue.drawn).toMatch(/^M[\d.]+,[\d.]+ C/);
    expect(enqueue.box.bottom).toBeLessThan(api.y + api.height);

    // The zone's name is cut short inside the zone; the whole of it is in the tooltip.
    const zone = (await node(page, 'pool').boundingBox())!;
    const label = node(page, 'pool').locator('.sw-zone__label');
    const shown = await label.evaluate((e) => ({
      right: e.getBoundingClientRect().right,
      clipped: e.scrollWidth > e.clientWidth,
      ellipsis: getComputedStyle(e).textOverflow,
      title: e.getAttribute('title'),
    }));
    expect(shown.clipped).toBe(true);
    expect(shown.ellipsis).toBe('ellipsis');
    expect(shown.right).toBeLessThan(zone.x + zone.width);
    expect(shown.title?.startsWith(ZONE_NAME)).toBe(true);
    // The summary beside it stays whole.
    const summary = node(page, 'pool').locator('.sw-zone__summary');
    expect(await summary.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);

    // The image export makes room below the nodes for the loop.
    await page.getByRole('button', { name: 'Export' }).click();
    const [svgFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'SVG image' }).click(),
    ]);
    const svg = readFileSync((await svgFile.path())!, 'utf8');
    const height = Number(/<svg [^>]*height="([\d.]+)"/.exec(svg)![1]);
    const loop = [...svg.matchAll(/<path d="([^"]*Q[^"]*)"/g)].map((m) => m[1]);
    expect(loop).toHaveLength(1);
    // The edges are drawn in design coordinates inside one shifted group.
    const oy = Number(/<g transform="translate\(-?[\d.]+,(-?[\d.]+)\)"><path /.exec(svg)![1]);
    const ys = [...loop[0].matchAll(/,(-?[\d.]+)/g)].map((m) => Number(m[1]) + oy);
    const bottomRun = Math.max(...ys);
    expect(bottomRun).toBeLessThan(height - 20);
    // Its badge hangs below the bottom run, as on the canvas, and inside the image.
    const badgeY =
      Number(/translate\(-?[\d.]+,(-?[\d.]+)\)"><rect [^>]*rx="9"[^>]*>.*?timeout 500 ms/.exec(svg)![1]) + oy;
    expect(badgeY).toBeGreaterThan(bottomRun);
    expect(badgeY + 18).toBeLessThan(height - 20);

    // Run: dots travel along the loop's bottom run, between the two nodes.
    await runUntilDots(page);
    await settle(page); // the dashboard opens and the view is fitted again
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const c = document.querySelector<HTMLCanvasElement>('[data-testid="traffic-overlay"]')!;
            const o = c.getBoundingClientRect();
            const dpr = c.width / o.width;
            const path = document.querySelector(
              '.react-flow__edge[data-id="back"] path.react-flow__edge-path',
            )!;
            const run = path.getBoundingClientRect();
            const a = document.querySelector('.react-flow__node[data-id="api"]')!.getBoundingClientRect();
            const w = document.querySelector('.react-flow__node[data-id="worker"]')!.getBoundingClientRect();
            const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            // A band around the bottom run, clear of both nodes and of every other edge.
            const y0 = Math.max(
              Math.ceil((run.bottom - 6 - o.top) * dpr),
              Math.ceil((a.bottom + 4 - o.top) * dpr),
            );
            const y1 = Math.floor((run.bottom + 6 - o.top) * dpr);
            let n = 0;
            for (let y = y0; y < y1; y++)
              for (let x = Math.ceil((a.right - o.left) * dpr); x < (w.left - o.left) * dpr; x++)
                if (px[(y * c.width + x) * 4 + 3] > 0) n++;
            return n;
          }),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);

    expect(errors).toEqual([]);
  });
});
