/**
 * The run summary beside the previous run's, as rendered: the kind's own figures carry the
 * previous value too (retry amplification is what a retry budget is for), and what was
 * changed live in either run is named, since it differs between runs of one design.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../src/model/design';
import { runDesign } from '../../src/sim/run';
import { useRunStore } from '../../src/state/runStore';
import { SummaryTable } from '../../src/ui/run/SummaryTable';

/** Users → API with retries on a timeout the API's slowness overruns; `budget` caps them. */
function design(budget: number | null): Design {
  return {
    schemaVersion: 1,
    name: 'retries',
    nodes: [
      { id: 'users', kind: 'client', params: { rps: 200 } },
      {
        id: 'api',
        kind: 'service',
        params: { instances: 1, concurrency: 4, serviceTimeMs: { dist: 'exponential', mean: 18 } },
      },
    ],
    edges: [
      {
        id: 'e',
        source: 'users',
        target: 'api',
        params: {
          timeoutMs: 50,
          retries: { max: 3, backoff: { baseMs: 10, multiplier: 2, maxMs: 100, jitter: 'full' }, budget },
        },
      },
    ],
    scenario: { durationS: 60, warmupS: 10, seed: 5 },
  };
}

function summaryOf(d: Design) {
  const r = runDesign(d);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.summary;
}

type RunState = ReturnType<typeof useRunStore.getState>;

/** Server-renders the table with `state` in the run store: a server render reads the store's initial state. */
function render(
  summary: RunState['summary'],
  state: Pick<RunState, 'previous' | 'summaryOf' | 'summaryLive'>,
) {
  const initial = useRunStore.getInitialState();
  const was = { previous: initial.previous, summaryOf: initial.summaryOf, summaryLive: initial.summaryLive };
  Object.assign(initial, state);
  try {
    return renderToStaticMarkup(createElement(SummaryTable, { summary: summary! }));
  } finally {
    Object.assign(initial, was);
  }
}

describe('the summary compared with the previous run', () => {
  const before = design(null),
    after = design(0.1);
  const [s1, s2] = [summaryOf(before), summaryOf(after)];

  it("shows a kind figure's previous value beside it: retry amplification with and without a budget", () => {
    const a1 = s1.clients.users.retryAmplification,
      a2 = s2.clients.users.retryAmplification;
    expect(a1).toBeGreaterThan(a2 + 0.2);
    const html = render(s2, {
      previous: { summary: s1, design: before, live: { edits: [], faults: [] } },
      summaryOf: after,
      summaryLive: { edits: [], faults: [] },
    });
    const cell = html.match(/<span data-figure="retry amplification">(.*?)<\/span><\/span>/)?.[1] ?? '';
    expect(cell).toMatch(/^retry amplification [\d.]+×/);
    expect(cell).toMatch(/\(was [\d.]+×\)/);
    expect(html).toContain('Changed since: Client → Service › Retries changed.');
  });

  it('names what was done live in either run, even when the design itself did not change', () => {
    const html = render(s1, {
      previous: {
        summary: s1,
        design: before,
        live: {
          edits: [{ atS: 31, scope: 'node', id: 'users', before: { rps: 200 }, after: { rps: 600 } }],
          faults: [],
        },
      },
      summaryOf: before,
      summaryLive: {
        edits: [],
        faults: [
          {
            id: 1,
            type: 'crash',
            target: 'api',
            startS: 20,
            endS: 25,
            injected: true,
            active: false,
            ended: true,
          },
        ],
      },
    });
    const text = html.match(/<p class="sw-summary__compare">(.*?)<\/p>/)?.[1].replace(/<[^>]+>/g, '') ?? '';
    expect(text).toContain('Nothing in the design changed since.');
    expect(text).toContain('Done live in the previous run: Client › Request rate 200 → 600 at 0:31.');
    expect(text).toContain('Done live in this run: crash on Service at 0:20.');
  });
});
