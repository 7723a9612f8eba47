import { describe, expect, it } from 'vitest';
import { ELLIPSIS, estimateMeasure, fitText, textMeasure, type Measure } from '../../src/ui/export/fitText';

/** Every character 10 px wide: exact limits are easy to state. */
const mono: Measure = (t) => Array.from(t).length * 10;

describe('clamping a label to its box (export)', () => {
  it('leaves a short name alone', () => {
    expect(fitText('API', 100, mono)).toBe('API');
    expect(fitText('', 100, mono)).toBe('');
  });

  it('keeps a name exactly at the limit whole, and cuts one character over it', () => {
    expect(fitText('abcdefghij', 100, mono)).toBe('abcdefghij');
    // 11 characters: 9 of them and the ellipsis make 100 px.
    expect(fitText('abcdefghijk', 100, mono)).toBe(`abcdefghi${ELLIPSIS}`);
  });

  it('cuts a long name to the longest start that fits with the ellipsis', () => {
    const name = 'Order fulfilment service (EU west, primary, blue-green slot B) with a long tail!'; // 80
    expect(name).toHaveLength(80);
    const m = estimateMeasure(13, true);
    const out = fitText(name, 192, m);
    expect(out.endsWith(ELLIPSIS)).toBe(true);
    expect(m(out)).toBeLessThanOrEqual(192);
    expect(name.startsWith(out.slice(0, -1))).toBe(true);
    // One more character would not have fitted.
    expect(m(name.slice(0, out.length) + ELLIPSIS)).toBeGreaterThan(192);
    // No space left dangling before the ellipsis.
    expect(out).not.toMatch(/\s…$/);
  });

  it('keeps fewer wide characters (CJK, emoji) than narrow ones, never splitting one', () => {
    const m = estimateMeasure(13, true);
    const latin = fitText('a'.repeat(60), 192, m);
    const cjk = fitText('订单履约服务欧洲西部主集群蓝绿部署槽位乙号长名称'.repeat(2), 192, m);
    const emoji = fitText('🚀👩‍💻🇪🇺'.repeat(20), 192, m);
    expect(cjk.endsWith(ELLIPSIS)).toBe(true);
    expect(m(cjk)).toBeLessThanOrEqual(192);
    expect(Array.from(cjk).length).toBeLessThan(Array.from(latin).length);
    expect(m(emoji)).toBeLessThanOrEqual(192);
    // Whole clusters only: the kept part is a prefix made of complete repeats' clusters.
    const kept = emoji.slice(0, -1);
    expect(kept.length).toBeGreaterThan(0);
    expect('🚀👩‍💻🇪🇺'.repeat(20).startsWith(kept)).toBe(true);
    expect(kept).not.toMatch(/[\uD800-\uDBFF]$/); // no lone high surrogate
    expect(kept).not.toMatch(/\u200D$/); // no dangling joiner
  });

  it('gives just the ellipsis, or nothing, when the box is tiny', () => {
    expect(fitText('Database', 12, mono)).toBe(ELLIPSIS);
    expect(fitText('Database', 5, mono)).toBe('');
  });

  it('falls back to the estimate without a DOM, wider for bold and larger text', () => {
    const m = textMeasure(13, 600);
    expect(m('Load balancer')).toBe(estimateMeasure(13, true)('Load balancer'));
    expect(estimateMeasure(13, true)('Cache')).toBeGreaterThan(estimateMeasure(13)('Cache'));
    expect(estimateMeasure(13)('Cache')).toBeGreaterThan(estimateMeasure(11)('Cache'));
    expect(estimateMeasure(13)('WWW')).toBeGreaterThan(estimateMeasure(13)('iii'));
  });
});
