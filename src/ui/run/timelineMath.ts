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

/**
 * A bar moved from the keyboard by one snapping step: ArrowLeft/Right move its start,
 * with Shift they change its length (an open-ended fault gets one, to the run's end). The
 * same limits as a drag. Null for any other key.
 */
export function keyNudge(
  atS: number,
  durationS: number | null,
  key: string,
  shift: boolean,
  runS: number,
): { atS: number; durationS: number | null } | null {
  const dir = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
  if (dir === 0) return null;
  // The drag's own limits, on a scale of one px per second: a step is `step` px.
  const scale: Scale = { width: runS, durationS: runS };
  const step = dir * snapStep(runS);
  const length = durationS ?? Math.max(0, runS - atS);
  return shift
    ? { atS, durationS: dragDuration(atS, length, step, scale) }
    : { atS: dragStart(atS, durationS ?? 0, step, scale), durationS };
}

/** Nice tick steps: 1, 2, 5 × 10^k seconds up to 50 s, 1, 2, 5, 10, 20, 30 minutes, then 1, 2, 5 × 10^k hours. */
function* tickSteps() {
  for (const s of [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 60, 120, 300, 600, 1200, 1800]) yield s;
  for (let h = 3600; ; h *= 10) for (const m of [1, 2, 5]) yield m * h;
}

/** About how wide a character of the 11 px tick labels is (px): "10 min" measures 38. */
export const TICK_CHAR_PX = 6.6;
/** The least room between two tick labels (px). */
export const TICK_GAP_PX = 8;

export interface Tick {
  t: number;
  label: string;
}

/**
 * Where a tick's label lies on the axis (px): centred on its tick, moved left as far as it
 * takes to end by the axis's end (centred, the last label hung past the track and was cut).
 */
export function tickLabelSpan(k: Tick, durationS: number, widthPx: number): [number, number] {
  const x = durationS > 0 ? (k.t / durationS) * widthPx : 0;
  const w = k.label.length * TICK_CHAR_PX;
  const left = Math.min(x - w / 2, widthPx - w);
  return [left, left + w];
}

function ticksOf(durationS: number, step: number): Tick[] {
  const unit = step >= 1800 ? 3600 : step >= 60 ? 60 : 1;
  const suffix = unit === 3600 ? ' h' : unit === 60 ? ' min' : 's';
  const ticks: Tick[] = [];
  const n = Math.floor(durationS / step + 1e-9);
  for (let i = 0; i <= n; i++) {
    // i × step, not repeated additions: 0.1 + 0.2 is not 0.3.
    const t = Math.round(i * step * 1000) / 1000;
    ticks.push({ t, label: `${+(t / unit).toFixed(3)}${suffix}` });
  }
  return ticks;
}

/** No two labels closer than TICK_GAP_PX. */
function labelsFit(ticks: Tick[], durationS: number, widthPx: number): boolean {
  for (let i = 1; i < ticks.length; i++)
    if (
      tickLabelSpan(ticks[i], durationS, widthPx)[0] - tickLabelSpan(ticks[i - 1], durationS, widthPx)[1] <
      TICK_GAP_PX
    )
      return false;
  return true;
}

/**
 * Time axis ticks for a run of `durationS` over `widthPx`: the finest nice step with at most
 * 10 ticks, ticks at least about `minGapPx` apart (so 6–10 ticks on a timeline of usual
 * width), and labels that do not touch at their 11 px size. Steps fixed by duration showed
 * only 0, 60 and 120 s for a 150 s run.
 */
export function timeTicks(
  durationS: number,
  widthPx: number,
  minGapPx = 56,
): { step: number; ticks: Tick[] } {
  if (!(durationS > 0)) return { step: 1, ticks: [{ t: 0, label: '0s' }] };
  const maxTicks = Math.max(2, Math.min(10, Math.floor(widthPx / minGapPx) + 1));
  for (const step of tickSteps()) {
    if (Math.floor(durationS / step + 1e-9) + 1 > maxTicks) continue;
    const ticks = ticksOf(durationS, step);
    // A step past the whole run leaves the 0 tick alone, which always fits.
    if (ticks.length === 1 || labelsFit(ticks, durationS, widthPx)) return { step, ticks };
  }
  throw new Error('unreachable: tickSteps is endless');
}
