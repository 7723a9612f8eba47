/**
 * DNS failover: after the primary crashes, fresh lookups move to the secondary once the
 * health checks notice, but callers holding a cached answer keep hitting the dead primary
 * until their TTL runs out (linearly over one TTL, since cache expiries are spread).
 */
import { describe, expect, test } from 'vitest';
import { col, note, run, sum } from './messaging-helpers';

const CRASH_S = 60;
const TTL_S = 30;
const INTERVAL_S = 5;
const UNHEALTHY_AFTER = 2;
/** Detection: at most unhealthyAfter probe intervals plus the probe timeout after the crash. */
const DETECT_MAX_S = UNHEALTHY_AFTER * INTERVAL_S + 1;

function design(ttlS: number) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 200 } },
      {
        id: 'dns',
        kind: 'dns',
        params: {
          policy: 'failover',
          ttlS,
          lookupMs: 20,
          healthCheck: {
            intervalMs: INTERVAL_S * 1000,
            timeoutMs: 1000,
            unhealthyAfter: UNHEALTHY_AFTER,
            healthyAfter: 2,
          },
        },
      },
      { id: 'primary', kind: 'service', params: { instances: 2, concurrency: 50, serviceTimeMs: 10 } },
      { id: 'secondary', kind: 'service', params: { instances: 2, concurrency: 50, serviceTimeMs: 10 } },
    ],
    edges: [
      { id: 'e0', source: 'users', target: 'dns' },
      { id: 'e1', source: 'dns', target: 'primary', params: { latencyMs: 5 } },
      { id: 'e2', source: 'dns', target: 'secondary', params: { latencyMs: 40 } },
    ],
    scenario: {
      durationS: 150,
      warmupS: 0,
      seed: 3,
      faults: [{ type: 'crash', target: 'primary', atS: CRASH_S }],
    },
  };
}

describe('dns', () => {
  test('failover moves traffic to the secondary; cached answers keep hitting the dead primary until the TTL expires', () => {
    const r = run(design(TTL_S));
    const P = col(r.engine, 'primary', 'arrivals');
    const S = col(r.engine, 'secondary', 'arrivals');
    const stale = col(r.engine, 'dns', 'staleRoutes');
    // Before the crash: all traffic on the primary.
    expect(sum(S.slice(0, CRASH_S))).toBe(0);
    // Detection: the first second in which the secondary gets traffic.
    const first = S.findIndex((v) => v > 0);
    note('secondary first gets traffic at (s)', first, `${CRASH_S}..${CRASH_S + DETECT_MAX_S}`);
    expect(first).toBeGreaterThanOrEqual(CRASH_S);
    expect(first).toBeLessThanOrEqual(CRASH_S + DETECT_MAX_S);
    // After detection + TTL: nothing reaches the primary any more.
    const clear = first + TTL_S + 1;
    note('primary arrivals after detection + TTL', sum(P.slice(clear)), 0);
    expect(sum(P.slice(clear))).toBe(0);
    expect(sum(stale.slice(clear))).toBe(0);
    // During the TTL after detection, cached answers still send traffic to the dead primary,
    // falling off roughly linearly: the first half of the TTL carries about 3× the second.
    const firstHalf = sum(P.slice(first, first + TTL_S / 2));
    const secondHalf = sum(P.slice(first + TTL_S / 2, first + TTL_S));
    note('calls to the dead primary, first half of the TTL', firstHalf);
    note('calls to the dead primary, second half of the TTL', secondHalf);
    expect(firstHalf).toBeGreaterThan(1000);
    expect(secondHalf).toBeGreaterThan(0);
    expect(firstHalf).toBeGreaterThan(2 * secondHalf);
    expect(sum(stale)).toBeGreaterThan(1000);
    // Those calls fail at the client.
    expect(r.summary.clients.users.outcomes.unavailable).toBeGreaterThan(firstHalf);
    // Most calls are answered from resolver caches.
    expect(r.summary.nodes.dns.cachedRatio as number).toBeGreaterThan(0.9);
  });

  test('a short TTL fails over faster than a long one', () => {
    const failed = (ttl: number) => run(design(ttl)).summary.clients.users.outcomes.unavailable ?? 0;
    const short = failed(5),
      long = failed(60);
    note('failed calls, TTL 5 s', short);
    note('failed calls, TTL 60 s', long);
    expect(short * 2).toBeLessThan(long);
  });
});
