/**
 * Pure math behind the traffic overlay: edge paths sampled into polylines, positions along
 * them, dot timing and colours. No DOM here (unit-tested in node).
 */
import { OUTCOMES, type OutcomeName } from '../../sim/metrics';

/** A polyline in flow coordinates: x0,y0,x1,y1,... with cumulative lengths. */
export interface Polyline {
  pts: Float32Array;
  cum: Float32Array;
  length: number;
}

/** Farthest (px) a curve strays from the chords it is flattened into: a tenth of a pixel. */
const FLATTEN_TOLERANCE = 0.1;
const PATH_TOKEN = /[MLHVQCZmlhvqcz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/**
 * Flattens SVG path data into a polyline from the geometry alone: sampling the drawn path
 * through the DOM (getPointAtLength, ~0.1 ms a call) froze the page for seconds on a design
 * of 300 edges. Reads M, L, H, V, Q, C and Z, absolute or relative (what getBezierPath and
 * edgePath.ts write); curves are cut by parameter into chords within FLATTEN_TOLERANCE px of
 * them, and pointAt walks the chords by arc length, so no evenly spaced resampling is needed
 * and corners are kept exactly. Null for anything else (arcs, S/T shorthands, junk) or a
 * path of no length: the overlay then draws no dots on that edge.
 */
export function flattenPath(d: string): Polyline | null {
  const tokens = d.match(PATH_TOKEN);
  if (!tokens || tokens.join('').length !== d.replace(/[\s,]/g, '').length) return null;
  const out: number[] = [];
  let i = 0;
  let cmd = '';
  let x = 0;
  let y = 0;
  let x0 = 0;
  let y0 = 0;
  const num = () => (i < tokens.length && !/^[a-zA-Z]$/.test(tokens[i]) ? Number(tokens[i++]) : NaN);
  const push = (px: number, py: number) => {
    out.push(px, py);
    x = px;
    y = py;
  };
  while (i < tokens.length) {
    if (/^[a-zA-Z]$/.test(tokens[i])) cmd = tokens[i++];
    else if (!cmd || cmd === 'Z' || cmd === 'z') return null; // numbers with no command
    const rel = cmd === cmd.toLowerCase();
    const ox = rel ? x : 0;
    const oy = rel ? y : 0;
    if (!out.length && cmd !== 'M' && cmd !== 'm') return null; // must start with a move-to
    switch (cmd.toUpperCase()) {
      case 'M': {
        const px = num() + ox;
        const py = num() + oy;
        if (out.length) return null; // a second subpath: not an edge we draw
        push(px, py);
        x0 = px;
        y0 = py;
        cmd = rel ? 'l' : 'L'; // further pairs are line-tos
        break;
      }
      case 'L':
        push(num() + ox, num() + oy);
        break;
      case 'H':
        push(num() + ox, y);
        break;
      case 'V':
        push(x, num() + oy);
        break;
      case 'Q': {
        const cx = num() + ox;
        const cy = num() + oy;
        const ex = num() + ox;
        const ey = num() + oy;
        const sx = x;
        const sy = y;
        const n = curveSteps(0.25 * Math.hypot(sx - 2 * cx + ex, sy - 2 * cy + ey));
        for (let k = 1; k <= n; k++) {
          const t = k / n;
          const u = 1 - t;
          push(u * u * sx + 2 * u * t * cx + t * t * ex, u * u * sy + 2 * u * t * cy + t * t * ey);
        }
        break;
      }
      case 'C': {
        const c1x = num() + ox;
        const c1y = num() + oy;
        const c2x = num() + ox;
        const c2y = num() + oy;
        const ex = num() + ox;
        const ey = num() + oy;
        const sx = x;
        const sy = y;
        const n = curveSteps(
          0.75 *
            Math.max(
              Math.hypot(sx - 2 * c1x + c2x, sy - 2 * c1y + c2y),
              Math.hypot(c1x - 2 * c2x + ex, c1y - 2 * c2y + ey),
            ),
        );
        for (let k = 1; k <= n; k++) {
          const t = k / n;
          const u = 1 - t;
          const a = u * u * u;
          const b = 3 * u * u * t;
          const c = 3 * u * t * t;
          const e = t * t * t;
          push(a * sx + b * c1x + c * c2x + e * ex, a * sy + b * c1y + c * c2y + e * ey);
        }
        break;
      }
      case 'Z':
        push(x0, y0);
        break;
      default:
        return null;
    }
    if (!out.length || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  }
  if (out.length < 4) return null;
  const p = polyline(Float32Array.from(out));
  return p.length > 0 ? p : null;
}

/**
 * Steps that keep a curve within FLATTEN_TOLERANCE of its chords (Wang's formula), given
 * degree·(degree−1)/8 times its control points' largest second difference.
 */
const curveSteps = (bend: number) =>
  Math.min(1024, Math.max(4, Math.ceil(Math.sqrt(bend / FLATTEN_TOLERANCE))));

export function polyline(pts: Float32Array): Polyline {
  const n = pts.length / 2;
  const cum = new Float32Array(n);
  for (let i = 1; i < n; i++) {
    const dx = pts[i * 2] - pts[i * 2 - 2];
    const dy = pts[i * 2 + 1] - pts[i * 2 - 1];
    cum[i] = cum[i - 1] + Math.sqrt(dx * dx + dy * dy); // not Math.hypot: several times slower in V8
  }
  return { pts, cum, length: n ? cum[n - 1] : 0 };
}

/** The point at fraction `t` (0..1) of the polyline's length, written into `out`. */
export function pointAt(p: Polyline, t: number, out: { x: number; y: number }): void {
  const n = p.pts.length / 2;
  if (n === 0) return;
  const tt = t <= 0 ? 0 : t >= 1 ? 1 : t;
  const target = tt * p.length;
  // Binary search the segment.
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (p.cum[mid] <= target) lo = mid;
    else hi = mid;
  }
  const seg = p.cum[hi] - p.cum[lo];
  const f = seg > 0 ? (target - p.cum[lo]) / seg : 0;
  out.x = p.pts[lo * 2] + (p.pts[hi * 2] - p.pts[lo * 2]) * f;
  out.y = p.pts[lo * 2 + 1] + (p.pts[hi * 2 + 1] - p.pts[lo * 2 + 1]) * f;
}

export const MIN_DOT_MS = 250;
export const MAX_DOT_MS = 2500;

/** Wall-clock time a dot takes: simulated duration / speed, clamped so it stays readable. */
export function wallDuration(simMs: number, speed: number): number {
  const s = speed > 0 && Number.isFinite(speed) ? speed : 1;
  const d = simMs / s;
  return d < MIN_DOT_MS ? MIN_DOT_MS : d > MAX_DOT_MS ? MAX_DOT_MS : d;
}

/** Progress 0..1 of a dot that started at `start` and lasts `dur` (animation ms); <0 not yet, >1 done. */
export function progress(now: number, start: number, dur: number): number {
  return dur > 0 ? (now - start) / dur : 1;
}

/** Dot categories (legend order). */
export const DOT_KINDS = ['request', 'retry', 'ok', 'error', 'timeout', 'throttled', 'rejected'] as const;
export type DotKind = (typeof DOT_KINDS)[number];

/** Dot kind by outcome code (src/sim/metrics.ts OUTCOMES order). */
const OUTCOME_DOT: DotKind[] = [
  'ok',
  'rejected',
  'throttled',
  'timeout',
  'error',
  'error',
  'error',
  'timeout',
];

/** The dot category (and so the colour) of an outcome: unavailable and circuit-open are errors, dropped is lost. */
export function outcomeDotKind(o: OutcomeName): DotKind {
  return OUTCOME_DOT[OUTCOMES.indexOf(o)] ?? 'error';
}

/** Maps a hop kind (0 request, 1 retry, 2 lost, 8+outcome response) to its dot category. */
export function dotKind(kind: number): DotKind {
  if (kind === 0) return 'request';
  if (kind === 1) return 'retry';
  if (kind === 2) return 'timeout';
  if (kind >= 8) return OUTCOME_DOT[kind - 8] ?? 'error';
  return 'request';
}

/** True for responses, which travel from the edge's target back to its source. */
export const isResponse = (kind: number) => kind >= 8;

export const DOT_COLORS: Record<'light' | 'dark', Record<DotKind, string>> = {
  light: {
    request: '#3b5bdb',
    retry: '#9c36b5',
    ok: '#2b8a3e',
    error: '#e03131',
    timeout: '#495057',
    throttled: '#e67700',
    rejected: '#c2255c',
  },
  dark: {
    request: '#8ea4ff',
    retry: '#da77f2',
    ok: '#69db7c',
    error: '#ff6b6b',
    timeout: '#ced4da',
    throttled: '#ffa94d',
    rejected: '#f783ac',
  },
};

/**
 * DOT_COLORS as CSS custom properties (--sw-dot-<kind>, per theme), put on the page once at
 * boot (main.tsx): the traffic legend and the charts' outcome lines (run.css) take their
 * colours from these, so each colour is written here alone.
 */
export function dotColorCss(): string {
  const vars = (theme: 'light' | 'dark') =>
    DOT_KINDS.map((k) => `--sw-dot-${k}: ${DOT_COLORS[theme][k]};`).join(' ');
  return `:root { ${vars('light')} }\n:root[data-theme='dark'] { ${vars('dark')} }\n`;
}

export const DOT_LABELS: Record<DotKind, string> = {
  request: 'Request',
  retry: 'Retry',
  ok: 'OK',
  error: 'Error',
  timeout: 'Timeout / lost',
  throttled: 'Throttled',
  rejected: 'Rejected',
};

export function dotColor(kind: number, theme: 'light' | 'dark'): string {
  return DOT_COLORS[theme][dotKind(kind)];
}

/** Edge stroke width from throughput (calls/s), log scale: 1.5 px idle up to 7 px. */
export function edgeWidth(perS: number): number {
  if (!(perS > 0)) return 1.5;
  return Math.min(7, 1.5 + Math.log10(1 + perS) * 1.4);
}
