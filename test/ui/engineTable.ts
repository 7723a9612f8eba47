/** A node's (or client's) series from a headless run, shaped as the dashboard reads them. */
import type { Engine } from '../../src/sim/engine';
import { seriesTable, type Table } from '../../src/ui/run/chartData';

export function engineTable(engine: Engine, nodeIndex: number): Table {
  const s = engine.stats[nodeIndex].series;
  return seriesTable(
    {
      columns: [...s.columns],
      time: s.time.subarray(0, s.rows),
      data: s.columns.map((c) => s.column(c)),
      stride: s.stride,
      counts: s.columns.map((_, k) => s.isCount(k)),
    },
    engine.plan.bucketMs / 1000,
  );
}
