/**
 * Live faults end from the UI, in headless Chromium against the production build: an
 * unbounded crash injected from a node's menu ends from its bar on the fault timeline or from
 * the node's menu again, and the node comes back; a fault that ran its course shows where it
 * ended. Ending takes effect at the current simulated time.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { node, openThreeTier, simClock, useBrowser } from './browser';

const session = useBrowser();
let page: Page;
let errors: string[];

async function threeTier() {
  ({ page, errors } = await openThreeTier(session));
}

const clock = () => simClock(page);
const down = () => node(page, 'db').locator('.sw-node').getAttribute('data-down');
const downMarks = () => node(page, 'db').locator('.sw-node__down').count();
const util = async () => Number(await node(page, 'db').locator('.sw-live').getAttribute('data-util'));
/** The live fault's bar on the timeline (there is one in these tests). */
const liveBar = () => page.locator('.sw-timeline__bar.is-injected');
const barWidth = async () => (await liveBar().boundingBox())!.width;
const fault = () => page.getByRole('dialog', { name: 'Inject fault' });

/** Runs at 2× and kills the database from its right-click menu, for `duration` s ('' : no end). */
async function runAndKill(duration: string) {
  await threeTier();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('2');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(clock, { timeout: 10_000 }).toBeGreaterThan(2);
  await node(page, 'db').locator('.sw-node__head').click({ button: 'right' });
  await expect.poll(() => fault().count()).toBe(1);
  await fault().getByRole('spinbutton', { name: 'Crash: duration (s)' }).fill(duration);
  await fault().getByRole('button', { name: 'Crash', exact: true }).click();
  await expect.poll(() => fault().count()).toBe(0);
  await expect.poll(down).toBe('2');
  await expect.poll(downMarks).toBe(1);
  await expect.poll(() => liveBar().count()).toBe(1);
}

describe('ending a live fault', () => {
  it('an unbounded crash ends from its bar on the fault timeline: the node comes back, the bar stops', async () => {
    await runAndKill('');
    const bar = liveBar();
    expect(await bar.getAttribute('data-state')).toBe('active');
    expect(await bar.getAttribute('title')).toMatch(
      /^Injected crash on Postgres at [\d.]+s, until ended, active now$/,
    );
    expect(await page.locator('[data-live-fault]').textContent()).toMatch(
      /crash Postgres · active, until ended/,
    );
    // In effect with no end: the bar grows with the clock.
    const w0 = await barWidth();
    await expect.poll(barWidth, { timeout: 10_000 }).toBeGreaterThan(w0 + 10);
    // Down all along: nothing is served by the database.
    await page.waitForTimeout(1500);
    expect(await down()).toBe('2');
    expect(await util()).toBe(0);

    // End it from its bar (a button named for the fault and its target).
    const end = page.getByRole('button', { name: /^End crash on Postgres \(started \d+:\d\d\)$/ });
    expect(await end.count()).toBe(1);
    const before = await clock();
    await end.click();
    const after = await clock();

    // The database is back: no DOWN marker, and it works again.
    await expect.poll(down).toBe('0');
    expect(await downMarks()).toBe(0);
    await expect.poll(util, { timeout: 10_000 }).toBeGreaterThan(5);
    // The bar is over: it ends where the fault ended (near the click), no End button, no "active".
    await expect.poll(() => bar.getAttribute('data-state')).toBe('ended');
    expect(await end.count()).toBe(0);
    const title = (await bar.getAttribute('title')) ?? '';
    const endedAt = Number(/, ended at ([\d.]+)s$/.exec(title)?.[1]);
    expect(endedAt).toBeGreaterThanOrEqual(before - 0.1);
    expect(endedAt).toBeLessThanOrEqual(after + 1);
    const text = (await page.locator('[data-live-fault]').textContent()) ?? '';
    expect(text).toMatch(/crash Postgres · ended \d+:\d\d/);
    expect(text).not.toMatch(/active/);
    // ...and stays that long as the run goes on.
    const w1 = await barWidth();
    const t1 = await clock();
    await expect.poll(clock, { timeout: 10_000 }).toBeGreaterThan(t1 + 4);
    expect(Math.abs((await barWidth()) - w1)).toBeLessThan(1);
    // Its span on the track: from its start to where it ended.
    const track = await page.locator('.sw-timeline__track').evaluate((e) => e.clientWidth);
    const startedAt = Number(/ at ([\d.]+)s,/.exec(title)?.[1]);
    expect(w1 / track).toBeCloseTo((endedAt - startedAt) / 90, 1);
    expect(
      await page
        .locator('.sw-toast')
        .filter({ hasText: /Ended crash on Postgres at \d+:\d\d\./ })
        .count(),
    ).toBe(1);
    expect(errors).toEqual([]);
  });

  it("ends from the node's own menu, which lists it first (keyboard: Enter)", async () => {
    await runAndKill('');
    await node(page, 'db').locator('.sw-node__head').click({ button: 'right' });
    await expect.poll(() => fault().count()).toBe(1);
    const item = fault().getByRole('button', { name: /^End crash \(started \d+:\d\d\)$/ });
    expect(await item.count()).toBe(1);
    // Focus is on it: right-clicking a crashed node is mostly to bring it back.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toMatch(/^End crash/);
    await page.keyboard.press('Enter');
    await expect.poll(() => fault().count()).toBe(0);
    await expect.poll(down).toBe('0');
    await expect.poll(downMarks).toBe(0);
    await expect.poll(() => liveBar().getAttribute('data-state')).toBe('ended');
    // Nothing left to end: the menu offers only injection again.
    await node(page, 'db').locator('.sw-node__head').click({ button: 'right' });
    await expect.poll(() => fault().count()).toBe(1);
    expect(await fault().getByRole('button', { name: /^End / }).count()).toBe(0);

    // Killed again: the toolbar's "Inject fault" lists every live fault in effect, by target.
    await fault().getByRole('spinbutton', { name: 'Crash: duration (s)' }).fill('');
    await fault().getByRole('button', { name: 'Crash', exact: true }).click();
    await expect.poll(down).toBe('2');
    await page.getByRole('button', { name: 'Inject fault', exact: true }).click();
    await expect.poll(() => fault().count()).toBe(1);
    const listed = fault().getByRole('button', { name: /^End crash on Postgres \(started \d+:\d\d\)$/ });
    expect(await listed.count()).toBe(1);
    await listed.focus();
    await page.keyboard.press('Enter');
    await expect.poll(down).toBe('0');
    await expect.poll(() => page.locator('.sw-timeline__bar.is-ended').count()).toBe(2);
    expect(errors).toEqual([]);
  });

  it('a crash that ran its course shows where it ended, not as still live', async () => {
    await runAndKill('3');
    const bar = liveBar();
    expect(await bar.getAttribute('data-state')).toBe('active');
    // Three simulated seconds later it is over by itself.
    await expect.poll(down, { timeout: 10_000 }).toBe('0');
    await expect.poll(() => bar.getAttribute('data-state')).toBe('ended');
    const title = (await bar.getAttribute('title')) ?? '';
    const m = / at ([\d.]+)s, ended at ([\d.]+)s$/.exec(title);
    expect(Number(m?.[2]) - Number(m?.[1])).toBeCloseTo(3, 1);
    expect(await page.locator('[data-live-fault]').textContent()).toMatch(/crash Postgres · ended \d+:\d\d/);
    expect(await page.getByRole('button', { name: /^End crash/ }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
