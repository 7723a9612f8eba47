/** Fault timeline geometry and drag math (pure; unit-tested). */

export interface Scale {
  /** Plot width in px for [0, durationS]. */
  width: number;
  durationS: number;
}

export const pxToS = (px: number, s: Scale) => (s.width > 0 ? (px / s.width) * s.durationS : 0);
export const sToPx = (t: number, s: Scale) => (s.durationS > 0 ? (t / s.durationS) * s.width : 0);

/** A snapping step that fits the time axis: about 1/120 of it, rounded to 0.1, 0.5, 1, 5, 10 ... */
export function snapStep(durationS: number): number {
  const raw = durationS / 120;
  for (const s of [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 600, 3600]) if (raw <= s) return s;
  return 3600;
}

export const snap = (t: number, step: number) => Math.round(t / step) * step;

/** Moving a bar by dx px: new start, snapped, kept inside [0, duration - length]. */
export function dragStart(atS: number, lengthS: number, dxPx: number, s: Scale): number {
  const step = snapStep(s.durationS);
  const t = snap(atS + pxToS(dxPx, s), step);
  const max = Math.max(0, s.durationS - lengthS);
  return Math.round(Math.min(max, Math.max(0, t)) * 1000) / 1000;
}

/** Dragging a bar's right edge by dx px: new duration, snapped, at least one step, not past the end. */
export function dragDuration(atS: number, durationS: number, dxPx: number, s: Scale): number {
  const step = snapStep(s.durationS);
  const d = snap(durationS + pxToS(dxPx, s), step);
  const max = Math.max(step, s.durationS - atS);
  return Math.round(Math.min(max, Math.max(step, d)) * 1000) / 1000;
}
