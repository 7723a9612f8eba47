/**
 * A yardstick, not part of the engine: scenario (a) of the benchmark (M/M/1, λ 80/s,
 * μ 100/s, 2,000,000 requests, a 10 s timeout on the edge) written as one flat loop that
 * keeps the engine's bookkeeping and its own building blocks: the EventQueue, seeded
 * Rng streams with ziggurat draws, pooled task and call records with generations, the
 * edge's FIFO timeout ring, NodeStats (answers, exact per-bucket percentiles, batch
 * histograms, time-weighted gauges) and a per-second roll.
 *
 * What it leaves out is the engine's generality: node behaviours behind a common
 * interface, edge policies, faults, tracing, the dependency walk. The gap between the
 * two is the price of that structure (calls across a dozen small methods per request),
 * which is what the engine's speed target is up against.
 *
 *   npx tsx bench/flat-mm1.ts [requests]
 */
import { fileURLToPath } from 'node:url';
import { EventQueue } from '../src/sim/events';
import { Gauge, NodeStats, OK } from '../src/sim/metrics';
import { Rng } from '../src/sim/random';
import { CallTable, TaskTable } from '../src/sim/tables';

const ARRIVAL = 1,
  WORK_DONE = 2,
  RESPONSE = 3,
  TIMEOUT = 4,
  BUCKET = 5;
const WAITING = 1;
const TIMEOUT_MS = 10_000;

export function flatMm1(requests: number): { answers: number; events: number; wallMs: number } {
  const t0 = performance.now();
  const endMs = (requests / 80) * 1000;
  const q = new EventQueue(4096);
  const users = new Rng(1, 'node:users'),
    server = new Rng(1, 'node:server');
  const T = new TaskTable(),
    C = new CallTable();
  const client = new NodeStats(),
    svc = new NodeStats();
  client.inWindow = svc.inWindow = true;
  const edgeInflight = new Gauge();
  let edgeCount = 0;
  // The edge's timeout ring (deadlines arrive in FIFO order), as in EdgeRuntime.
  const RING = 1 << 15;
  const toDeadline = new Float64Array(RING),
    toCall = new Int32Array(RING),
    toGen = new Uint32Array(RING);
  let toHead = 0,
    toLen = 0,
    toArmed = Infinity;
  // One server with one thread and a FIFO queue, as in Station.
  let busy = 0;
  const queue = new Int32Array(1 << 16);
  let qHead = 0,
    qLen = 0;
  let now = 0,
    events = 0,
    answered = 0;

  const startWork = (t: number) => q.push(now + 10 * server.stdExp(), WORK_DONE, t, T.gen[t], 0);
  const armTimeout = () => {
    while (toLen > 0) {
      const c = toCall[toHead];
      if (C.gen[c] === toGen[toHead] && C.state[c] === WAITING) break;
      toHead = (toHead + 1) & (RING - 1);
      toLen--;
    }
    toArmed = toLen > 0 ? toDeadline[toHead] : Infinity;
    if (toLen > 0) q.push(toArmed, TIMEOUT, 0, 0, 0);
  };

  q.push(12.5 * users.stdExp(), ARRIVAL, 0, 0, 0);
  q.push(1000, BUCKET, 0, 0, 0);
  while (q.popUntil(endMs)) {
    now = q.t;
    events++;
    switch (q.kind) {
      case ARRIVAL: {
        // The client's logical request, and its call to the server.
        const key = users.int(1000);
        const ct = T.alloc();
        T.arrive[ct] = now;
        T.key[ct] = key;
        T.linked[ct] = 1;
        client.arrivals++;
        client.inflight.add(now, 1);
        const c = C.alloc();
        C.task[c] = ct;
        C.taskGen[c] = T.gen[ct];
        C.attempt[c] = 1;
        C.state[c] = WAITING;
        C.counted[c] = 1;
        edgeInflight.set(now, ++edgeCount);
        const j = (toHead + toLen++) & (RING - 1);
        toDeadline[j] = now + TIMEOUT_MS;
        toCall[j] = c;
        toGen[j] = C.gen[c];
        if (toArmed > now + TIMEOUT_MS) armTimeout();
        // Zero network latency: the server's task arrives now.
        const st = T.alloc();
        T.call[st] = c;
        T.callGen[st] = C.gen[c];
        T.arrive[st] = now;
        T.key[st] = key;
        T.linked[st] = 1;
        svc.arrivals++;
        svc.inflight.add(now, 1);
        if (busy === 0) {
          svc.busy.set(now, ++busy);
          startWork(st);
        } else {
          queue[(qHead + qLen++) & 0xffff] = st;
          svc.queue.set(now, qLen);
        }
        q.push(now + 12.5 * users.stdExp(), ARRIVAL, 0, 0, 0);
        break;
      }
      case WORK_DONE: {
        const st = q.a;
        if (T.gen[st] !== q.b) break;
        if (qLen > 0) {
          const next = queue[qHead];
          qHead = (qHead + 1) & 0xffff;
          svc.queue.set(now, --qLen);
          startWork(next);
        } else svc.busy.set(now, --busy);
        svc.answer(OK, now - T.arrive[st]);
        svc.inflight.add(now, -1);
        T.linked[st] = 0;
        const c = T.call[st];
        if (C.gen[c] === T.callGen[st] && C.state[c] === WAITING) q.push(now, RESPONSE, c, C.gen[c], OK);
        T.release(st);
        break;
      }
      case RESPONSE: {
        const c = q.a;
        if (C.gen[c] !== q.b || C.state[c] !== WAITING) break;
        if (C.counted[c]) {
          edgeInflight.set(now, --edgeCount);
          C.counted[c] = 0;
        }
        const ct = C.task[c],
          tg = C.taskGen[c];
        C.state[c] = 0;
        C.release(c);
        if (T.gen[ct] !== tg) break;
        client.answer(q.c, now - T.arrive[ct]);
        client.inflight.add(now, -1);
        T.linked[ct] = 0;
        T.release(ct);
        answered++;
        break;
      }
      case TIMEOUT:
        toArmed = Infinity;
        armTimeout();
        break;
      case BUCKET:
        client.roll(now, now - 1000);
        svc.roll(now, now - 1000);
        edgeInflight.roll(now, true);
        q.push(now + 1000, BUCKET, 0, 0, 0);
        break;
    }
  }
  return { answers: answered, events, wallMs: performance.now() - t0 };
}

// Run only as a script (`npx tsx bench/flat-mm1.ts`), not when bench/run.ts imports it.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const requests = Number(process.argv[2] ?? 2_000_000);
  const r = flatMm1(requests);
  process.stdout.write(
    `flat M/M/1 yardstick: ${requests.toLocaleString('en-US')} requests, ${r.events.toLocaleString('en-US')} events, ` +
      `${(r.wallMs / 1000).toFixed(2)} s wall, ${Math.round(r.answers / (r.wallMs / 1000)).toLocaleString('en-US')} req/s\n`,
  );
}
