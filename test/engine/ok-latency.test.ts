/**
 * Latency of ok answers alone, beside the latency of all answers. Failures are often
 * instant (a full queue refuses at once, a crashed server answers at once), so mixed in
 * they make a node that is failing look fast: the per-bucket okP50..okMean columns and
 * the summaries' okLatencyMs keep what a successful call costs in sight.
 *
 * The design: calls at λ into one server with no queue and exponential work of mean m.
 * A call finding the server busy is refused at once (latency 0); the rest take their
 * work time. Erlang's loss formula gives the refused share B = a / (1 + a), a = λm; the
 * latency of all answers is 0 with probability B and Exp(m) otherwise.
 */
import { describe, expect, it } from 'vitest';
import { nodeSeries, run } from '../theory/helpers';

function lossSystem(o: { rps: number; meanMs: number; durationS: number; bucketS?: number; seed?: number }) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'c', kind: 'client', params: { rps: o.rps, keys: { count: 1000 } } },
      {
        id: 's',
        kind: 'service',
        params: {
          instances: 1,
          concurrency: 1,
          queueCapacity: 0,
          serviceTimeMs: { dist: 'exponential', mean: o.meanMs },
        },
      },
    ],
    edges: [{ id: 'e', source: 'c', target: 's', params: { latencyMs: 0 } }],
    scenario: { durationS: o.durationS, warmupS: 0, seed: o.seed ?? 9, bucketS: o.bucketS ?? 1 },
  };
}

/** The p-quantile (0..1) of "0 with probability b, else Exp(mean)". */
const mixedQuantile = (p: number, b: number, mean: number) =>
  p <= b ? 0 : -mean * Math.log(1 - (p - b) / (1 - b));

describe('latency of ok answers', () => {
  it('instant refusals pull the percentiles of all answers down; the ok answers keep theirs', () => {
    // a = 2: two calls in three are refused, so the median answer took no time at all.
    const { summary } = run(lossSystem({ rps: 200, meanMs: 10, durationS: 400 }));
    const s = summary.nodes.s;
    const refused = (s.outcomes.rejected ?? 0) / s.answers;
    expect(Math.abs(refused - 2 / 3)).toBeLessThan(0.01);
    expect(s.latencyMs.p50).toBe(0);
    // The ok answers are the work times: Exp(10 ms), mean 10 and median 10·ln 2.
    expect(Math.abs(s.okLatencyMs.mean / 10 - 1)).toBeLessThan(0.03);
    expect(Math.abs(s.okLatencyMs.p50 / (10 * Math.LN2) - 1)).toBeLessThan(0.03);
    expect(Math.abs(s.okLatencyMs.p99 / (10 * Math.log(100)) - 1)).toBeLessThan(0.05);
    // The client sees the same (zero-latency edge), and both come with intervals.
    const c = summary.clients.c;
    expect(c.latencyMs.p50).toBe(0);
    expect(Math.abs(c.okLatencyMs.mean / 10 - 1)).toBeLessThan(0.03);
    expect(c.ci95.okP99).toBeGreaterThan(0);
    expect(c.ci95.okMean).toBeGreaterThan(0);
  });

  it('per bucket too: okP50 is the median work time while p50 reads 0', () => {
    const { engine } = run(lossSystem({ rps: 200, meanMs: 10, durationS: 60 }));
    const p50 = nodeSeries(engine, 's', 'p50').v;
    const okP50 = nodeSeries(engine, 's', 'okP50').v;
    const okMean = nodeSeries(engine, 's', 'okMean').v;
    expect(p50.every((v) => v === 0)).toBe(true);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(okP50) / (10 * Math.LN2) - 1)).toBeLessThan(0.06);
    expect(Math.abs(mean(okMean) / 10 - 1)).toBeLessThan(0.04);
  });

  it('without failures the two agree exactly, bucket by bucket and over the window', () => {
    const { engine, summary } = run(lossSystem({ rps: 20, meanMs: 1, durationS: 60 }));
    const s = summary.nodes.s;
    expect(s.outcomes.rejected ?? 0).toBeGreaterThan(0); // a few: the check below skips their buckets
    for (const [all, ok] of [
      ['p50', 'okP50'],
      ['p99', 'okP99'],
      ['p999', 'okP999'],
      ['mean', 'okMean'],
    ]) {
      const rejected = nodeSeries(engine, 's', 'rejected').v;
      const a = nodeSeries(engine, 's', all).v,
        b = nodeSeries(engine, 's', ok).v;
      a.forEach((v, i) => {
        if (rejected[i] === 0) expect(b[i], `${ok} at ${i} s`).toBe(v);
      });
    }
    const clean = run({
      ...lossSystem({ rps: 20, meanMs: 1, durationS: 60 }),
      nodes: [
        { id: 'c', kind: 'client', params: { rps: 20, keys: { count: 1000 } } },
        { id: 's', kind: 'service', params: { serviceTimeMs: { dist: 'exponential', mean: 1 } } },
      ],
    }).summary.nodes.s;
    expect(clean.okLatencyMs).toEqual(clean.latencyMs);
  });

  it('a bucket too large to keep every value joins ok and failed answers at one sampling rate', () => {
    // 1,000 calls/s for 600 s in one 600 s bucket, a = 0.5: about 400,000 ok answers
    // (past the 262,144 a buffer keeps: every other one is kept) and 200,000 refusals
    // (all kept). Joined as kept, refusals would weigh double: half the sample zeros,
    // and the median would read 0 instead of 0.144 ms.
    const b = 1 / 3;
    const { engine } = run(lossSystem({ rps: 1000, meanMs: 0.5, durationS: 600, bucketS: 600 }));
    for (const [col, p] of [
      ['p50', 0.5],
      ['p90', 0.9],
      ['p99', 0.99],
    ] as const) {
      const v = nodeSeries(engine, 's', col).v[0];
      const expected = mixedQuantile(p, b, 0.5);
      expect(Math.abs(v / expected - 1), `${col}: ${v} against ${expected}`).toBeLessThan(0.03);
    }
  });
});
