/** Live validation: the validator's errors and the compiler's warnings; click one to go there. */
import { CircleAlert, CircleCheck, TriangleAlert } from 'lucide-react';
import { useDesignStore } from '../state/designStore';
import type { Issue } from '../state/issues';
import { useUiStore } from '../state/uiStore';
import { focusElement } from './canvas/viewport';
import { issueCountText, type NamedIssue } from './useIssues';

/** Shows the element an issue is about (and the panel that edits it). */
export function goToIssue(issue: Issue) {
  const t = issue.target;
  if (!t) return;
  const ui = useUiStore.getState();
  if (t.type === 'node' || t.type === 'edge') {
    focusElement(t);
    ui.setRightTab('inspector');
  } else if (t.type === 'fault') {
    ui.setRightTab('scenario');
    ui.setFocusFault(t.index);
  } else ui.setRightTab('scenario');
}

/**
 * The most issues listed. A 100-service mesh has 5,052 warnings (a call loop per cycle the
 * compiler finds): their rows took 1.1 s to render and 1.5 s more to lay out, the tab frozen,
 * and no one reads past the first screens. The header still counts them all.
 */
export const MAX_LISTED = 200;

/** The list of `issues` (from useIssues, read once by the bottom panel that holds this). */
export function ValidationPanel({ issues }: { issues: NamedIssue[] }) {
  // Named as the canvas names things; the raw path and message stay in the tooltip.
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  // An empty design is not "valid, 1 warning" while Run is greyed out: say what it needs.
  const empty = useDesignStore((s) => s.design.nodes.length === 0);
  return (
    <section className="sw-validation" aria-label="Validation">
      <header className="sw-validation__head">
        {errors ? (
          <CircleAlert size={14} className="sw-tone-error" aria-hidden />
        ) : warnings ? (
          <TriangleAlert size={14} className="sw-tone-warn" aria-hidden />
        ) : (
          <CircleCheck size={14} className="sw-tone-ok" aria-hidden />
        )}
        <span role="status">
          {errors
            ? issueCountText(issues)
            : empty
              ? 'Nothing to run yet: add a node'
              : warnings
                ? `Valid, ${issueCountText(issues)}`
                : 'Valid: ready to run'}
        </span>
      </header>
      {issues.length ? (
        <ul className="sw-validation__list">
          {issues.slice(0, MAX_LISTED).map((i, k) => (
            <li key={k}>
              <button
                type="button"
                className={`sw-issue sw-issue--${i.severity}`}
                onClick={() => goToIssue(i)}
                disabled={!i.target}
                title={`${i.path}: ${i.message}${i.target ? '\nClick to show it' : ''}`}
              >
                {i.severity === 'error' ? (
                  <CircleAlert size={13} aria-hidden />
                ) : (
                  <TriangleAlert size={13} aria-hidden />
                )}
                <span className="sw-issue__path">{i.text.subject}</span>
                <span className="sw-issue__msg">{i.text.message}</span>
              </button>
            </li>
          ))}
          {issues.length > MAX_LISTED ? (
            <li className="sw-issue sw-issue--more" data-testid="issues-not-listed">
              <span className="sw-issue__msg">
                … and {(issues.length - MAX_LISTED).toLocaleString('en-US')} more (the first {MAX_LISTED} are
                listed)
              </span>
            </li>
          ) : null}
        </ul>
      ) : null}
    </section>
  );
}
