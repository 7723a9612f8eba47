/**
 * Share with a design whose link is longer than browsers open: the dialog says so, with the
 * link's length and the limit, and to use File › Save instead; nothing is copied and no
 * "Copied" shows (a 19-million-character link was copied with "Copied", and opening it
 * failed). A design within the limits still copies its link and says Copied.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { validateDesign } from '../../src/model';
import { MAX_SHARE_URL_CHARS, shareUrl } from '../../src/state/codec';
import { empiricalDesign } from '../fixtures/empiricalDesign';
import { BASE, node, openDesignFile, settle, useBrowser } from './browser';

const session = useBrowser();

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

describe('Share with a link too long to open', () => {
  it('says why, with the figures and what to do instead, copies nothing; a small design still copies', async () => {
    const { ctx, page, errors } = await session.fresh();
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE).origin });
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await page.evaluate(() => navigator.clipboard.writeText('before Share'));

    // Two services with 100,000 measured service times each: valid, 3.6 MB of JSON.
    const big = empiricalDesign(2, 100_000);
    expect(validateDesign(big).ok).toBe(true);
    await openDesignFile(page, big, 'measured.json');
    await expect.poll(() => node(page, 'svc-2').count()).toBe(1);
    await settle(page);

    await page.getByRole('button', { name: 'Share' }).click();
    const dialog = page.getByRole('dialog', { name: 'This design cannot be shared as a link' });
    await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(1);
    const alert = (await dialog.getByRole('alert').textContent()) ?? '';
    const m =
      /^The link would be ([\d,]+) characters long, but browsers open links of at most about 2,000,000 characters, so whoever you sent it to would get nothing\.$/.exec(
        alert,
      );
    expect(m, alert).not.toBeNull();
    const length = Number(m![1].replace(/,/g, ''));
    expect(length).toBeGreaterThan(MAX_SHARE_URL_CHARS);
    // The figure is the link's: the same design encoded here gives about as long a link (the
    // app's copy carries its filled-in layout, and the browser's deflate is not Node's).
    const speed = await page.getByRole('combobox', { name: 'Speed' }).inputValue();
    const url = await shareUrl(big, BASE, speed === 'max' ? 'max' : Number(speed));
    expect(Math.abs(length - url.length) / url.length).toBeLessThan(0.02);
    expect(await dialog.textContent()).toContain(
      'Nothing was copied. To send this design, use File › Save and send the file',
    );
    // No link, no copy button, no "Copied"; the clipboard holds what it held.
    expect(await dialog.getByLabel('Share link').count()).toBe(0);
    expect(await dialog.getByRole('button', { name: /Cop/ }).count()).toBe(0);
    expect(await page.getByText(/Copied/).count()).toBe(0); // case-sensitive: "Nothing was copied" is not it
    expect(await clipboard(page)).toBe('before Share');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    // Such a link does not open: Chromium refuses the URL (the limit is not a guess).
    const other = await ctx.newPage();
    await expect(other.goto(url)).rejects.toThrow();
    await other.close();

    // A design within the limits: the link is copied and the dialog says Copied, as before.
    await openDesignFile(page, empiricalDesign(2, 100), 'small.json');
    await expect.poll(() => page.locator('.sw-brand__design').textContent()).toMatch(/2 × 100 values/);
    await page.getByRole('button', { name: 'Share' }).click();
    const share = page.getByRole('dialog', { name: 'Share this design' });
    await expect.poll(() => share.getByRole('button', { name: 'Copied' }).count()).toBe(1);
    const link = await share.getByLabel('Share link').inputValue();
    expect(link).toMatch(/#d=[A-Za-z0-9_-]+&s=/);
    expect(await clipboard(page)).toBe(link);
    expect(await share.textContent()).toContain(`${link.length.toLocaleString('en-US')} characters.`);
    expect(await share.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
