/**
 * The dashboard's charts share the row's width at any window width, and are drawn at the
 * size they are shown at: their axis text is 11 px at 1280 and at 1920 px alike.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, node, openPage, settle, useBrowser } from './browser';

const session = useBrowser();

async function layout(page: Page) {
  return page
    .locator('.sw-dash__charts')
    .first()
    .evaluate((row) => {
      const r = row.getBoundingClientRect();
      const charts = [...row.querySelectorAll('.sw-chart')].map((f) => f.getBoundingClientRect());
      const svgs = [...row.querySelectorAll<SVGSVGElement>('.sw-chart svg')];
      const text = row.querySelector('.sw-chart__axis text')!;
      return {
        rowRight: r.right,
        firstRowRight: Math.max(...charts.filter((c) => c.top === charts[0].top).map((c) => c.right)),
        // Rendered px per drawn unit: 1 when a chart is drawn at its real size.
        scales: svgs.map((s) => s.getBoundingClientRect().width / s.viewBox.baseVal.width),
        axisPx: parseFloat(getComputedStyle(text).fontSize),
      };
    });
}

describe('dashboard charts', () => {
  for (const [width, height] of [
    [1920, 1080],
    [1280, 800],
  ])
    it(`fill the row and keep 11 px axis text at ${width} px`, async () => {
      const ctx = await session.browser.newContext({ viewport: { width, height } });
      try {
        const { page, errors } = await openPage(ctx);
        await page.goto(`${BASE}?example=three-tier`);
        await expect.poll(() => node(page, 'db').count()).toBe(1);
        await settle(page);
        await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
        await page.getByRole('button', { name: 'Run', exact: true }).click();
        await expect
          .poll(() => page.getByRole('region', { name: 'Run summary' }).count(), { timeout: 60_000 })
          .toBe(1);
        const l = await layout(page);
        // The client charts reach the row's right edge (auto-fill left 40% empty at 1920).
        expect(l.firstRowRight).toBeGreaterThan(l.rowRight - 2);
        for (const s of l.scales) expect(s).toBeCloseTo(1, 1);
        expect(l.axisPx).toBeGreaterThanOrEqual(11);
        expect(errors).toEqual([]);
      } finally {
        await ctx.close();
      }
    });
});
