/** Live validation: the validator's errors and the compiler's warnings; click one to go there. */
import { CircleAlert, CircleCheck, TriangleAlert } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { useDesignStore } from '../state/designStore';
import { issuesOf, type Issue } from '../state/issues';
import { useUiStore } from '../state/uiStore';
import { focusElement } from './canvas/viewport';
import { problemNamer, type ProblemText } from './problemText';

function go(issue: Issue) {
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
 * The design, updated once it has stopped changing for `ms` (a drag neither re-renders this
 * panel nor re-validates on every frame).
 */
function useSettledDesign(ms: number) {
  const [design, setDesign] = useState(() => useDesignStore.getState().design);
  useEffect(() => {
    let t: ReturnType<typeof setTimeout> | null = null;
    const unsub = useDesignStore.subscribe((s, prev) => {
      if (s.design === prev.design) return;
      if (t) clearTimeout(t);
      t = setTimeout(() => setDesign(useDesignStore.getState().design), ms);
    });
    return () => {
      unsub();
      if (t) clearTimeout(t);
    };
  }, [ms]);
  return design;
}

export function ValidationPanel() {
  const design = useSettledDesign(150);
  // Named as the canvas names things; the raw path and message stay in the tooltip.
  const issues = useMemo(() => {
    const word = problemNamer(design);
    return issuesOf(design).map((i): Issue & { text: ProblemText } => ({ ...i, text: word(i) }));
  }, [design]);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
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
            ? `${errors} error${errors > 1 ? 's' : ''}${warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}`
            : warnings
              ? `Valid, ${warnings} warning${warnings > 1 ? 's' : ''}`
              : 'Valid: ready to run'}
        </span>
      </header>
      {issues.length ? (
        <ul className="sw-validation__list">
          {issues.map((i, k) => (
            <li key={k}>
              <button
                type="button"
                className={`sw-issue sw-issue--${i.severity}`}
                onClick={() => go(i)}
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
        </ul>
      ) : null}
    </section>
  );
}
