/** A live fault's default duration lasts a few real seconds at any speed. */
import { describe, expect, it } from 'vitest';
import {
  durationFieldText,
  LIVE_FAULT_REAL_S,
  liveFaultDefaultS,
  liveFaultDefaultText,
} from '../../src/ui/run/chaos';

describe('live fault default duration', () => {
  it('10 s up to 2×; faster, about 5 real seconds on a nice simulated duration', () => {
    expect(liveFaultDefaultS(0.1)).toBe(10);
    expect(liveFaultDefaultS(1)).toBe(10);
    expect(liveFaultDefaultS(2)).toBe(10);
    expect(liveFaultDefaultS(5)).toBe(25);
    expect(liveFaultDefaultS(10)).toBe(50); // 10 s was over in one real second
    expect(liveFaultDefaultS(25)).toBe(200);
    expect(liveFaultDefaultS(100)).toBe(500);
    for (const speed of [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000]) {
      const real = liveFaultDefaultS(speed)! / speed;
      expect(real, `${speed}×`).toBeGreaterThanOrEqual(LIVE_FAULT_REAL_S);
      expect(real, `${speed}×`).toBeLessThan(Math.max(10 / speed, 2.5 * LIVE_FAULT_REAL_S) + 1e-9);
    }
  });

  it('until ended at max speed, and to the end where the run is shorter', () => {
    expect(liveFaultDefaultS('max')).toBeNull();
    expect(liveFaultDefaultS(10, 120)).toBe(50);
    expect(liveFaultDefaultS(10, 40)).toBeNull();
  });

  it('the menu says what the default is in real time', () => {
    expect(liveFaultDefaultText(10, 50)).toBe(
      'By default a fault lasts 50 s: about 5 s of real time at 10×.',
    );
    expect(liveFaultDefaultText(0.5, 10)).toBe(
      'By default a fault lasts 10 s: about 20 s of real time at 0.5×.',
    );
    expect(liveFaultDefaultText(5, 25)).toBe('By default a fault lasts 25 s: about 5 s of real time at 5×.');
    expect(liveFaultDefaultText('max', null)).toMatch(/until ended/);
    expect(liveFaultDefaultText(100, null)).toBe('By default a fault lasts to the end of the run.');
  });
});

describe("a fault row's duration field", () => {
  it('follows the default (and so the speed) until edited, then keeps what was typed', () => {
    // Opened at 5×, then the speed goes to 10×: the field moves with the note below it.
    expect(durationFieldText(null, liveFaultDefaultS(5))).toBe('25');
    expect(durationFieldText(null, liveFaultDefaultS(10))).toBe('50');
    expect(durationFieldText(null, liveFaultDefaultS('max'))).toBe('');
    // Typed, it stays whatever the speed; cleared means until ended and stays cleared.
    expect(durationFieldText('40', liveFaultDefaultS(10))).toBe('40');
    expect(durationFieldText('', liveFaultDefaultS(10))).toBe('');
  });
});
