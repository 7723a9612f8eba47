/**
 * Every example on a 1024 × 768 laptop screen (a projector's usual resolution), in headless
 * Chromium against the production build: once the view has fitted the design, the names on
 * the cards and zones and each card's main live figure (utilization, or calls per second)
 * are drawn at least 10 px high on screen, idle and during a run; edge badges at least 9 px.
 * Zoomed out, a card swaps its small print for its name and main figure in larger type
 * (src/ui/canvas/KindNode.tsx), in the same box: no card moves or changes size.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, settle, useBrowser } from './browser';

const session = useBrowser();
const SCREEN = { width: 1024, height: 768 };
/** Least on-screen text size (px) for names and main figures, and for edge badges. */
const MIN_TEXT = 10;
const MIN_BADGE = 9;

const examples = (
  JSON.parse(readFileSync(join(__dirname, '../../public/examples/index.json'), 'utf8')) as { id: string }[]
).map((e) => e.id);
const nodeCount = (id: string) =>
  (
    JSON.parse(readFileSync(join(__dirname, `../../public/examples/${id}.json`), 'utf8')) as {
      nodes: unknown[];
    }
  ).nodes.length;

interface Sizes {
  zoom: number;
  /** Smallest on-screen text (px) per role, with the text that has it; null: none drawn. */
  name: { px: number; text: string } | null;
  zone: { px: number; text: string } | null;
  figure: { px: number; text: string } | null;
  badge: { px: number; text: string } | null;
  figures: number;
  /** Main figures drawn (partly) outside their card's live box, or names cut to nothing. */
  cut: string[];
}

/**
 * The smallest drawn text size of each role on screen: the computed font size times the
 * scale of every transform above the element (the canvas's zoom, a badge row's own scale).
 */
function textSizes(page: Page): Promise<Sizes> {
  return page.evaluate(() => {
    const onScreen = (el: HTMLElement) => {
      let scale = 1;
      for (let e: Element | null = el; e; e = e.parentElement) {
        const t = getComputedStyle(e).transform;
        if (t !== 'none') scale *= new DOMMatrix(t).a;
      }
      return parseFloat(getComputedStyle(el).fontSize) * scale;
    };
    const least = (selector: string) => {
      let best: { px: number; text: string } | null = null;
      for (const el of document.querySelectorAll<HTMLElement>(selector)) {
        if (el.offsetWidth === 0 || getComputedStyle(el).visibility === 'hidden') continue;
        const px = onScreen(el);
        if (!best || px < best.px) best = { px: Math.round(px * 10) / 10, text: el.textContent ?? '' };
      }
      return best;
    };
    const vp = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    const cut: string[] = [];
    for (const live of document.querySelectorAll<HTMLElement>('.sw-live')) {
      const fig = live.querySelector<HTMLElement>('.sw-live__util');
      if (!fig) continue;
      const a = live.getBoundingClientRect();
      const b = fig.getBoundingClientRect();
      if (
        b.left < a.left - 0.5 ||
        b.right > a.right + 0.5 ||
        b.top < a.top - 0.5 ||
        b.bottom > a.bottom + 0.5
      )
        cut.push(`figure ${fig.textContent}`);
    }
    for (const label of document.querySelectorAll<HTMLElement>('.sw-node__label, .sw-zone__label'))
      if (label.clientHeight < 4 || label.clientWidth < 20) cut.push(`name ${label.textContent}`);
    return {
      zoom: Number(/scale\(([\d.]+)\)/.exec(vp.style.transform)?.[1]),
      name: least('.sw-node__label'),
      zone: least('.sw-zone__label'),
      figure: least('.sw-live__util'),
      badge: least('.sw-badge'),
      figures: document.querySelectorAll('.sw-live__util').length,
      cut,
    };
  });
}

