/**
 * The keyboard as a user drives it, in headless Chromium against the production build:
 * Space runs and pauses even with a mouse-clicked button focused (a button reached with Tab
 * still takes it); Tab reaches the nodes, then the edges; Enter opens the focused one with
 * the focus on its form, and Escape brings the focus back to it on the canvas.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, node, openThreeTier, settle, simClock, useBrowser } from './browser';

const session = useBrowser();

const status = async (page: Page) => ((await page.locator('.sw-run__play').textContent()) ?? '').trim();

/** What has the focus: a canvas element as "node:id" / "edge:id", else "TAG label". */
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    if (!a) return '';
    const id = a.getAttribute('data-id');
    if (id !== null && a.classList.contains('react-flow__node')) return `node:${id}`;
    if (id !== null && a.classList.contains('react-flow__edge')) return `edge:${id}`;
    return `${a.tagName} ${a.getAttribute('aria-label') ?? a.textContent?.trim() ?? ''}`;
  });

/** Presses Tab (Shift+Tab) `n` times, returning what has the focus after each. */
async function tabs(page: Page, n: number, back = false): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    seen.push(await focused(page));
  }
  return seen;
}

/** Whether the focus is in the properties panel's form for the selected element. */
const focusInInspector = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return (
      !!a?.closest('aside[aria-label="Properties"] .sw-inspector') &&
      /^(INPUT|SELECT|TEXTAREA)$/.test(a.tagName)
    );
  });

describe('the keyboard', () => {
  it('Space runs and pauses after a mouse click on a dashboard button or tab, without pressing it', async () => {
    const { page, errors } = await session.fresh();
    await page.goto(`${BASE}?example=retry-storm`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await settle(page);
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
    const dashboardTab = page.getByRole('tab', { name: 'Dashboard' });
    await dashboardTab.click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => status(page)).toBe('Pause');
    await expect.poll(() => simClock(page), { timeout: 10_000 }).toBeGreaterThan(0.5);

    // The chart's log switch, clicked: Space pauses the run and leaves the switch on.
    const log = page.getByRole('region', { name: 'Clients' }).getByRole('button', { name: 'log scale' });
    await log.click();
    expect(await log.getAttribute('aria-pressed')).toBe('true');
    expect(await focused(page)).toBe('BUTTON log scale');
    await page.keyboard.press('Space');
    await expect.poll(() => status(page)).toBe('Resume');
    expect(await log.getAttribute('aria-pressed')).toBe('true');
    await page.waitForTimeout(200);
    const stopped = await simClock(page);
    await page.waitForTimeout(500);
    expect(await simClock(page)).toBe(stopped);

    // The Dashboard tab, clicked: Space resumes, and pauses again.
    await dashboardTab.click();
    expect(await focused(page)).toMatch(/^BUTTON Dashboard/);
    await page.keyboard.press('Space');
    await expect.poll(() => status(page)).toBe('Pause');
    await expect.poll(() => simClock(page)).toBeGreaterThan(stopped + 0.3);
    await page.keyboard.press('Space');
    await expect.poll(() => status(page)).toBe('Resume');
    expect(await dashboardTab.getAttribute('aria-selected')).toBe('true');

    // Reached with Tab, the log switch takes Space, as the platform has it: it toggles and
    // the run stays paused.
    for (let i = 0; i < 40 && (await focused(page)) !== 'BUTTON log scale'; i++)
      await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('BUTTON log scale');
    await page.keyboard.press('Space');
    await expect.poll(() => log.getAttribute('aria-pressed')).toBe('false');
    await page.waitForTimeout(300);
    expect(await status(page)).toBe('Resume');

    // A text field still takes Space as typing.
    const search = page.getByPlaceholder('Search components');
    await search.click();
    await page.keyboard.press('Space');
    expect(await search.inputValue()).toBe(' ');
    await page.waitForTimeout(300);
    expect(await status(page)).toBe('Resume');
    expect(errors).toEqual([]);
  });

  it('Tab reaches the nodes in order, then the edges, and Shift+Tab comes back the same way', async () => {
    const { page, errors } = await openThreeTier(session);
    // From the palette's last control, on into the canvas.
    await page.evaluate(() => {
      const all = document.querySelectorAll<HTMLElement>('nav[aria-label="Components"] button');
      all[all.length - 1].focus();
    });
    const palette = await focused(page);
    const canvas = ['node:users', 'node:lb', 'node:api', 'node:db', 'edge:e1', 'edge:e2', 'edge:e3'];
    expect(await tabs(page, 7)).toEqual(canvas);
    // The edges' names say which call each one is.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^Call from [^,]+ to Postgres$/,
    );
    // After the last edge: on to what follows the canvas's elements (its zoom controls),
    // as from the last node before.
    const after = (await tabs(page, 1))[0];
    expect(after).not.toMatch(/^(node|edge):/);
    expect(await page.evaluate(() => !!document.activeElement?.closest('.react-flow__controls'))).toBe(true);
    // And back: the edges, then the nodes, then the palette.
    expect(await tabs(page, 8, true)).toEqual([...[...canvas].reverse(), palette]);
    // Tab still opens what it reaches: Enter on an edge selects it.
    await tabs(page, 5);
    expect(await focused(page)).toBe('edge:e1');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('complementary', { name: 'Properties' }).textContent())
      .toMatch(/Timeout/);
    expect(errors).toEqual([]);
  });

  it("Enter puts the focus on the element's form; Escape gives it back to the element on the canvas", async () => {
    const { page, errors } = await openThreeTier(session);
    const panel = page.getByRole('complementary', { name: 'Properties' });
    await node(page, 'users').focus();
    expect(await tabs(page, 3)).toEqual(['node:lb', 'node:api', 'node:db']);
    await page.keyboard.press('Enter');
    // The database is open, and the focus is on its form's first field: its label.
    await expect.poll(() => panel.getByRole('region', { name: /Postgres/ }).count()).toBe(1);
    await expect.poll(() => focusInInspector(page)).toBe(true);
    const label = panel.getByRole('textbox', { name: 'Label' });
    expect(await label.evaluate((el) => el === document.activeElement)).toBe(true);
    // Tab goes on through the form, not to other nodes or the zoom buttons.
    await page.keyboard.press('Tab');
    expect(await focusInInspector(page)).toBe(true);
    // Escape: back on the database on the canvas, still selected.
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toBe('node:db');
    expect(await panel.getByRole('region', { name: /Postgres/ }).count()).toBe(1);
    // There the canvas's keys work on it: an arrow nudges it, and Escape clears the selection.
    const x = async () =>
      page.evaluate(() =>
        Number(
          /translate\(([-\d.]+)px/.exec(
            (document.querySelector('.react-flow__node[data-id="db"]') as HTMLElement).style.transform,
          )?.[1],
        ),
      );
    const x0 = await x();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(x).toBeGreaterThan(x0);
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.textContent()).toMatch(/Select a node or an edge/);
    expect(await focused(page)).toBe('node:db');

    // An edge the same way: Tab to it, Enter, its first field; Escape, back on the edge.
    expect(await tabs(page, 3)).toEqual(['edge:e1', 'edge:e2', 'edge:e3']);
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.textContent()).toMatch(/Timeout/);
    await expect.poll(() => focusInInspector(page)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toBe('edge:e3');
    // Delete removes what is selected: the edge.
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__edge[data-id="e3"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
