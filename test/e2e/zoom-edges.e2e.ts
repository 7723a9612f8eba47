/**
 * Zooming a design of 871 calls without badges (a 30-service full mesh, under the 1,000
 * calls from which BulkEdges draws them) keeps the main thread free: only an edge's badges
 * follow the zoom (they grow as the view zooms out), so an edge without badges does not
 * re-render on a zoom step. When every edge subscribed to the zoom, 16 wheel steps took
 * 8 long tasks, 476 ms in all (longest 77 ms). With a timeout badge on every call, the
 * badges' growth follows the zoom in CSS (one custom property), not by re-rendering each
 * badge: that took ~1.3 s of long tasks over the same 16 steps. The long tasks
 * (PerformanceObserver 'longtask') are printed.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model';
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

/** The view's zoom, from React Flow's transform on the viewport. */
const zoomOf = (page: Page) =>
  page.evaluate(() => {
    const t = document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform;
    return Number(/scale\(([\d.]+)\)/.exec(t)?.[1] ?? NaN);
  });

/**
 * Opens `design` (871 calls), zooms 8 wheel steps in and 8 out (across the badge scale's
 * tenths and the 80% threshold), and returns the zooms before, between and after, the
 * long tasks of the 16 steps, and what `probe` read at the innermost zoom.
 */
async function zoomInAndOut<T>(design: Design, probe: (page: Page) => Promise<T>) {
  const ctx = await session.browser.newContext({ viewport: { width: 1440, height: 900 } });
  await seedDesign(ctx, design);
  const { page, errors } = await openPage(ctx);
  await page.goto(BASE);
  await expect.poll(() => page.locator('.react-flow__edge').count(), { timeout: 20_000 }).toBe(871);
  await page.waitForTimeout(1500); // the fit to the view, the validation list, the autosave
  const badgeBoxes = await page.locator('.sw-edge-badges').count();
  const before = await probe(page);

  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  const zooms = [await zoomOf(page)];
  await watchLongTasks(page);
  let inner: T | undefined;
  for (let i = 0; i < 16; i++) {
    await page.mouse.wheel(0, i < 8 ? -100 : 100);
    await page.waitForTimeout(60);
    if (i === 7) {
      zooms.push(await zoomOf(page));
      // Read after the step's long tasks are in, outside the counted steps' pace.
      inner = await probe(page);
    }
  }
  await page.waitForTimeout(500);
  const tasks = await longTasks(page);
  zooms.push(await zoomOf(page));
  console.log(`zoom ${zooms.map((z) => `${Math.round(z * 100)}%`).join(' → ')}: ${longTaskSummary(tasks)}`);
  expect(zooms[1]).toBeGreaterThan(zooms[0] * 1.5); // the wheel did zoom
  expect(errors).toEqual([]);
  await ctx.close();
  return { zooms, tasks, badgeBoxes, before, inner: inner as T };
}

describe('zooming a design of 871 calls', () => {
  it('does not re-render every edge on each wheel step', async () => {
    const r = await zoomInAndOut(mesh(30, true), async () => null);
    expect(r.badgeBoxes).toBe(0);
    expect(r.tasks.reduce((a, b) => a + b, 0)).toBeLessThan(150);
  });

  it('with a badge on every call, grows the badges zoomed out without re-rendering them', async () => {
    const design = mesh(30, true);
    design.edges = design.edges.map((e) => ({ ...e, params: { timeoutMs: 500 } }));
    /** Each badge box's scale (its transform's first matrix entry): min and max. */
    const scales = (page: Page) =>
      page.locator('.sw-edge-badges').evaluateAll((els) => {
        const k = els.map((el) => new DOMMatrix(getComputedStyle(el).transform).a);
        return [Math.min(...k), Math.max(...k)];
      });
    const r = await zoomInAndOut(design, scales);
    expect(r.badgeBoxes).toBe(871);
    // Zoomed out (the fitted view) they grow, within their room between the nodes; past 95% in, they do not.
    expect(r.zooms[0]).toBeLessThan(0.6);
    expect(r.before[1]).toBeGreaterThan(1.3);
    expect(r.before[1]).toBeLessThanOrEqual(2.4);
    expect(r.before[0]).toBeGreaterThanOrEqual(1);
    expect(r.zooms[1]).toBeGreaterThan(0.95);
    expect(r.inner).toEqual([1, 1]);
    expect(r.tasks.reduce((a, b) => a + b, 0)).toBeLessThan(600);
  });
});
