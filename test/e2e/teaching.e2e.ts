/**
 * A workshop, end to end: the student who runs a half-built design, and the teacher who
 * runs an example, changes one parameter and runs it again.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, connect, node, openThreeTier, settle, useBrowser } from './browser';

const session = useBrowser();

async function newDesign(page: Page) {
  await page.getByRole('button', { name: 'File' }).click();
  await page.getByRole('menuitem', { name: 'New' }).click();
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);
}

describe('a workshop', () => {
  it("keeps a run's explanation in sight: the design's warnings show over the dashboard", async () => {
    const { page, errors } = await session.fresh();
    await page.goto(BASE);
    await expect.poll(() => node(page, 'cache').count()).toBe(1);
    await newDesign(page);
    for (const label of ['Client', 'Load balancer', 'Service'])
      await page.getByRole('button', { name: label, exact: true }).click();
    await expect.poll(() => node(page, 'service').count()).toBe(1);
    const validationTab = page.getByRole('tab', { name: /Validation/ });
    const notice = page.getByRole('note');

    // Run before connecting anything: every request fails, and the dashboard replaces the
    // validation list, so the warnings come along.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .poll(() => page.getByRole('tab', { name: 'Dashboard' }).getAttribute('aria-selected'))
      .toBe('true');
    await expect.poll(() => validationTab.textContent()).toBe('Validation3');
    await expect.poll(() => validationTab.locator('.sw-tab-badge').getAttribute('title')).toBe('3 warnings');
    // Its accessible name says the count in words, apart from the label.
    expect(await page.getByRole('tab', { name: 'Validation, 3 warnings', exact: true }).count()).toBe(1);
    await expect
      .poll(() => notice.textContent())
      .toMatch(/^3 warnings may explain these figures: Client calls nothing/);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();

    // Its subject shows the node it is about; "Show all" opens the list.
    await notice.getByRole('button', { name: 'Client', exact: true }).click();
    await expect.poll(() => page.getByRole('region', { name: /^Client / }).count()).toBe(1);
    await notice.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => page.locator('.sw-issue').count()).toBe(3);

    // Connected, the design has nothing left to say: no count, no notice.
    await connect(page, 'client', 'loadbalancer');
    await connect(page, 'loadbalancer', 'service');
    await expect.poll(() => validationTab.textContent()).toBe('Validation');
    expect(await page.getByRole('tab', { name: 'Validation', exact: true }).count()).toBe(1);
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await settle(page);
    await expect.poll(() => notice.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows the previous run beside the new one, and what changed in between', async () => {
    const { page, errors } = await openThreeTier(session);
    const summary = page.getByRole('region', { name: 'Run summary' });
    const runToEnd = async () => {
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.poll(() => summary.count(), { timeout: 60_000 }).toBe(1);
    };
    await page.getByLabel('Speed').selectOption('max');
    await runToEnd();
    // A first run has nothing to compare with.
    expect(await summary.locator('.sw-summary__was').count()).toBe(0);

    // Double the database's pool and run again.
    await node(page, 'db').click();
    const pool = page.getByLabel(/Connections/).first();
    await pool.fill('8');
    await pool.press('Tab');
    await runToEnd();
    await expect
      .poll(() => summary.locator('.sw-summary__compare').textContent())
      .toMatch(/Changed since: Postgres › Connections 4 → 8\.$/);
    // The database's utilization halves: its old figure stands under the new one.
    const dbRow = summary.locator('tr', { has: page.locator('th', { hasText: 'Postgres' }) });
    const util = dbRow.locator('td[data-figure="utilization"]');
    await expect
      .poll(() => util.locator('.sw-summary__was').textContent())
      .toMatch(/^was (3\d|4\d)(\.\d)?%$/);
    const [now, was] = (await util.textContent())!.match(/[\d.]+(?=%)/g)!.map(Number);
    expect(now).toBeLessThan(was * 0.7);
    expect(errors).toEqual([]);
  });

  it('fits a design clear of the zoom controls and the traffic legend on a 1280 × 720 projector', async () => {
    const { page, errors } = await session.fresh();
    await page.setViewportSize({ width: 1280, height: 720 });
    /** The nodes drawn under the controls or the legend. */
    const covered = () =>
      page.evaluate(() => {
        const hit = (a: DOMRect, b: DOMRect) =>
          a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const over = [...document.querySelectorAll('.react-flow__controls, .sw-traffic-legend')].map((e) =>
          e.getBoundingClientRect(),
        );
        return [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
          .filter((n) => over.some((o) => hit(n.getBoundingClientRect(), o)))
          .map((n) => n.dataset.id);
      });
    for (const example of ['three-tier', 'retry-storm', 'read-heavy-cache']) {
      await page.goto(`${BASE}?example=${example}`);
      await expect.poll(() => page.locator('.react-flow__node').count()).toBeGreaterThan(2);
      await settle(page);
      expect(await covered()).toEqual([]);
      // The first run opens the dashboard: a shorter canvas, a fit to the width, the legend.
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.poll(() => page.locator('.sw-traffic-legend').count()).toBe(1);
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await settle(page);
      expect(await covered(), example).toEqual([]);
    }
    // The legend's dots take the canvas's outcome colours (traffic.ts DOT_COLORS, put on the
    // page as CSS variables) in both themes.
    const dot = (kind: string) =>
      page
        .locator(`.sw-traffic-legend .sw-dot--${kind}`)
        .evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await dot('error')).toBe('rgb(224, 49, 49)'); // #e03131
    expect(await dot('ok')).toBe('rgb(43, 138, 62)'); // #2b8a3e
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    expect(await dot('error')).toBe('rgb(255, 107, 107)'); // #ff6b6b
    expect(errors).toEqual([]);
  });

  it('starts a new design at 100% from the left: palette clicks line up in one row', async () => {
    const { page, errors } = await session.fresh();
    await page.goto(BASE);
    await expect.poll(() => node(page, 'cache').count()).toBe(1);
    await settle(page); // the example opens at about 60%
    await newDesign(page);
    await settle(page);
    for (const label of ['Client', 'Load balancer', 'Service'])
      await page.getByRole('button', { name: label, exact: true }).click();
    await expect.poll(() => node(page, 'service').count()).toBe(1);
    await settle(page);
    const pane = (await page.locator('.react-flow').boundingBox())!;
    const boxes = await Promise.all(
      ['client', 'loadbalancer', 'service'].map(async (id) => (await node(page, id).boundingBox())!),
    );
    // At 100% (a node is drawn at its own width), one row, from the left edge: the first
    // click used to be centred by a fit held over from the empty canvas, and the row wrapped.
    expect(
      await page.locator('.react-flow__viewport').evaluate((e) => (e as HTMLElement).style.transform),
    ).toMatch(/scale\(1\)$/);
    expect(new Set(boxes.map((b) => Math.round(b.y))).size).toBe(1);
    expect(boxes[0].x - pane.x).toBeLessThan(100);
    expect(boxes[0].x).toBeLessThan(boxes[1].x);
    expect(boxes[1].x).toBeLessThan(boxes[2].x);
    expect(errors).toEqual([]);
  });

  it("keeps a full queue's figures readable on the node, in both themes", async () => {
    const { page, errors } = await session.fresh();
    await page.goto(`${BASE}?example=retry-storm`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await page.getByLabel('Speed').selectOption('max');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Run summary' }).count(), { timeout: 60_000 })
      .toBe(1);
    // The database ends the run with its queue full (500): the bar under its label is full.
    const queue = node(page, 'db').locator('.sw-live__queue');
    await expect.poll(() => queue.textContent()).toMatch(/^q 500 · /);
    /** WCAG contrast of the label against the bar's fill blended over the bar's background. */
    const contrast = () =>
      queue.evaluate((el) => {
        const cs = getComputedStyle(el);
        const nums = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
        const fill = /color\(srgb [^)]*\)|rgba?\([^)]*\)/.exec(cs.backgroundImage)![0];
        const [fr, fg, fb, fa = 1] = fill.startsWith('color(')
          ? nums(fill).map((v, i) => (i < 3 ? v * 255 : v))
          : nums(fill);
        const [br, bg, bb] = nums(cs.backgroundColor);
        const bar = [fr * fa + br * (1 - fa), fg * fa + bg * (1 - fa), fb * fa + bb * (1 - fa)];
        const text = nums(getComputedStyle(el.querySelector('span')!).color);
        const lum = (c: number[]) =>
          c
            .map((v) => v / 255)
            .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
            .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
        const [hi, lo] = [lum(bar), lum(text)].sort((a, b) => b - a);
        return (hi + 0.05) / (lo + 0.05);
      });
    expect(await contrast()).toBeGreaterThanOrEqual(4.5);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await contrast()).toBeGreaterThanOrEqual(4.5);
    expect(errors).toEqual([]);
  });

  it('a first visit runs its example at 5×, a reload keeps it; a speed the user picks stays over the next example', async () => {
    const { page, errors } = await session.fresh();
    await page.goto(BASE);
    await expect.poll(() => node(page, 'cache').count()).toBe(1);
    const speed = page.getByRole('combobox', { name: 'Speed' });
    await expect.poll(() => speed.inputValue()).toBe('5');
    // A reload restores the example from the tab's autosave, at the speed it had.
    await page.waitForTimeout(1200); // the autosave is debounced
    await page.reload();
    await expect.poll(() => node(page, 'cache').count()).toBe(1);
    expect(await speed.inputValue()).toBe('5');
    await speed.selectOption('1');
    await page.getByRole('button', { name: 'Examples' }).click();
    await page.getByRole('button', { name: /Three-tier web app/ }).click();
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    expect(await speed.inputValue()).toBe('1');
    expect(errors).toEqual([]);
  });
});
