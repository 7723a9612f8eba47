/**
 * Zoomed out, cards show their name and main figure in larger type (src/ui/canvas/KindNode.tsx,
 * viewport.ts compactTextPx) and edge badges grow (badgeScale, PolicyEdge badgeScaleFor): the
 * sizes they take at each zoom, and what the compact card's live line says.
 */
import { describe, expect, it, vi } from 'vitest';
import { badgeScaleFor, badgeWidth } from '../../src/ui/canvas/PolicyEdge';
import {
  BADGE_SCALE_MAX,
  CARD_TEXT_MAX,
  COMPACT_BELOW,
  badgeScale,
  compactTextPx,
} from '../../src/ui/canvas/viewport';
import { NF, NODE_FIELDS, type Frame, type SessionInfo } from '../../src/worker/api';

const zooms = Array.from({ length: 100 }, (_, i) => 0.2 + i * 0.01);

describe('semantic zoom', () => {
  it('keeps the full cards from 80% up, where their 13 px names are 10.4 px or more on screen', () => {
    expect(compactTextPx(1)).toBeNull();
    expect(compactTextPx(COMPACT_BELOW)).toBeNull();
    expect(compactTextPx(3)).toBeNull();
    expect(13 * COMPACT_BELOW).toBeGreaterThanOrEqual(10.4);
  });

  it('holds the compact type at 10 px or more on screen down to 42%, in whole pixels up to its cap', () => {
    for (const z of zooms.filter((x) => x < COMPACT_BELOW)) {
      const px = compactTextPx(z)!;
      expect(Number.isInteger(px), String(z)).toBe(true);
      expect(px, String(z)).toBeGreaterThanOrEqual(13);
      expect(px, String(z)).toBeLessThanOrEqual(CARD_TEXT_MAX);
      if (z >= 0.42) expect(px * z, String(z)).toBeGreaterThanOrEqual(10);
    }
    expect(compactTextPx(0.79)).toBe(14);
    expect(compactTextPx(0.43)).toBe(CARD_TEXT_MAX);
    expect(compactTextPx(0.1)).toBe(CARD_TEXT_MAX);
  });

  it('grows edge badges to 10 px on screen as far as 2.4×, in tenths', () => {
    expect(badgeScale(1)).toBe(1);
    expect(badgeScale(2)).toBe(1);
    expect(badgeScale(0)).toBe(1);
    for (const z of zooms) {
      const k = badgeScale(z);
      expect(Math.round(k * 10) / 10, String(z)).toBeCloseTo(k, 10);
      expect(k).toBeGreaterThanOrEqual(1);
      expect(k).toBeLessThanOrEqual(BADGE_SCALE_MAX);
      if (z >= 10 / (10.5 * BADGE_SCALE_MAX)) expect(10.5 * k * z, String(z)).toBeGreaterThanOrEqual(10);
    }
  });

  it("grows an edge's badges only as far as they fit between its handles, never below their own size", () => {
    const w = [badgeWidth('500 ms', false), badgeWidth('×3', false)];
    const row = w[0] + w[1] + 3;
    expect(badgeScaleFor(w, 'row', 1000, 2)).toBe(2);
    expect(badgeScaleFor(w, 'row', 16 + row * 1.5, 2)).toBeCloseTo(1.5);
    expect(badgeScaleFor(w, 'row', 16 + row * 0.8, 2)).toBe(1);
    // Stacked, the widest badge is what must fit.
    expect(badgeScaleFor(w, 'column', 16 + w[0] * 1.5, 2)).toBeCloseTo(1.5);
    expect(badgeScaleFor(w, 'row', 1000, 1)).toBe(1);
    expect(badgeScaleFor([], 'row', 1000, 2)).toBe(1);
  });
});

/** One node's figures in a frame: utilization (NaN: no servers), queue, rate, headline, instances up/total. */
interface Fig {
  kind: string;
  util: number;
  queue: number;
  rate: number;
  headline: number;
  up: number;
  total: number;
}

/** The compact live line of each node, server-rendered (as test/ui/card-numbers.test.ts does the full one). */
async function compactTexts(
  cards: Record<string, Fig>,
): Promise<Record<string, { text: string; html: string }>> {
  const ids = Object.keys(cards);
  const nodes = new Float64Array(NODE_FIELDS * ids.length);
  ids.forEach((id, i) => {
    const o = i * NODE_FIELDS;
    const c = cards[id];
    nodes[o + NF.utilization] = c.util;
    nodes[o + NF.queue] = c.queue;
    nodes[o + NF.arrivalsPerS] = c.rate;
    nodes[o + NF.headline] = c.headline;
    nodes[o + NF.instancesUp] = c.up;
    nodes[o + NF.instancesTotal] = c.total;
    nodes[o + NF.inflight] = 7;
  });
  const frame = { simMs: 1000, nodes, edges: new Float64Array(0) } as unknown as Frame;
  const info = { nodeIds: ids, edgeIds: [] } as unknown as SessionInfo;
  vi.resetModules();
  const { useRunStore } = await import('../../src/state/runStore');
  useRunStore.setState({ frame, info, status: 'paused' });
  const { createElement } = await import('react');
  const { renderToStaticMarkup } = await import('react-dom/server');
  const { NodeLiveWidgets } = await import('../../src/ui/run/NodeLive');
  const out: Record<string, { text: string; html: string }> = {};
  for (const id of ids) {
    const html = renderToStaticMarkup(
      createElement(NodeLiveWidgets, { id, kind: cards[id].kind, compact: true }),
    );
    const text = html
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    out[id] = { text, html };
  }
  return out;
}

describe("a zoomed-out card's live line", () => {
  it('shows the main figure, then instances when some are down, else the headline, else the queue', async () => {
    const base = { util: 0.5, queue: 3, rate: 120, headline: NaN, up: 2, total: 2 };
    const t = await compactTexts({
      api: { kind: 'service', ...base },
      hot: { kind: 'service', ...base, util: 0.95, queue: 2348 },
      short: { kind: 'service', ...base, up: 1 },
      cache: { kind: 'cache', ...base, util: NaN, headline: 0.934 },
      users: { kind: 'client', ...base, util: NaN, queue: 0, rate: 2348 },
    });
    expect(t.api.text).toBe('50% q 3');
    expect(t.hot.text).toBe('95% q 2.3k');
    expect(t.hot.html).toContain('sw-live--hot');
    expect(t.hot.html).toContain('--u:95%');
    expect(t.short.text).toBe('50% 1/2');
    expect(t.cache.text).toBe('120/s hit 93%');
    // A client: its requests per second alone (no queue of its own to show).
    expect(t.users.text).toBe('2.3k/s');
    // The hooks the tests and the dashboard read stay on the compact line.
    expect(t.api.html).toContain('data-util="50"');
    expect(t.api.html).toContain('sw-live__queue');
  });
});
