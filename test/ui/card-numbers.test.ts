import { describe, expect, it, vi } from 'vitest';
import { compact, headlineText as catalogHeadline } from '../../src/model/catalog';
import { kindSpec } from '../../src/model';
import { fmtNum } from '../../src/ui/run/format';
import { headlineText } from '../../src/ui/run/live';
import { NF, NODE_FIELDS, type Frame, type SessionInfo } from '../../src/worker/api';

/** Queue nodes' live figures in one frame: [headline depth, queue length]. */
const CARDS: Record<string, [number, number]> = {
  a: [2348, 2348],
  b: [12_345, 12_345],
  c: [3000, 3000],
  d: [1_234_567, 1_234_567],
  e: [42, 42],
};

/**
 * The text of each queue node's live widgets, server-rendered. A server render reads the
 * stores' initial state (useSyncExternalStore's server snapshot), so the frame goes into the
 * run store before fresh copies of the stores and the widgets are loaded.
 */
async function cardTexts(): Promise<Record<string, string>> {
  const ids = Object.keys(CARDS);
  const nodes = new Float64Array(NODE_FIELDS * ids.length);
  ids.forEach((id, i) => {
    const o = i * NODE_FIELDS;
    nodes[o + NF.utilization] = 0.5;
    nodes[o + NF.headline] = CARDS[id][0];
    nodes[o + NF.queue] = CARDS[id][1];
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
  const out: Record<string, string> = {};
  for (const id of ids) {
    const html = renderToStaticMarkup(createElement(NodeLiveWidgets, { id, kind: 'queue' }));
    out[id] = html
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  }
  return out;
}

describe('the numbers on a node card', () => {
  it('a queue card reads "depth 2.3k" beside "q 2.3k", not "depth 2348"', async () => {
    const t = await cardTexts();
    expect(t.a).toMatch(/depth 2\.3k .*q 2\.3k · 7 in flight/);
    expect(t.a).not.toContain('2348');
    expect(t.b).toMatch(/depth 12k .*q 12k/);
    expect(t.c).toMatch(/depth 3k .*q 3k/);
    expect(t.d).toMatch(/depth 1\.2M .*q 1\.2M/);
    expect(t.e).toMatch(/depth 42 .*q 42 · 7 in flight/);
  });

  it('the catalog and the cards print a count the same way', () => {
    for (const n of [42, 999, 1000, 1050, 2348, 3000, 9960, 12_345, 12_500, 999_600, 1_500_000, 2_500_000]) {
      expect(catalogHeadline(kindSpec('queue'), n), String(n)).toBe(`depth ${fmtNum(n)}`);
      expect(headlineText('queue', n), String(n)).toBe(`depth ${compact(n)}`);
    }
  });

  it('one compact format: "2.3k", "12k", "1.5M", "3k" not "3.0k", "1M" not "1000k"', () => {
    expect(compact(2348)).toBe('2.3k');
    expect(compact(12_345)).toBe('12k');
    expect(compact(1_500_000)).toBe('1.5M');
    expect(compact(3000)).toBe('3k');
    expect(compact(999_600)).toBe('1M');
    expect(compact(999.6)).toBe('1k'); // not "1000"
    expect(compact(-3000)).toBe('-3k');
    expect(compact(42)).toBe('42');
    expect(compact(4.5)).toBe('4.5');
    expect(compact(0.1234)).toBe('0.12');
    expect(compact(12.34)).toBe('12.3');
    expect(compact(150.5)).toBe('151');
    expect(compact(-0.001)).toBe('0');
    expect(fmtNum(2348)).toBe('2.3k');
    expect(fmtNum(NaN)).toBe('–');
  });

  it('leave ratios and latencies to the catalog', () => {
    expect(headlineText('cache', 0.934)).toBe('hit 93%');
    expect(headlineText('service', 0.5)).toBeNull();
    expect(headlineText('queue', NaN)).toBeNull();
  });
});
