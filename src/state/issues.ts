/**
 * The validation panel's list: validator errors and, for a valid design, the compiler's
 * warnings. Each issue points at the element its path names.
 */
import { validateDesign, type Design, type Problem } from '../model';
import { compile } from '../sim/compile';

export interface Issue extends Problem {
  severity: 'error' | 'warning';
  /** The element the path names, if any. */
  target:
    { type: 'node' | 'edge'; id: string } | { type: 'fault'; index: number } | { type: 'scenario' } | null;
}

export function targetOf(design: Design, path: string): Issue['target'] {
  let m = /^nodes\[(\d+)\]/.exec(path);
  if (m) {
    const n = design.nodes[Number(m[1])];
    return n ? { type: 'node', id: n.id } : null;
  }
  m = /^edges\[(\d+)\]/.exec(path);
  if (m) {
    const e = design.edges[Number(m[1])];
    return e ? { type: 'edge', id: e.id } : null;
  }
  m = /^scenario\.faults\[(\d+)\]/.exec(path);
  if (m) return { type: 'fault', index: Number(m[1]) };
  if (path.startsWith('scenario')) return { type: 'scenario' };
  return null;
}

export function issuesOf(design: Design): Issue[] {
  const r = validateDesign(design);
  if (!r.ok)
    return r.errors.map((p) => ({ ...p, severity: 'error' as const, target: targetOf(design, p.path) }));
  let warnings: Problem[];
  try {
    warnings = compile(r.resolved).warnings;
  } catch (e) {
    warnings = [{ path: '(design)', message: `the compiler failed: ${(e as Error).message}` }];
  }
  return warnings.map((p) => ({ ...p, severity: 'warning' as const, target: targetOf(design, p.path) }));
}
