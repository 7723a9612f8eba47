/**
 * Queue: at-least-once delivery (nothing lost, duplicates counted), dead letters, exact
 * backpressure, pub/sub fan-out, and load levelling of a slow consumer under a spike.
 */
import { describe, expect, test } from 'vitest';
import { validateDesign } from '../../src/model/design';
import type { QueueNode } from '../../src/sim/nodes/queue';
import { col, idx, mean, note, recordArrivals, run, variance, type Ran } from './messaging-helpers';

/** Binomial tolerance for dead-letter counts: this many standard deviations. */
const SIGMAS = 4;
/** With the queue the consumer's per-second utilization variance must be at most this fraction of without. */
const LEVELLING_VARIANCE_RATIO = 0.5;

function queueOf(r: Ran, id = 'q'): QueueNode {
  return r.engine.nodes[idx(r.engine, id)] as QueueNode;
}

/** Producer → queue → consumer service (+ optional dlq sink); producer stops at `stopS`. */
function design(opts: {
  rps: number;
  stopS: number;
  durationS: number;
  queue?: Record<string, unknown>;
  consumer?: Record<string, unknown>;
  subscribers?: number;
  dlq?: boolean;
  consumerEdge?: Record<string, unknown>;
}) {
  const subs = opts.subscribers ?? 1;
  const nodes: unknown[] = [
    {
      id: 'producer',
      kind: 'client',
      params: { rps: opts.rps, profile: { type: 'steps', steps: [{ atS: opts.stopS, rps: 0 }] } },
    },
    { id: 'q', kind: 'queue', params: opts.queue ?? {} },
  ];
  const edges: unknown[] = [{ id: 'p', source: 'producer', target: 'q' }];
  for (let k = 0; k < subs; k++) {
    nodes.push({
      id: `w${k}`,
      kind: 'service',
      params: { instances: 1, concurrency: 1000, queueCapacity: 0, ...opts.consumer },
    });
    edges.push({ id: `c${k}`, source: 'q', target: `w${k}`, params: opts.consumerEdge ?? {} });
  }
  if (opts.dlq) {
    nodes.push({ id: 'dlq', kind: 'service', params: { instances: 1, concurrency: 1000, serviceTimeMs: 1 } });
    edges.push({ id: 'd', source: 'q', target: 'dlq', params: { role: 'dlq' } });
  }
  return { schemaVersion: 1, nodes, edges, scenario: { durationS: opts.durationS, warmupS: 0, seed: 11 } };
}

