/**
 * The image export draws each node at the height of what it draws, before, during and after
 * a run: the canvas's nodes grow by their live widgets, which the export leaves out.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { node, openThreeTier, useBrowser } from './browser';

const session = useBrowser();

/** Each node's box (width × height) in an SVG export, by its label. */
async function exportedBoxes(page: Page): Promise<Record<string, string>> {
  await page.getByRole('button', { name: 'Export' }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'SVG image' }).click(),
  ]);
  const svg = readFileSync((await file.path())!, 'utf8');
  const out: Record<string, string> = {};
  for (const m of svg.matchAll(/<title>([^<]*)<\/title><rect width="([\d.]+)" height="([\d.]+)" rx="8"/g))
    out[m[1]] = `${m[2]}×${m[3]}`;
  return out;
}

describe('image export', () => {
  it('exports nodes at the same size before and after a run, the size the canvas shows them without live widgets', async () => {
    const { page, errors } = await openThreeTier(session);
    const canvasHeight = () => node(page, 'api').evaluate((e) => (e as HTMLElement).offsetHeight);
    const before = await exportedBoxes(page);
    expect(Object.keys(before).sort()).toEqual(['API', 'Load balancer', 'Postgres', 'Users']);
    expect(before.API).toBe(
      `${await node(page, 'api').evaluate((e) => (e as HTMLElement).offsetWidth)}×${await canvasHeight()}`,
    );
    const idleHeight = await canvasHeight();

    await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => node(page, 'api').locator('.sw-live').count(), { timeout: 10_000 }).toBe(1);
    // The canvas's node is taller now (its ring and queue bar).
    await expect.poll(canvasHeight).toBeGreaterThan(idleHeight);
    expect(await exportedBoxes(page)).toEqual(before);
    await expect
      .poll(() => page.getByRole('region', { name: 'Run summary' }).count(), { timeout: 60_000 })
      .toBe(1);
    expect(await exportedBoxes(page)).toEqual(before);
    expect(errors).toEqual([]);
  });
});
