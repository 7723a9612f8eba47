/**
 * Auto layout (Shift+L) of the zone examples in the browser: zone A above zone B in one
 * column after the balancer, every member inside its zone, no card over another, and each
 * zone's name and summary shown whole (the canvas cut zone B's to "eu-west-1b · +1 ms a…").
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, node, settle, useBrowser } from './browser';

const session = useBrowser();

type Box = { x: number; y: number; width: number; height: number };

const box = async (page: Page, id: string): Promise<Box> => (await node(page, id).boundingBox())!;

const meet = (p: Box, q: Box) =>
  p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;

const within = (c: Box, z: Box) =>
  c.x >= z.x && c.y >= z.y && c.x + c.width <= z.x + z.width && c.y + c.height <= z.y + z.height;

describe('auto layout of designs with zones', () => {
  it.each(['zone-outage', 'multi-zone'])('%s: zones stack in order, titles whole', async (example) => {
    const { page, errors } = await session.fresh();
    await page.goto(`${BASE}?example=${example}`);
    await expect.poll(() => node(page, 'api-b').count()).toBe(1);
    await settle(page);
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.click(pane.x + pane.width / 2, pane.y + 30);
    await page.keyboard.press('Shift+L');
    await expect
      .poll(
        async () => {
          const a = await box(page, 'zone-a');
          const b = await box(page, 'zone-b');
          return Math.abs(a.x - b.x) < 1 && b.y > a.y + a.height;
        },
        { timeout: 15_000 },
      ) // the layout runs in a worker: slow on a loaded machine
      .toBe(true);
    await settle(page);

    // The cards and zones settle over a few frames after the layout lands (a zone is sized
    // from what it holds): judge the picture once it holds still, not mid-move.
    const ids = ['users', 'lb', 'api-a', 'db', 'api-b'];
    const problems = async () => {
      const cards = Object.fromEntries(
        await Promise.all(ids.map(async (id) => [id, await box(page, id)] as const)),
      );
      const zoneA = await box(page, 'zone-a');
      const zoneB = await box(page, 'zone-b');
      const found: string[] = [];
      if (!(cards.lb.x + cards.lb.width < zoneA.x)) found.push('lb not before zone A');
      if (!within(cards['api-a'], zoneA)) found.push('api-a outside zone A');
      if (!within(cards.db, zoneA)) found.push('db outside zone A');
      if (!within(cards['api-b'], zoneB)) found.push('api-b outside zone B');
      for (const p of ids)
        for (const q of ids) if (p < q && meet(cards[p], cards[q])) found.push(`${p} over ${q}`);
      return found;
    };
    await expect.poll(problems, { timeout: 15_000 }).toEqual([]);

    // Name and summary of each zone are not clipped by the ellipsis.
    const clipped = () =>
      page
        .locator('.sw-zone__label, .sw-zone__summary')
        .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent));
    await expect.poll(clipped, { timeout: 15_000 }).toEqual([]);
    expect(await page.locator('.sw-zone__summary').count()).toBe(2);
    expect(errors).toEqual([]);
  });
});