describe('queue', () => {
  test('at-least-once: every accepted message is acked or dead-lettered; redelivered slow deliveries make duplicates', () => {
    // 30% of deliveries fail; the long tail of the consumer outlasts the 2 s visibility timeout.
    const r = run(
      design({
        rps: 50,
        stopS: 60,
        durationS: 400,
        dlq: true,
        queue: { consumers: 20, visibilityTimeoutS: 2, maxReceives: 3 },
        consumer: { serviceTimeMs: { dist: 'lognormal', p50: 200, p99: 4000 }, errorRate: 0.3 },
      }),
    );
    const q = queueOf(r).totals;
    note('accepted', q.accepted);
    note('acked', q.acked);
    note('dead-lettered', q.deadLettered);
    note('duplicates', q.duplicates);
    note('redeliveries', q.redeliveries);
    expect(q.accepted).toBeGreaterThan(2500);
    expect(queueOf(r).depth).toBe(0); // drained
    expect(q.acked + q.deadLettered).toBe(q.accepted); // nothing lost
    expect(q.rejected).toBe(0);
    expect(q.duplicates).toBeGreaterThan(0);
    expect(q.duplicates).toBeLessThanOrEqual(q.redeliveries);
    // Every ok the consumer sent back is an ack, a duplicate, or a late ok after dead-lettering.
    const consumerOk = r.summary.nodes.w0.outcomes.ok ?? 0;
    expect(consumerOk).toBe(q.acked + q.duplicates + q.okAfterDeadLetter);
    // Dead letters went to the dlq edge, one call each.
    expect(r.summary.nodes.dlq.arrivals).toBe(q.deadLettered);
    expect(r.summary.nodes.q.deadLetters).toBe(q.deadLettered);
  });

  test('dead letters are exactly the messages that failed maxReceives times', () => {
    const maxReceives = 4;
    const r = run(
      design({
        rps: 20,
        stopS: 30,
        durationS: 120,
        dlq: true,
        queue: { consumers: 10, visibilityTimeoutS: 1, maxReceives },
        consumer: { serviceTimeMs: 5, errorRate: 1 },
      }),
    );
    const q = queueOf(r).totals;
    note('always-failing consumer: dead letters', q.deadLettered, q.accepted);
    expect(q.deadLettered).toBe(q.accepted);
    expect(r.summary.nodes.w0.arrivals).toBe(q.accepted * maxReceives);
    expect(q.redeliveries).toBe(q.accepted * (maxReceives - 1));
    expect(r.summary.nodes.dlq.arrivals).toBe(q.accepted);

    // A consumer failing with probability f dead-letters a share f^maxReceives (binomial).
    const f = 0.4;
    const r2 = run(
      design({
        rps: 100,
        stopS: 60,
        durationS: 120,
        dlq: true,
        queue: { consumers: 50, visibilityTimeoutS: 0.5, maxReceives: 3 },
        consumer: { serviceTimeMs: 5, errorRate: f },
      }),
    );
    const q2 = queueOf(r2).totals;
    const p = f ** 3;
    const expected = q2.accepted * p;
    const sd = Math.sqrt(q2.accepted * p * (1 - p));
    note(
      'dead letters at 40% failures, 3 receives',
      q2.deadLettered,
      `${expected.toFixed(1)} ± ${(SIGMAS * sd).toFixed(1)}`,
    );
    expect(Math.abs(q2.deadLettered - expected)).toBeLessThanOrEqual(SIGMAS * sd);
    expect(q2.acked + q2.deadLettered).toBe(q2.accepted);
  });

  test('backpressure: the producer is rejected exactly when the queue is full', () => {
    // A consumer that never finishes: exactly `capacity` messages are accepted.
    const capacity = 100;
    const r = run(
      design({
        rps: 50,
        stopS: 20,
        durationS: 30,
        queue: { capacity, consumers: 1, visibilityTimeoutS: 86_400 },
        consumer: { serviceTimeMs: 1e9 },
      }),
    );
    const q = queueOf(r).totals;
    const sent = r.summary.clients.producer.requests;
    note('stuck consumer: accepted', q.accepted, capacity);
    expect(q.accepted).toBe(capacity);
    expect(q.rejected).toBe(sent - capacity);
    expect(r.summary.clients.producer.outcomes.rejected).toBe(sent - capacity);

    // A slow consumer: rejections happen only in seconds where the queue reached capacity.
    const r2 = run(
      design({
        rps: 50,
        stopS: 60,
        durationS: 90,
        queue: { capacity: 200, consumers: 2 },
        consumer: { serviceTimeMs: 100 },
      }),
    );
    const rejected = col(r2.engine, 'q', 'rejected');
    const qMax = col(r2.engine, 'q', 'queueMax');
    let rejectingBuckets = 0;
    for (let i = 0; i < rejected.length; i++) {
      if (rejected[i] > 0) {
        rejectingBuckets++;
        expect(qMax[i]).toBe(200);
      }
    }
    expect(rejectingBuckets).toBeGreaterThan(20);
    const q2 = queueOf(r2).totals;
    expect(q2.accepted).toBe(q2.acked + queueOf(r2).depth);
    expect(q2.rejected).toBeGreaterThan(0);
  });

  test('a crash of the broker: durable keeps every message, non-durable loses the backlog (counted)', () => {
    const crash = (durable: boolean) => {
      const d = design({
        rps: 100,
        stopS: 40,
        durationS: 120,
        queue: { consumers: 2, durable },
        consumer: { serviceTimeMs: 50 },
      });
      (d.scenario as Record<string, unknown>).faults = [
        { type: 'crash', target: 'q', atS: 30, durationS: 10 },
      ];
      return run(d);
    };
    const keep = queueOf(crash(true));
    const lose = queueOf(crash(false));
    note('durable: lost', keep.totals.lost, 0);
    note('non-durable: lost', lose.totals.lost);
    expect(keep.totals.lost).toBe(0);
    expect(keep.totals.acked + keep.depth).toBe(keep.totals.accepted);
    expect(lose.totals.lost).toBeGreaterThan(500); // 100/s in, 40/s out: a backlog of ~1800 at 30 s
    expect(lose.totals.acked + lose.totals.lost + lose.depth).toBe(lose.totals.accepted);
  });

  test('pub/sub delivers one copy per subscriber', () => {
    const r = run(
      design({
        rps: 40,
        stopS: 30,
        durationS: 60,
        subscribers: 3,
        queue: { mode: 'pubsub' },
        consumer: { serviceTimeMs: 10 },
      }),
    );
    const q = queueOf(r).totals;
    note('pub/sub: messages accepted', q.accepted);
    for (const w of ['w0', 'w1', 'w2']) expect(r.summary.nodes[w].arrivals).toBe(q.accepted);
    expect(q.acked).toBe(3 * q.accepted);

    // Queue mode with the same three consumers: each message once, shared evenly.
    const r2 = run(
      design({ rps: 40, stopS: 30, durationS: 60, subscribers: 3, consumer: { serviceTimeMs: 10 } }),
    );
    const q2 = queueOf(r2).totals;
    const got = ['w0', 'w1', 'w2'].map((w) => r2.summary.nodes[w].arrivals);
    expect(got.reduce((a, b) => a + b, 0)).toBe(q2.accepted);
    for (const g of got) expect(Math.abs(g - q2.accepted / 3)).toBeLessThanOrEqual(1);
  });

  test('load levelling: behind a queue a slow consumer stays flat under a spike', () => {
    const spike = { rps: 10, profile: { type: 'spike', atS: 30, durationS: 10, factor: 6 } };
    const consumer = { instances: 1, concurrency: 4, queueCapacity: 10, serviceTimeMs: 100 };
    const direct = run({
      schemaVersion: 1,
      nodes: [
        { id: 'producer', kind: 'client', params: spike },
        { id: 'w', kind: 'service', params: consumer },
      ],
      edges: [{ id: 'p', source: 'producer', target: 'w' }],
      scenario: { durationS: 120, warmupS: 0, seed: 5 },
    });
    const queued = run({
      schemaVersion: 1,
      nodes: [
        { id: 'producer', kind: 'client', params: spike },
        { id: 'q', kind: 'queue', params: { consumers: 2 } },
        { id: 'w', kind: 'service', params: consumer },
      ],
      edges: [
        { id: 'p', source: 'producer', target: 'q' },
        { id: 'c', source: 'q', target: 'w' },
      ],
      scenario: { durationS: 120, warmupS: 0, seed: 5 },
    });
    const uDirect = col(direct.engine, 'w', 'utilization');
    const uQueued = col(queued.engine, 'w', 'utilization');
    const vD = variance(uDirect),
      vQ = variance(uQueued);
    note('consumer utilization variance, direct', vD);
    note('consumer utilization variance, behind the queue', vQ, `< ${LEVELLING_VARIANCE_RATIO} × direct`);
    note('peak utilization direct', Math.max(...uDirect));
    note('peak utilization queued', Math.max(...uQueued), '<= 0.5');
    expect(vQ).toBeLessThan(LEVELLING_VARIANCE_RATIO * vD);
    expect(Math.max(...uQueued)).toBeLessThanOrEqual(0.5 + 1e-9); // two deliveries at most on four threads
    expect(Math.max(...uDirect)).toBeGreaterThan(0.95);
    // Same mean work: everything gets done with the queue, while the direct design rejects part of the spike.
    expect(direct.summary.clients.producer.outcomes.rejected ?? 0).toBeGreaterThan(0);
    expect(queued.summary.clients.producer.errorRatio).toBe(0);
    expect(queueOf(queued).totals.acked + queueOf(queued).depth).toBe(queueOf(queued).totals.accepted);
    note('mean utilization direct', mean(uDirect));
    note('mean utilization queued', mean(uQueued));
    const age = col(queued.engine, 'q', 'oldestAgeMs');
    expect(Math.max(...age)).toBeGreaterThan(5000); // the backlog waited
  });
});

