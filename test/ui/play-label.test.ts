/** The primary run button's word: Run, Pause, or Resume when a paused run would go on. */
import { describe, expect, it } from 'vitest';
import { playLabel } from '../../src/ui/run/format';

describe('run button label', () => {
  it('reads Resume only while a run is paused part-way and would go on', () => {
    expect(playLabel({ status: 'paused', started: true, needsRestart: false })).toBe('Resume');
    expect(playLabel({ status: 'running', started: true, needsRestart: false })).toBe('Pause');
  });

  it('reads Run before a run, after its end, after Reset, and when Run would start afresh', () => {
    expect(playLabel({ status: 'idle', started: false, needsRestart: false })).toBe('Run');
    expect(playLabel({ status: 'finished', started: true, needsRestart: false })).toBe('Run');
    // Loaded (a Step's first load) but nothing simulated yet.
    expect(playLabel({ status: 'paused', started: false, needsRestart: false })).toBe('Run');
    // Paused, but the structure changed: Run starts the edited design from 0.
    expect(playLabel({ status: 'paused', started: true, needsRestart: true })).toBe('Run');
    expect(playLabel({ status: 'error', started: true, needsRestart: false })).toBe('Run');
  });
});