/** Each card's box in flow units (its box on screen over the zoom), keyed by node id. */
function cardBoxes(page: Page): Promise<Record<string, { x: number; y: number; w: number; h: number }>> {
  return page.evaluate(() => {
    const vp = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    const zoom = Number(/scale\(([\d.]+)\)/.exec(vp.style.transform)?.[1]);
    const o = vp.getBoundingClientRect();
    const out: Record<string, { x: number; y: number; w: number; h: number }> = {};
    for (const n of document.querySelectorAll<HTMLElement>('.react-flow__node-kind')) {
      const r = n.getBoundingClientRect();
      out[n.dataset.id!] = {
        x: Math.round((r.left - o.left) / zoom),
        y: Math.round((r.top - o.top) / zoom),
        w: Math.round(r.width / zoom),
        h: Math.round(r.height / zoom),
      };
    }
    return out;
  });
}

const overlaps = (boxes: Record<string, { x: number; y: number; w: number; h: number }>) => {
  const list = Object.entries(boxes);
  const found: string[] = [];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      const [p, a] = list[i];
      const [q, b] = list[j];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
        found.push(`${p} over ${q}`);
    }
  return found;
};

async function openAt(id: string, size = SCREEN) {
  const opened = await session.fresh();
  await opened.page.setViewportSize(size);
  await opened.page.goto(`${BASE}?example=${id}`);
  await expect
    .poll(() => opened.page.locator('.react-flow__node').count(), { timeout: 10_000 })
    .toBe(nodeCount(id));
  await settle(opened.page);
  return opened;
}

const below = (s: Sizes, min: number, roles: (keyof Sizes)[]) =>
  roles
    .map((r) => [r, s[r]] as const)
    .filter(([, v]) => v !== null && typeof v === 'object' && 'px' in v && v.px < min)
    .map(([r, v]) => `${r} ${JSON.stringify(v)}`);

describe('a 1024 × 768 screen', () => {
  it.each(examples)('draws the names and main live figures of %s readably, idle and running', async (id) => {
    const { page, errors } = await openAt(id);
    const idle = await textSizes(page);
    expect(idle.name, id).not.toBeNull();
    expect(below(idle, MIN_TEXT, ['name', 'zone']), `${id} idle at ${idle.zoom}`).toEqual([]);
    expect(below(idle, MIN_BADGE, ['badge']), `${id} idle at ${idle.zoom}`).toEqual([]);
    expect(idle.cut, id).toEqual([]);
    const before = await cardBoxes(page);
    expect(overlaps(before), id).toEqual([]);

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // Every card that has servers or traffic shows its figure (the run's first frames),
    // then the view settles (the first run opens the dashboard).
    await expect.poll(() => page.locator('.sw-live__util').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    await settle(page);
    const run = await textSizes(page);
    expect(run.figures, id).toBe(await page.locator('.sw-live').count());
    expect(below(run, MIN_TEXT, ['name', 'zone', 'figure']), `${id} running at ${run.zoom}`).toEqual([]);
    expect(below(run, MIN_BADGE, ['badge']), `${id} running at ${run.zoom}`).toEqual([]);
    expect(run.cut, id).toEqual([]);
    expect(overlaps(await cardBoxes(page)), id).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('keeps every card in the same box when zooming switches it between its full and its large-type face', async () => {
    const { page, errors } = await openAt('news-feed');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => page.locator('.sw-live').count(), { timeout: 10_000 }).toBe(10);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await settle(page);
    const far = await textSizes(page);
    expect(await page.locator('.sw-node.is-compact').count()).toBe(10);
    const farBoxes = await cardBoxes(page);
    // Zoomed in past the switch, the full card is back: its icon, summary and queue bar.
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
    await settle(page);
    const near = await textSizes(page);
    expect(near.zoom).toBeGreaterThan(far.zoom * 1.5);
    expect(await page.locator('.sw-node.is-compact').count()).toBe(0);
    expect(await page.locator('.sw-node__summary').count()).toBe(10);
    expect(await page.locator('.sw-live__queue').count()).toBe(10);
    const nearBoxes = await cardBoxes(page);
    const moved = Object.keys(farBoxes).filter((k) =>
      (['x', 'y', 'w', 'h'] as const).some((f) => Math.abs(nearBoxes[k][f] - farBoxes[k][f]) > 1),
    );
    expect(moved).toEqual([]);
    expect(near.name!.px).toBeGreaterThanOrEqual(MIN_TEXT);
    expect(errors).toEqual([]);
  });
});