describe('queue: an async consumer edge', () => {
  test('a send that does not get out (partition, loss) is a failed delivery, redelivered, never acked unseen', () => {
    for (const fault of [
      { type: 'partition', target: 'c0', atS: 10, durationS: 10 },
      { type: 'loss', target: 'c0', atS: 10, durationS: 10, rate: 0.5 },
    ]) {
      const d = design({
        rps: 50,
        stopS: 30,
        durationS: 120,
        queue: { visibilityTimeoutS: 5, maxReceives: 10 },
        consumer: { serviceTimeMs: 5 },
        consumerEdge: { mode: 'async' },
      });
      const r = run({ ...d, scenario: { ...d.scenario, faults: [fault] } });
      const q = queueOf(r).totals;
      const failed = r.summary.edges.c0.outcomes[fault.type === 'partition' ? 'unavailable' : 'dropped'] ?? 0;
      expect(failed).toBeGreaterThan(100);
      // Every message reached the consumer in the end, once: the failed sends were tried again.
      expect(q.acked).toBe(q.accepted);
      expect(q.redeliveries).toBe(failed);
      expect(r.summary.nodes.w0.arrivals).toBe(q.accepted);
    }
  });
});

describe('queue: an async consumer that sends async calls of its own (a balancer)', () => {
  test('the consumer’s failed sends are not taken for the queue’s (a delivery handled in place)', () => {
    // At zero latency the delivery arrives inside the queue's send, and the consumer's own
    // async call over a partitioned edge failed last: the queue read that as its failure.
    const r = run({
      schemaVersion: 1,
      nodes: [
        { id: 'c', kind: 'client', params: { rps: 50 } },
        { id: 'q', kind: 'queue', params: { visibilityTimeoutS: 5 } },
        // A balancer forwards as the call arrives: inside the queue's send.
        { id: 'w', kind: 'loadbalancer', params: {} },
        { id: 'x', kind: 'service', params: { serviceTimeMs: 1 } },
      ],
      edges: [
        { id: 'in', source: 'c', target: 'q' },
        { id: 'qw', source: 'q', target: 'w', params: { mode: 'async', latencyMs: 0 } },
        { id: 'wx', source: 'w', target: 'x', params: { mode: 'async', latencyMs: 0 } },
      ],
      scenario: {
        durationS: 20,
        warmupS: 0,
        seed: 4,
        faults: [{ type: 'partition', target: 'wx', atS: 0, durationS: 20 }],
      },
    });
    const q = queueOf(r).totals;
    expect(r.summary.edges.wx.outcomes.unavailable ?? 0).toBeGreaterThan(500);
    expect(q.redeliveries).toBe(0);
    expect(q.acked).toBe(q.accepted);
    expect(r.summary.nodes.w.arrivals).toBe(q.accepted);
  });
});

