/** The live fault menu on a client: its crash is offered as what it does, not as "Crash". */
import { describe, expect, it } from 'vitest';
import { faultTargetsKind } from '../../src/model/faults';
import { faultFor, faultOptionsFor } from '../../src/ui/run/chaos';

describe('fault menu on a client', () => {
  it('offers no Crash, but "Stop its traffic": the crash the catalog allows for a client', () => {
    const client = faultOptionsFor({ kind: 'client' });
    expect(client.map((o) => o.label)).not.toContain('Crash');
    const stop = client.find((o) => o.label === 'Stop its traffic')!;
    expect(stop.type).toBe('crash');
    expect(faultTargetsKind(stop.type, 'client')).toBe(true);
    expect(stop.help).toMatch(/sends no new requests/);
    expect(stop.injected?.('Clients')).toBe('Clients stopped sending.');
    expect(faultFor(stop, 'client', 10)).toEqual({ type: 'crash', target: 'client', durationS: 10 });
  });

  it('keeps Crash on the nodes that serve calls', () => {
    for (const kind of ['service', 'database', 'cache', 'loadbalancer'])
      expect(faultOptionsFor({ kind }).map((o) => o.label)).toContain('Crash');
  });
});
