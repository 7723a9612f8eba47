import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDesign } from '../../src/model';
import { compile } from '../../src/sim/compile';
import { FIRST_VISIT_EXAMPLE } from '../../src/state/boot';

const dir = join(__dirname, '../../public/examples');
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Array<{
  id: string;
  name: string;
  description: string;
}>;
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json');

describe('examples gallery', () => {
  it('lists every example file exactly once', () => {
    const ids = index.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(files.map((f) => f.replace(/\.json$/, '')).sort());
  });

  it('includes the first-visit example and the required teaching examples', () => {
    for (const id of [
      FIRST_VISIT_EXAMPLE,
      'three-tier',
      'retry-storm',
      'lb-sinkhole',
      'db-failover',
      'url-shortener',
      'news-feed',
      'payment-service',
      'queue-load-leveling',
      'zone-outage',
      'cache-stampede',
      'rate-limited-api',
    ])
      expect(existsSync(join(dir, `${id}.json`)), id).toBe(true);
  });

  for (const entry of index) {
    it(`${entry.id} is valid, named, described and has a fault scenario`, () => {
      const raw = JSON.parse(readFileSync(join(dir, `${entry.id}.json`), 'utf8'));
      const r = validateDesign(raw);
      if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
      expect(entry.name).toBe(raw.name);
      expect(entry.description.length).toBeGreaterThan(40);
      expect(typeof raw.description === 'string' && raw.description.length > 40).toBe(true);
      expect(r.resolved.scenario.faults.length).toBeGreaterThan(0);
      expect(() => compile(r.resolved)).not.toThrow();
      expect(r.resolved.nodes.every((n) => n.position !== null)).toBe(true);
    });
  }
});
