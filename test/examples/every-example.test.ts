/** Every example in the gallery runs headlessly to its end, serves traffic, and its scripted faults fire. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/sim/run';
import { summarize } from '../../src/sim/summary';

const dir = join(__dirname, '../../public/examples');
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Array<{
  id: string;
  name: string;
  description: string;
}>;

describe('every example', () => {
  for (const { id } of index) {
    it(`${id} runs to the end, serves traffic and fires its faults`, () => {
      const design = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8'));
      const p = prepare(design);
      if (!p.ok) throw new Error(p.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
      const engine = p.engine;
      // Step to just after each scripted fault's start: it must be in force then.
      const faults = [...engine.faults.list].sort((a, b) => a.startMs - b.startMs);
      expect(faults.length).toBe(design.scenario.faults.length);
      for (const f of faults) {
        engine.advance(f.startMs + 1);
        if (f.fault.type !== 'cache-flush' && f.endMs > f.startMs + 1)
          expect(f.active, `${f.fault.type} on ${f.fault.target}`).toBe(true);
      }
      engine.runToEnd();
      const summary = summarize(engine);
      expect(engine.finished).toBe(true);
      expect(summary.simTimeS).toBe(design.scenario.durationS);
      const clients = Object.values(summary.clients);
      expect(clients.length).toBeGreaterThan(0);
      expect(clients.reduce((a, c) => a + c.ok, 0)).toBeGreaterThan(0);
      const r = { summary };
      expect(r.summary.warnings).toEqual([]);
    });
  }
});

describe('the gallery index', () => {
  it("gives each example the name and lesson its own file has (the gallery shows the index's)", () => {
    for (const entry of index) {
      const design = JSON.parse(readFileSync(join(dir, `${entry.id}.json`), 'utf8'));
      expect({ id: entry.id, name: entry.name, description: entry.description }).toEqual({
        id: entry.id,
        name: design.name,
        description: design.description,
      });
    }
  });
});
