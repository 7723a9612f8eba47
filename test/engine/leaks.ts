/** Record leaks after a run, for the property tests over random designs. */
import type { Engine } from '../../src/sim/engine';

/**
 * Tasks and calls held by nobody (a leak that would grow a long run's memory), as
 * messages: every call still held must wait for an answer or a retry, and every task not
 * at a node must be on its way to one (so there can be no more of them than events queued).
 */
export function leakProblems(engine: Engine): string[] {
  const C = engine.calls,
    T = engine.tasks;
  let calls = 0,
    atNodes = 0;
  for (let c = 0; c < C.highWater; c++) if (C.state[c] !== 0) calls++;
  for (let t = 0; t < T.highWater; t++) if (T.linked[t] === 1) atNodes++;
  const out: string[] = [];
  if (calls !== C.live) out.push(`calls held ${C.live}, waiting or backing off ${calls}`);
  if (T.live - atNodes > engine.queue.size)
    out.push(
      `tasks held ${T.live}: ${atNodes} at nodes, more in transit than the ${engine.queue.size} events`,
    );
  return out;
}
