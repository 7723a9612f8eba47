/**
 * The validation panel lists at most MAX_LISTED issues and says how many more there are: a
 * 100-service full mesh had 5,052 warnings (a call loop each, since grouped by the
 * compiler), whose rows froze the tab for 2.6 s as it opened. Here: 1,000 services no
 * client reaches, an unreachable warning each.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { namedIssues } from '../../src/ui/useIssues';
import { MAX_LISTED, ValidationPanel } from '../../src/ui/ValidationPanel';
import type { Design } from '../../src/model';
import { mesh } from '../fixtures/mesh';

/** A client calling s0, and `n` more services nothing calls. */
function islands(n: number): Design {
  const nodes: Design['nodes'] = [
    { id: 'client', kind: 'client' },
    { id: 's0', kind: 'service' },
  ];
  for (let i = 1; i <= n; i++) nodes.push({ id: `s${i}`, kind: 'service' });
  return { schemaVersion: 1, name: 'Islands', nodes, edges: [{ id: 'c', source: 'client', target: 's0' }] };
}

describe('a design with thousands of warnings', () => {
  it('lists the first MAX_LISTED and counts the rest', () => {
    const issues = namedIssues(islands(1000));
    expect(issues.length).toBeGreaterThanOrEqual(1000);
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
