/**
 * A design whose work piles up without bound (a huge queue fed faster than it drains) must
 * stop with a message naming the node, not grow until the tab or the process runs out of
 * memory. MAX_HELD bounds each pooled table; these runs reach it within seconds.
 */
import { describe, expect, it } from 'vitest';
import { OverloadError } from '../../src/sim/engine';
import { prepare } from '../../src/sim/run';
import { MAX_HELD } from '../../src/sim/tables';
import { pileUp } from '../fixtures/pileUp';

function stopReason(design: unknown): { error: unknown; engine: ReturnType<typeof engineOf> } {
  const engine = engineOf(design);
  try {
    engine.runToEnd();
  } catch (error) {
    return { error, engine };
  }
  return { error: null, engine };
}

function engineOf(design: unknown) {
  const p = prepare(design);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.engine;
}

describe('work that piles up past what a run can hold', () => {
  it('a service queue of millions stops the run, naming the service (not the client waiting on it)', () => {
    const { error, engine } = stopReason(pileUp('service'));
    expect(error).toBeInstanceOf(OverloadError);
    const msg = (error as Error).message;
    expect(msg).toMatch(
      /^at 2\.\d s the design held more than 4,194,304 requests at once \([\d,]+ of them at "api"\)/,
    );
    expect(msg).toMatch(/smaller capacity/);
    expect(engine.tasks.capacity).toBeLessThanOrEqual(MAX_HELD);
  });

  it('a queue of capacity 1e8 fed a million messages a second stops at MAX_HELD stored messages', () => {
    const { error } = stopReason(pileUp('queue'));
    expect(error).toBeInstanceOf(OverloadError);
    expect((error as Error).message).toMatch(
      /^at 4\.\d s the design held more than 4,194,304 stored messages at once \(4,194,304 of them at "orders"\)/,
    );
  }, 30_000);

  it('a heavily loaded design that drains keeps running', () => {
    // 100k requests a second for 3 s piling up behind one 10 ms thread: about 300,000
    // waiting at the end, large but far below the bound, so the run ends normally.
    const design = pileUp('service');
    design.nodes[0].params = { rps: 100_000, profile: { type: 'constant' } } as never;
    design.scenario.durationS = 3;
    const { error, engine } = stopReason(design);
    expect(error).toBeNull();
    expect(engine.finished).toBe(true);
  });
});