describe('queue: the hop limit', () => {
  test('a message looping through two queues dies at the hop limit and is dead-lettered, at zero latency too', () => {
    // Each delivery used to start again from hop 0, so at 0 ms the loop never ended and the
    // run stopped as stalled; at 1 ms every message went round for the whole run.
    for (const latencyMs of [0, 1]) {
      const queue = { ackMs: 0, visibilityTimeoutS: 1, maxReceives: 2 };
      const r = run({
        schemaVersion: 1,
        nodes: [
          {
            id: 'c',
            kind: 'client',
            params: { rps: 5, profile: { type: 'steps', steps: [{ atS: 2, rps: 0 }] } },
          },
          { id: 'q1', kind: 'queue', params: queue },
          { id: 'q2', kind: 'queue', params: queue },
        ],
        edges: [
          { id: 'in', source: 'c', target: 'q1', params: { latencyMs } },
          { id: 'a', source: 'q1', target: 'q2', params: { latencyMs } },
          { id: 'b', source: 'q2', target: 'q1', params: { latencyMs } },
        ],
        scenario: { durationS: 30, warmupS: 0, seed: 3 },
      });
      const sent = r.summary.clients.c.ok; // stored by q1: each an ok answer to the client
      expect(sent).toBeGreaterThan(0);
      // The 64th hop fails with error: the last queue tries again once, then dead-letters.
      expect(r.summary.edges.b.outcomes.error ?? 0).toBeGreaterThan(0);
      const dead = queueOf(r, 'q1').totals.deadLettered + queueOf(r, 'q2').totals.deadLettered;
      expect(dead).toBe(sent);
      expect(queueOf(r, 'q1').depth + queueOf(r, 'q2').depth).toBe(0);
    }
  });
});

