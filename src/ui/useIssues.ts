/**
 * The design's validation issues, worded as the canvas names things: the bottom panel reads
 * them once for its tab, its run notice and the validation panel (computed once per design:
 * the compiler's warnings cost a compile).
 */
import { useEffect, useState } from 'react';
import type { Design } from '../model';
import { useDesignStore } from '../state/designStore';
import { issuesOf, type Issue } from '../state/issues';
import { problemNamer, type ProblemText } from './problemText';

export type NamedIssue = Issue & { text: ProblemText };

const cache = new WeakMap<Design, NamedIssue[]>();

export function namedIssues(design: Design): NamedIssue[] {
  let list = cache.get(design);
  if (!list) {
    const word = problemNamer(design);
    list = issuesOf(design).map((i): NamedIssue => ({ ...i, text: word(i) }));
    cache.set(design, list);
  }
  return list;
}

/** "2 errors, 1 warning", "Valid, 3 warnings", or null when there is nothing to say. */
export function issueCountText(issues: readonly Issue[]): string | null {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  const n = (k: number, w: string) => `${k} ${w}${k > 1 ? 's' : ''}`;
  if (errors) return `${n(errors, 'error')}${warnings ? `, ${n(warnings, 'warning')}` : ''}`;
  return warnings ? n(warnings, 'warning') : null;
}

/**
 * The design, updated once it has stopped changing for `ms` (a drag neither re-renders the
 * panels nor re-validates on every frame).
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

/** The settled design's issues (namedIssues keeps them per design: no memo needed here). */
export function useIssues(): NamedIssue[] {
  return namedIssues(useSettledDesign(150));
}
