/**
 * Every time series of a run as one tidy CSV (`spillway run --series FILE`, and the
 * dashboard's Series button), a line per element, time bucket and column:
 * scope,id,t_s,width_s,column,value. Tidy (long) rather than wide because clients, nodes
 * of different kinds and edges have different columns; a notebook pivots it back
 * (pandas: df.pivot_table(index=['id', 't_s'], columns='column')).
 *
 * Rows are the engine's stored series: one per bucket, or per group of merged buckets once
 * a long run has more than the series keeps, plus the last group not yet complete; width_s
 * is each row's true length (a run's last bucket may be cut short by its end).
 *
 * Produced in chunks, one per element (each at most a few MB), so that a design of many
 * nodes never builds one giant string: the CLI writes them one by one, the dashboard hands
 * them to a Blob.
 */
import { csvText } from '../model/csv';
import type { Engine } from './engine';
import type { Series } from './metrics';

export const SERIES_HEADER = 'scope,id,t_s,width_s,column,value\n';

/**
 * A stored value (a float32) with the fewest digits that read back as the same float32:
 * 21.27279, not 21.272794723510742; 12345678 stays 12345678.
 */
function float32(v: number): string {
  if (Number.isNaN(v)) return '';
  for (let digits = 6; digits < 9; digits++) {
    const s = Number(v.toPrecision(digits));
    if (Math.fround(s) === v) return String(s);
  }
  return String(Number(v.toPrecision(9)));
}

/** Seconds with no binary noise (0.1-second buckets: 0.3, not 0.30000000000000004). */
const seconds = (s: number) => String(Number(s.toFixed(9)));

/**
 * A series' rows as charts and exports show them: the stored rows from `from` on, then the
 * last group of merged buckets not yet complete (Series.unfinished), each with its true
 * width in seconds. Every row is of closed buckets, so only the run's end (`endS`, the
 * scenario's, not the current time: a row that had just closed read 0.009999999999999787 s
 * wide, then 0.01) cuts one short.
 */
export function seriesRows(
  s: Series,
  bucketS: number,
  endS: number,
  from = 0,
): { time: Float64Array; widthS: Float64Array; data: Float32Array[] } {
  const last = s.unfinished();
  const n = s.rows - from + (last ? 1 : 0);
  const time = new Float64Array(n),
    widthS = new Float64Array(n);
  const data = s.data.map((col) => {
    const out = new Float32Array(n);
    out.set(col.subarray(from, s.rows));
    return out;
  });
  const width = (t: number, buckets: number) => Math.min(buckets * bucketS, endS - t);
  for (let r = from; r < s.rows; r++) {
    time[r - from] = s.time[r];
    widthS[r - from] = width(s.time[r], s.stride);
  }
  if (last) {
    time[n - 1] = last.startS;
    widthS[n - 1] = width(last.startS, last.buckets);
    // Merged values are doubles there: rounded to float32 as stored rows are.
    for (let c = 0; c < data.length; c++) data[c][n - 1] = last.values[c];
  }
  return { time, widthS, data };
}

function elementCsv(scope: string, id: string, s: Series, bucketS: number, endS: number): string {
  const lines: string[] = [];
  const head = `${csvText(scope)},${csvText(id)},`;
  const { time, widthS, data } = seriesRows(s, bucketS, endS);
  for (let r = 0; r < time.length; r++) {
    const at = `${head}${seconds(time[r])},${seconds(widthS[r])},`;
    for (let c = 0; c < s.columns.length; c++)
      lines.push(`${at}${csvText(s.columns[c])},${float32(data[c][r])}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** The CSV in chunks: the header, then one per client, node and edge. */
export function* seriesCsvChunks(engine: Engine): Generator<string> {
  yield SERIES_HEADER;
  const bucketS = engine.bucketMs / 1000;
  const endS = engine.endMs / 1000;
  for (const n of engine.plan.nodes)
    yield elementCsv(
      n.kind === 'client' ? 'client' : 'node',
      n.id,
      engine.stats[n.index].series,
      bucketS,
      endS,
    );
  for (const e of engine.plan.edges)
    yield elementCsv('edge', e.id, engine.edges[e.index].stats.series, bucketS, endS);
}