describe('queue: age of the oldest message', () => {
  test('is its peak: a message delivered within a bucket still counts at the age it left with', () => {
    // One message a second (uniform), 500 ms of work each: a message is stored for 501 ms
    // (1 ms ack) and gone before the bucket ends. A reading at the bucket's end said 0.
    const r = run({
      schemaVersion: 1,
      nodes: [
        { id: 'c', kind: 'client', params: { rps: 1, arrivals: 'uniform' } },
        { id: 'q', kind: 'queue', params: { capacity: 100, consumers: 1, ackMs: 1 } },
        { id: 'w', kind: 'service', params: { instances: 1, concurrency: 1, serviceTimeMs: 500 } },
      ],
      edges: [
        { id: 'e1', source: 'c', target: 'q', params: { latencyMs: 0 } },
        { id: 'e2', source: 'q', target: 'w', params: { latencyMs: 0 } },
      ],
      scenario: { durationS: 60, warmupS: 0, seed: 1 },
    });
    const q = r.summary.nodes.q as unknown as Record<string, number>;
    expect(q.endToEndMeanMs).toBeCloseTo(500, 6);
    // The delivery is acked when the consumer's answer arrives: the message leaves at 500 ms.
    expect(q.maxOldestAgeMs).toBeCloseTo(500, 6);
    const age = col(r.engine, 'q', 'oldestAgeMs');
    expect(age.slice(2, -1).every((a) => Math.abs(a - 500) < 1e-3)).toBe(true);
  });
});

describe('queue: a crash of a durable broker while deliveries are out', () => {
  test('the consumer finishes them; redelivered after the restart, each is processed twice: counted as duplicates', () => {
    // 4 consumers each busy 2 s with a message when the broker crashes at 1 s (down 5 s).
    const d = design({
      rps: 20,
      stopS: 1,
      durationS: 60,
      queue: { ackMs: 0, consumers: 4, visibilityTimeoutS: 30 },
      consumer: { serviceTimeMs: 2000 },
    });
    (d.scenario as Record<string, unknown>).faults = [{ type: 'crash', target: 'q', atS: 1, durationS: 5 }];
    const r = run(d);
    const q = queueOf(r).totals;
    const consumerOk = r.summary.nodes.w0.outcomes.ok ?? 0;
    note('durable crash: duplicates', q.duplicates, 4);
    expect(q.accepted).toBeGreaterThan(4);
    expect(q.acked).toBe(q.accepted);
    expect(q.redeliveries).toBe(4);
    // The orphaned deliveries' oks came while the broker was down: no ack, but a processing.
    expect(q.duplicates).toBe(4);
    expect(consumerOk).toBe(q.acked + q.duplicates + q.okAfterDeadLetter);
  });

  test('a failed orphaned delivery is not retried: the broker that would retry it is down', () => {
    // The 4 deliveries out at the crash (1 s) fail at the consumer at about 2 s. The edge
    // retries failures, but the crashed broker sends nothing until it is back at 6 s: the
    // engine used to retry them on its behalf (4 then 4 more retries while it was down).
    const d = design({
      rps: 20,
      stopS: 1,
      durationS: 30,
      queue: { ackMs: 0, consumers: 4, visibilityTimeoutS: 30 },
      consumer: { serviceTimeMs: 1000, errorRate: 1 },
      consumerEdge: {
        latencyMs: 0,
        retries: { max: 2, backoff: { baseMs: 10, multiplier: 1, maxMs: 10, jitter: 'none' }, budget: null },
      },
    });
    (d.scenario as Record<string, unknown>).faults = [{ type: 'crash', target: 'q', atS: 1, durationS: 5 }];
    const r = run(d);
    const c0 = r.engine.edges[r.engine.plan.edgeIndex.get('c0')!].stats.series;
    const retries = c0.column('retries');
    const arrivals = col(r.engine, 'w0', 'arrivals');
    // Buckets [1, 6): the broker is down.
    expect(Array.from(retries.slice(1, 6))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(arrivals.slice(2, 6))).toEqual([0, 0, 0, 0]);
    expect(r.summary.nodes.w0.outcomes.error ?? 0).toBeGreaterThanOrEqual(4);
  });

  test('over random timings and repeated crashes every consumer ok is an ack, a duplicate, or an ok after dead-lettering', () => {
    const d = design({
      rps: 40,
      stopS: 60,
      durationS: 300,
      dlq: true,
      queue: { consumers: 8, visibilityTimeoutS: 1, maxReceives: 3 },
      consumer: { serviceTimeMs: { dist: 'lognormal', p50: 150, p99: 2500 }, errorRate: 0.2 },
    });
    (d.scenario as Record<string, unknown>).faults = [10, 25, 40, 55].map((atS) => ({
      type: 'crash',
      target: 'q',
      atS,
      durationS: 1.5,
    }));
    const r = run(d);
    const q = queueOf(r).totals;
    const consumerOk = r.summary.nodes.w0.outcomes.ok ?? 0;
    note('durable crashes: duplicates', q.duplicates);
    expect(q.duplicates).toBeGreaterThan(0);
    expect(queueOf(r).depth).toBe(0);
    expect(q.acked + q.deadLettered).toBe(q.accepted);
    expect(consumerOk).toBe(q.acked + q.duplicates + q.okAfterDeadLetter);
  });
});

