/**
 * Edge policy badges (src/ui/canvas/PolicyEdge.tsx): a row above the midpoint when it fits
 * between the handles, a stack when the edge is too short for it.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyEdgeData } from '../../src/state/flow';
import { badgeLayout, badgeWidth, fmtMs, policyBadges } from '../../src/ui/canvas/PolicyEdge';

describe('edge badges', () => {
  it('estimates a badge wider with an icon and with more text', () => {
    expect(badgeWidth('×3', true)).toBeGreaterThan(badgeWidth('×3', false));
    expect(badgeWidth(fmtMs(250), true)).toBeGreaterThan(badgeWidth('×3', true));
    // About what the browser draws: "⏱ 250 ms" at 11 px is 60-70 px.
    expect(badgeWidth(fmtMs(250), true)).toBeGreaterThan(55);
    expect(badgeWidth(fmtMs(250), true)).toBeLessThan(80);
  });

  it('keeps the row when it fits between the handles and stacks when it does not', () => {
    const timeoutAndRetries = [badgeWidth(fmtMs(250), true), badgeWidth('×3', true)];
    const row = timeoutAndRetries[0] + timeoutAndRetries[1] + 3;
    expect(badgeLayout(timeoutAndRetries, row + 16)).toBe('row');
    expect(badgeLayout(timeoutAndRetries, row + 15)).toBe('column');
    // The retry-storm example's API → database edge: about 96 px between the handles.
    expect(badgeLayout(timeoutAndRetries, 96)).toBe('column');
    expect(badgeLayout(timeoutAndRetries, 300)).toBe('row');
    expect(badgeLayout([badgeWidth('DLQ', false)], 60)).toBe('row');
  });

  it('lists the policy badges once, in display order, with their words', () => {
    const plain: PolicyEdgeData = {
      mode: 'sync',
      timeoutMs: null,
      retries: null,
      breaker: false,
      bulkhead: null,
      route: 'all',
      probability: 1,
      dlq: false,
    };
    expect(policyBadges(plain)).toEqual([]);
    const all = policyBadges({
      ...plain,
      dlq: true,
      route: 'read',
      probability: 0.25,
      timeoutMs: 250,
      retries: 3,
      breaker: true,
      bulkhead: 8,
    });
    expect(all.map((b) => [b.key, b.text, b.icon !== null])).toEqual([
      ['dlq', 'DLQ', false],
      ['route', 'read', false],
      ['probability', '25%', false],
      ['timeout', '250 ms', true],
      ['retries', '×3', true],
      ['breaker', 'CB', true],
      ['bulkhead', '8', true],
    ]);
  });
});
