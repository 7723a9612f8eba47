/**
 * Every time series of a run as one tidy CSV (`spillway run --series FILE`, and the
 * dashboard's Series CSV), a line per element, time bucket and column:
 * scope,id,t_s,width_s,column,value. Tidy (long) rather than wide because clients, nodes
 * of different kinds and edges have different columns; a notebook pivots it back
 * (pandas: df.pivot_table(index=['id', 't_s'], columns='column')).
 *
 * Rows are the engine's stored series: one per bucket, or per run of merged buckets once a
 * long run has more than the series keeps (width_s says how long each row is).
 */
import type { Engine } from './engine';
import { csvCell, csvText } from './csv';
import type { Series } from './metrics';

/** A stored value (a float32) with the digits it holds: 21.27279, not 21.272794723510742. */
const float32 = (v: number) => (Number.isNaN(v) ? '' : String(Number(v.toPrecision(7))));

export const SERIES_HEADER = 'scope,id,t_s,width_s,column,value';

export function seriesCsv(engine: Engine): string {
  const lines = [SERIES_HEADER];
  const bucketS = engine.bucketMs / 1000;
  const add = (scope: string, id: string, s: Series) => {
    const head = `${csvText(scope)},${csvText(id)},`;
    const width = s.stride * bucketS;
    for (let r = 0; r < s.rows; r++) {
      const at = `${head}${csvCell(s.time[r])},${csvCell(width)},`;
      for (let c = 0; c < s.columns.length; c++)
        lines.push(`${at}${csvText(s.columns[c])},${float32(s.data[c][r])}`);
    }
  };
  engine.plan.nodes.forEach((n, i) =>
    add(n.kind === 'client' ? 'client' : 'node', n.id, engine.stats[i].series),
  );
  engine.plan.edges.forEach((e, i) => add('edge', e.id, engine.edges[i].stats.series));
  return lines.join('\n') + '\n';
}
