/**
 * Charts draw outcomes in the canvas's outcome colours: an error is red on the canvas and
 * must not be purple or orange on a chart (it took the next colour in turn).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, type Table } from '../../src/ui/run/chartData';
import { DOT_COLORS, DOT_KINDS, dotColorCss } from '../../src/ui/run/traffic';

const css = readFileSync(join(__dirname, '../../src/styles/run.css'), 'utf8').replace(
  /\/\*[\s\S]*?\*\//g,
  '',
);

/** The stroke the stylesheet gives `.sw-chart__line--<tone>`, and the rules naming it for the dark theme. */
function stroke(tone: string): string | null {
  for (const m of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const selectors = m[1].split(',').map((s) => s.trim());
    const s = /stroke:\s*([^;]+);/.exec(m[2]);
    if (selectors.includes(`.sw-chart__line--${tone}`) && s) return s[1].trim();
  }
  return null;
}

/** The value `dotColorCss` gives a variable in a theme. */
function variable(name: string, theme: 'light' | 'dark'): string | null {
  const rules = dotColorCss().split('\n');
  const rule = rules.find((r) => r.startsWith(theme === 'dark' ? ":root[data-theme='dark'] {" : ':root {'));
  return rule ? (new RegExp(`${name}: ([^;]+);`).exec(rule)?.[1] ?? null) : null;
}

describe('chart colours', () => {
  it('outcome lines use the canvas dot colours, in both themes, written once', () => {
    for (const tone of ['ok', 'error', 'timeout', 'throttled', 'rejected'] as const)
      expect(stroke(tone), tone).toBe(`var(--sw-dot-${tone})`);
    // Those the canvas folds into another category share its colour.
    expect(stroke('unavailable')).toBe('var(--sw-dot-error)');
    expect(stroke('circuit-open')).toBe('var(--sw-dot-error)');
    expect(stroke('dropped')).toBe('var(--sw-dot-timeout)');
    // The variables are DOT_COLORS, per theme.
    for (const theme of ['light', 'dark'] as const)
      for (const kind of DOT_KINDS) expect(variable(`--sw-dot-${kind}`, theme)).toBe(DOT_COLORS[theme][kind]);
    // And the stylesheet has no colour of its own for an outcome, in either theme.
    for (const theme of ['light', 'dark'] as const)
      for (const colour of Object.values(DOT_COLORS[theme]))
        for (const m of css.matchAll(/([^{}]+)\{([^}]*)\}/g))
          if (/sw-dot--|sw-chart__(line|swatch)--[a-z]/.test(m[1])) expect(m[2]).not.toContain(colour);
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
