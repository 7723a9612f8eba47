/**
 * The latency of ok answers in the browser: a service that refuses two calls in three at
 * once (one thread, no queue, 10 ms per call, 200 calls/s) must not read as fast. The
 * dashboard's latency charts show the ok answers' 10 ms by default, where the all-answers
 * median is 0; the ok / all switch changes both charts and the summary table; the CSV carries
 * both.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { refusingDesign } from '../fixtures/refusing';
import { BASE, node, openDesignFile, settle, useBrowser } from './browser';

const session = useBrowser();

const design = refusingDesign();

/**
 * A latency chart's lines in milliseconds, read off the drawing: each path's y positions
 * mapped through the y axis's own ticks (the chart is d3, no data attributes to read).
 */
async function plotted(chart: Locator): Promise<number[][]> {
  return chart.evaluate((fig) => {
    // The x axis is drawn first, the y axis second (LineChart).
    const yAxis = fig.querySelectorAll('.sw-chart__axis')[1];
    const ticks = [...yAxis.querySelectorAll('.tick')].map((t) => ({
      v: Number(t.textContent),
      y: Number(/translate\([^,]+,([^)]+)\)/.exec(t.getAttribute('transform') ?? '')?.[1]),
    }));
    const [a, b] = [ticks[0], ticks[ticks.length - 1]];
    const ms = (y: number) => a.v + ((y - a.y) * (b.v - a.v)) / (b.y - a.y);
    return [...fig.querySelectorAll('path.sw-chart__line')].map((p) =>
      [...(p.getAttribute('d') ?? '').matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => ms(Number(m[2]))),
    );
  });
}

const latencyChart = (page: Page, scope: string) =>
  page.locator(`section[aria-label^="${scope}"] figure:has(.sw-chart__title:text-matches("^Latency"))`);

describe('latency of ok answers', () => {
  it('reads 10 ms for the ok answers of a node that refuses most calls at once, 0 among all answers', async () => {
    const { page, errors } = await session.fresh();
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await openDesignFile(page, design, 'refusing.json');
    await expect.poll(() => node(page, 'svc').count()).toBe(1);
    await settle(page);
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Run summary' }).count(), { timeout: 30_000 })
      .toBe(1);

    // The client strip: "p99 ok" is the ok answers' 10 ms.
    const strip = page.getByRole('region', { name: 'Clients' });
    await expect.poll(() => strip.getByTestId('dash-p99-ok').textContent()).toBe('10 ms');
    expect(await strip.locator('dt', { hasText: 'p99 ok' }).count()).toBe(1);

    // The client latency chart plots the ok answers by default: p50, p90 and p99 all at 10 ms.
    const client = latencyChart(page, 'Clients');
    expect(await client.locator('.sw-chart__title').textContent()).toBe('Latency of ok answers (ms)');
    expect(await client.getByRole('button', { name: 'ok answers' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    const ok = await plotted(client);
    expect(ok).toHaveLength(3);
    for (const l of ok) {
      expect(l.length).toBeGreaterThan(10);
      for (const v of l) expect(v).toBeCloseTo(10, 0);
    }

    // Its node chart follows the same choice; switching there switches both.
    await node(page, 'svc').locator('.sw-node__head').click();
    const svc = latencyChart(page, 'Series of');
    await expect.poll(() => svc.count()).toBe(1);
    await expect.poll(async () => (await plotted(svc))[0]?.length ?? 0).toBeGreaterThan(10);
    for (const l of await plotted(svc)) for (const v of l) expect(v).toBeCloseTo(10, 0);
    await svc.getByRole('button', { name: 'all answers' }).click();
    await expect
      .poll(() => svc.locator('.sw-chart__title').textContent())
      .toBe('Latency of all answers (ms)');
    await expect
      .poll(() => client.locator('.sw-chart__title').textContent())
      .toBe('Latency of all answers (ms)');
    // Among all answers two in three took 0 ms: the median reads 0 (the p99 still 10).
    const [p50, , p99] = await plotted(client);
    expect(p50.filter((v) => v < 0.5).length).toBeGreaterThan(p50.length * 0.8);
    for (const v of p99) expect(v).toBeCloseTo(10, 0);
    const [nodeP50] = await plotted(svc);
    expect(nodeP50.filter((v) => v < 0.5).length).toBeGreaterThan(nodeP50.length * 0.8);
    await client.getByRole('button', { name: 'ok answers' }).click();
    await expect.poll(() => svc.locator('.sw-chart__title').textContent()).toBe('Latency of ok answers (ms)');

    // The summary follows the same switch: the ok answers' p50 and p99 10 under "p50 ok"...
    const summary = page.getByRole('region', { name: 'Run summary' });
    const row = summary.locator('tr', { has: page.locator('th[title="node id svc"]') });
    const cell = (figure: string) => row.locator(`td[data-figure="${figure}"]`).textContent();
    const heads = () => summary.locator('thead th').allTextContents();
    expect(await heads()).toEqual(expect.arrayContaining(['p50 ok', 'p99 ok']));
    expect(await cell('ok latency p50 (ms)')).toBe('10.0 ± 0');
    expect(await cell('ok latency p99 (ms)')).toBe('10.0 ± 0');
    expect(await row.locator('td[data-figure="all latency p50 (ms)"]').count()).toBe(0);
    // ... and all answers' p50 0 under "p50 all", switched from the table or the charts alike.
    await summary.getByRole('button', { name: 'all answers' }).click();
    await expect.poll(heads).toEqual(expect.arrayContaining(['p50 all', 'p99 all']));
    expect(await cell('all latency p50 (ms)')).toBe('0 ± 0');
    // About 36 answers beyond p99 of all answers: too few for an interval (quantileCI).
    expect(await cell('all latency p99 (ms)')).toBe('10');
    expect(await client.locator('.sw-chart__title').textContent()).toBe('Latency of all answers (ms)');
    await client.getByRole('button', { name: 'ok answers' }).click();
    await expect.poll(heads).toEqual(expect.arrayContaining(['p50 ok']));
    // The CSV carries both, whichever the table shows.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      summary.getByRole('button', { name: 'CSV' }).click(),
    ]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text).toContain('\nnode,svc,Svc,all latency p50 (ms),0,');
    expect(text).toMatch(/\nnode,svc,Svc,ok latency p50 \(ms\),10,/);
    expect(text).toMatch(/\nclient,users,Users,ok latency p99 \(ms\),10,/);

    expect(errors).toEqual([]);
  });
});
