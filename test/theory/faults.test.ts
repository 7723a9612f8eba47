/**
 * Faults and resilience policy: sinkholing behind a least-connections balancer with slow
 * health checks, retry amplification with and without a retry budget, and a circuit
 * breaker that opens during an error burst and closes after it. All asserted from the
 * per-second series (bucket start times in seconds).
 */
import { describe, expect, it } from 'vitest';
import { RETRY_BUDGET_CAP } from '../../src/sim/edge';
import { between, edgeSeries, mean, nodeSeries, normalCdf, note, relErr, run, sum } from './helpers';

/** Retry amplification within 3% of the closed form 1 + q + q² + q³ (independent attempts). */
const AMPLIFICATION_TOL = 0.03;
/** A retry budget of 0.1 caps amplification at 1.1 plus the bucket's initial tokens, plus this slack. */
const BUDGET_SLACK = 0.005;

describe('crash behind a least-connections balancer with slow health checks', () => {
  it('sinkholes traffic into the dead backend until the probes notice, then sends it nothing', () => {
    const backends = ['b0', 'b1', 'b2', 'b3'];
    const CRASH_AT = 21;
    const hc = { intervalMs: 5000, timeoutMs: 1000, unhealthyAfter: 3, healthyAfter: 2 };
    const design = {
      schemaVersion: 1,
      name: 'sinkhole',
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 200, readRatio: 1 } },
        { id: 'lb', kind: 'loadbalancer', params: { algorithm: 'least-connections', healthCheck: hc } },
        ...backends.map((id) => ({
          id,
          kind: 'service',
          params: {
            instances: 1,
            concurrency: 2,
            queueCapacity: 100,
            serviceTimeMs: { dist: 'exponential', mean: 20 },
          },
        })),
      ],
      edges: [
        { id: 'in', source: 'users', target: 'lb' },
        ...backends.map((id) => ({ id: `lb-${id}`, source: 'lb', target: id })),
      ],
      scenario: { durationS: 80, seed: 91, faults: [{ type: 'crash', target: 'b0', atS: CRASH_AT }] },
    };
    const { engine } = run(design);
    // Detection: the first bucket at whose end the balancer counts 3 healthy backends.
    const healthy = nodeSeries(engine, 'lb', 'healthyBackends');
    const firstDown = healthy.v.findIndex((h) => h < 4);
    expect(firstDown).toBeGreaterThan(0);
    const detectS = healthy.t[firstDown] + 1; // detected within this bucket, by its end
    note('sinkhole: crash at s', CRASH_AT);
    note('sinkhole: detected by s', detectS);
    // Slow: at least (unhealthyAfter − 1) probe intervals after the crash; at most one more
    // interval plus the probe timeout.
    expect(detectS - CRASH_AT).toBeGreaterThanOrEqual(((hc.unhealthyAfter - 1) * hc.intervalMs) / 1000);
    expect(detectS - CRASH_AT).toBeLessThanOrEqual(
      (hc.unhealthyAfter * hc.intervalMs + hc.timeoutMs) / 1000 + 1,
    );
    expect(healthy.v.slice(firstDown).every((h) => h === 3)).toBe(true);

    const arrivals = Object.fromEntries(backends.map((b) => [b, nodeSeries(engine, b, 'arrivals')]));
    const total = (from: number, to: number) => sum(backends.map((b) => sum(between(arrivals[b], from, to))));
    // Before the crash: a fair share each.
    const shareBefore = sum(between(arrivals.b0, 5, CRASH_AT)) / total(5, CRASH_AT);
    note('sinkhole: dead backend share before the crash', shareBefore, 0.25);
    expect(relErr(shareBefore, 0.25)).toBeLessThan(0.1);
    // Between crash and detection: it fails fast (unavailable), so it looks idle to
    // least-connections and takes MORE than its fair share of 1/4.
    const from = CRASH_AT + 1,
      to = detectS - 1;
    const shareWindow = sum(between(arrivals.b0, from, to)) / total(from, to);
    note('sinkhole: dead backend share between crash and detection', shareWindow, 0.25);
    expect(shareWindow).toBeGreaterThan(0.4);
    const unavailable = sum(between(nodeSeries(engine, 'b0', 'unavailable'), from, to));
    expect(unavailable).toBe(sum(between(arrivals.b0, from, to)));
    expect(sum(between(nodeSeries(engine, 'b0', 'ok'), from, to))).toBe(0);
    // The users see those failures (a call answered near a bucket edge may land in the next bucket).
    const clientUnavailable = sum(between(nodeSeries(engine, 'users', 'unavailable'), from, to));
    expect(Math.abs(clientUnavailable - unavailable)).toBeLessThanOrEqual(3);
    // After detection: nothing goes to the dead backend, and the users see no failures.
    expect(sum(between(arrivals.b0, detectS, 80))).toBe(0);
    expect(sum(between(nodeSeries(engine, 'users', 'unavailable'), detectS + 1, 80))).toBe(0);
    expect(total(detectS, 80)).toBeGreaterThan(0);
  });
});

