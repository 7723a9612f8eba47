/**
 * The dashboard's charts share the row's width at any window width, and are drawn at the
 * size they are shown at: their axis text is 11 px at 1280 and at 1920 px alike. An edge's
 * breaker chart only where it has one, naming the states; the latency charts' log scale;
 * the client figures beside their own labels.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, node, openPage, openThreeTier, settle, useBrowser } from './browser';

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
        await runToEnd(page, 'three-tier', 'db');
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

/** The y axis tick labels of the chart titled `title` (its svg is an img named so) in `scope`. */
function yTicks(scope: Page | Locator, title: string): Promise<string[]> {
  return scope
    .getByRole('img', { name: title, exact: true })
    .first()
    .evaluate((svg) =>
      [...svg.querySelectorAll('.sw-chart__axis')[1].querySelectorAll('text')].map(
        (t) => t.textContent ?? '',
      ),
    );
}

/**
 * Each chart's plot left edge (its y axis line), from its svg's left edge, and how far its y
 * labels start from there (negative: cut off by, or hanging past, the chart's left side).
 */
function plotLefts(page: Page): Promise<{ title: string | null; plot: number; labels: number }[]> {
  return page.locator('.sw-dash').evaluate((dash) =>
    [...dash.querySelectorAll<SVGSVGElement>('.sw-chart svg')].map((svg) => {
      const left = svg.getBoundingClientRect().left;
      const y = svg.querySelectorAll('.sw-chart__axis')[1];
      const texts = [...y.querySelectorAll('text')].map((t) => t.getBoundingClientRect().left);
      return {
        title: svg.getAttribute('aria-label'),
        plot: Math.round(y.querySelector('path.domain')!.getBoundingClientRect().right - left),
        labels: Math.min(...texts) - left,
      };
    }),
  );
}

/** Focuses an edge on the canvas and opens it (Enter), as a keyboard user selects it. */
async function selectEdge(page: Page, id: string) {
  await page.locator(`.react-flow__edge[data-id="${id}"]`).focus();
  await page.keyboard.press('Enter');
}

/** external-dependency (its payments edge has a breaker, receipts none; payments slows 15× at 40-70 s), run to its end. */
async function runExternalDependency() {
  const opened = await session.fresh();
  await runToEnd(opened.page, 'external-dependency', 'payments');
  return opened;
}

/** Opens an example (`shown`: a node id to wait for) and runs it at full speed to its summary. */
async function runToEnd(page: Page, example: string, shown: string) {
  await page.goto(`${BASE}?example=${example}`);
  await expect.poll(() => node(page, shown).count()).toBe(1);
  await settle(page);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect
    .poll(() => page.getByRole('region', { name: 'Run summary' }).count(), { timeout: 60_000 })
    .toBe(1);
}

