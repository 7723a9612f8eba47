/**
 * Charts draw outcomes in the canvas's outcome colours: an error is red on the canvas and
 * must not be purple or orange on a chart (it took the next colour in turn).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, type Table } from '../../src/ui/run/chartData';
import { DOT_COLORS, DOT_KINDS, dotColorCss, dotKind } from '../../src/ui/run/traffic';
import { lineColour } from '../../src/ui/run/LineChart';
import { OUTCOMES, type OutcomeName } from '../../src/sim/metrics';

const css = readFileSync(join(__dirname, '../../src/styles/run.css'), 'utf8').replace(
  /\/\*[\s\S]*?\*\//g,
  '',
);

/** The stroke the stylesheet gives a class (the rule whose selectors name `.<cls>`). */
function stroke(cls: string): string | null {
  for (const m of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const selectors = m[1].split(',').map((s) => s.trim());
    const s = /stroke:\s*([^;]+);/.exec(m[2]);
    if (selectors.includes(`.${cls}`) && s) return s[1].trim();
  }
  return null;
}

/** The stroke a line of outcome `tone` is drawn with: the last of its classes that has one. */
const toneStroke = (tone: OutcomeName) =>
  lineColour('line', { name: tone, points: [], tone }, 0)
    .split(' ')
    .map(stroke)
    .filter((x) => x !== null)
    .at(-1);

/** The value `dotColorCss` gives a variable in a theme. */
function variable(name: string, theme: 'light' | 'dark'): string | null {
  const rules = dotColorCss().split('\n');
  const rule = rules.find((r) => r.startsWith(theme === 'dark' ? ":root[data-theme='dark'] {" : ':root {'));
  return rule ? (new RegExp(`${name}: ([^;]+);`).exec(rule)?.[1] ?? null) : null;
}

describe('chart colours', () => {
  it('outcome lines use the canvas dot colours, in both themes, written once', () => {
    // Each outcome's line has the colour of the dot the canvas draws for its answers.
    OUTCOMES.forEach((tone, code) =>
      expect(toneStroke(tone), tone).toBe(`var(--sw-dot-${dotKind(8 + code)})`),
    );
    // Those the canvas folds into another category share its colour.
    expect(toneStroke('unavailable')).toBe('var(--sw-dot-error)');
    expect(toneStroke('circuit-open')).toBe('var(--sw-dot-error)');
    expect(toneStroke('dropped')).toBe('var(--sw-dot-timeout)');
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
