/**
 * The fault timeline names a fault as the fault menu does: a client's crash stops its
 * traffic, so its bar reads "stop Users" (the menu's "Stop its traffic"), not "crash Users";
 * every bar names its target as the canvas does (the label, not the kind or the id).
 */
import { describe, expect, it } from 'vitest';
import { faultOptionsFor, STOP_TRAFFIC } from '../../src/ui/run/chaos';
import { faultLabel, faultPhrase, faultTypeText, liveFaultTexts } from '../../src/ui/run/liveFaults';
import type { ActiveFaultInfo } from '../../src/worker/api';
import { refusingDesign } from '../fixtures/refusing';

/** Users (a client) → Svc (a service); a second client without a label. */
const design = refusingDesign();
design.nodes.push({ id: 'c2', kind: 'client', position: { x: 0, y: 200 }, params: {} });

const injected = (x: Partial<ActiveFaultInfo>): ActiveFaultInfo => ({
  id: 7,
  type: 'crash',
  target: 'users',
  startS: 40,
  endS: 50,
  injected: true,
  active: true,
  ended: false,
  ...x,
});

describe('fault timeline wording', () => {
  it('labels a scheduled crash of a client "stop Users", of a service "crash Svc", by the canvas’s names', () => {
    expect(faultLabel('crash', 'users', design)).toBe('stop Users');
    expect(faultLabel('crash', 'svc', design)).toBe('crash Svc');
    expect(faultLabel('latency', 'svc', design)).toBe('slow down Svc');
    expect(faultLabel('latency', 'users', design)).toBe('slow down Users');
    // A client without a label reads as the canvas draws it: its kind's name.
    expect(faultLabel('crash', 'c2', design)).toBe('stop Client');
    // An edge is no traffic source.
    expect(faultLabel('partition', 'e1', design)).toBe('partition Users → Svc');
  });

  it('labels a crash injected into a client during a run "stop Users", and its End control says so', () => {
    const t = liveFaultTexts(injected({}), 'Users', false, 'client');
    expect(t.label).toBe('stop Users');
    expect(t.title).toBe('Injected traffic stop of Users at 40s for 10s, active now');
    expect(t.endLabel).toBe('End traffic stop of Users (started 0:40)');
    expect(t.endItem).toBe('End traffic stop (started 0:40)');
    expect(faultPhrase('crash', 'Users', 'client')).toBe('traffic stop of Users');
    expect(faultPhrase('crash', 'Svc', 'service')).toBe('crash on Svc');
    expect(liveFaultTexts(injected({ target: 'svc' }), 'Svc', false, 'service').label).toBe('crash Svc');
  });

  it('takes the word from the fault menu’s item, in one place', () => {
    const menuItem = faultOptionsFor({ kind: 'client' }).find((o) => o.type === 'crash');
    expect(menuItem).toBe(STOP_TRAFFIC);
    expect(faultTypeText('crash', 'client')).toBe(STOP_TRAFFIC.verb);
    // Without its target's kind, and on a node that serves calls, a crash is a crash.
    expect(faultTypeText('crash')).toBe('crash');
    expect(faultTypeText('crash', 'service')).toBe('crash');
  });
});
