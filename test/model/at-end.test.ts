/**
 * Figures that are a state at the end of the run, not a figure over the window, are
 * declared in the kinds' catalog entries (metrics' `atEnd`), which the CLI and the
 * dashboard read: no list of them elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { KIND_NAMES, kindSpec } from '../../src/model/kinds';

describe('end-of-run figures', () => {
  it("are flagged atEnd in their kinds' catalog entries", () => {
    const flagged = KIND_NAMES.flatMap((kind) =>
      (kindSpec(kind)?.metrics ?? []).filter((m) => m.atEnd).map((m) => `${kind}.${m.key}`),
    );
    // The figures the CLI listed by key (instances, size, pendingWrites), on every kind that has them.
    expect(flagged.sort()).toEqual(['cache.pendingWrites', 'cache.size', 'cdn.size', 'service.instances']);
    for (const kind of KIND_NAMES)
      for (const m of kindSpec(kind)?.metrics ?? [])
        if (['instances', 'size', 'pendingWrites'].includes(m.key))
          expect(m.atEnd, `${kind}.${m.key}`).toBe(true);
  });
});
