/**
 * A metastable failure: a retry storm that outlives its trigger. The service runs at 70%
 * utilization; a 10 s slowdown fills its queue with calls whose callers time out and
 * retry (3 retries, no budget). A timeout does not cancel the work downstream, so after
 * the slowdown ends the service keeps spending its whole capacity on calls nobody waits
 * for any more, while retries keep offered load near 4 × 70% = 280% of capacity: goodput
 * stays collapsed. The same design with a retry budget (or a circuit breaker) recovers
 * within seconds. Asserted from the client's per-second goodput series.
 */
import { describe, expect, it } from 'vitest';
import { between, mean, nodeSeries, note, run } from './helpers';

const RPS = 140;
/** Healthy: goodput at least this share of the offered rate (per-second mean over a span). */
const HEALTHY = 0.9;
/** Collapsed: goodput below this share of the offered rate. */
const COLLAPSED = 0.1;
/** Recovery after the trigger ends must take at most this many seconds. */
const RECOVERY_S = 10;

const FAULT_AT = 60,
  FAULT_FOR = 10,
  FAULT_END = FAULT_AT + FAULT_FOR,
  DURATION = 240;

function design(seed: number, edgePolicy: Record<string, unknown>) {
  return {
    schemaVersion: 1,
    name: 'retry storm',
    nodes: [
      { id: 'users', kind: 'client', params: { rps: RPS, readRatio: 1 } },
      // 8 threads × 25 calls/s = 200 calls/s of capacity: utilization 0.7 at 140 req/s. Normal
      // latency ≈ 43 ms (p99 ≈ 190 ms); the 400 ms timeout needs ~80 queued calls to fire, which
      // an M/M/8 at ρ = 0.7 essentially never reaches by itself: stable until triggered.
      {
        id: 'svc',
        kind: 'service',
        params: {
          instances: 1,
          concurrency: 8,
          queueCapacity: 200,
          serviceTimeMs: { dist: 'exponential', mean: 40 },
        },
      },
    ],
    edges: [
      { id: 'e', source: 'users', target: 'svc', params: { latencyMs: 0.5, timeoutMs: 400, ...edgePolicy } },
    ],
    scenario: {
      durationS: DURATION,
      seed,
      faults: [{ type: 'latency', target: 'svc', atS: FAULT_AT, durationS: FAULT_FOR, factor: 10 }],
    },
  };
}

function goodput(seed: number, edgePolicy: Record<string, unknown>) {
  const { engine, summary } = run(design(seed, edgePolicy));
  const g = nodeSeries(engine, 'users', 'goodput');
  return { g, summary, engine, share: (from: number, to: number) => mean(between(g, from, to)) / RPS };
}

describe('metastable retry storm', () => {
  for (const seed of [121, 122]) {
    it(`seed ${seed}: without a retry budget goodput stays collapsed long after the slowdown ends`, () => {
      const { share, summary, engine } = goodput(seed, { retries: { max: 3, budget: null } });
      note(`storm seed ${seed}: goodput share before the fault`, share(10, FAULT_AT));
      note(`storm seed ${seed}: goodput share 10..170 s after the fault`, share(FAULT_END + 10, DURATION));
      expect(share(10, FAULT_AT)).toBeGreaterThan(HEALTHY); // stable until triggered
      expect(share(FAULT_AT + 2, FAULT_END)).toBeLessThan(COLLAPSED);
      // Still collapsed in every 10 s span up to the end, 170 s after the trigger is gone.
      for (let t = FAULT_END; t < DURATION; t += 10)
        expect(share(t, t + 10), `goodput in [${t}, ${t + 10})`).toBeLessThan(COLLAPSED);
      // The service is saturated with wasted work, and retries multiply the offered load.
      expect(mean(between(nodeSeries(engine, 'svc', 'utilization'), FAULT_END, DURATION))).toBeGreaterThan(
        0.99,
      );
      expect(summary.clients.users.retryAmplification).toBeGreaterThan(3);
    });

    it(`seed ${seed}: with a retry budget of 0.1 goodput recovers within ${RECOVERY_S} s`, () => {
      const { share, g } = goodput(seed, { retries: { max: 3, budget: 0.1 } });
      expect(share(10, FAULT_AT)).toBeGreaterThan(HEALTHY);
      expect(share(FAULT_AT + 2, FAULT_END)).toBeLessThan(COLLAPSED); // the trigger does hurt
      const back = firstHealthySecond(g, FAULT_END);
      note(
        `budget seed ${seed}: goodput back to ${HEALTHY * 100}% ... s after the fault ends`,
        back - FAULT_END,
      );
      expect(back - FAULT_END).toBeLessThanOrEqual(RECOVERY_S);
      for (let t = FAULT_END + RECOVERY_S; t < DURATION; t += 10)
        expect(share(t, t + 10), `goodput in [${t}, ${t + 10})`).toBeGreaterThan(HEALTHY);
    });

    it(`seed ${seed}: with a circuit breaker goodput recovers within ${RECOVERY_S} s`, () => {
      const { share, g } = goodput(seed, {
        retries: { max: 3, budget: null },
        circuitBreaker: { failureRate: 0.5, minRequests: 20, windowS: 5, openS: 2, halfOpenProbes: 3 },
      });
      expect(share(10, FAULT_AT)).toBeGreaterThan(HEALTHY);
      const back = firstHealthySecond(g, FAULT_END);
      note(
        `breaker seed ${seed}: goodput back to ${HEALTHY * 100}% ... s after the fault ends`,
        back - FAULT_END,
      );
      expect(back - FAULT_END).toBeLessThanOrEqual(RECOVERY_S);
      for (let t = FAULT_END + RECOVERY_S; t < DURATION; t += 10)
        expect(share(t, t + 10), `goodput in [${t}, ${t + 10})`).toBeGreaterThan(HEALTHY);
    });
  }
});

/** Start of the first second after `from` from which a 5 s span has goodput ≥ HEALTHY × rate. */
function firstHealthySecond(g: { t: number[]; v: number[] }, from: number): number {
  for (let t = from; t < DURATION - 5; t++) if (mean(between(g, t, t + 5)) >= HEALTHY * RPS) return t;
  return Infinity;
}