describe('timeouts and retries', () => {
  // Service time lognormal (p50 10 ms, p99 100 ms) on 1000 threads: no queueing, so attempts
  // are independent and each times out with q = P(S > 15 ms); latency 0 on the edge.
  const P50 = 10,
    P99 = 100,
    TIMEOUT = 15;
  const sigma = Math.log(P99 / P50) / 2.3263478740408408;
  const q = 1 - normalCdf(Math.log(TIMEOUT / P50) / sigma);
  const design = (budget: number | null) => ({
    schemaVersion: 1,
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 200, readRatio: 1 } },
      {
        id: 'svc',
        kind: 'service',
        params: {
          instances: 1,
          concurrency: 1000,
          queueCapacity: 0,
          serviceTimeMs: { dist: 'lognormal', p50: P50, p99: P99 },
        },
      },
    ],
    edges: [
      {
        id: 'e',
        source: 'users',
        target: 'svc',
        params: {
          latencyMs: 0,
          timeoutMs: TIMEOUT,
          retries: { max: 3, backoff: { baseMs: 5, jitter: 'full' }, budget },
        },
      },
    ],
    scenario: { durationS: 300, seed: 101 },
  });

  it(`amplify the load: attempts per request within ${AMPLIFICATION_TOL * 100}% of 1 + q + q² + q³`, () => {
    const { summary, engine } = run(design(null));
    const c = summary.clients.users;
    const expected = 1 + q + q * q + q * q * q; // q ≈ 0.341: 1.497
    note('retry amplification without budget', c.retryAmplification, expected);
    expect(c.retryAmplification).toBeGreaterThan(1.3);
    expect(relErr(c.retryAmplification, expected)).toBeLessThan(AMPLIFICATION_TOL);
    // A request fails only when all 4 attempts time out.
    note('share of requests timing out', (c.outcomes.timeout ?? 0) / c.requests, q ** 4);
    expect(relErr((c.outcomes.timeout ?? 0) / c.requests, q ** 4)).toBeLessThan(0.2); // ~800 events: ±3.5% (1σ)
    // Over the whole run, attempts sent on the edge = requests started + retries.
    const sent = sum(edgeSeries(engine, 'e', 'sent').v);
    const retries = sum(edgeSeries(engine, 'e', 'retries').v);
    expect(sent - retries).toBe(sum(nodeSeries(engine, 'users', 'arrivals').v));
  });

  it('a retry budget of 0.1 caps amplification at about 1.1', () => {
    const { summary } = run(design(0.1));
    const c = summary.clients.users;
    // Token bucket: each first attempt earns 0.1 token, each retry spends 1, the bucket starts full.
    const cap = 1.1 + RETRY_BUDGET_CAP / c.requests + BUDGET_SLACK;
    note('retry amplification with budget 0.1', c.retryAmplification);
    expect(c.retryAmplification).toBeLessThanOrEqual(cap);
    expect(c.retryAmplification).toBeGreaterThan(1.09); // the budget is used up, not idle
    // Fewer retries means more requests fail outright than without a budget.
    expect((c.outcomes.timeout ?? 0) / c.requests).toBeGreaterThan(q ** 4 * 5);
  });
});

