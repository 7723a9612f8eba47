/**
 * Live-run behaviour a user relies on, in headless Chromium against the production build:
 * Space runs and pauses, and Space+drag pans; a parameter edit applies to the running simulation; a structural
 * edit offers a restart; a worker error keeps the design and Reset brings a fresh worker;
 * the fault menu works from the keyboard alone; the run summary exports as CSV and JSON.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { autosaved, mod, node, openThreeTier, settle, simClock, useBrowser } from './browser';

const session = useBrowser();
let page: Page;
let errors: string[];

async function threeTier() {
  ({ page, errors } = await openThreeTier(session));
}

const clockText = () => page.getByTestId('sim-clock').textContent();
const clock = () => simClock(page);
const playButton = () => page.locator('.sw-run__play');
const status = async () => ((await playButton().textContent()) ?? '').trim();
const banner = () => page.getByText('The design changed: Restart to apply');
/** A node's utilization as its widget shows it (percent). */
const util = async (id: string) => Number(await node(page, id).locator('.sw-live').getAttribute('data-util'));
/** The mean of `n` readings of a node's utilization, `gapMs` apart (the gauge is instantaneous). */
async function meanUtil(id: string, n = 8, gapMs = 150) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += await util(id);
    await page.waitForTimeout(gapMs);
  }
  return s / n;
}
/** Presses Tab until the focused element matches, like a keyboard user would (at most 80 times). */
async function tabTo(match: (el: { name: string; label: string; tag: string }) => boolean, back = false) {
  for (let i = 0; i < 80; i++) {
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return {
        name: a?.textContent?.trim() ?? '',
        label: a?.getAttribute('aria-label') ?? '',
        tag: a?.tagName ?? '',
      };
    });
    if (match(el)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error('the element was not reached with Tab');
}
/** A point on the empty pane (not on a node, an edge or a panel). */
async function emptyPane() {
  return page.evaluate(() => {
    const r = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    for (let y = r.top + r.height - 40; y > r.top + 60; y -= 13)
      for (let x = r.left + r.width / 2; x < r.right - 40; x += 17) {
        const el = document.elementFromPoint(x, y);
        if (el?.classList.contains('react-flow__pane')) return { x, y };
      }
    throw new Error('no empty point on the pane');
  });
}

