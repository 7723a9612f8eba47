/** A node's (or client's) series from a headless run, shaped as the dashboard reads them. */
import type { Engine } from '../../src/sim/engine';
import { seriesTable, type Table } from '../../src/ui/run/chartData';
import { seriesData } from '../../src/worker/session';

export function engineTable(engine: Engine, nodeIndex: number): Table {
  return seriesTable(seriesData(engine.stats[nodeIndex].series, engine));
}
