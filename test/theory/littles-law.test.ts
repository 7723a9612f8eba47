/**
 * Little's law, L = λW, on every node of every example and of the benchmark's 10-node
 * design: the time-averaged number of calls a node holds (meanInFlight, from its in-flight
 * gauge) against its answers per second times their mean latency (from the latency
 * records). The two come from separate bookkeeping, so this checks that every kind counts
 * each call in and out exactly once, whatever it does in between (dependencies, retries,
 * coalesced misses, queue deliveries, failovers, faults). It holds for any system in
 * which calls neither appear nor vanish; only calls straddling the window's edges leave a
 * small gap (under 0.6% in the examples, in the most heavily loaded ones).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tenNodeDesign } from '../../bench/scenarios';
import { run } from './helpers';

/** Allowed gap between L and λW, relative to L. */
const LITTLE_TOL = 0.01;

const dir = resolve(__dirname, '../../public/examples');
const designs: [string, unknown][] = [
  ['bench (b), 300 s', tenNodeDesign(300)],
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .map((f): [string, unknown] => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
];

describe("Little's law on every node", () => {
  for (const [name, design] of designs) {
    it(`${name}: meanInFlight within ${LITTLE_TOL * 100}% of throughput × mean latency`, () => {
      const { summary } = run(design);
      const windowS = summary.windowS[1] - summary.windowS[0];
      let checked = 0;
      for (const [id, n] of Object.entries(summary.nodes)) {
        if (n.meanInFlight < 0.01) continue; // too few calls at once for a relative check
        const lambdaW = (n.answers / windowS) * ((n.latencyMs.mean ?? 0) / 1000);
        expect(
          Math.abs(n.meanInFlight - lambdaW) / n.meanInFlight,
          `${id}: L ${n.meanInFlight}, λW ${lambdaW}`,
        ).toBeLessThan(LITTLE_TOL);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
