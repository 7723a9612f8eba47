/** Live faults as the timeline and the fault menu show them: state, bar, names, texts (pure). */
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model';
import {
  canEnd,
  endableFaults,
  fmtAt,
  liveBar,
  liveFaultState,
  liveFaultTexts,
} from '../../src/ui/run/liveFaults';
import { elementName } from '../../src/ui/run/names';
import { FAULT_TYPES, faultLasts } from '../../src/model/faults';
import { faultFor } from '../../src/ui/run/chaos';
import type { ActiveFaultInfo } from '../../src/worker/api';

const fault = (x: Partial<ActiveFaultInfo>): ActiveFaultInfo => ({
  id: 0,
  type: 'crash',
  target: 'db',
  startS: 12,
  endS: null,
  injected: true,
  active: true,
  ended: false,
  ...x,
});

describe('live fault state', () => {
  it('active, ended, not begun yet, or a flush', () => {
    expect(liveFaultState(fault({}))).toBe('active');
    expect(liveFaultState(fault({ active: false, ended: true, endS: 30 }))).toBe('ended');
    expect(liveFaultState(fault({ active: false, ended: false, endS: 52 }))).toBe('pending');
    expect(liveFaultState(fault({ active: false, ended: false }))).toBe('pending');
    expect(liveFaultState(fault({ type: 'cache-flush', active: false }))).toBe('instant');
  });

  it('which faults last is read from the catalog: the timeline, the menu and the live list agree', () => {
    expect(FAULT_TYPES.filter((t) => !faultLasts(t))).toEqual(['cache-flush']);
    expect(faultLasts('no-such-fault')).toBe(false);
    // The menu sends no duration for the flush, and one for everything else.
    const flush = faultFor({ key: 'flush', label: 'Flush', type: 'cache-flush' }, 'c', 30);
    expect(flush.durationS).toBeUndefined();
    expect(faultFor({ key: 'x', label: 'Crash', type: 'crash' }, 's', 30).durationS).toBe(30);
  });
  it('only a live fault in effect or about to start can be ended, and not once the run is over', () => {
    expect(canEnd(fault({}), false)).toBe(true);
    expect(canEnd(fault({ active: false }), false)).toBe(true); // injected while paused
    expect(canEnd(fault({}), true)).toBe(false);
    expect(canEnd(fault({ active: false, ended: true, endS: 30 }), false)).toBe(false);
    expect(canEnd(fault({ injected: false }), false)).toBe(false); // the scenario's own
    expect(canEnd(fault({ type: 'cache-flush', active: false }), false)).toBe(false);
    const list = [
      fault({ id: 0 }),
      fault({ id: 1, active: false, ended: true, endS: 20 }),
      fault({ id: 2, target: 'e3', type: 'partition' }),
      fault({ id: 3, injected: false }),
    ];
    expect(endableFaults(list, 'db', false).map((f) => f.id)).toEqual([0]);
    expect(endableFaults(list, null, false).map((f) => f.id)).toEqual([0, 2]);
    expect(endableFaults(list, null, true)).toEqual([]);
  });
});

