/**
 * A new user's session, end to end, in headless Chromium against the production build:
 * build a design from the palette, connect it, edit and break a param, undo, save, reload,
 * open the saved file, open a share link and a corrupted one, export a PNG.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkNumber, KINDS, validateDesign, type Design } from '../../src/model';
import { autosaved, BASE, connect, mod, node, openDesignFile, openPage, settle, useBrowser } from './browser';

const session = useBrowser();
let ctx: BrowserContext;
let page: Page;
let errors: string[];

async function fresh() {
  ({ ctx, page, errors } = await session.fresh());
}

const nodeIds = (p: Page) =>
  p.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).sort());
const edgeCount = (p: Page) => p.locator('.react-flow__edge').count();

/** A fresh page with an example open; the properties panel, its splitter and its drawn width. */
async function openWithPanel() {
  await fresh();
  await page.goto(`${BASE}?example=news-feed`);
  await expect.poll(() => node(page, 'posters').count()).toBe(1);
  const panel = page.getByRole('complementary', { name: 'Properties' });
  const splitter = page.getByRole('separator', { name: 'Resize the properties panel' });
  const panelWidth = async () => Math.round((await panel.boundingBox())!.width);
  return { splitter, panelWidth };
}

/** Pairs of top-bar items drawn over each other (each item: a control, the brand, a status). */
function topBarOverlaps(p: Page): Promise<string[]> {
  return p.locator('.sw-topbar').evaluate((bar) => {
    const items = [
      ...bar.querySelectorAll(':scope > .sw-brand, .sw-toolbar > *, .sw-run > *, .sw-topbar__end > *'),
    ]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0)
      .sort((a, b) => a.r.left - b.r.left);
    const name = (el: Element) =>
      el.getAttribute('aria-label') ?? (el.textContent?.trim() || el.className.toString());
    const out: string[] = [];
    for (let i = 1; i < items.length; i++)
      if (items[i].r.left < items[i - 1].r.right - 0.5)
        out.push(`${name(items[i - 1].el)} | ${name(items[i].el)}`);
    return out;
  });
}

