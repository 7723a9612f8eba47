/**
 * The client charts and the selected element's fetch the engine's own series each time a
 * time bucket closes: they keep up live while running (several redraws a second, not one),
 * hold still while paused, gain one bucket per Step, and start empty after Reset. Switching
 * to another client or element never empties the charts while its rows are fetched.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, node, settle, simClock, useBrowser } from './browser';

const session = useBrowser();

/** The client throughput chart's first line (throughput): its path, and how many buckets it draws. */
async function throughput(page: Page): Promise<{ d: string; points: number }> {
  const d =
    (await page
      .locator(
        'section[aria-label="Clients"] figure:has(.sw-chart__title:text-matches("^Throughput")) path.sw-chart__line',
      )
      .first()
      .getAttribute('d')) ?? '';
  // One M, then one L per further point (a line without gaps, too short to be decimated).
  return { d, points: d ? d.split(/[ML]/).filter(Boolean).length : 0 };
}

/** The selected node's first chart line (utilization), as path data. */
const nodeLine = async (page: Page) =>
  (await page.locator('section[aria-label^="Series of"] path.sw-chart__line').first().getAttribute('d')) ??
  '';

describe('client charts', () => {
  it('redraw live while running, hold while paused, take a step, and start over on Reset', async () => {
    const { page, errors } = await session.fresh();
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await settle(page);
    await node(page, 'db').click(); // its own charts keep up too
    // 10×: ten 1 s buckets close each second; the charts fetch at most 4 times a second.
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(async () => (await throughput(page)).points, { timeout: 10_000 }).toBeGreaterThan(3);
    const seen = new Set<string>();
    const seenNode = new Set<string>();
    for (let i = 0; i < 20; i++) {
      seen.add((await throughput(page)).d);
      seenNode.add(await nodeLine(page));
      await page.waitForTimeout(100);
    }
    // Two seconds of sampling: about 8 redraws at 4 a second; a 1 s poll would give 2 or 3.
    expect(seen.size).toBeGreaterThanOrEqual(5);
    expect(seenNode.size).toBeGreaterThanOrEqual(5);
    expect(Number(await page.getByTestId('dash-throughput').textContent())).toBeGreaterThan(0);

    // Paused: nothing new to draw.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Resume', exact: true }).count()).toBe(1);
    await page.waitForTimeout(500);
    const paused = await throughput(page);
    await page.waitForTimeout(500);
    expect((await throughput(page)).d).toBe(paused.d);
    // Each bucket closed so far is drawn (the open one is not).
    expect(paused.points).toBe(Math.floor(await simClock(page)));

    // A step closes one more bucket, and the chart shows it.
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(async () => (await throughput(page)).points).toBe(paused.points + 1);

    // Reset: a new run, nothing of the old one drawn.
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect.poll(async () => (await throughput(page)).points).toBe(0);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(async () => (await throughput(page)).points, { timeout: 10_000 }).toBeGreaterThan(2);

    expect(errors).toEqual([]);
  });
});

/**
 * Records, at every change of the dashboard's DOM, whether the clients' throughput line or
 * every line of the selected element's charts was empty (the charts gone for a round trip),
 * and each value the two sections' aria-busy took.
 */
async function watchFlashes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { flashes: string[]; busy: string[] };
    w.flashes = [];
    w.busy = [];
    const check = () => {
      const clients = document.querySelector('section[aria-label="Clients"]');
      const thr = [...(clients?.querySelectorAll('figure') ?? [])]
        .find((f) => f.querySelector('.sw-chart__title')?.textContent?.startsWith('Throughput'))
        ?.querySelector('path.sw-chart__line');
      if (!thr?.getAttribute('d')) w.flashes.push('clients');
      const el = document.querySelector('section[aria-label^="Series of"]');
      if (!el || ![...el.querySelectorAll('path.sw-chart__line')].some((p) => p.getAttribute('d')))
        w.flashes.push('element');
      for (const s of [clients, el]) {
        const b = `${s?.getAttribute('aria-label')}: ${s?.getAttribute('aria-busy')}`;
        if (w.busy.at(-1) !== b) w.busy.push(b);
      }
    };
    new MutationObserver(check).observe(document.querySelector('.sw-dash')!, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['d', 'aria-busy'],
    });
  });
}

const flashes = (page: Page) =>
  page.evaluate(() => (window as unknown as { flashes: string[]; busy: string[] }).flashes);
const busy = (page: Page) =>
  page.evaluate(() => (window as unknown as { flashes: string[]; busy: string[] }).busy);

describe('switching what is charted', () => {
  it('never empties the charts: a copy fetched before shows at once, else the one before, greyed', async () => {
    const { page, errors } = await session.fresh();
    await page.goto(`${BASE}?example=news-feed`);
    await expect.poll(() => node(page, 'feed').count()).toBe(1);
    await settle(page);
    await node(page, 'posts').click();
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const elementCharts = page.locator('section[aria-label^="Series of"]');
    await expect
      .poll(() => elementCharts.locator('path.sw-chart__line[d^="M"]').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect.poll(async () => (await throughput(page)).points, { timeout: 10_000 }).toBeGreaterThan(3);
    await watchFlashes(page);
    const clients = page.locator('section[aria-label="Clients"]');
    const picker = page.getByRole('combobox', { name: 'Client' });

    // A client never fetched: the other one's lines stay (greyed, busy) until its rows are in.
    const posters = (await throughput(page)).d;
    await picker.selectOption({ index: 1 });
    await expect.poll(() => clients.getAttribute('aria-busy')).toBe('false');
    await expect.poll(async () => (await throughput(page)).d).not.toBe(posters);
    expect(await busy(page)).toContain('Clients: true');
    // Back to one fetched before: its copy at once, never busy.
    await page.evaluate(() => ((window as unknown as { busy: string[] }).busy = []));
    await picker.selectOption({ index: 0 });
    await expect.poll(() => clients.getAttribute('aria-busy')).toBe('false');
    expect(await busy(page)).not.toContain('Clients: true');

    // The same for the selected element: another node never charted, then back.
    await node(page, 'feed').click();
    await expect.poll(() => elementCharts.locator('header span[title="feed"]').count()).toBe(1);
    await expect.poll(() => elementCharts.getAttribute('aria-busy')).toBe('false');
    expect((await busy(page)).some((b) => /^Series of .*: true$/.test(b))).toBe(true);
    await page.evaluate(() => ((window as unknown as { busy: string[] }).busy = []));
    await node(page, 'posts').click();
    await expect.poll(() => elementCharts.locator('header span[title="posts"]').count()).toBe(1);
    expect((await busy(page)).some((b) => b.endsWith(': true'))).toBe(false);

    expect(await flashes(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a node added during the run says to restart, instead of showing the one before greyed', async () => {
    const { page, errors } = await session.fresh();
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await settle(page);
    await node(page, 'db').click();
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => nodeLine(page), { timeout: 10_000 }).not.toBe('');
    // The palette adds a node and selects it; the running session does not have it.
    await page.getByRole('button', { name: 'Cache', exact: true }).click();
    await expect
      .poll(() => page.locator('.sw-dash__empty').textContent(), { timeout: 5_000 })
      .toMatch(/was added after this run started: Restart to chart it/);
    // The restart it names is the banner's.
    await expect.poll(() => page.getByRole('button', { name: 'Restart', exact: true }).count()).toBe(1);
    expect(await page.locator('section[aria-busy="true"]').count()).toBe(0);
    expect(await page.locator('section[aria-label^="Series of"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
