/**
 * Nothing the user made is lost (DESIGN.md §8): an example opened from the gallery keeps the
 * design it replaced past a reload, and two tabs each restore their own design on reload.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { autosaved, BASE, openPage, seedDesign, useBrowser } from './browser';

const session = useBrowser();

const nodeIds = (p: Page) =>
  p.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).sort());

async function saved(p: Page) {
  await expect.poll(() => p.locator('.sw-saved').textContent()).toMatch(/Saved/);
}

/** File › New, then the palette's buttons: a design of the user's own. */
async function buildOwn(p: Page, labels: string[]) {
  await p.getByRole('button', { name: 'File' }).click();
  await p.getByRole('menuitem', { name: 'New' }).click();
  await expect.poll(() => nodeIds(p)).toEqual([]);
  for (const label of labels) await p.getByRole('button', { name: label, exact: true }).click();
}

describe('keeping the user’s design', () => {
  it('an example opened from the gallery over a design keeps it: Undo, and after a reload File › Restore previous design', async () => {
    const { page, errors } = await session.fresh();
    await page.goto(BASE);
    await expect.poll(() => nodeIds(page)).toContain('cache');
    await buildOwn(page, ['Client', 'Service']);
    await expect.poll(() => nodeIds(page)).toEqual(['client', 'service']);

    await page.getByRole('button', { name: 'Examples' }).click();
    await page.getByRole('button', { name: /Retry storm/ }).click();
    await expect.poll(() => nodeIds(page)).toEqual(['api', 'db', 'users']);
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(
        expect.stringMatching(
          /Opened the example “Retry storm”\. Your design “Untitled design” is one Undo away, and under File › Restore previous design/,
        ),
      );
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => nodeIds(page)).toEqual(['client', 'service']);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => nodeIds(page)).toEqual(['api', 'db', 'users']);
    await saved(page);

    // After a reload the undo history is gone; the replaced design is not.
    await page.reload();
    await expect.poll(() => nodeIds(page)).toEqual(['api', 'db', 'users']);
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'Restore previous design' }).click();
    await expect.poll(() => nodeIds(page)).toEqual(['client', 'service']);
    expect(errors).toEqual([]);
  });

  it('an example link, then another in the same tab: File › Restore previous design still brings back the user’s design', async () => {
    const { ctx, page, errors } = await session.fresh();
    await seedDesign(ctx, {
      schemaVersion: 1,
      name: 'My own design',
      nodes: [
        { id: 'mine-client', kind: 'client', position: { x: 0, y: 0 } },
        { id: 'mine-api', kind: 'service', position: { x: 250, y: 0 } },
      ],
      edges: [{ id: 'e1', source: 'mine-client', target: 'mine-api' }],
    });
    const cacheIds = ['api', 'cache', 'db', 'lb', 'users'];
    await page.goto(`${BASE}?example=read-heavy-cache`);
    await expect.poll(() => nodeIds(page)).toEqual(cacheIds);
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringMatching(/Your design “My own design” is one Undo away/));
    // The example, as opened, is this tab's save when the next link loads the page again.
    await expect.poll(async () => (await autosaved(page))?.nodes.map((n) => n.id).sort()).toEqual(cacheIds);

    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => nodeIds(page)).toEqual(['api', 'db', 'lb', 'users']);
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringMatching(/Opened the example “Three-tier web app”/));
    // Opened over the untouched example: nothing to keep, so nothing replaced the user's design.
    expect((await page.getByRole('status').allTextContents()).join(' ')).not.toMatch(/Your design/);
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'Restore previous design' }).click();
    await expect.poll(() => nodeIds(page)).toEqual(['mine-api', 'mine-client']);
    expect(errors).toEqual([]);
  });

  it('two tabs: a reload restores each tab’s own design, and a new tab starts from the latest save', async () => {
    const { ctx, page: a, errors } = await session.fresh();
    await a.goto(BASE);
    await expect.poll(() => nodeIds(a)).toContain('cache');
    await buildOwn(a, ['Client']);
    await expect.poll(() => nodeIds(a)).toEqual(['client']);
    await saved(a);

    // Tab B: a new tab opens the latest save, then goes its own way.
    const other = await openPage(ctx);
    const b = other.page;
    await b.goto(BASE);
    await expect.poll(() => nodeIds(b)).toEqual(['client']);
    await b.getByRole('button', { name: 'Examples' }).click();
    await b.getByRole('button', { name: /Retry storm/ }).click();
    await expect.poll(() => nodeIds(b)).toEqual(['api', 'db', 'users']);
    await b.getByRole('button', { name: 'Database', exact: true }).click();
    await expect.poll(() => nodeIds(b)).toEqual(['api', 'database', 'db', 'users']);
    await saved(b);

    // Tab A reloads: its own design, not tab B's. Its later edits survive the next reload too.
    await a.reload();
    await expect.poll(() => nodeIds(a)).toEqual(['client']);
    await a.getByRole('button', { name: 'Service', exact: true }).click();
    await expect.poll(() => nodeIds(a)).toEqual(['client', 'service']);
    await saved(a);
    await a.reload();
    await expect.poll(() => nodeIds(a)).toEqual(['client', 'service']);
    // And tab B's reload shows tab B's.
    await b.reload();
    await expect.poll(() => nodeIds(b)).toEqual(['api', 'database', 'db', 'users']);
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
  });

  it('a duplicated tab (its sessionStorage copied, and with it the tab id) takes an id of its own: its edits never land in the original’s save', async () => {
    const { ctx, page: a, errors } = await session.fresh();
    await a.goto(BASE);
    await expect.poll(() => nodeIds(a)).toContain('cache');
    await buildOwn(a, ['Client']);
    await saved(a);
    const idA = await a.evaluate(() => sessionStorage.getItem('spillway.tab.v1'));
    expect(idA).toMatch(/^[A-Za-z0-9-]+$/);

    // "Duplicate tab": the copy starts with the original's sessionStorage (once: not again on its reloads).
    const other = await openPage(ctx);
    const b = other.page;
    await b.addInitScript((id) => {
      if (sessionStorage.getItem('duplicated') === null) {
        sessionStorage.setItem('duplicated', '1');
        sessionStorage.setItem('spillway.tab.v1', id);
      }
    }, idA!);
    await b.goto(BASE);
    await expect.poll(() => nodeIds(b)).toEqual(['client']); // the original's design, as a duplicate shows
    await expect.poll(() => b.evaluate(() => sessionStorage.getItem('spillway.tab.v1'))).not.toBe(idA);
    expect(await a.evaluate(() => sessionStorage.getItem('spillway.tab.v1'))).toBe(idA);

    await b.getByRole('button', { name: 'Database', exact: true }).click();
    await expect.poll(() => nodeIds(b)).toEqual(['client', 'database']);
    await saved(b);
    // The original's own save still holds its design, so its reload shows it; the copy's shows the copy's.
    const savedA = await a.evaluate((id) => localStorage.getItem(`spillway.autosave.v1.tab.${id}`), idA!);
    expect((JSON.parse(savedA!) as { nodes: { id: string }[] }).nodes.map((n) => n.id)).toEqual(['client']);
    await a.reload();
    await expect.poll(() => nodeIds(a)).toEqual(['client']);
    await b.reload();
    await expect.poll(() => nodeIds(b)).toEqual(['client', 'database']);
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
  });
});