describe('dashboard axes', () => {
  it('chart a breaker only on an edge with one, its axis naming the states', async () => {
    const { page, errors } = await runExternalDependency();
    // The receipts edge has retries but no breaker: calls and in flight, no breaker chart.
    await selectEdge(page, 'store');
    const edgeCharts = page.getByRole('region', { name: /^Series of / });
    await expect.poll(() => edgeCharts.getByRole('img', { name: 'In flight' }).count()).toBe(1);
    expect(await edgeCharts.getByRole('img', { name: /breaker/i }).count()).toBe(0);
    // The payments edge has one: its chart names the three states, no 0.2 steps.
    await selectEdge(page, 'pay');
    const breaker = edgeCharts.getByRole('img', { name: 'Circuit breaker', exact: true });
    await expect.poll(() => breaker.count()).toBe(1);
    expect(await yTicks(edgeCharts, 'Circuit breaker')).toEqual(['closed', 'open', 'half-open']);
    // Its legend does not repeat the title.
    expect(await page.locator('.sw-chart', { has: breaker }).locator('.sw-chart__key').count()).toBe(0);
    // Its plot starts where every other chart's does (the clients' above it too), and its
    // state names ("half-open" on two lines) stay inside it.
    const lefts = await plotLefts(page);
    expect(lefts.map((l) => l.title)).toContain('Circuit breaker');
    expect(new Set(lefts.map((l) => l.plot)).size).toBe(1);
    for (const l of lefts) expect(l.labels).toBeGreaterThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  it('give the latency charts a log scale, one choice per chart kind', async () => {
    const { page, errors } = await runExternalDependency();
    // The clients' latency: linear by default, decades on the log scale, linear again.
    const clients = page.getByRole('region', { name: 'Clients' });
    const title = 'Latency of ok answers (ms)';
    const linear = await yTicks(clients, title);
    expect(linear).toContain('0');
    const log = clients.getByRole('button', { name: 'log scale' });
    expect(await log.getAttribute('aria-pressed')).toBe('false');
    await log.click();
    expect(await log.getAttribute('aria-pressed')).toBe('true');
    // ~100 ms answers slowed to seconds: 100 ms and 1 s on the axis, and no 0 on a log axis.
    await expect.poll(() => yTicks(clients, title)).toEqual(expect.arrayContaining(['100', '1s']));
    const logTicks = await yTicks(clients, title);
    expect(logTicks).not.toContain('0');
    for (const t of logTicks) expect(t).toMatch(/^[125]0*s?$|^0\.0*[125]$/);
    // A node's latency chart is another kind: linear until switched ...
    const elementCharts = page.getByRole('region', { name: /^Series of / });
    await node(page, 'checkout').click();
    await expect.poll(() => elementCharts.getByRole('img', { name: title }).count()).toBe(1);
    expect(await yTicks(elementCharts, title)).toContain('0');
    await elementCharts.getByRole('button', { name: 'log scale' }).click();
    await expect.poll(() => yTicks(elementCharts, title)).not.toContain('0');
    // Among all answers, checkout's p50 is 0 while the breaker answers at once: drawn on the
    // floor with a mark there that says it is lower, not a value at the floor.
    const clips = elementCharts.locator('path.sw-chart__clip');
    expect(await clips.count()).toBe(0);
    await elementCharts.getByRole('button', { name: 'all answers' }).click();
    await expect.poll(() => clips.count()).toBeGreaterThan(0);
    const floor = (await yTicks(elementCharts, 'Latency of all answers (ms)'))[0];
    expect(await clips.first().locator('title').textContent()).toMatch(new RegExp(`^p50: < ${floor} at `));
    await elementCharts.getByRole('button', { name: 'ok answers' }).click();
    // ... and then log for every node.
    await node(page, 'payments').click();
    await expect.poll(() => elementCharts.getAttribute('aria-label')).toMatch(/Payments/);
    await expect.poll(() => yTicks(elementCharts, title)).not.toContain('0');
    expect(await elementCharts.getByRole('button', { name: 'log scale' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    // The clients' chart stays log over a remount of the dashboard, and goes back to linear.
    await page.getByRole('tab', { name: 'Validation' }).click();
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await expect.poll(() => yTicks(clients, title)).toEqual(logTicks);
    await clients.getByRole('button', { name: 'log scale' }).click();
    await expect.poll(() => yTicks(clients, title)).toEqual(linear);
    expect(errors).toEqual([]);
  });

  it('set each client figure beside its own label, well apart from the next', async () => {
    const { page, errors } = await openThreeTier(session);
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Run summary' }).count(), { timeout: 60_000 })
      .toBe(1);
    const gaps = await page.locator('.sw-dash__figs').evaluate((dl) =>
      [...dl.querySelectorAll('div')].map((g) => {
        const dt = g.querySelector('dt')!.getBoundingClientRect();
        // The digits themselves, not the dd's box (it keeps room for wider values).
        const range = document.createRange();
        range.selectNodeContents(g.querySelector('dd')!);
        const text = range.getBoundingClientRect();
        const next = g.nextElementSibling?.querySelector('dt')?.getBoundingClientRect();
        return {
          own: text.left - dt.right,
          next: next && next.top === dt.top ? next.left - text.right : null,
        };
      }),
    );
    expect(gaps.length).toBe(6);
    for (const g of gaps) {
      expect(g.own).toBeGreaterThanOrEqual(0);
      expect(g.own).toBeLessThanOrEqual(6);
      // At least three times as far from the next label as from its own.
      if (g.next !== null) expect(g.next).toBeGreaterThanOrEqual(Math.max(16, 3 * g.own));
    }
    expect(errors).toEqual([]);
  });
});

describe('a node picked during a run', () => {
  it('gets its charts first and in view at 1280 × 800, above the clients’', async () => {
    const { page, errors } = await session.fresh();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${BASE}?example=cache-stampede`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await settle(page);
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForTimeout(1500);
    await node(page, 'db').click();
    const series = page.getByRole('region', { name: /^Series of / });
    await expect.poll(() => series.getByRole('img').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // Its first chart is on screen, and the element's charts come before the clients'.
    const firstChart = await series.getByRole('img').first().boundingBox();
    expect(firstChart!.y + 40).toBeLessThan(800);
    const order = await page
      .locator('.sw-dash')
      .evaluate((d) =>
        [...d.querySelectorAll('section[aria-label]')].map((s) => s.getAttribute('aria-label')),
      );
    expect(order[0]).toMatch(/^Series of /);
    expect(errors).toEqual([]);
  });
});