describe('the canvas editor', () => {
  it('builds, edits, undoes, saves, restores, shares and exports a design', async () => {
    await fresh();
    await page.goto(BASE);
    // First visit: the ready-to-run example.
    await expect.poll(() => nodeIds(page)).toContain('cache');
    await expect.poll(() => page.locator('.sw-brand__design').textContent()).toMatch(/cache/i);

    // Start from scratch.
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'New' }).click();
    await expect.poll(() => nodeIds(page)).toEqual([]);

    // Palette: every kind is a button named after it.
    for (const spec of Object.values(KINDS))
      await expect(page.getByRole('button', { name: spec.label, exact: true }).count()).resolves.toBe(1);
    for (const label of ['Client', 'Load balancer', 'Service', 'Service', 'Database'])
      await page.getByRole('button', { name: label, exact: true }).click();
    await expect
      .poll(() => nodeIds(page))
      .toEqual(['client', 'database', 'loadbalancer', 'service', 'service-2']);

    // The validation panel lists the compiler's warnings; clicking one selects what it names.
    const warning = page.locator('.sw-issue').filter({ hasText: 'calls nothing' });
    await expect.poll(() => warning.count()).toBe(1);
    // Named as the canvas names them (two services by their ids too), not by JSON path or
    // id; the validator's own line stays in the tooltip.
    await expect(warning.locator('.sw-issue__path').textContent()).resolves.toBe('Client');
    // The subject names the client; the message does not name it again.
    await expect(warning.locator('.sw-issue__msg').textContent()).resolves.toBe(
      'calls nothing: connect it to a node',
    );
    await expect(warning.getAttribute('title')).resolves.toMatch(
      /^nodes\[\d\]: client "client" calls nothing: connect it to a node/,
    );
    // The second service from the palette is numbered, on the canvas and here.
    const unreachable = page.locator('.sw-issue').filter({ hasText: 'Service 2is unreachable' });
    await expect(unreachable.locator('.sw-issue__path').textContent()).resolves.toBe('Service 2');
    await expect(node(page, 'service-2').locator('.sw-node__label').textContent()).resolves.toBe('Service 2');
    expect(await page.getByRole('region', { name: 'Validation' }).textContent()).not.toMatch(/nodes\[|"/);
    await warning.click();
    await expect.poll(() => node(page, 'client').getAttribute('class')).toMatch(/selected/);
    await expect.poll(() => page.locator('.sw-inspector__kind').textContent()).toBe('Client');

    // Spread them out (elkjs, loaded on demand) so that handles are easy to reach.
    await page.getByRole('button', { name: 'Auto layout' }).click();
    await page.waitForTimeout(300);
    await settle(page);

    // Connect by dragging handle to handle.
    await connect(page, 'client', 'loadbalancer');
    await connect(page, 'loadbalancer', 'service');
    await connect(page, 'loadbalancer', 'service-2');
    await connect(page, 'service', 'database');
    await connect(page, 'service-2', 'database');
    await expect.poll(() => edgeCount(page)).toBe(5);
    await page.getByRole('button', { name: 'Auto layout' }).click();
    await page.waitForTimeout(300);
    await settle(page);

    // A refused connection says why.
    await connect(page, 'database', 'client');
    await expect(
      page.locator('.sw-toast').filter({ hasText: 'Cannot connect' }).first().textContent(),
    ).resolves.toMatch(/makes no calls|does not accept calls/);
    expect(await edgeCount(page)).toBe(5);
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /ready to run|Valid/ })
          .count(),
      )
      .toBeGreaterThan(0);

    // Edit a param in the inspector.
    await node(page, 'service').click();
    const instances = page.getByLabel('Instances', { exact: true });
    await instances.fill('4');
    await expect.poll(() => node(page, 'service').textContent()).toMatch(/4 × 8 threads/);

    // A bad value is flagged with the validator's message and not written.
    const threads = page.getByLabel('Threads per instance', { exact: true });
    await threads.fill('-2');
    const message = checkNumber(KINDS.service.params.concurrency, -2)!;
    await expect.poll(() => page.locator('.sw-field__error').allTextContents()).toContain(message);
    await expect(threads.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await node(page, 'service').textContent()).toMatch(/4 × 8 threads/);
    // Leaving the field puts back the value in effect (what the run uses), and says so.
    await instances.focus();
    await expect.poll(() => threads.inputValue()).toBe('8');
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringMatching(/Threads per instance: -2 not applied .*; kept 8\./));

    // Undo (keyboard, with the canvas focused) brings back 2 instances.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(() => node(page, 'service').textContent()).toMatch(/2 × 8 threads/);
    await page.keyboard.press(`${mod}+Shift+z`);
    await expect.poll(() => node(page, 'service').textContent()).toMatch(/4 × 8 threads/);

    // Save to a file.
    await page.getByRole('button', { name: 'File' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Save' }).click(),
    ]);
    const savedPath = await download.path();
    const saved = JSON.parse(readFileSync(savedPath!, 'utf8'));
    const v = validateDesign(saved);
    expect(v.ok).toBe(true);
    expect(saved.nodes).toHaveLength(5);
    expect(saved.edges).toHaveLength(5);
    expect(saved.nodes.find((n: { id: string }) => n.id === 'service').params).toEqual({ instances: 4 });

    // Autosave: reload and find the design restored.
    await expect.poll(() => page.locator('.sw-saved').textContent()).toMatch(/Saved/);
    await page.reload();
    await expect
      .poll(() => nodeIds(page))
      .toEqual(['client', 'database', 'loadbalancer', 'service', 'service-2']);
    expect(await edgeCount(page)).toBe(5);
    expect(await node(page, 'service').textContent()).toMatch(/4 × 8 threads/);

    // Open the saved file (after clearing the canvas).
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'New' }).click();
    await expect.poll(() => nodeIds(page)).toEqual([]);
    await page.getByRole('button', { name: 'File' }).click();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('menuitem', { name: 'Open…' }).click(),
    ]);
    await chooser.setFiles(savedPath!);
    await expect
      .poll(() => nodeIds(page))
      .toEqual(['client', 'database', 'loadbalancer', 'service', 'service-2']);

    // A bad file names the problem and leaves the design alone.
    await page.locator('#sw-open-file').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          schemaVersion: 1,
          nodes: [{ id: 'a', kind: 'service', params: { concurrency: -2 } }],
          edges: [],
        }),
      ),
    });
    // Worded from the file's own node (a service without a label), the raw line in the tooltip.
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain(`Service › Threads per instance: ${message}`);
    await expect(page.getByRole('alert').locator('li').first().getAttribute('title')).resolves.toBe(
      `nodes[0].params.concurrency: ${message}`,
    );
    expect((await nodeIds(page)).length).toBe(5);
    await page.getByRole('button', { name: 'Dismiss' }).first().click();

    // Share: a link with the whole design in the fragment, and the speed it was shared at.
    await page.getByRole('button', { name: 'Share' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    expect(link).toMatch(/#d=[A-Za-z0-9_-]+&s=(\d+(\.\d+)?|max)$/);
    await page.getByRole('button', { name: 'Close' }).click();

    // Open it in a fresh tab: the design arrives.
    const other = await openPage(ctx);
    await other.page.goto(link);
    await expect
      .poll(() => nodeIds(other.page))
      .toEqual(['client', 'database', 'loadbalancer', 'service', 'service-2']);
    expect(await other.page.locator('.react-flow__edge').count()).toBe(5);
    expect(other.errors).toEqual([]);
    await other.page.close();

    // In this tab: clear, then open the link (same document, hash change).
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'New' }).click();
    await page.getByRole('button', { name: 'Client', exact: true }).click();
    await expect.poll(() => nodeIds(page)).toEqual(['client']);
    await page.goto(link);
    await expect
      .poll(() => nodeIds(page))
      .toEqual(['client', 'database', 'loadbalancer', 'service', 'service-2']);
    // The link did not cost the user their design: the toast says where it is, and File ›
    // Restore previous design swaps it back (the link's design becomes the previous one).
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContainEqual(expect.stringMatching(/one Undo away, and under File › Restore previous design/));
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'Restore previous design' }).click();
    await expect.poll(() => nodeIds(page)).toEqual(['client']);
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'Restore previous design' }).click();
    await expect.poll(() => nodeIds(page)).toHaveLength(5);

    // A corrupted link: a clear error, nothing loaded, the design untouched.
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'New' }).click();
    await page.getByRole('button', { name: 'Database', exact: true }).click();
    await expect.poll(() => nodeIds(page)).toEqual(['database']);
    await expect.poll(() => page.locator('.sw-saved').textContent()).toMatch(/Saved/);
    const payload = link.split('#d=')[1].split('&')[0];
    await page.goto(`${BASE}#d=${payload.slice(0, Math.floor(payload.length * 0.6))}`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/Could not open the share link; your design is unchanged\..*truncated or damaged/);
    expect(await nodeIds(page)).toEqual(['database']);
    // Also on a fresh load (the autosaved design stays).
    await page.goto(`${BASE}?x=1#d=${payload.slice(0, 20)}x${payload.slice(21)}`);
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await expect.poll(() => nodeIds(page)).toEqual(['database']);
    await page.getByRole('button', { name: 'Dismiss' }).first().click();

    // A link opened on a fresh load over the autosaved design: that design is one Undo away.
    await page.goto(link);
    await expect.poll(() => nodeIds(page)).toHaveLength(5);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => nodeIds(page)).toEqual(['database']);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => nodeIds(page)).toHaveLength(5);

    // Export a PNG.
    await page.getByRole('button', { name: 'Export' }).click();
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'PNG image' }).click(),
    ]);
    const bytes = readFileSync((await png.path())!);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(5000);

    expect(errors).toEqual([]);
  });

  it('opens examples by deep link and from the gallery, shows shortcuts, edits faults, uses zones', async () => {
    await fresh();
    // First visit through a broken link: the error stays up, the default example opens.
    await page.goto(`${BASE}#d=abcdef`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/share link.*truncated or damaged/);
    await expect.poll(() => nodeIds(page)).toContain('cache');
    await page.getByRole('button', { name: 'Dismiss' }).first().click();

    await page.goto(`${BASE}?example=retry-storm`);
    await expect.poll(() => nodeIds(page)).toEqual(['api', 'db', 'users']);
    await expect.poll(() => page.locator('.sw-brand__design').textContent()).toBe('Retry storm');
    expect(page.url()).not.toContain('example='); // a reload restores the autosave, not the example

    // Edge policy badges and the edge inspector (once the fit's animation is over: a click
    // during it can land beside the moving badge).
    await expect.poll(() => page.locator('.sw-edge-badges').count()).toBe(2);
    await settle(page);
    await page.locator('.sw-edge-badges').first().click();
    await expect.poll(() => page.getByRole('switch', { name: 'Retries' }).isChecked()).toBe(true);
    await page.getByRole('switch', { name: 'Circuit breaker' }).check();
    await expect.poll(() => page.locator('.sw-edge-badges').first().textContent()).toContain('CB');

    // Scenario: faults with valid targets only.
    await page.getByRole('tab', { name: 'Scenario' }).click();
    await expect(page.getByLabel('Duration', { exact: true }).first().inputValue()).resolves.toBe('120');
    await page.getByLabel('New fault type').selectOption({ label: 'Fail primary' });
    await page.getByRole('button', { name: 'Add fault' }).click();
    const target = page.locator('.sw-fault').nth(1).getByLabel('Target', { exact: true });
    await expect(target.locator('option').allTextContents()).resolves.toEqual(['Database (db)']);
    await page.getByRole('button', { name: 'Remove fault 2' }).click();
    await expect.poll(() => page.locator('.sw-fault').count()).toBe(1);
    // A crash of the client reads as the fault menu says it: it stops the traffic.
    await page.getByLabel('New fault type').selectOption({ label: 'Crash' });
    await page.getByRole('button', { name: 'Add fault' }).click();
    const added = page.locator('.sw-fault').nth(1);
    await added.getByLabel('Target', { exact: true }).selectOption('users');
    await expect.poll(() => added.locator('legend').textContent()).toBe('Fault 2: Stop traffic');
    await expect.poll(() => added.getByLabel('Instances', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Remove fault 2' }).click();
    await expect.poll(() => page.locator('.sw-fault').count()).toBe(1);

    // Shortcuts dialog.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    // Keyboard editing: duplicate, delete, copy and paste, nudge, select all.
    await node(page, 'api').click();
    await page.keyboard.press(`${mod}+d`);
    await expect.poll(() => nodeIds(page)).toEqual(['api', 'api-2', 'db', 'users']);
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeIds(page)).toEqual(['api', 'db', 'users']);
    await node(page, 'db').click();
    await page.keyboard.press(`${mod}+c`);
    await page.keyboard.press(`${mod}+v`);
    await expect.poll(() => nodeIds(page)).toEqual(['api', 'db', 'db-2', 'users']);
    const x0 = (await node(page, 'db-2').boundingBox())!.x;
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await node(page, 'db-2').boundingBox())!.x).toBeGreaterThan(x0 + 2);
    await page.keyboard.press('Backspace');
    await page.keyboard.press(`${mod}+a`);
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(3);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(0);

    // Gallery.
    await page.getByRole('button', { name: 'Examples' }).click();
    await page.getByRole('button', { name: /Zone outage/ }).click();
    await expect.poll(() => nodeIds(page)).toContain('zone-a');
    await page.waitForTimeout(400);

    // Zones: a node dragged from the palette into a zone joins it; dragging the zone moves it along.
    const zoneB = (await node(page, 'zone-b').boundingBox())!;
    const pane = page.locator('.react-flow__pane');
    const paneBox = (await pane.boundingBox())!;
    await page.getByRole('button', { name: 'Service', exact: true }).dragTo(pane, {
      targetPosition: {
        x: zoneB.x + zoneB.width - 60 - paneBox.x,
        y: zoneB.y + zoneB.height - 30 - paneBox.y,
      },
    });
    await expect.poll(() => nodeIds(page)).toContain('service');
    const saved = async () => {
      await page.waitForTimeout(600);
      return (await autosaved<Design>(page))!;
    };
    const find = (d: Design, id: string) => d.nodes.find((n) => n.id === id)!;
    let d = await saved();
    expect(find(d, 'service').parentId).toBe('zone-b');
    const rel = find(d, 'service').position;
    const before = (await node(page, 'service').boundingBox())!;
    const bar = (await node(page, 'zone-b').locator('.sw-zone__bar').boundingBox())!;
    await page.mouse.move(bar.x + 40, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + 40, bar.y + bar.height / 2 + 80, { steps: 10 });
    await page.mouse.up();
    await expect
      .poll(async () => (await node(page, 'service').boundingBox())!.y)
      .toBeGreaterThan(before.y + 40);
    d = await saved();
    expect(find(d, 'service').parentId).toBe('zone-b');
    expect(find(d, 'service').position).toEqual(rel); // children move with their zone
    // Undo puts the zone back: the whole drag was one step.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(`${mod}+z`);
    await expect.poll(async () => (await node(page, 'service').boundingBox())!.y).toBeCloseTo(before.y, 0);
    // Dragging the node out of the zone takes it out.
    const now = (await node(page, 'service').boundingBox())!;
    await page.mouse.move(now.x + 20, now.y + 10);
    await page.mouse.down();
    await page.mouse.move(now.x + 20, now.y + 10 + 220, { steps: 10 });
    await page.mouse.up();
    d = await saved();
    expect(find(d, 'service').parentId).toBeUndefined();

    // Drop a design file onto the canvas to open it.
    const file = readFileSync('public/examples/three-tier.json', 'utf8');
    await page.locator('.sw-canvas').evaluate((el, text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'three-tier.json', { type: 'application/json' }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, file);
    await expect.poll(() => nodeIds(page)).toEqual(['api', 'db', 'lb', 'users']);

    expect(errors).toEqual([]);
  });

  it('opens a node or an edge in the inspector from the keyboard: Tab to it, Enter', async () => {
    await fresh();
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    // With nothing selected, the panel shows the example's lesson in full.
    const about = page.getByRole('region', { name: 'About this design' });
    await expect.poll(() => about.textContent()).toMatch(/^Three-tier.*\. .*\./);
    await settle(page);
    // Focus the canvas's first node, then Tab through until the database has focus.
    await page.locator('.react-flow__node').first().focus();
    for (let i = 0; i < 12; i++) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-id'))) === 'db') break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /, Database$/,
    );
    // The focus ring is drawn on the card.
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement!.querySelector('.sw-node')!).outlineStyle,
    );
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('complementary', { name: 'Properties' }).textContent())
      .toMatch(/Connections/);
    // The lesson stays one click away above the node's form, folded; it stays open once opened.
    const lesson = page.locator('details.sw-about-design--folded');
    await expect(lesson.locator('summary').textContent()).resolves.toMatch(/^About this design: Three-tier/);
    expect(await lesson.getAttribute('open')).toBeNull();
    await lesson.locator('summary').click();
    await expect.poll(() => lesson.locator('p').isVisible()).toBe(true);
    await node(page, 'api').click();
    await expect.poll(() => page.locator('details.sw-about-design--folded[open] p').isVisible()).toBe(true);
    await page.locator('details.sw-about-design--folded summary').click();
    await node(page, 'db').click();
    // An edge too, named by the nodes' names (not their ids).
    await page.locator('.react-flow__edge[data-id="e3"]').focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^Call from [^,]+ to Postgres$/,
    );
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('complementary', { name: 'Properties' }).textContent())
      .toMatch(/Timeout/);
    expect(errors).toEqual([]);
  });

  it('connects a drag dropped on a node body, not only on its handle', async () => {
    await fresh();
    await page.goto(BASE);
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'New' }).click();
    for (const label of ['Client', 'Service'])
      await page.getByRole('button', { name: label, exact: true }).click();
    await expect.poll(() => nodeIds(page)).toEqual(['client', 'service']);
    await settle(page);
    const from = (await node(page, 'client').locator('.react-flow__handle.source').boundingBox())!;
    const body = (await node(page, 'service').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(
        from.x + ((body.x + body.width * 0.6 - from.x) * i) / 10,
        from.y + ((body.y + body.height * 0.6 - from.y) * i) / 10,
      );
    await page.mouse.up();
    await expect.poll(() => edgeCount(page)).toBe(1);
    expect(errors).toEqual([]);
  });

  it('marks a run setting that breaks a rule across fields: a warm-up as long as the run', async () => {
    await fresh();
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await page.getByRole('tab', { name: 'Scenario' }).click();
    const run = page.getByRole('region', { name: 'Run settings' });
    const warmup = run.getByLabel('Warm-up', { exact: true });
    await run.getByLabel('Duration', { exact: true }).fill(await warmup.inputValue());
    await expect.poll(() => warmup.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => run.locator('.sw-field.is-invalid').allTextContents())
      .toContainEqual(expect.stringMatching(/Warm-up.*must be less than the run's duration/));
    expect(errors).toEqual([]);
  });

  it('hides the side panels for a projector (button or \\), giving the canvas the room, and brings them back', async () => {
    await fresh();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    const canvasWidth = async () => Math.round((await page.locator('.sw-canvas').boundingBox())!.width);
    const before = await canvasWidth();
    await page.getByRole('button', { name: 'Hide the side panels' }).click();
    await expect.poll(() => page.getByRole('complementary', { name: 'Properties' }).count()).toBe(0);
    await expect.poll(canvasWidth).toBe(1280);
    expect(before).toBeLessThan(800);
    // The keyboard brings them back (focus on the canvas, not in a field).
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('\\');
    await expect.poll(() => page.getByRole('complementary', { name: 'Properties' }).count()).toBe(1);
    await expect.poll(canvasWidth).toBe(before);
    expect(errors).toEqual([]);
  });

  it('connects from the properties panel without a drag: Calls › Add a call to…', async () => {
    await fresh();
    await page.goto(BASE);
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'New' }).click();
    for (const label of ['Client', 'Service', 'Database'])
      await page.getByRole('button', { name: label, exact: true }).click();
    await expect.poll(() => nodeIds(page)).toEqual(['client', 'database', 'service']);
    await node(page, 'service').click();
    const add = page.getByLabel('Add a call to');
    await add.focus();
    await add.selectOption({ label: 'Database' });
    await expect.poll(() => edgeCount(page)).toBe(1);
    // The new call opens in the panel, its policy ready to edit; the caller lists it.
    await expect
      .poll(() => page.getByRole('complementary', { name: 'Properties' }).textContent())
      .toMatch(/Service → Database/);
    await node(page, 'service').click();
    await expect.poll(() => page.locator('.sw-calls__list').textContent()).toBe('→ Database');
    expect(errors).toEqual([]);
  });

  it('resizes the properties panel by drag and by keyboard, and keeps the width over a reload', async () => {
    const { splitter, panelWidth } = await openWithPanel();
    expect(await panelWidth()).toBe(320);
    // Drag the splitter 150 px to the left: the panel widens by as much, the canvas gives way.
    const box = (await splitter.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 75, y, { steps: 4 });
    await page.mouse.move(box.x + box.width / 2 - 150, y, { steps: 4 });
    await page.mouse.up();
    expect(await panelWidth()).toBe(470);
    await expect(splitter.getAttribute('aria-valuenow')).resolves.toBe('470');
    // Keys: Right narrows by 16 px (64 with Shift), and nothing on the canvas moves.
    const before = await node(page, 'posters').boundingBox();
    await splitter.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    expect(await panelWidth()).toBe(390);
    expect((await node(page, 'posters').boundingBox())!.x).toBeCloseTo(before!.x, 0);
    // It is a preference: a reload keeps it; a double click restores the default.
    await page.reload();
    await expect.poll(() => node(page, 'posters').count()).toBe(1);
    expect(await panelWidth()).toBe(390);
    await splitter.dblclick();
    expect(await panelWidth()).toBe(320);
    expect(errors).toEqual([]);
  });

  it('resizes the dashboard by drag and by keyboard, and keeps its share over a reload', async () => {
    await fresh();
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    const splitter = page.getByRole('separator', { name: 'Resize the dashboard' });
    const panel = page.locator('.sw-bottom');
    const height = async () => Math.round((await panel.boundingBox())!.height);
    const start = await height();
    expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(start);
    await splitter.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
    await expect.poll(height).toBe(start + 64);
    // Drag the bar down by 100 px: the dashboard shrinks by as much.
    const bar = (await splitter.boundingBox())!;
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2 + 50);
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2 + 100);
    await page.mouse.up();
    await expect.poll(height).toBe(start - 36);
    await page.reload();
    await expect.poll(() => node(page, 'db').count()).toBe(1);
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await expect.poll(height).toBe(start - 36);
    expect(errors).toEqual([]);
  });

  it('keeps the canvas at least as wide as the properties panel, and the splitter reports the width as drawn', async () => {
    const { splitter, panelWidth } = await openWithPanel();
    const canvas = page.locator('.react-flow').first();
    const values = async () =>
      Promise.all(
        ['aria-valuemin', 'aria-valuenow', 'aria-valuemax'].map(async (a) =>
          Number(await splitter.getAttribute(a)),
        ),
      );
    // The widest the 1440 px window allows: (1440 - 208 palette) / 2 = 616.
    await splitter.focus();
    await page.keyboard.press('End');
    expect(await panelWidth()).toBe(616);
    expect(await values()).toEqual([260, 616, 616]);
    // Narrow the window to 900 px: the palette folds to its 52 px rail and the panel gives
    // way to (900 - 52) / 2 = 424, and says so.
    await page.setViewportSize({ width: 900, height: 900 });
    await expect.poll(panelWidth).toBe(424);
    // The drawn width follows the window at once; the values follow the resize's re-render.
    await expect.poll(values).toEqual([260, 424, 424]);
    expect(Math.round((await canvas.boundingBox())!.width)).toBeGreaterThanOrEqual(424);
    // Keys move from the width as drawn: one step narrower is visible at once.
    await splitter.focus();
    await page.keyboard.press('ArrowRight');
    expect(await panelWidth()).toBe(408);
    expect(await values()).toEqual([260, 408, 424]);
    // Growing past the limit does nothing unseen: End stops at 424, and when the window
    // widens again the panel shows the width last chosen, not the old 616.
    await page.keyboard.press('End');
    expect(await panelWidth()).toBe(424);
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(panelWidth).toBe(424);
    await expect.poll(values).toEqual([260, 424, 616]); // after the resize's re-render
    expect(errors).toEqual([]);
  });

  it("keeps the inspector's Label in step with the design: written as typed, undone, renamed on the canvas", async () => {
    await fresh();
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'api').count()).toBe(1);
    await settle(page);
    const label = node(page, 'api').locator('.sw-node__label');
    const field = page.getByRole('textbox', { name: 'Label', exact: true });
    const redo = page.getByRole('button', { name: 'Redo', exact: true });
    await node(page, 'api').click();
    await expect(field.inputValue()).resolves.toBe('API');

    // Written as it is typed (no Enter, no leaving the field): the canvas follows at once.
    await field.fill('Renamed');
    await expect.poll(() => label.textContent()).toBe('Renamed');
    await field.press('Enter');

    // Undo shows in the field; entering and leaving it writes nothing back (Redo survives).
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => label.textContent()).toBe('API');
    await expect.poll(() => field.inputValue()).toBe('API');
    await field.focus();
    await field.press('Tab');
    await expect.poll(() => label.textContent()).toBe('API');
    await expect(redo.isEnabled()).resolves.toBe(true);
    await redo.click();
    await expect.poll(() => field.inputValue()).toBe('Renamed');

    // A rename on the canvas (double-click the label) shows in the field too.
    await label.dblclick();
    const rename = page.getByRole('textbox', { name: 'Node label' });
    await rename.fill('Orders API');
    await rename.press('Enter');
    await expect.poll(() => field.inputValue()).toBe('Orders API');

    // Typing keystroke by keystroke is one undo step, and spaces survive while typing.
    await field.fill('');
    await field.pressSequentially('Checkout API ');
    await expect.poll(() => label.textContent()).toBe('Checkout API');
    await expect(field.inputValue()).resolves.toBe('Checkout API ');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => label.textContent()).toBe('Orders API');
    await redo.click();
    await expect.poll(() => label.textContent()).toBe('Checkout API');

    // A name typed and the page reloaded before leaving the field is kept (autosave).
    await field.fill('Payments API');
    await page.reload();
    await expect.poll(() => node(page, 'api').locator('.sw-node__label').textContent()).toBe('Payments API');
    expect(errors).toEqual([]);
  });

  it('saves (Ctrl+S) and opens (Ctrl+O) with the focus in a field; select-all stays the field’s', async () => {
    await fresh();
    // Listen for file choosers from the start: a listener added together with the key press
    // races Playwright's switching on of chooser interception (one message, no wait), and
    // the chooser then opens unseen (CI at 76eb40e timed out on it once).
    let choosers = 0;
    page.on('filechooser', () => choosers++);
    await page.goto(`${BASE}?example=three-tier`);
    await expect.poll(() => node(page, 'api').count()).toBe(1);
    await settle(page);
    await node(page, 'api').click();
    const field = page.getByRole('textbox', { name: 'Label', exact: true });
    const savedFile = async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 5000 }),
        page.keyboard.press(`${mod}+s`),
      ]);
      return JSON.parse(readFileSync((await download.path())!, 'utf8')) as Design;
    };
    const labelOf = (d: Design, id: string) => d.nodes.find((n) => n.id === id)?.label;

    // From the inspector's Label, halfway through typing: the file has what was typed.
    await field.fill('Typed API');
    expect(labelOf(await savedFile(), 'api')).toBe('Typed API');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe(await field.getAttribute('id'));

    // Select-all in the field selects its text, not every node.
    await field.press(`${mod}+a`);
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(1);
    expect(await field.evaluate((el: HTMLInputElement) => el.selectionEnd! - el.selectionStart!)).toBe(9);

    // From a number field and from a select.
    await page.getByRole('textbox', { name: 'Instances' }).focus();
    expect(labelOf(await savedFile(), 'api')).toBe('Typed API');
    await page.getByRole('combobox', { name: 'Speed' }).focus();
    await page.keyboard.press(`${mod}+o`);
    await expect.poll(() => choosers, { timeout: 5000 }).toBe(1);

    // From the canvas's rename box: the name typed there goes into the file.
    await node(page, 'db').locator('.sw-node__label').dblclick();
    await page.getByRole('textbox', { name: 'Node label' }).fill('Orders DB');
    expect(labelOf(await savedFile(), 'db')).toBe('Orders DB');
    await expect.poll(() => node(page, 'db').locator('.sw-node__label').textContent()).toBe('Orders DB');
    expect(errors).toEqual([]);
  });

  it('fits the top bar into narrower windows: icons keep their names, nothing spills out', async () => {
    for (const width of [1280, 1024, 860]) {
      const narrow = await session.browser.newContext({ viewport: { width, height: 700 } });
      const opened = await openPage(narrow);
      const p = opened.page;
      await p.goto(`${BASE}?example=news-feed`);
      await expect.poll(() => node(p, 'posters').count()).toBe(1);
      // Every control of the bar lies inside the window, and keeps its accessible name.
      const right = await p
        .locator('.sw-topbar button, .sw-topbar select')
        .evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
      expect(right, `rightmost top-bar control at ${width} px`).toBeLessThanOrEqual(width);
      for (const name of ['File', 'Examples', 'Share', 'Export', 'Inject fault', 'Keyboard shortcuts'])
        await expect(p.getByRole('button', { name, exact: true }).count()).resolves.toBe(1);
      expect(await topBarOverlaps(p), `overlaps at ${width} px`).toEqual([]);
      // An icon-only button still works: Examples opens the gallery.
      await p.getByRole('button', { name: 'Examples', exact: true }).click();
      await expect.poll(() => p.getByRole('dialog').count()).toBe(1);
      await p.keyboard.press('Escape');
      await expect.poll(() => p.getByRole('dialog').count()).toBe(0);

      // A run that falls behind (far more traffic than a browser simulates in real time) says
      // so beside its speed, with the rest of the bar still clear of it (the save status too).
      const heavy = JSON.parse(readFileSync('public/examples/three-tier.json', 'utf8')) as Design;
      heavy.nodes.find((n) => n.id === 'users')!.params!.rps = 1_000_000;
      await openDesignFile(p, heavy);
      await expect.poll(() => p.locator('.sw-brand__design').textContent()).toBe(heavy.name);
      if (width > 1180) await expect.poll(() => p.locator('.sw-saved').textContent()).toMatch(/Saved/);
      await p.getByRole('combobox', { name: 'Speed' }).selectOption('1');
      await p.getByRole('button', { name: 'Run', exact: true }).click();
      const behind = p.locator('.sw-run__achieved').filter({ hasText: 'behind' });
      await expect.poll(() => behind.count(), { timeout: 15_000 }).toBe(1);
      expect(await topBarOverlaps(p), `overlaps at ${width} px, behind`).toEqual([]);
      await expect(behind.getAttribute('title')).resolves.toMatch(/^Behind: .* short of the 1× asked for$/);
      const rightmost = await p
        .locator('.sw-topbar button, .sw-topbar select')
        .evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
      expect(rightmost, `rightmost top-bar control at ${width} px, behind`).toBeLessThanOrEqual(width);
      await p.getByRole('button', { name: 'Pause', exact: true }).click();
      expect(opened.errors).toEqual([]);
      await narrow.close();
    }
  });
});