describe('queue: a delivery refused at the consumer edge (breaker open, bulkhead full)', () => {
  /** 4 consumers of a never-failing worker behind a bulkhead of 1, plus `edge` on the consumer edge. */
  const behindBulkhead = (edge: Record<string, unknown>) =>
    design({
      rps: 2,
      stopS: 30,
      durationS: 200,
      dlq: true,
      queue: { ackMs: 0, consumers: 4, visibilityTimeoutS: 2, maxReceives: 2 },
      consumer: { serviceTimeMs: 300 },
      consumerEdge: { latencyMs: 0, bulkhead: { maxConcurrent: 1 }, ...edge },
    });

  test('is no receive: not a delivery, and never toward maxReceives', () => {
    // An always-failing consumer trips the breaker after 2 calls; it stays open for the run.
    const breaker = run(
      design({
        rps: 20,
        stopS: 20,
        durationS: 60,
        dlq: true,
        queue: { ackMs: 0, visibilityTimeoutS: 1, maxReceives: 3 },
        consumer: { serviceTimeMs: 1, errorRate: 1 },
        consumerEdge: {
          latencyMs: 0,
          circuitBreaker: { failureRate: 0.5, minRequests: 2, windowS: 10, openS: 600 },
        },
      }),
    );
    const qb = queueOf(breaker).totals;
    const reached = breaker.summary.nodes.w0.arrivals;
    note('breaker open: dead letters', qb.deadLettered, 0);
    expect(breaker.summary.edges.c0.outcomes['circuit-open'] ?? 0).toBeGreaterThan(100);
    expect(qb.delivered).toBe(reached);
    expect(qb.deadLettered).toBe(0); // no message reached a consumer 3 times
    expect(qb.accepted).toBe(queueOf(breaker).depth);

    // Bulkhead of 1 under 4 consumers: the other 3 deliveries are refused at the edge, and
    // wait out the visibility timeout; the consumer never fails, so nothing is dead-lettered.
    const bulkhead = run(behindBulkhead({}));
    const qh = queueOf(bulkhead).totals;
    note('bulkhead full: dead letters', qh.deadLettered, 0);
    expect(bulkhead.summary.edges.c0.outcomes.rejected ?? 0).toBeGreaterThan(0);
    expect(qh.deadLettered).toBe(0);
    expect(qh.acked).toBe(qh.accepted);
    expect(qh.delivered).toBe(bulkhead.summary.nodes.w0.arrivals);
    expect(qh.redeliveries).toBe(0);
  });

  test('is no receive either when the edge retries the refusal and every retry is refused too', () => {
    // As above, with one retry on the consumer edge: a refused delivery whose retry is
    // refused again never left (it counted as a receive, and dead-lettered messages no
    // consumer had failed: 17 of them, 98 deliveries for 50 consumer arrivals).
    const retried = run(
      behindBulkhead({
        retries: { max: 1, backoff: { baseMs: 10, multiplier: 2, maxMs: 10, jitter: 'none' } },
      }),
    );
    const q = queueOf(retried).totals;
    note('bulkhead full, retried: dead letters', q.deadLettered, 0);
    // (The edge's `retries` counts the retries that left; refused ones show as rejections.)
    expect(retried.summary.edges.c0.outcomes.rejected ?? 0).toBeGreaterThan(0);
    expect(q.deadLettered).toBe(0);
    expect(q.acked).toBe(q.accepted);
    expect(q.delivered).toBe(retried.summary.nodes.w0.arrivals);
  });
});

