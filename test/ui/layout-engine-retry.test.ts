/**
 * A failed load of ELK must not stick: the next layout loads it again. Under Node the engine
 * is the bundled build; its first construction fails here as a dropped chunk would.
 */
import { describe, expect, it, vi } from 'vitest';

let failNext = true;
vi.mock('elkjs/lib/elk.bundled.js', async (importOriginal) => {
  const real = (await importOriginal()) as { default: new () => unknown };
  class FlakyElk {
    constructor() {
      if (failNext) {
        failNext = false;
        throw new Error('chunk failed to load');
      }
      return new real.default() as FlakyElk;
    }
  }
  return { default: FlakyElk };
});

const { layoutDesign } = await import('../../src/ui/layout');

describe('layoutDesign after a failed load of ELK', () => {
  it('loads the engine again on the next layout', async () => {
    const design = {
      schemaVersion: 1 as const,
      nodes: [
        { id: 'c', kind: 'client' },
        { id: 's', kind: 'service' },
      ],
      edges: [{ id: 'e', source: 'c', target: 's' }],
    };
    await expect(layoutDesign(design, {})).rejects.toThrow('chunk failed to load');
    const r = await layoutDesign(design, {});
    expect(r.positions.get('s')!.x).toBeGreaterThan(r.positions.get('c')!.x);
  });
});
