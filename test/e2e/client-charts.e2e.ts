/**
 * The client charts and the selected element's fetch the engine's own series each time a
 * time bucket closes: they keep up live while running (several redraws a second, not one),
 * hold still while paused, gain one bucket per Step, and start empty after Reset.
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
