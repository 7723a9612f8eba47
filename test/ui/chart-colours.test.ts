/**
 * Charts draw outcomes in the canvas's outcome colours: an error is red on the canvas and
 * must not be purple or orange on a chart (it took the next colour in turn).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, type Table } from '../../src/ui/run/chartData';
import { DOT_COLORS } from '../../src/ui/run/traffic';

const css = readFileSync(join(__dirname, '../../src/styles/run.css'), 'utf8').replace(
  /\/\*[\s\S]*?\*\//g,
  '',
);

/** The stroke the stylesheet gives `.sw-chart__line--<tone>` in a theme. */
function stroke(tone: string, theme: 'light' | 'dark'): string | null {
  for (const m of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const selectors = m[1].split(',').map((s) => s.trim());
    const wanted =
      theme === 'dark' ? `:root[data-theme='dark'] .sw-chart__line--${tone}` : `.sw-chart__line--${tone}`;
    const s = /stroke:\s*([^;]+);/.exec(m[2]);
    if (selectors.includes(wanted) && s) return s[1].trim();
  }
  return null;
}

describe('chart colours', () => {
  it('outcome lines use the canvas dot colours, in both themes', () => {
    for (const theme of ['light', 'dark'] as const)
      for (const tone of ['ok', 'error', 'timeout', 'throttled', 'rejected'] as const)
        expect(stroke(tone, theme), `${tone} ${theme}`).toBe(DOT_COLORS[theme][tone]);
    // Those the canvas folds into another category share its colour.
    for (const theme of ['light', 'dark'] as const) {
      expect(stroke('unavailable', theme)).toBe(DOT_COLORS[theme].error);
      expect(stroke('circuit-open', theme)).toBe(DOT_COLORS[theme].error);
      expect(stroke('dropped', theme)).toBe(DOT_COLORS[theme].timeout);
    }
  });

  it('error lines carry their outcome, "all errors" the error colour', () => {
    const tb: Table = { t: [1], width: [1], cols: { timeout: [3], error: [2], throttled: [1] } };
    expect(errorLines(tb, ['timeout', 'error', 'throttled']).map((l) => [l.name, l.tone])).toEqual([
      ['all errors', 'error'],
      ['timeout', 'timeout'],
      ['error', 'error'],
      ['throttled', 'throttled'],
    ]);
  });
});
