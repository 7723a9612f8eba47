/**
 * A live run end to end, in headless Chromium against the production build: Run, see the
 * clock and the traffic dots move, Pause freezes both, Step advances one bucket, inject a
 * crash from the node's context menu, change the speed, Reset.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, mod, node, runUntilDots, settle, useBrowser } from './browser';

const session = useBrowser();
let page: Page;
let errors: string[];

const clock = (p: Page) => p.getByTestId('sim-clock').textContent();
const seconds = (t: string | null) => {
  const m = /^(\d+):(\d+(?:\.\d+)?)$/.exec(t ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};
/** The traffic overlay's own pixels (not the page under it). */
const overlay = (p: Page) =>
  p.getByTestId('traffic-overlay').evaluate((c) => (c as HTMLCanvasElement).toDataURL('image/png'));
const errorsTotal = async (p: Page) => Number(await p.getByTestId('dash-errors-total').textContent());

describe('a live run', () => {
  it('runs, pauses, steps, takes a crash, changes speed and resets', async () => {
    ({ page, errors } = await session.fresh());
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await settle(page);
    expect(await clock(page)).toBe('00:00.0');
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');

    // 1. Run.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Pause', exact: true }).count()).toBe(1);

    // 2. The clock advances and the dots move.
    await expect.poll(async () => seconds(await clock(page)), { timeout: 10_000 }).toBeGreaterThan(1);
    await settle(page); // the dashboard opened and the view was fitted again
    const a = await overlay(page);
    await page.waitForTimeout(300);
    const b = await overlay(page);
    expect(a).not.toBe(b);
    expect(Number(await page.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    // Live widgets on the nodes.
    expect(await node(page, 'api').locator('.sw-node').getAttribute('data-down')).toBe('0');
    await expect.poll(() => node(page, 'api').locator('.sw-live').count()).toBe(1);

    // 3. Pause stops the clock and the dots.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // Paused part-way, the button resumes (Run would read as starting over).
    await expect.poll(() => page.getByRole('button', { name: 'Resume', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Run', exact: true }).count()).toBe(0);
    await page.waitForTimeout(200);
    const c1 = await clock(page);
    const o1 = await overlay(page);
    await page.waitForTimeout(500);
    expect(await clock(page)).toBe(c1);
    expect(await overlay(page)).toBe(o1);

    // 4. Step advances the clock by one bucket (1 s).
    const before = seconds(await clock(page));
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(async () => seconds(await clock(page))).toBeGreaterThan(before + 0.5);
    const stepped = seconds(await clock(page)) - before;
    expect(stepped).toBeGreaterThan(0.85);
    expect(stepped).toBeLessThan(1.15);

    // 5. Crash the database from its context menu: it is marked down and errors rise.
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    const errors0 = await errorsTotal(page);
    await node(page, 'db').locator('.sw-node__head').click({ button: 'right' });
    const menu = page.getByRole('dialog', { name: 'Inject fault' });
    await expect.poll(() => menu.count()).toBe(1);
    await menu.getByRole('spinbutton', { name: 'Crash: duration (s)' }).fill('30');
    await menu.getByRole('button', { name: 'Crash', exact: true }).click();
    await expect.poll(() => node(page, 'db').locator('.sw-node').getAttribute('data-down')).toBe('2');
    await expect.poll(() => errorsTotal(page), { timeout: 15_000 }).toBeGreaterThan(errors0 + 10);
    // The injected fault shows on the timeline.
    await expect.poll(() => page.locator('.sw-timeline__bar.is-injected').count()).toBe(1);

    // 6. Change the speed.
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    const t0 = seconds(await clock(page));
    await page.waitForTimeout(1000);
    expect(seconds(await clock(page)) - t0).toBeGreaterThan(3);

    // The fault timeline: drag the scheduled crash 10 s later; one undo step puts it back.
    const bar = page.locator('.sw-timeline__bar[data-fault-index="0"]');
    await bar.scrollIntoViewIfNeeded();
    expect(await bar.getAttribute('title')).toMatch(/at 30s for 20s/);
    const track = await page.locator('.sw-timeline__track').evaluate((e) => e.clientWidth);
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 20 + (track / 90) * 10, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    expect(await bar.getAttribute('title')).toMatch(/at 40s for 20s/);
    // A scenario change needs a restart: a non-blocking banner offers it.
    const banner = page.getByText('The design changed: Restart to apply');
    await expect.poll(() => banner.count()).toBe(1);
    // Undone, the design is the running one again: the offer goes away; redone, it is back.
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => bar.getAttribute('title')).toMatch(/at 30s for 20s/);
    await expect.poll(() => banner.count()).toBe(0);
    await page.keyboard.press(`Shift+${mod}+z`);
    await expect.poll(() => bar.getAttribute('title')).toMatch(/at 40s for 20s/);
    await expect.poll(() => banner.count()).toBe(1);
    // From the keyboard: arrows move the bar a step (1 s here), Shift+arrows change its
    // length, Enter opens the fault in the Scenario tab.
    await bar.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => bar.getAttribute('title')).toMatch(/at 41s for 20s/);
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => bar.getAttribute('title')).toMatch(/at 41s for 21s/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab', { name: 'Scenario', selected: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Pause', exact: true }).count()).toBe(1);

    // 7. Reset: back to zero.
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect.poll(() => clock(page)).toBe('00:00.0');
    await expect.poll(() => page.getByRole('button', { name: 'Run', exact: true }).count()).toBe(1);
    expect(await node(page, 'db').locator('.sw-node').getAttribute('data-down')).not.toBe('2');

    expect(errors).toEqual([]);
  });

  it("draws the traffic behind an edge's badges, not over their text", async () => {
    ({ page, errors } = await session.fresh());
    // url-shortener: the read edge to the cache bends up through its "read ⏱ 300 ms" badges.
    await page.goto(`${BASE}?example=url-shortener`);
    await expect.poll(() => node(page, 'cache').count()).toBe(1);
    await settle(page);
    await runUntilDots(page);
    // The first run opens the dashboard and refits the view: let that animation finish (the
    // dots follow the view a frame ahead of the DOM while it moves).
    const view = () =>
      page.evaluate(() => getComputedStyle(document.querySelector('.react-flow__viewport')!).transform);
    let last = '';
    for (let i = 0; i < 40 && (await view()) !== last; i++) {
      last = await view();
      await page.waitForTimeout(250);
    }
    // Over a second of frames: no dot pixel inside any badge row, plenty elsewhere.
    for (let k = 0; k < 5; k++) {
      const { inside, total } = await page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('[data-testid="traffic-overlay"]')!;
        const o = c.getBoundingClientRect();
        const dpr = c.width / o.width;
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const at = (x: number, y: number) => px[(y * c.width + x) * 4 + 3];
        let total = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) total++;
        let inside = 0;
        for (const b of document.querySelectorAll('.sw-edge-badges')) {
          const r = b.getBoundingClientRect();
          for (let y = Math.ceil((r.top - o.top) * dpr); y < (r.bottom - o.top) * dpr; y++)
            for (let x = Math.ceil((r.left - o.left) * dpr); x < (r.right - o.left) * dpr; x++)
              if (at(x, y) > 0) inside++;
        }
        return { inside, total };
      });
      expect(total).toBeGreaterThan(100);
      expect(inside).toBe(0);
      await page.waitForTimeout(200);
    }
    expect(errors).toEqual([]);
  });
});
