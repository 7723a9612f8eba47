/** Which charts an edge gets on the dashboard: a breaker chart only with a breaker. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model/design';
import { runDesign } from '../../src/sim/run';
import {
  BREAKER_STATES,
  edgeCharts,
  edgeHasBreaker,
  seriesTable,
  type Table,
} from '../../src/ui/run/chartData';
import { seriesData } from '../../src/worker/session';

const example = (id: string): Design =>
  JSON.parse(readFileSync(join(__dirname, '../../public/examples', `${id}.json`), 'utf8'));

describe("an edge's charts", () => {
  const table = (breaker: number[]): Table => ({
    t: breaker.map((_, i) => i + 1),
    width: breaker.map(() => 1),
    cols: { sent: breaker.map(() => 1), breaker },
  });

  it('have a circuit breaker only when its params turn one on', () => {
    expect(edgeHasBreaker(undefined)).toBe(false);
    expect(edgeHasBreaker({})).toBe(false);
    expect(edgeHasBreaker({ circuitBreaker: null })).toBe(false);
    // {} is on with every field at its default (the inspector's switch writes that).
    expect(edgeHasBreaker({ circuitBreaker: {} })).toBe(true);
    expect(edgeHasBreaker({ circuitBreaker: { failureRate: 0.3 } })).toBe(true);
  });

  it('are calls and in flight, and the breaker chart only with a breaker', () => {
    expect(edgeCharts(false, table([0, 0, 0]))).toEqual(['calls', 'inflight']);
    expect(edgeCharts(true, table([0, 0, 0]))).toEqual(['calls', 'inflight', 'breaker']);
    // A breaker switched off mid-run that had opened keeps its chart: its story is in the run.
    expect(edgeCharts(false, table([0, 1, 2, 0]))).toEqual(['calls', 'inflight', 'breaker']);
    expect(edgeCharts(false, { t: [], width: [], cols: {} })).toEqual(['calls', 'inflight']);
  });

  it('follow a real run: the breaker edge of external-dependency gets one, its sibling none', () => {
    const design = example('external-dependency');
    const r = runDesign(design);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const charts = (id: string) => {
      const er = r.engine.edges[r.engine.plan.edgeIndex.get(id)!];
      const params = design.edges.find((e) => e.id === id)?.params;
      return edgeCharts(edgeHasBreaker(params), seriesTable(seriesData(er.stats.series, r.engine)));
    };
    expect(charts('pay')).toEqual(['calls', 'inflight', 'breaker']);
    expect(charts('store')).toEqual(['calls', 'inflight']);
    expect(charts('in')).toEqual(['calls', 'inflight']);
  });

  it('name the breaker states in the engine order (0 closed, 1 open, 2 half-open)', () => {
    expect(BREAKER_STATES).toEqual(['closed', 'open', 'half-open']);
  });
});
