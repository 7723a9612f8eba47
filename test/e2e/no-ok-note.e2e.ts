/**
 * The ok latency chart says why it went empty: after the only service crashed every answer
 * failed, the ok lines stop, and the chart names when that began ("No ok answers since
 * 8 s"), over the plot, until ok answers come back or the user switches to all answers.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model/design';
import { refusingDesign } from '../fixtures/refusing';
import { BASE, node, openDesignFile, settle, simClock, useBrowser } from './browser';

const session = useBrowser();

/** Users → Svc (refuses two calls in three); Svc crashes at `atS` for `durationS` (to the end without). */
function crashing(atS: number, durationS?: number): Design {
  const d = refusingDesign();
  d.scenario = { ...d.scenario, faults: [{ type: 'crash', target: 'svc', atS, durationS }] };
  return d;
}

async function open(page: Page, design: Design) {
  await page.goto(`${BASE}?example=three-tier`);
  await expect.poll(() => node(page, 'db').count()).toBe(1);
  await openDesignFile(page, design, 'crashing.json');
  await expect.poll(() => node(page, 'svc').count()).toBe(1);
  await settle(page);
}

const latencyChart = (page: Page, scope: string) =>
  page.locator(`section[aria-label^="${scope}"] figure:has(.sw-chart__title:text-matches("^Latency"))`);

/** The note's box lies inside the chart's plot, with room to read it. */
async function expectInsidePlot(chart: Locator) {
  const note = await chart.getByRole('note').locator('span').boundingBox();
  const svg = await chart.locator('svg').boundingBox();
  expect(note && svg).toBeTruthy();
  expect(note!.width).toBeGreaterThan(100);
  expect(note!.height).toBeGreaterThan(10);
  expect(note!.x).toBeGreaterThanOrEqual(svg!.x);
  expect(note!.y).toBeGreaterThanOrEqual(svg!.y);
  expect(note!.x + note!.width).toBeLessThanOrEqual(svg!.x + svg!.width + 0.5);
  expect(note!.y + note!.height).toBeLessThanOrEqual(svg!.y + svg!.height + 0.5);
}

describe('an ok latency chart with no ok answers', () => {
  it('says since when every answer failed, on the client’s and the service’s chart, and not among all answers', async () => {
    const { page, errors } = await session.fresh();
    await open(page, crashing(8));
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Run summary' }).count(), { timeout: 30_000 })
      .toBe(1);

    const client = latencyChart(page, 'Clients');
    const note = client.getByRole('note');
    await expect
      .poll(() => note.textContent())
      .toMatch(
        /^No ok answers since 8 s: all [\d,]+ failed \(unavailable\)\. Switch to “all” to see how fast they failed\.$/,
      );
    await expectInsidePlot(client);

    // Among all answers the lines go on (the failures were instant): nothing to explain.
    await client.getByRole('button', { name: 'all answers' }).click();
    await expect.poll(() => note.count()).toBe(0);
    await client.getByRole('button', { name: 'ok answers' }).click();
    await expect.poll(() => note.count()).toBe(1);

    // The service's own latency chart says the same.
    await node(page, 'svc').locator('.sw-node__head').click();
    const svc = latencyChart(page, 'Series of');
    await expect
      .poll(() => svc.getByRole('note').textContent())
      .toMatch(/^No ok answers since 8 s: all [\d,]+ failed/);
    await expectInsidePlot(svc);

    expect(errors).toEqual([]);
  });

  it('goes when ok answers come back', async () => {
    const { page, errors } = await session.fresh();
    // A crash from 6 to 12 s of a 20 s run, at 2×: the note shows for about three real seconds.
    await open(page, crashing(6, 6));
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('2');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const note = latencyChart(page, 'Clients').getByRole('note');
    await expect.poll(() => note.count(), { timeout: 20_000, interval: 100 }).toBe(1);
    expect(await note.textContent()).toMatch(/^No ok answers since 6 s:/);
    await expect.poll(() => note.count(), { timeout: 20_000, interval: 100 }).toBe(0);
    // Gone while the run goes on, not only once it ended.
    expect(await simClock(page)).toBeLessThan(19);
    await expect
      .poll(() => page.getByRole('region', { name: 'Run summary' }).count(), { timeout: 30_000 })
      .toBe(1);
    expect(await note.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