describe('a live run, as a user drives it', () => {
  it('Space runs and pauses when the canvas has focus, and types a space in a text field', async () => {
    await threeTier();
    const p = await emptyPane();
    await page.mouse.click(p.x, p.y);
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toMatch(/INPUT|TEXTAREA|SELECT/);
    expect(await status()).toBe('Run');

    await page.keyboard.press('Space');
    await expect.poll(status).toBe('Pause');
    await expect.poll(clock, { timeout: 10_000 }).toBeGreaterThan(1);

    await page.keyboard.press('Space');
    // Paused part-way: the button goes on from here, and says so.
    await expect.poll(status).toBe('Resume');
    await page.waitForTimeout(200);
    const stopped = await clock();
    await page.waitForTimeout(600);
    expect(await clock()).toBe(stopped);

    // In a text field Space is just a space: the run does not start.
    const search = page.getByPlaceholder('Search components');
    await search.click();
    await page.keyboard.press('Space');
    await page.waitForTimeout(400);
    expect(await status()).toBe('Resume');
    expect(await clock()).toBe(stopped);
    expect(await search.inputValue()).toBe(' ');

    // Back on the canvas, Space resumes from where it paused.
    await page.mouse.click(p.x, p.y);
    await page.keyboard.press('Space');
    await expect.poll(status).toBe('Pause');
    await expect.poll(clock).toBeGreaterThan(stopped + 0.5);
    expect(errors).toEqual([]);
  });

  it('Space held with a drag pans the canvas, even from a node, without moving the node or toggling the run', async () => {
    await threeTier();
    const p = await emptyPane();
    await page.mouse.click(p.x, p.y);
    const viewport = () =>
      page.evaluate(() => {
        const m = /translate\(([-\d.]+)px, ([-\d.]+)px\)/.exec(
          (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform,
        );
        return m ? { x: Number(m[1]), y: Number(m[2]) } : null;
      });
    const nodeBox = async () => (await node(page, 'db').boundingBox())!;
    const before = (await viewport())!;
    const db = await nodeBox();

    await page.keyboard.down('Space');
    await page.mouse.move(db.x + db.width / 2, db.y + db.height / 2);
    await page.mouse.down();
    await page.mouse.move(db.x + db.width / 2 + 60, db.y + db.height / 2 + 40, { steps: 4 });
    await page.mouse.move(db.x + db.width / 2 + 120, db.y + db.height / 2 + 80, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Space');

    // The whole view moved by the drag, and the node on screen by exactly as much: its
    // place in the design is unchanged (a node drag on top would have moved it twice as far).
    const after = (await viewport())!;
    expect(after.x - before.x).toBeCloseTo(120, 0);
    expect(after.y - before.y).toBeCloseTo(80, 0);
    const moved = await nodeBox();
    expect(moved.x - db.x).toBeCloseTo(120, 0);
    expect(moved.y - db.y).toBeCloseTo(80, 0);
    // The press was not a tap, so the run did not start; nothing got selected either.
    expect(await status()).toBe('Run');
    expect(await page.locator('.react-flow__node.selected').count()).toBe(0);

    // A long hold without a drag is not a tap either; a quick tap still runs.
    await page.keyboard.down('Space');
    await page.waitForTimeout(700);
    await page.keyboard.up('Space');
    await page.waitForTimeout(200);
    expect(await status()).toBe('Run');
    await page.keyboard.press('Space');
    await expect.poll(status).toBe('Pause');
    expect(errors).toEqual([]);
  });

  it('a parameter edit applies to the running simulation without a restart', async () => {
    await threeTier();
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('2');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(clock, { timeout: 10_000 }).toBeGreaterThan(3);
    // 300 req/s over 3 × 16 threads: the API is mostly idle.
    const before = await meanUtil('api');
    expect(before).toBeLessThan(40);

    // Select the API and take its threads from 16 to 2 per instance, while it runs.
    await node(page, 'api').locator('.sw-node__head').click();
    await expect.poll(() => page.locator('.sw-inspector__kind').textContent()).toBe('Service');
    const t0 = await clock();
    await page.getByLabel('Threads per instance', { exact: true }).fill('2');
    // Six threads in all cannot keep up: utilization pins near 100% and a queue builds.
    await expect.poll(() => meanUtil('api', 4, 100), { timeout: 15_000 }).toBeGreaterThan(80);
    await expect
      .poll(async () =>
        Number(/q (\d+)/.exec((await node(page, 'api').locator('.sw-live__queue').textContent()) ?? '')?.[1]),
      )
      .toBeGreaterThan(0);
    // Live, not restarted: the clock kept going from where it was, still running, no banner.
    expect(await clock()).toBeGreaterThan(t0);
    expect(await status()).toBe('Pause');
    expect(await banner().count()).toBe(0);
    // The canvas summary follows the design.
    await expect
      .poll(() => node(page, 'api').locator('.sw-node__summary').textContent())
      .toMatch(/3 × 2 threads/);
    expect(errors).toEqual([]);
  });

  it('a structural edit while running offers a restart (and undoing it takes the offer back)', async () => {
    await threeTier();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(clock, { timeout: 10_000 }).toBeGreaterThan(2);
    await settle(page);

    // Delete the api → db edge (select it by its badge, then Delete).
    await page.locator('.sw-edge-badges[data-edge="e3"]').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__edge[data-id="e3"]').count()).toBe(0);
    await expect.poll(() => banner().count()).toBe(1);
    // The run goes on meanwhile with the design it started with.
    expect(await status()).toBe('Pause');

    // Undo: the design is the running one again, so nothing to restart for.
    await page.mouse.click((await emptyPane()).x, (await emptyPane()).y);
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => page.locator('.react-flow__edge[data-id="e3"]').count()).toBe(1);
    await expect.poll(() => banner().count()).toBe(0);

    // Add a node from the palette: the offer is back; Restart runs the new design.
    await page.getByRole('button', { name: 'Cache', exact: true }).click();
    await expect.poll(() => node(page, 'cache').count()).toBe(1);
    await expect.poll(() => banner().count()).toBe(1);
    const beforeRestart = await clock();
    expect(beforeRestart).toBeGreaterThan(2);
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await expect.poll(() => banner().count()).toBe(0);
    await expect.poll(status).toBe('Pause');
    // A new run from 0, which knows the new node (it has live widgets).
    await expect.poll(clock).toBeLessThan(beforeRestart);
    await expect.poll(() => node(page, 'cache').locator('.sw-live').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('every node deleted during a run: Pause still pauses, and Restart puts the run away', async () => {
    await threeTier();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(clock, { timeout: 10_000 }).toBeGreaterThan(1);
    await page.mouse.click((await emptyPane()).x, (await emptyPane()).y);
    await page.keyboard.press(`${mod}+a`);
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);
    // The run goes on with the design it started with, and its Pause button works.
    expect(await status()).toBe('Pause');
    expect(await playButton().isEnabled()).toBe(true);
    await playButton().click();
    await expect.poll(status).not.toBe('Pause');
    const paused = await clockText();
    await page.waitForTimeout(600);
    expect(await clockText()).toBe(paused);
    // Restart with nothing to run: idle, no charts of the deleted client (Reset alone reloaded the old run).
    await expect.poll(() => banner().count()).toBe(1);
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await expect.poll(() => banner().count()).toBe(0);
    await expect.poll(() => page.getByTestId('sim-clock').textContent()).toBe('00:00.0');
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await expect.poll(() => page.getByText(/Press Run to see the clients/).count()).toBe(1);
    expect(await playButton().isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('opening another design during a run resets the run (its figures belonged to the old design)', async () => {
    await threeTier();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(clock, { timeout: 10_000 }).toBeGreaterThan(2);
    await page.getByRole('button', { name: 'Examples' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /Retry storm/ })
      .first()
      .click();
    await expect.poll(() => page.locator('.sw-brand__design').textContent()).toMatch(/Retry storm/);
    // Idle: no clock running on, no live figures from three-tier on the nodes called api and db.
    await expect.poll(status).toBe('Run');
    await expect.poll(() => page.getByTestId('sim-clock').textContent()).toBe('00:00.0');
    await expect.poll(() => page.locator('.sw-live').count()).toBe(0);
    await expect.poll(() => banner().count()).toBe(0);
    // And the next run is the new design's.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => node(page, 'db').locator('.sw-live').count(), { timeout: 10_000 }).toBe(1);
    expect(errors).toEqual([]);
  });

  it('a worker error says so, keeps the design, and Reset brings a fresh worker that runs', async () => {
    await threeTier();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(clock, { timeout: 10_000 }).toBeGreaterThan(1);
    const workers = page.workers();
    expect(workers.length).toBe(1);
    const first = workers[0];
    // A real uncaught exception inside the simulation worker (no app hook involved).
    let closed = false;
    first.once('close', () => (closed = true));
    await first.evaluate(() => {
      setTimeout(() => {
        throw new Error('injected by the e2e test');
      }, 0);
    });
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toMatch(/The simulation worker stopped/);
    expect(await alert.textContent()).toMatch(/injected by the e2e test/);
    expect(await alert.textContent()).toMatch(/your design is safe/);
    expect(await status()).toBe('Run');
    await expect.poll(() => closed).toBe(true); // the broken worker was ended
    // Frames the worker posted just before it failed change nothing: the notice stays.
    await page.waitForTimeout(300);
    expect(await alert.count()).toBe(1);
    expect(await status()).toBe('Run');
    // The design is untouched: on the canvas and in the autosave.
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(4);
    expect((await autosaved(page))?.nodes).toHaveLength(4);

    // Reset (the banner's button): a new worker, the clock at 0, and it runs again.
    const fresh = page.waitForEvent('worker');
    await alert.getByRole('button', { name: 'Reset the simulation' }).click();
    const second = await fresh;
    expect(second).not.toBe(first);
    await expect.poll(() => alert.count()).toBe(0);
    expect(await clockText()).toBe('00:00.0');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(clock, { timeout: 10_000 }).toBeGreaterThan(1);
    await expect.poll(() => node(page, 'api').locator('.sw-live').count()).toBe(1);
    expect(page.workers()).toEqual([second]);
    expect(errors).toEqual([]);
  });

  it('injects a fault from the toolbar menu with the keyboard alone', async () => {
    await threeTier();
    // Run with Space (nothing focused yet), at 5× so the fault timeline moves.
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('5');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Space');
    await expect.poll(status).toBe('Pause');
    await expect.poll(clock, { timeout: 10_000 }).toBeGreaterThan(2);

    // Tab to the toolbar's "Inject fault" and open it with Enter; Escape closes it.
    await tabTo((el) => el.tag === 'BUTTON' && el.name === 'Inject fault');
    const menu = page.getByRole('dialog', { name: 'Inject fault' });
    await page.keyboard.press('Enter');
    await expect.poll(() => menu.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    // The focus is back on the button that opened it, so Enter opens it again.
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    await expect.poll(focused).toBe('Inject fault');
    // So it is after a toolbar menu (File) closes with Escape.
    await page.getByRole('button', { name: 'File' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('menu').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    await expect.poll(focused).toBe('File');
    await tabTo((el) => el.tag === 'BUTTON' && el.name === 'Inject fault');
    await page.keyboard.press('Enter');
    await expect.poll(() => menu.count()).toBe(1);

    // Focus starts on the target: pick the database by typing its name.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Target');
    await page.keyboard.type('Postgres'); // the options read as the canvas names the nodes
    await expect.poll(() => menu.getByRole('combobox', { name: 'Target' }).inputValue()).toBe('db');
    // Untouched, the duration follows the speed as the note under it does (25 s at 5×, 50 at 10×).
    const killFor = menu.getByRole('spinbutton', { name: 'Crash: duration (s)' });
    expect(await killFor.inputValue()).toBe('25');
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
    await expect.poll(() => killFor.inputValue()).toBe('50');
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('5');
    await expect.poll(() => killFor.inputValue()).toBe('25');
    await menu.getByRole('combobox', { name: 'Target' }).focus();
    // Tab to Crash's duration, make it 40 s, back to Crash, Enter.
    await tabTo((el) => el.label === 'Crash: duration (s)');
    await page.keyboard.press(`${mod}+a`);
    await page.keyboard.type('40');
    await tabTo((el) => el.tag === 'BUTTON' && el.name === 'Crash', true);
    const at = await clock();
    await page.keyboard.press('Enter');

    // The menu closes, the database is marked down, and the timeline shows the injection.
    await expect.poll(() => menu.count()).toBe(0);
    await expect.poll(() => node(page, 'db').locator('.sw-node').getAttribute('data-down')).toBe('2');
    await expect.poll(() => node(page, 'db').locator('.sw-node__down').textContent()).toBe('down');
    const bar = page.locator('.sw-timeline__bar.is-injected');
    await expect.poll(() => bar.count()).toBe(1);
    const title = (await bar.getAttribute('title')) ?? '';
    expect(title).toMatch(/^Injected crash on Postgres at [\d.]+s for 40s, active now$/);
    const start = Number(/at ([\d.]+)s/.exec(title)?.[1]);
    expect(start).toBeGreaterThanOrEqual(Math.floor(at));
    expect(start).toBeLessThan(at + 5);
    expect(await bar.textContent()).toMatch(/crash Postgres · active, until \d+:\d\d/);
    // 40 s long: bar from start to start + 40 on a 90 s track.
    const track = await page.locator('.sw-timeline__track').evaluate((e) => e.clientWidth);
    const w = (await bar.boundingBox())!.width;
    expect(w / track).toBeGreaterThan((40 / 90) * 0.8);
    expect(w / track).toBeLessThan((40 / 90) * 1.2);
    expect(await page.locator('.sw-toast').filter({ hasText: 'Crash injected into Postgres.' }).count()).toBe(
      1,
    );
    expect(errors).toEqual([]);
  });

  it('exports the run summary as CSV and as JSON', async () => {
    await threeTier();
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('max');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(status).toBe('Pause');
    // Runs to its end (90 simulated seconds), then the summary appears.
    await expect.poll(clockText, { timeout: 60_000 }).toBe('01:30.0');
    await expect.poll(status).toBe('Run');
    // The end is announced: the summary is below the charts, easy to miss.
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringMatching(/The run has finished: its summary is at the bottom/));
    const summary = page.getByRole('region', { name: 'Run summary' });
    await expect.poll(() => summary.count(), { timeout: 10_000 }).toBe(1);

    const [csvDl] = await Promise.all([
      page.waitForEvent('download'),
      summary.getByRole('button', { name: 'CSV', exact: true }).click(),
    ]);
    expect(csvDl.suggestedFilename()).toBe('three-tier-web-app-summary.csv');
    const csv = readFileSync((await csvDl.path())!, 'utf8')
      .trimEnd()
      .split('\n');
    expect(csv[0]).toBe('scope,id,name,figure,value,ci95');
    // This design's names hold no comma, quote or line break: a plain split reads it.
    const rows = csv.slice(1).map((l) => l.split(','));
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) {
      expect(r).toHaveLength(6);
      expect(['client', 'node']).toContain(r[0]);
      if (r[4] !== '') expect(Number.isFinite(Number(r[4]))).toBe(true);
      if (r[5] !== '') expect(Number.isFinite(Number(r[5]))).toBe(true);
    }
    // Each id beside the name the canvas shows.
    expect(new Set(rows.map((r) => `${r[1]}=${r[2]}`))).toEqual(
      new Set(['users=Users', 'lb=Load balancer', 'api=API', 'db=Postgres']),
    );
    const cell = (scope: string, id: string, figure: string) =>
      Number(rows.find((r) => r[0] === scope && r[1] === id && r[3] === figure)?.[4]);
    // 300 requests/s offered; the database's connection pool is the busy part.
    expect(cell('client', 'users', 'throughput (/s)')).toBeGreaterThan(270);
    expect(cell('client', 'users', 'throughput (/s)')).toBeLessThan(330);
    expect(cell('client', 'users', 'all latency p99 (ms)')).toBeGreaterThan(0);
    expect(cell('node', 'db', 'utilization')).toBeGreaterThan(0);
    expect(cell('node', 'db', 'utilization')).toBeLessThanOrEqual(1);
    expect(rows.filter((r) => r[4] !== '' && Number(r[4]) > 0).length).toBeGreaterThan(15);

    const [jsonDl] = await Promise.all([
      page.waitForEvent('download'),
      summary.getByRole('button', { name: 'JSON', exact: true }).click(),
    ]);
    expect(jsonDl.suggestedFilename()).toBe('three-tier-web-app-summary.json');
    const json = JSON.parse(readFileSync((await jsonDl.path())!, 'utf8'));
    expect(json.name).toBe('Three-tier web app');
    expect(Object.keys(json.clients)).toEqual(['users']);
    expect(Object.keys(json.nodes).sort()).toEqual(['api', 'db', 'lb']);
    expect(json.clients.users.throughputRps).toBeCloseTo(cell('client', 'users', 'throughput (/s)'), 6);
    expect(json.nodes.db.utilization).toBe(cell('node', 'db', 'utilization'));
    expect(typeof json.clients.users.latencyMs.p99).toBe('number');

    // Every time series, in the CLI's --series format, from the worker's engine.
    const [seriesDl] = await Promise.all([
      page.waitForEvent('download'),
      summary.getByRole('button', { name: 'Series', exact: true }).click(),
    ]);
    expect(seriesDl.suggestedFilename()).toBe('three-tier-web-app-series.csv');
    const series = readFileSync((await seriesDl.path())!, 'utf8')
      .trimEnd()
      .split('\n');
    expect(series[0]).toBe('scope,id,t_s,width_s,column,value');
    const lines = series.slice(1).map((l) => l.split(','));
    // 90 one-second buckets for each element; the db's arrivals in the window add up to the summary's.
    const dbArrivals = lines.filter((r) => r[0] === 'node' && r[1] === 'db' && r[4] === 'arrivals');
    expect(dbArrivals).toHaveLength(90);
    const windowFrom = json.windowS[0];
    expect(dbArrivals.filter((r) => Number(r[2]) >= windowFrom).reduce((a, r) => a + Number(r[5]), 0)).toBe(
      json.nodes.db.arrivals,
    );
    expect(new Set(lines.map((r) => r[0]))).toEqual(new Set(['client', 'node', 'edge']));
    // The heading, its note, the switch and the three buttons keep one line, down to a 1280 px screen.
    await page.setViewportSize({ width: 1280, height: 720 });
    const centres = await summary.locator('header > *').evaluateAll((bs) =>
      bs.map((b) => {
        const r = b.getBoundingClientRect();
        return Math.round((r.top + r.bottom) / 2);
      }),
    );
    expect(Math.max(...centres) - Math.min(...centres)).toBeLessThanOrEqual(2);
    expect(errors).toEqual([]);
  });
});
