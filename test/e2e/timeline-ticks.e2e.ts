/**
 * The run panel's time axes at 1280 × 720: the fault timeline's tick labels are 11 px like
 * the charts' (they were 9), never touch, and the last one stays inside the panel; no text
 * in the run panel is smaller than 10 px.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model/design';
import { BASE, node, openDesignFile, settle, useBrowser } from './browser';

const session = useBrowser();

/** Users → Svc over `durationS`, with a crash and a stop on the timeline. */
function design(durationS: number): Design {
  return {
    schemaVersion: 1,
    name: `Ticks ${durationS}`,
    nodes: [
      { id: 'users', kind: 'client', label: 'Users', position: { x: 0, y: 0 }, params: { rps: 20 } },
      { id: 'svc', kind: 'service', label: 'Svc', position: { x: 320, y: 0 }, params: {} },
    ],
    edges: [{ id: 'e1', source: 'users', target: 'svc', params: {} }],
    scenario: {
      durationS,
      faults: [
        { type: 'crash', target: 'svc', atS: durationS / 3, durationS: durationS / 6 },
        { type: 'crash', target: 'users', atS: durationS * 0.7 },
      ],
    },
  } as Design;
}

async function open(page: Page, d: Design) {
  await openDesignFile(page, d, 'ticks.json');
  await expect.poll(() => page.locator('.sw-timeline__bar').count()).toBe(2);
  await settle(page);
}

/** Labels' boxes, left to right, with their font size, and the box they must stay in. */
async function labelBoxes(labels: Locator, within: Locator) {
  const box = (await within.boundingBox())!;
  const all = await labels.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return {
        text: e.textContent,
        left: r.left,
        right: r.right,
        px: parseFloat(getComputedStyle(e).fontSize),
      };
    }),
  );
  return { box, all };
}

function expectApartAndInside({ box, all }: Awaited<ReturnType<typeof labelBoxes>>, what: string) {
  expect(all.length, what).toBeGreaterThan(2);
  for (let i = 1; i < all.length; i++)
    expect(
      all[i].left - all[i - 1].right,
      `${what}: ${all[i - 1].text} | ${all[i].text}`,
    ).toBeGreaterThanOrEqual(4);
  expect(all.at(-1)!.right, `${what}: ${all.at(-1)!.text}`).toBeLessThanOrEqual(box.x + box.width);
}

describe('time axes in the run panel', () => {
  it('labels the fault timeline at 11 px, apart and inside, from a minute to four hours', async () => {
    const { page, errors } = await session.fresh();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    const timeline = page.getByRole('region', { name: 'Fault timeline' });
    for (const d of [60, 150, 600, 1080, 3600, 4 * 3600]) {
      await open(page, design(d));
      const ticks = await labelBoxes(timeline.locator('.sw-timeline__axis span'), timeline);
      for (const t of ticks.all) expect(t.px, `${d} s: ${t.text}`).toBeGreaterThanOrEqual(11);
      expectApartAndInside(ticks, `${d} s`);
    }
    expect(await timeline.locator('.sw-timeline__label').allTextContents()).toEqual(
      expect.arrayContaining(['stop Users']),
    );
    expect(errors).toEqual([]);
  });

  it('keeps a chart’s last time label inside its border, and no run panel text under 10 px', async () => {
    const { page, errors } = await session.fresh();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await open(page, design(600));
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Run summary' }).count(), { timeout: 60_000 })
      .toBe(1);
    const charts = page.getByRole('region', { name: 'Clients' }).locator('figure');
    for (let i = 0; i < (await charts.count()); i++) {
      const chart = charts.nth(i);
      // The x axis is drawn first (LineChart).
      expectApartAndInside(
        await labelBoxes(chart.locator('.sw-chart__axis').first().locator('text'), chart),
        `chart ${i}`,
      );
    }
    const small = await page.locator('#panel-bottom').evaluate((panel) =>
      [...panel.querySelectorAll('*')]
        .filter((e) => [...e.childNodes].some((c) => c.nodeType === 3 && c.textContent!.trim()))
        .map((e) => [e.textContent!.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)] as const)
        .filter(([, px]) => px < 10),
    );
    expect(small).toEqual([]);
    expect(errors).toEqual([]);
  });
});
