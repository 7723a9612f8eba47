/** Shared browser helpers for the e2e tests (headless Debian Chromium, never downloaded). */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { TAB_AUTOSAVE_PREFIX, TAB_ID_KEY } from '../../src/state/persistence';
import { PORT } from './global-setup';

export const BASE = `http://localhost:${PORT}/`;
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  if (!existsSync(EXECUTABLE))
    throw new Error(`${EXECUTABLE} is missing: install it with \`apt-get install -y chromium\``);
  return chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page that records every console error and page error (tests assert there are none). */
export async function openPage(ctx: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { page, errors };
}

/**
 * The lifecycle every browser test file shares: one browser per file, and a fresh context
 * per test (closed after it). `fresh()` opens that context (1440 × 900, downloads allowed)
 * with a page that records console errors.
 */
export function useBrowser() {
  let browser: Browser | undefined;
  let ctx: BrowserContext | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    async fresh(): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
      if (!browser) throw new Error('the browser starts in beforeAll');
      ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 900 } });
      return { ctx, ...(await openPage(ctx)) };
    },
  };
}

export const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Drags from one element's centre to another's with real mouse events. */
export async function dragBetween(page: Page, from: Locator, to: Locator, steps = 12) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('element not visible for dragging');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps });
  await page.mouse.up();
}

/** Waits until the canvas stops moving (layout and fit-view animations). */
export async function settle(page: Page) {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const now = await page
      .locator('.react-flow__viewport')
      .evaluate(
        (el) => `${(el as HTMLElement).style.transform}|${el.querySelectorAll('.react-flow__node').length}`,
      );
    const pos = await page
      .locator('.react-flow__node')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).style.transform).join(';'));
    if (now + pos === last) return;
    last = now + pos;
    await page.waitForTimeout(150);
  }
}

/** Connects two nodes by dragging from the source's right handle to the target's left handle. */
export async function connect(page: Page, source: string, target: string) {
  await settle(page);
  await dragBetween(
    page,
    node(page, source).locator('.react-flow__handle.source'),
    node(page, target).locator('.react-flow__handle.target'),
  );
}

export const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** The simulated clock (the top bar's "mm:ss.s", or "h:mm:ss.s" from an hour on) in seconds; NaN before a run. */
export async function simClock(page: Page): Promise<number> {
  const text = (await page.getByTestId('sim-clock').textContent()) ?? '';
  const m = /^(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text);
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) : NaN;
}

/** Runs at 1× until the traffic overlay draws more than 20 dots. */
export async function runUntilDots(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const overlay = page.getByTestId('traffic-overlay');
  await expect
    .poll(async () => Number(await overlay.getAttribute('data-dots')), { timeout: 10_000 })
    .toBeGreaterThan(20);
}

/** What this tab last autosaved (its own save, under its tab id), parsed; null when nothing yet. */
export function autosaved<T = { nodes: { id: string; parentId?: string }[] }>(page: Page): Promise<T | null> {
  return page.evaluate(
    ([prefix, idKey]) => {
      const text = localStorage.getItem(prefix + (sessionStorage.getItem(idKey) ?? ''));
      return text === null ? null : JSON.parse(text);
    },
    [TAB_AUTOSAVE_PREFIX, TAB_ID_KEY] as const,
  );
}

/**
 * Makes every page of `ctx` open on `design`, as if another tab had autosaved it: a new tab
 * opens the newest save of any tab. (Set before each navigation, so a reload shows the
 * page's own save, which is newer.)
 */
export async function seedDesign(ctx: BrowserContext, design: unknown): Promise<void> {
  await ctx.addInitScript(([key, json]) => localStorage.setItem(key, json), [
    `${TAB_AUTOSAVE_PREFIX}seed`,
    JSON.stringify(design),
  ] as const);
}

/** Opens `design` through File › Open (its hidden file input), as a user picks a file. */
export async function openDesignFile(page: Page, design: unknown, name = 'design.json') {
  await page.locator('#sw-open-file').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(design)),
  });
}

/** A fresh context on the three-tier example (users → lb → api × 3 → Postgres "db"; 90 s). */
export async function openThreeTier(session: ReturnType<typeof useBrowser>) {
  const opened = await session.fresh();
  await opened.page.goto(`${BASE}?example=three-tier`);
  await expect.poll(() => node(opened.page, 'db').count()).toBe(1);
  await settle(opened.page);
  return opened;
}

/**
 * Starts recording the gaps between animation frames (ms) in the page; frameGaps() stops
 * and returns them. A gap far over 16.7 ms is a frame the page could not draw in time.
 */
export async function recordFrameGaps(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __rec: boolean };
    w.__gaps = [];
    w.__rec = true;
    let last = performance.now();
    const loop = (t: number) => {
      w.__gaps.push(t - last);
      last = t;
      if (w.__rec) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  });
}

/** Stops recordFrameGaps and returns the gaps recorded (the first, to a frame before it started, left out when `dropFirst`). */
export async function frameGaps(page: Page, dropFirst = false): Promise<number[]> {
  const gaps = await page.evaluate(() => {
    const w = window as unknown as { __gaps: number[]; __rec: boolean };
    w.__rec = false;
    return w.__gaps;
  });
  return dropFirst ? gaps.slice(1) : gaps;
}

/** Starts collecting the page's long tasks (ms; PerformanceObserver 'longtask'), from now. */
export async function watchLongTasks(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __obs?: PerformanceObserver };
    w.__long = [];
    w.__obs?.disconnect();
    w.__obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(Math.round(e.duration));
    });
    w.__obs.observe({ type: 'longtask' });
  });
}

/** The long tasks (ms) since watchLongTasks. */
export function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __long: number[] }).__long.slice());
}

/** Long tasks in one line, for a test's printed figures. */
export const longTaskSummary = (xs: number[]) =>
  `${xs.length} long tasks, longest ${Math.max(0, ...xs)} ms, ${xs.reduce((a, b) => a + b, 0)} ms in all: [${xs.join(', ')}]`;