describe('circuit breaker', () => {
  it('opens during an error burst (calls fail circuit-open), and closes after it', () => {
    const FAULT_AT = 20,
      FAULT_FOR = 10,
      OPEN_S = 3,
      WINDOW_S = 5;
    const design = {
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 100, readRatio: 1 } },
        {
          id: 'svc',
          kind: 'service',
          params: { instances: 1, concurrency: 8, serviceTimeMs: { dist: 'exponential', mean: 10 } },
        },
      ],
      edges: [
        {
          id: 'e',
          source: 'users',
          target: 'svc',
          params: {
            circuitBreaker: {
              failureRate: 0.5,
              minRequests: 20,
              windowS: WINDOW_S,
              openS: OPEN_S,
              halfOpenProbes: 3,
            },
          },
        },
      ],
      scenario: {
        durationS: 60,
        seed: 111,
        faults: [{ type: 'errors', target: 'svc', atS: FAULT_AT, durationS: FAULT_FOR, rate: 1 }],
      },
    };
    const { engine, summary } = run(design);
    const breaker = edgeSeries(engine, 'e', 'breaker');
    const open = edgeSeries(engine, 'e', 'circuit-open');
    // Closed before the fault.
    expect(between(breaker, 0, FAULT_AT).every((b) => b === 0)).toBe(true);
    expect(sum(between(open, 0, FAULT_AT))).toBe(0);
    // Opens once failures are half of the calls in the 5 s window: about 2.5 s into the burst.
    const firstOpen = breaker.t.findIndex((_, i) => breaker.v[i] === 1);
    note('circuit breaker: opened in the bucket starting at s', breaker.t[firstOpen]);
    expect(breaker.t[firstOpen]).toBeGreaterThanOrEqual(FAULT_AT);
    expect(breaker.t[firstOpen]).toBeLessThan(FAULT_AT + WINDOW_S);
    // While open, calls fail fast at the caller; the service sees almost none of them.
    const during = [breaker.t[firstOpen] + 1, FAULT_AT + FAULT_FOR] as const;
    const openCalls = sum(between(open, ...during));
    const requests = sum(between(nodeSeries(engine, 'users', 'arrivals'), ...during));
    note('circuit breaker: share of calls failed circuit-open during the fault', openCalls / requests);
    expect(openCalls / requests).toBeGreaterThan(0.9);
    expect(sum(between(nodeSeries(engine, 'svc', 'arrivals'), ...during))).toBeLessThan(0.05 * requests);
    expect(sum(between(nodeSeries(engine, 'users', 'circuit-open'), ...during))).toBe(openCalls);
    // Closes once a half-open probe round succeeds after the fault: within openS (+1 s) of its end.
    const closeBy = FAULT_AT + FAULT_FOR + OPEN_S + 1;
    const firstClosed = breaker.t.findIndex((_, i) => i > firstOpen && breaker.v[i] === 0);
    note('circuit breaker: closed again in the bucket starting at s', breaker.t[firstClosed]);
    expect(breaker.t[firstClosed]).toBeGreaterThanOrEqual(FAULT_AT + FAULT_FOR);
    expect(breaker.t[firstClosed]).toBeLessThan(closeBy);
    expect(between(breaker, closeBy, 60).every((b) => b === 0)).toBe(true);
    expect(sum(between(open, closeBy, 60))).toBe(0);
    expect(mean(between(nodeSeries(engine, 'users', 'ok'), closeBy, 60))).toBeGreaterThan(90);
    expect(summary.edges.e.breaker).toBe('closed');
  });
});

describe('retry amplification counts attempts that left', () => {
  it('attempts refused by the client edge’s own bulkhead add nothing: amplification = sent / requests', () => {
    // 400 req/s into a 50 ms service through a bulkhead of 2 calls in flight: most attempts
    // are refused at the caller and retried (twice), refused again, and never leave.
    const { summary } = run({
      schemaVersion: 1,
      nodes: [
        { id: 'users', kind: 'client', params: { rps: 400 } },
        { id: 's', kind: 'service', params: { concurrency: 100, serviceTimeMs: 50 } },
      ],
      edges: [
        {
          id: 'e',
          source: 'users',
          target: 's',
          params: {
            latencyMs: 0,
            bulkhead: { maxConcurrent: 2 },
            retries: {
              max: 2,
              backoff: { baseMs: 1, multiplier: 1, maxMs: 1, jitter: 'none' },
              budget: null,
            },
          },
        },
      ],
      scenario: { durationS: 30, warmupS: 0, seed: 4 },
    });
    const c = summary.clients.users;
    const e = summary.edges.e;
    expect(e.sent).toBeLessThan(c.requests); // most requests never got out
    expect(c.retryAmplification).toBeCloseTo(e.sent / c.requests, 2);
    expect(c.retryAmplification).toBeLessThan(1);
  });
});
