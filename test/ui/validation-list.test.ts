/**
 * The validation panel lists at most MAX_LISTED issues and says how many more there are: a
 * 100-service full mesh has 5,052 warnings, whose rows froze the tab for 2.6 s as it opened.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { namedIssues } from '../../src/ui/useIssues';
import { MAX_LISTED, ValidationPanel } from '../../src/ui/ValidationPanel';
import { mesh } from '../fixtures/mesh';

describe('a design with thousands of warnings', () => {
  it('lists the first MAX_LISTED and counts the rest', () => {
    const issues = namedIssues(mesh(100));
    expect(issues.length).toBeGreaterThan(5000);
    const html = renderToStaticMarkup(createElement(ValidationPanel, { issues }));
    expect(html.match(/<li/g)).toHaveLength(MAX_LISTED + 1);
    const text = html.replace(/<[^>]+>/g, '');
    expect(text).toContain(
      `… and ${(issues.length - MAX_LISTED).toLocaleString('en-US')} more (the first 200 are listed)`,
    );
  });

  it('lists every issue of a design with fewer', () => {
    const issues = namedIssues(mesh(3));
    const html = renderToStaticMarkup(createElement(ValidationPanel, { issues }));
    expect(html.match(/<li/g)).toHaveLength(issues.length);
    expect(html).not.toContain('more (the first');
  });
});
