/**
 * A workshop teacher's polish items, in headless Chromium against the production build: the
 * toasts leave the design in view, a refused connection leaves no handle lit, the panels
 * button says what it does, a link without a design says so, the fault menu checks its own
 * fields and follows its node, and the run summary fits a 1024 px window.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { autosaved, BASE, node, seedDesign, settle, useBrowser } from './browser';

const session = useBrowser();

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const examples = (
  JSON.parse(readFileSync(join(__dirname, '../../public/examples/index.json'), 'utf8')) as { id: string }[]
).map((e) => e.id);

async function opened(size: { width: number; height: number }, example = 'three-tier') {
  const o = await session.fresh();
  await o.page.setViewportSize(size);
  await o.page.goto(`${BASE}?example=${example}`);
  await expect.poll(() => o.page.locator('.react-flow__node').count()).toBeGreaterThan(0);
  await settle(o.page);
  return o;
}

async function runToEnd(page: Page) {
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect
    .poll(() => page.getByRole('region', { name: 'Run summary' }).count(), { timeout: 60_000 })
    .toBe(1);
}

describe('toasts', () => {
  for (const size of [
    { width: 1024, height: 700 },
    { width: 1440, height: 900 },
  ])
    it(`cover no node of any example as it opens at ${size.width} × ${size.height}, nor the canvas's top half`, async () => {
      const { page, errors } = await opened(size);
      const covered: string[] = [];
      for (const id of examples) {
        await page.goto(`${BASE}?example=${id}`);
        const toast = page.locator('.sw-toast').filter({ hasText: 'Opened the example' });
        await expect.poll(() => toast.count()).toBe(1);
        await settle(page);
        const t = (await toast.boundingBox())!;
        const canvas = (await page.locator('.react-flow').boundingBox())!;
        expect(t.y, id).toBeGreaterThan(canvas.y + canvas.height / 2);
        expect(t.y + t.height, id).toBeLessThanOrEqual(canvas.y + canvas.height);
        for (const n of await page.locator('.react-flow__node').all()) {
          const b = await n.boundingBox();
          if (b && overlap(b, t)) covered.push(`${id}: ${await n.getAttribute('data-id')}`);
        }
      }
      expect(covered).toEqual([]);
      expect(errors).toEqual([]);
    });
});

describe('connection handles', () => {
  it('look as before once a refused connection is dropped on them, the pointer still there', async () => {
    const { page, errors } = await opened({ width: 1440, height: 900 });
    const look = (h: Locator) =>
      h.evaluate((e) => `${getComputedStyle(e).backgroundColor} ${getComputedStyle(e).borderColor}`);
    const dropOn = async (from: Locator, to: Locator) => {
      const a = (await from.boundingBox())!;
      const b = (await to.boundingBox())!;
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
      await page.mouse.up();
    };
    const refused = page.locator('.sw-toast').filter({ hasText: 'Cannot connect' });
    // A client takes no calls; the balancer calls the API already.
    const cases: [string, string][] = [
      ['api', 'users'],
      ['lb', 'api'],
    ];
    for (const [from, to] of cases) {
      const target = node(page, to).locator('.react-flow__handle.target');
      const plain = await look(target);
      await dropOn(node(page, from).locator('.react-flow__handle.source'), target);
      await expect.poll(() => refused.count()).toBeGreaterThan(0);
      await page.waitForTimeout(100);
      expect(await look(target), `${from} → ${to}`).toBe(plain);
      await page.mouse.move(5, 500);
    }
    // A handle that takes calls still lights up under the pointer, as before.
    const api = node(page, 'api').locator('.react-flow__handle.target');
    const plain = await look(api);
    const b = (await api.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await expect.poll(() => look(api)).not.toBe(plain);
    expect(await page.locator('.react-flow__edge').count()).toBe(3);
    expect(errors).toEqual([]);
  });
});

describe('the side panels button', () => {
  it('is named for what it does: Hide, then Show once they are hidden', async () => {
    const { page, errors } = await opened({ width: 1280, height: 720 });
    const hide = page.getByRole('button', { name: 'Hide the side panels' });
    expect(await hide.getAttribute('title')).toMatch(/^Hide the side panels/);
    await hide.click();
    await expect.poll(() => page.getByRole('complementary', { name: 'Properties' }).count()).toBe(0);
    const show = page.getByRole('button', { name: 'Show the side panels' });
    expect(await show.count()).toBe(1);
    expect(await show.getAttribute('title')).toMatch(/^Show the side panels/);
    expect(await hide.count()).toBe(0);
    await show.click();
    await expect.poll(() => page.getByRole('complementary', { name: 'Properties' }).count()).toBe(1);
    expect(await hide.count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe('a share link without a design', () => {
  const design = {
    schemaVersion: 1,
    name: 'Mine',
    nodes: [
      { id: 'c', kind: 'client', label: 'Shoppers', position: { x: 0, y: 0 } },
      { id: 's', kind: 'service', position: { x: 300, y: 0 } },
    ],
    edges: [{ id: 'e1', source: 'c', target: 's' }],
  };

  it('says the link has no design in it (#… without d=), and keeps the design on screen', async () => {
    const { ctx, page, errors } = await session.fresh();
    await seedDesign(ctx, design);
    await page.goto(`${BASE}#data=abc`);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not open the share link' });
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toMatch(/your design is unchanged.*"#data=abc".*no design in it.*#d=/);
    await expect.poll(() => node(page, 's').count()).toBe(1);
    expect(await node(page, 'c').textContent()).toContain('Shoppers');
    expect((await autosaved(page))?.nodes.map((n) => n.id)).toEqual(['c', 's']);

    // The same when such a fragment is typed in over the open page.
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await page.evaluate(() => (window.location.hash = 'x=1'));
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toContain('"#x=1"');
    expect(await page.locator('.react-flow__node').count()).toBe(2);
    expect(errors).toEqual([]);
  });
});

describe('the fault menu', () => {
  it("names each bad field with its own bounds, the row's, and injects nothing", async () => {
    const { page, errors } = await opened({ width: 1440, height: 900 });
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await node(page, 'api').locator('.sw-node__head').click({ button: 'right' });
    const menu = page.getByRole('dialog', { name: 'Inject fault' });
    await expect.poll(() => menu.count()).toBe(1);
    const cpu = menu.getByRole('group', { name: 'CPU throttle' });
    // 0.001 passes the fault schema (from 0.001) but not the field (from 0.01).
    await cpu.getByRole('spinbutton', { name: 'CPU throttle: Capacity ×' }).fill('0.001');
    await cpu.getByRole('spinbutton', { name: 'CPU throttle: duration (s)' }).fill('-5');
    await cpu.getByRole('button', { name: 'CPU throttle' }).click();
    await expect
      .poll(() => cpu.getByRole('alert').allTextContents())
      .toEqual([
        'Capacity must be a number from 0.01 to 1; got 0.001.',
        'Duration (s) must be a number from 0 (exclusive) to 10000000, or empty (until the end); got -5.',
      ]);
    expect(
      await cpu.getByRole('spinbutton', { name: 'CPU throttle: Capacity ×' }).getAttribute('aria-invalid'),
    ).toBe('true');
    expect(await page.locator('.sw-toast').filter({ hasText: 'injected' }).count()).toBe(0);
    // Fixed, each message goes; then it injects.
    await cpu.getByRole('spinbutton', { name: 'CPU throttle: Capacity ×' }).fill('0.5');
    await expect.poll(() => cpu.getByRole('alert').count()).toBe(1);
    await cpu.getByRole('spinbutton', { name: 'CPU throttle: duration (s)' }).fill('20');
    await expect.poll(() => cpu.getByRole('alert').count()).toBe(0);
    await cpu.getByRole('button', { name: 'CPU throttle' }).click();
    await expect
      .poll(() => page.locator('.sw-toast').filter({ hasText: 'CPU throttle injected into API' }).count())
      .toBe(1);
    expect(errors).toEqual([]);
  });

  it('covers no neighbour, follows its node as the canvas zooms, closes once the node leaves the view, and stays inside a smaller window', async () => {
    const { page, errors } = await opened({ width: 1440, height: 900 });
    const menu = page.getByRole('dialog', { name: 'Inject fault' });
    // Opened on the API, between the balancer and Postgres: it covers neither of them.
    await node(page, 'api').locator('.sw-node__head').click({ button: 'right' });
    await expect.poll(() => menu.count()).toBe(1);
    for (const id of ['users', 'lb', 'api', 'db'])
      expect(overlap((await menu.boundingBox())!, (await node(page, id).boundingBox())!), id).toBe(false);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    const db = node(page, 'db');
    await db.locator('.sw-node__head').click({ button: 'right' });
    await expect.poll(() => menu.count()).toBe(1);
    // 8 px off one of the node's sides, along it (the side that leaves its neighbours in view).
    const beside = async () => {
      const m = (await menu.boundingBox())!;
      const n = (await db.boundingBox())!;
      const dx = Math.max(n.x - (m.x + m.width), m.x - (n.x + n.width), 0);
      const dy = Math.max(n.y - (m.y + m.height), m.y - (n.y + n.height), 0);
      return !overlap(m, n) && ((Math.abs(dx - 8) < 2 && dy === 0) || (Math.abs(dy - 8) < 2 && dx === 0));
    };
    expect(await beside()).toBe(true);
    // A wheel zooms about the pointer (the menu stays open): the node moves, the menu with it.
    const canvas = (await page.locator('.react-flow').boundingBox())!;
    const before = (await db.boundingBox())!;
    await page.mouse.move(canvas.x + 60, canvas.y + 60);
    await page.mouse.wheel(0, 200);
    await expect.poll(async () => (await db.boundingBox())!.x).not.toBe(before.x);
    await settle(page);
    expect(await menu.count()).toBe(1);
    await expect.poll(beside).toBe(true);

    // A smaller window: inside it, still beside the node.
    await page.setViewportSize({ width: 1024, height: 600 });
    await settle(page);
    await expect
      .poll(async () => {
        const m = (await menu.boundingBox())!;
        return m.x >= 0 && m.y >= 0 && m.x + m.width <= 1024 && m.y + m.height <= 600;
      })
      .toBe(true);

    // Zoomed in far about the other corner, the node leaves the canvas: the menu closes.
    const c2 = (await page.locator('.react-flow').boundingBox())!;
    await page.mouse.move(c2.x + 20, c2.y + 20);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -400);
    await expect.poll(() => menu.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('the run summary', () => {
  for (const size of [
    { width: 1024, height: 700 },
    { width: 1280, height: 720 },
  ])
    it(`fits the dashboard without scrolling sideways at ${size.width} × ${size.height}`, async () => {
      const { page, errors } = await opened(size);
      await runToEnd(page);
      const scroller = page.locator('.sw-summary__scroll');
      await scroller.scrollIntoViewIfNeeded();
      const g = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(g.scroll).toBeLessThanOrEqual(g.client);
      // Still one figure and its interval per cell, and the headings as they read.
      const row = page.locator('.sw-summary__table tr', { has: page.locator('th[title="node id db"]') });
      expect(await row.locator('td[data-figure="ok latency p50 (ms)"]').textContent()).toMatch(
        /^\d+(\.\d+)? ± \d/,
      );
      expect(await page.locator('.sw-summary__table thead th').allTextContents()).toContain('p99.9 ok');
      expect(errors).toEqual([]);
    });
});
