/** Chart legends: a single series that only repeats the chart's title gets none. */
import { describe, expect, it } from 'vitest';
import { kindChartGroups, type Line } from '../../src/ui/run/chartData';
import { legendNames } from '../../src/ui/run/LineChart';

const lines = (...names: string[]): Line[] => names.map((name) => ({ name, points: [[1, 1]] }));

describe('chart legends', () => {
  it("a service's own charts (instances, degraded) show no legend repeating their titles", () => {
    // A service's series as the engine sends it: its own columns after the standard ones.
    const columns = ['arrivals', 'ok', 'utilization', 'queue', 'instances', 'degraded'];
    const counts = [true, true, false, false, false, true];
    const groups = kindChartGroups('service', { columns, counts });
    expect(groups.map((g) => g.title).sort()).toEqual(['Degraded answers (fallback)', 'Instances']);
    for (const g of groups)
      expect(legendNames(g.title, lines(...g.columns.map((c) => c.name))), g.title).toEqual([]);
  });

  it('none either where a single line is the title in other words', () => {
    expect(legendNames('Utilization', lines('utilization'))).toEqual([]);
    expect(legendNames('In flight', lines('inflight'))).toEqual([]);
    expect(legendNames('Circuit breaker', lines('circuit breaker'))).toEqual([]);
  });

  it('keeps a legend that tells the lines apart or says more than the title', () => {
    expect(legendNames('Retry amplification', lines('attempts / request'))).toEqual(['attempts / request']);
    expect(legendNames('Queue length', lines('queue', 'max'))).toEqual(['queue', 'max']);
    expect(legendNames('Latency (ms)', lines('p50', 'p99'))).toEqual(['p50', 'p99']);
  });
});
