/**
 * Clamping text to a width with an ellipsis, as the canvas does with CSS
 * (`text-overflow: ellipsis`), for the exported image, where SVG text never clips itself:
 * an 80-character label ran out of its node and over its neighbours.
 */

/** Width in px of a string as drawn. */
export type Measure = (text: string) => number;

export const ELLIPSIS = '…';

/** User-perceived characters: an emoji, a flag or a letter with its accents is never cut apart. */
function graphemes(text: string): string[] {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    return Array.from(seg.segment(text), (s) => s.segment);
  }
  return Array.from(text);
}

/**
 * `text` when it fits in `maxWidth`, else its longest start that fits with an ellipsis after it
 * (trailing spaces dropped), else just the ellipsis, or nothing where even that does not fit.
 */
export function fitText(text: string, maxWidth: number, measure: Measure): string {
  if (measure(text) <= maxWidth) return text;
  const chars = graphemes(text);
  const withEllipsis = (k: number) => chars.slice(0, k).join('').trimEnd() + ELLIPSIS;
  // Widths grow with the number of characters kept: binary search for the most that fit.
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(withEllipsis(mid)) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  if (lo > 0) return withEllipsis(lo);
  return measure(ELLIPSIS) <= maxWidth ? ELLIPSIS : '';
}

/** The export's font stack (the canvas's, in src/styles/app.css). */
export const FONT_FAMILY = `Inter, 'Segoe UI', system-ui, -apple-system, Roboto, Helvetica, Arial, sans-serif`;

/**
 * Width of a character in ems, estimated for the sans-serif fonts of that stack, on the wide
 * side (DejaVu Sans, Linux's usual fallback, is wider than Inter or Arial): an estimate that
 * errs narrow lets a label run past its box.
 */
function charEm(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(ch)) return 0; // combining marks, joiners
  if (/\p{Extended_Pictographic}/u.test(ch)) return 1.25;
  if (
    (c >= 0x1100 && c <= 0x115f) || // Hangul Jamo
    (c >= 0x2e80 && c <= 0xa4cf) || // CJK radicals ... Yi
    (c >= 0xac00 && c <= 0xd7a3) || // Hangul syllables
    (c >= 0xf900 && c <= 0xfaff) || // CJK compatibility ideographs
    (c >= 0xfe30 && c <= 0xfe4f) || // CJK compatibility forms
    (c >= 0xff00 && c <= 0xff60) || // fullwidth forms
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3fffd) // CJK extensions
  )
    return 1;
  if (" il.,:;'|!`".includes(ch)) return 0.32;
  if ('fjrtI()[]{}/\\-"'.includes(ch)) return 0.42;
  if ('mwMW@%'.includes(ch)) return 0.95;
  if (/[A-Z]/.test(ch)) return 0.72;
  if (/[0-9]/.test(ch)) return 0.64;
  if (/[a-z]/.test(ch)) return 0.6;
  return 0.68; // other scripts and symbols: about an uppercase Latin letter
}

/** A measure from the estimate: `fontSize` px, bold about 8% wider. */
export function estimateMeasure(fontSize: number, bold = false): Measure {
  const k = fontSize * (bold ? 1.08 : 1);
  return (text) => {
    let em = 0;
    // A cluster (an emoji sequence, a letter with accents) is as wide as its first character.
    for (const ch of graphemes(text)) em += charEm(Array.from(ch)[0]);
    return em * k;
  };
}

/**
 * A measure with the browser's own text metrics for the export's font (what the PNG is drawn
 * with, as it rasterises the SVG with the same fonts); the estimate where there is no 2D
 * canvas.
 */
export function textMeasure(fontSize: number, weight: 400 | 600 = 400): Measure {
  const ctx = typeof document !== 'undefined' ? document.createElement('canvas').getContext('2d') : null;
  if (!ctx) return estimateMeasure(fontSize, weight >= 600);
  ctx.font = `${weight} ${fontSize}px ${FONT_FAMILY}`;
  return (text) => ctx.measureText(text).width;
}
