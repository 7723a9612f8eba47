/** The run summary names a state at the end of the run so, as the CLI's details column does. */
import { describe, expect, it } from 'vitest';
import { figureLabel } from '../../src/ui/run/SummaryTable';

describe("the summary's label of an end-of-run figure", () => {
  it('says "at end" where the catalog declares one, and not elsewhere', () => {
    expect(figureLabel('service', 'instances')).toBe('instances at end');
    expect(figureLabel('cache', 'size')).toBe('keys cached at end');
    expect(figureLabel('cache', 'pendingWrites')).toBe('unflushed writes at end');
    expect(figureLabel('cdn', 'size')).toBe('objects cached at end');
    expect(figureLabel('service', 'degraded')).toBe('degraded answers (fallback)');
    expect(figureLabel('cache', 'hits')).toBe('hits');
    // A key the catalog does not declare is spelled out, with no "at end" added.
    expect(figureLabel('queue', 'depthAtEnd')).toBe('depth at end');
  });
});