describe('queue: the dead-letter edge (role "dlq")', () => {
  const nodes = [
    { id: 'c', kind: 'client' },
    { id: 'rl', kind: 'ratelimiter' },
    { id: 'q', kind: 'queue' },
    { id: 'a', kind: 'service' },
    { id: 'b', kind: 'service' },
  ];
  const problems = (edges: unknown[]) => {
    const v = validateDesign({ schemaVersion: 1, nodes, edges });
    return v.ok ? [] : v.errors;
  };
  test('is refused from anything but a queue, naming the edge', () => {
    // A rate limiter (or DNS, a balancer, a client) used to call it like any edge; a service skipped it.
    for (const source of ['c', 'rl', 'a']) {
      const errs = problems([
        { id: 'in', source: 'c', target: 'q' },
        { id: 'x', source, target: 'b', params: { role: 'dlq' } },
      ]);
      expect(errs.map((e) => e.path)).toEqual(['edges[1].params.role']);
      expect(errs[0].message).toContain('edge "x"');
      expect(errs[0].message).toContain("a queue's dead-letter edge");
    }
  });
  test('a queue has one: a second is refused (it used to be ignored), one is fine', () => {
    const one = [
      { id: 'in', source: 'c', target: 'q' },
      { id: 'work', source: 'q', target: 'a' },
      { id: 'd1', source: 'q', target: 'b', params: { role: 'dlq' } },
    ];
    expect(problems(one)).toEqual([]);
    const errs = problems([...one, { id: 'd2', source: 'q', target: 'a', params: { role: 'dlq' } }]);
    expect(errs.map((e) => e.path)).toEqual(['edges[3].params.role']);
    expect(errs[0].message).toContain('edge "d2"');
    expect(errs[0].message).toContain('"d1"');
  });

  test('it carries what its route and probability let through; the rest are discarded', () => {
    const dead = (dlqParams: Record<string, unknown>, readRatio: number) => {
      const d = design({
        rps: 100,
        stopS: 30,
        durationS: 60,
        dlq: true,
        queue: { consumers: 20, visibilityTimeoutS: 1, maxReceives: 1 },
        consumer: { serviceTimeMs: 5, errorRate: 1 },
      }) as {
        nodes: { params: Record<string, unknown> }[];
        edges: { id: string; params: Record<string, unknown> }[];
      };
      d.nodes[0].params.readRatio = readRatio;
      Object.assign(d.edges.find((e) => e.id === 'd')!.params, dlqParams);
      const r = run(d);
      return { dead: queueOf(r).totals.deadLettered, sent: r.summary.nodes.dlq.arrivals };
    };
    // All reads, a dead-letter edge for writes: every message is dead-lettered, none sent.
    const writesOnly = dead({ route: 'write' }, 1);
    expect(writesOnly.dead).toBeGreaterThan(2500);
    expect(writesOnly.sent).toBe(0);
    expect(dead({ route: 'read' }, 1).sent).toBe(writesOnly.dead);
    // Half of them, within 4 standard deviations of the binomial.
    const half = dead({ probability: 0.5 }, 1);
    expect(Math.abs(half.sent - half.dead / 2)).toBeLessThan(4 * Math.sqrt(half.dead / 4));
  });
});

describe('queue: a consumer edge with a timeout shorter than the visibility timeout', () => {
  test('a timed-out delivery is a failed receive: visible again at its visibility timeout, dead-lettered after maxReceives, never stuck', () => {
    // The consumer takes 2 s; the edge gives up at 1 s: the queue stopped waiting, so the
    // consumer's late ok acknowledges nothing (the engine drops it). Each message is tried at
    // 0, 5 and 10 s (visibility timeout 5 s from each delivery), then dead-lettered.
    const maxReceives = 3;
    let arrivals: number[] = [];
    const r = run(
      design({
        rps: 20,
        stopS: 1,
        durationS: 30,
        dlq: true,
        queue: { ackMs: 0, consumers: 100, visibilityTimeoutS: 5, maxReceives },
        consumer: { serviceTimeMs: 2000 },
        consumerEdge: { latencyMs: 0, timeoutMs: 1000 },
      }),
      {},
      (e) => (arrivals = recordArrivals(e, 'w0')),
    );
    const q = queueOf(r).totals;
    const n = q.accepted;
    expect(n).toBeGreaterThan(5);
    expect(q.delivered).toBe(n * maxReceives);
    expect(r.summary.edges.c0.outcomes.timeout).toBe(n * maxReceives);
    expect(arrivals.length).toBe(n * maxReceives);
    for (const from of [0, 5000, 10_000])
      expect(arrivals.filter((t) => t >= from && t < from + 1000).length).toBe(n);
    expect(q.deadLettered).toBe(n);
    expect(r.summary.nodes.dlq.arrivals).toBe(n);
    expect(q.acked).toBe(0);
    expect(queueOf(r).depth).toBe(0);
  });
});
