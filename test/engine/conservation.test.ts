/**
 * Property test over random small designs: chains and trees of client → load balancer /
 * service / database with random parameters, edge policies (timeouts, retries, budgets,
 * breakers, bulkheads, async calls, loss, routes) and random faults. For every design:
 * nothing throws, and requests are conserved over the WHOLE run (warm-up 0):
 *   - every client: requests started = requests answered (each with exactly one outcome)
 *     + requests still in flight at the end;
 *   - every node: arrivals = answers + calls still in flight at the end;
 * with whole-run totals summed from the per-bucket series and in-flight counts from
 * engine.liveCount; and no task or call record held by nobody. Also a few sanity bounds on the summary, and same seed → same summary.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../src/sim/metrics';
import { runDesign } from '../../src/sim/run';
import { leakProblems } from './leaks';
import { designArb } from './random-design';

const total = (s: { column(n: string): Float32Array }, name: string) =>
  s.column(name).reduce((a, b) => a + b, 0);

/** Checks one run; returns the problems found (empty when all is well). */
function problems(design: unknown): string[] {
  const r = runDesign(design);
  if (!r.ok) return ['generated an invalid design: ' + JSON.stringify(r.errors)];
  const { engine, summary } = r;
  const out: string[] = [];
  engine.plan.nodes.forEach((n, i) => {
    const series = engine.stats[i].series;
    if (series.stride !== 1) out.push(`${n.id}: series coarsened (run too long for this test)`);
    const arrivals = total(series, 'arrivals');
    const answers = OUTCOMES.reduce((a, o) => a + total(series, o), 0);
    const live = engine.liveCount(i);
    if (arrivals !== answers + live)
      out.push(`${n.id} (${n.kind}): arrivals ${arrivals} != answers ${answers} + in flight ${live}`);
    // The per-bucket series and the whole-run window (warm-up 0) agree.
    const s = n.kind === 'client' ? summary.clients[n.id] : summary.nodes[n.id];
    const windowAnswers = n.kind === 'client' ? summary.clients[n.id].requests : summary.nodes[n.id].answers;
    if (windowAnswers !== answers)
      out.push(`${n.id}: summary answers ${windowAnswers} != series answers ${answers}`);
    const lat = s.latencyMs;
    if (answers > 0 && !(lat.mean >= 0 && lat.p50 <= lat.p90 && lat.p90 <= lat.p99 && lat.p99 <= lat.p999))
      out.push(`${n.id}: latency figures out of order ${JSON.stringify(lat)}`);
    if (n.kind !== 'client') {
      const ns = summary.nodes[n.id];
      if (ns.utilization !== null && !(ns.utilization >= 0 && ns.utilization <= 1 + 1e-6))
        out.push(`${n.id}: utilization ${ns.utilization}`);
      if (!(ns.meanQueueLength >= 0)) out.push(`${n.id}: meanQueueLength ${ns.meanQueueLength}`);
    }
  });
  out.push(...leakProblems(engine));
  JSON.stringify(summary); // serializes (NaN figures of idle nodes become null)
  return out;
}

describe('conservation over random designs', () => {
  it('every request ends in exactly one outcome; arrivals = answers + in flight at every node; nothing throws', () => {
    let runs = 0;
    fc.assert(
      fc.property(designArb, (design) => {
        runs++;
        const p = problems(design);
        // A short plain message keeps fast-check's report (and its shrinking) quick.
        if (p.length) throw new Error(p.slice(0, 5).join('; '));
      }),
      { numRuns: 150, seed: 20240501 },
    );
    expect(runs).toBe(150);
  });

  it('the same random design and seed give the same summary twice', () => {
    fc.assert(
      fc.property(designArb, (design) => {
        const a = runDesign(design);
        const b = runDesign(design);
        if (!a.ok || !b.ok) throw new Error('invalid design');
        if (JSON.stringify({ ...b.summary, wallMs: 0 }) !== JSON.stringify({ ...a.summary, wallMs: 0 }))
          throw new Error('summaries differ');
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});
