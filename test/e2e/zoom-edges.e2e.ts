/**
 * Zooming a design of 871 calls without badges (a 30-service full mesh, under the 1,000
 * calls from which BulkEdges draws them) keeps the main thread free: only an edge's badges
 * follow the zoom (they grow as the view zooms out), so an edge without badges does not
 * re-render on a zoom step. When every edge subscribed to the zoom, 16 wheel steps took
 * 8 long tasks, 476 ms in all (longest 77 ms). The long tasks (PerformanceObserver
 * 'longtask') are printed.
 */
import { describe, expect, it } from 'vitest';
import { mesh } from '../fixtures/mesh';
import {
  BASE,
  longTasks,
  longTaskSummary,
  openPage,
  seedDesign,
  useBrowser,
  watchLongTasks,
} from './browser';

const session = useBrowser();

describe('zooming a design of 871 calls without badges', () => {
  it('does not re-render every edge on each wheel step', async () => {
    const ctx = await session.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await seedDesign(ctx, mesh(30, true));
    const { page, errors } = await openPage(ctx);
    await page.goto(BASE);
    await expect.poll(() => page.locator('.react-flow__edge').count(), { timeout: 20_000 }).toBe(871);
    expect(await page.locator('.sw-edge-badges').count()).toBe(0);
    await page.waitForTimeout(1500); // the fit to the view, the validation list, the autosave

    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    /** The view's zoom, from React Flow's transform on the viewport. */
    const zoom = () =>
      page.evaluate(() => {
        const t = document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform;
        return Number(/scale\(([\d.]+)\)/.exec(t)?.[1] ?? NaN);
      });
    const zooms = [await zoom()];
    await watchLongTasks(page);
    // 8 steps in, then 8 out: across the badge scale's tenths and the 80% threshold.
    for (let i = 0; i < 16; i++) {
      await page.mouse.wheel(0, i < 8 ? -100 : 100);
      await page.waitForTimeout(60);
      if (i === 7) zooms.push(await zoom());
    }
    await page.waitForTimeout(500);
    const tasks = await longTasks(page);
    zooms.push(await zoom());
    console.log(`zoom ${zooms.map((z) => `${Math.round(z * 100)}%`).join(' → ')}: ${longTaskSummary(tasks)}`);
    expect(zooms[1]).toBeGreaterThan(zooms[0] * 1.5); // the wheel did zoom
    expect(tasks.reduce((a, b) => a + b, 0)).toBeLessThan(150);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