describe('live fault bars', () => {
  it('an unbounded fault in effect runs to now, open at the right', () => {
    expect(liveBar(fault({}), 40, 90)).toEqual({
      id: 0,
      state: 'active',
      startS: 12,
      elapsedEndS: 40,
      barEndS: 40,
      open: true,
    });
  });

  it('one with a planned end shows the elapsed part to now and the plan to its end', () => {
    const b = liveBar(fault({ endS: 52 }), 30, 90);
    expect([b.state, b.elapsedEndS, b.barEndS, b.open]).toEqual(['active', 30, 52, false]);
    // The thinned clock can trail or pass the end a little: never past the end.
    expect(liveBar(fault({ endS: 52 }), 52.1, 90).elapsedEndS).toBe(52);
    // A plan past the run's end is cut at the end.
    expect(liveBar(fault({ endS: 200 }), 30, 90).barEndS).toBe(90);
  });

  it('an ended fault ends where it ended, not at now and not at its plan', () => {
    // Ended by the user at 31 s (the engine sets endS to that time).
    const b = liveBar(fault({ active: false, ended: true, endS: 31 }), 60, 90);
    expect([b.state, b.startS, b.elapsedEndS, b.barEndS, b.open]).toEqual(['ended', 12, 31, 31, false]);
    // Ended by its duration: the same.
    expect(liveBar(fault({ active: false, ended: true, endS: 22 }), 80, 90).barEndS).toBe(22);
    // Ended before it began (injected and ended while paused): nothing long.
    expect(liveBar(fault({ active: false, ended: true, endS: 12 }), 12, 90).barEndS).toBe(12);
  });

  it('a fault not begun yet shows its plan with nothing elapsed', () => {
    const b = liveBar(fault({ active: false, endS: 22 }), 12, 90);
    expect([b.state, b.elapsedEndS, b.barEndS]).toEqual(['pending', 12, 22]);
  });
});

describe('live fault names and texts', () => {
  const design: Pick<Design, 'nodes' | 'edges'> = {
    nodes: [
      { id: 'api', kind: 'service', label: 'API' },
      { id: 'db', kind: 'database', label: 'Postgres' },
      { id: 'db2', kind: 'database' },
      { id: 'c1', kind: 'cache', label: 'Cache' },
      { id: 'c2', kind: 'cache' },
    ],
    edges: [
      { id: 'e3', source: 'api', target: 'db' },
      { id: 'e4', source: 'api', target: 'db2', label: 'replica reads' },
    ],
  };

  it('names targets as the canvas does: labels, kind names, ids only to tell twins apart', () => {
    expect(elementName(design, 'db')).toBe('Postgres');
    expect(elementName(design, 'db2')).toBe('Database');
    // Two nodes the canvas shows as "Cache".
    expect(elementName(design, 'c1')).toBe('Cache (c1)');
    expect(elementName(design, 'c2')).toBe('Cache (c2)');
    expect(elementName(design, 'e3')).toBe('API → Postgres');
    expect(elementName(design, 'e4')).toBe('replica reads');
    expect(elementName(design, 'gone')).toBe('gone');
  });

  it('formats simulated times as m:ss', () => {
    expect(fmtAt(0)).toBe('0:00');
    expect(fmtAt(12.34)).toBe('0:12');
    expect(fmtAt(65.9)).toBe('1:05');
    expect(fmtAt(3600)).toBe('60:00');
  });

  it('says whether a fault is in effect or when it ended, and names its End control', () => {
    const active = liveFaultTexts(fault({ startS: 12.34 }), 'Postgres', false);
    expect(active.label).toBe('crash Postgres');
    expect(active.status).toBe('active, until ended');
    expect(active.title).toBe('Injected crash on Postgres at 12.3s, until ended, active now');
    expect(active.endLabel).toBe('End crash on Postgres (started 0:12)');
    expect(active.endItem).toBe('End crash (started 0:12)');

    const planned = liveFaultTexts(fault({ startS: 12, endS: 52 }), 'Postgres', false);
    expect(planned.status).toBe('active, until 0:52');
    expect(planned.title).toMatch(/ at 12s for 40s, active now$/);

    const ended = liveFaultTexts(fault({ active: false, ended: true, endS: 31.26 }), 'Postgres', false);
    expect(ended.status).toBe('ended 0:31');
    expect(ended.title).toBe('Injected crash on Postgres at 12s, ended at 31.3s');
    expect(ended.status).not.toMatch(/active/);

    const pending = liveFaultTexts(fault({ active: false }), 'Postgres', false);
    expect(pending.status).toBe('starts on Run');

    const atEnd = liveFaultTexts(fault({}), 'Postgres', true);
    expect(atEnd.status).toBe('to the end');

    const flush = liveFaultTexts(fault({ type: 'cache-flush', active: false }), 'Cache', false);
    expect(flush.label).toBe('flush cache Cache');
    expect(flush.status).toBe('flushed');
  });
});
