/** Small formatting helpers for the live run UI (pure; unit-tested). */
import { compact } from '../../model/catalog';

/** Simulated clock as mm:ss.s, and h:mm:ss.s from an hour on ("337:18.2" read badly). */
export function fmtClock(simMs: number): string {
  const tenths = Math.floor(Math.max(0, simMs) / 100);
  const h = Math.floor(tenths / 36_000);
  const m = Math.floor(tenths / 600) % 60;
  const ss = ((tenths % 600) / 10).toFixed(1).padStart(4, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${String(m).padStart(2, '0')}:${ss}`;
}

/** A live figure in the one compact format (catalog compact(): "2.3k", "3k"); a dash when not a number. */
export function fmtNum(x: number): string {
  return Number.isFinite(x) ? compact(x) : '–';
}

/** A latency with its unit: "4.2 ms", "144 ms", "2.0 s"; a dash when not a number. */
export function fmtLatency(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 999.5) return `${(ms / 1000).toFixed(1)} s`; // not "1000 ms"
  return ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** The Speed menu's choices (kept with the session's own speed rules). */
export { SPEEDS } from '../../worker/api';

export function fmtSpeed(s: number | 'max'): string {
  return s === 'max' ? 'max' : `${s}×`;
}

/**
 * The primary run button's word: Pause while running; Resume while paused part-way through a
 * run it would go on with (Run read as if it started over); Run before, after the end, after
 * Reset, or when an edit means pressing it starts a fresh run.
 */
export function playLabel(s: {
  status: string;
  /** Simulated time has passed in this run (a Step's first load alone leaves the clock at 0). */
  started: boolean;
  needsRestart: boolean;
}): 'Pause' | 'Resume' | 'Run' {
  if (s.status === 'running') return 'Pause';
  return s.status === 'paused' && s.started && !s.needsRestart ? 'Resume' : 'Run';
}
