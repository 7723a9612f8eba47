/** Opening and saving design files; loading examples and share links. */
import { parseDesignText, validateDesign, type Design, type ValidationResult } from '../model';
import { decodeDesign, formatProblems } from './codec';
import { clearHistory, useDesignStore } from './designStore';
import { useUiStore } from './uiStore';

export function designFileName(design: Design): string {
  const base = (design.name ?? 'design')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'design'}.spillway.json`;
}

export function designJson(design: Design): string {
  return JSON.stringify(design, null, 2) + '\n';
}

export function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveDesignFile() {
  const { design } = useDesignStore.getState();
  download(designFileName(design), new Blob([designJson(design)], { type: 'application/json' }));
  useUiStore.getState().toast('Design saved to a file', 'success');
}

/**
 * Applies a validation result: a valid design replaces the current one (one undo step);
 * an invalid one leaves everything as it is and shows what is wrong.
 */
export function applyLoaded(
  r: ValidationResult,
  source: string,
  opts?: { record?: boolean; keepError?: boolean },
): boolean {
  const ui = useUiStore.getState();
  if (!r.ok) {
    ui.showLoadError({
      title: `Could not open ${source}; your design is unchanged.`,
      lines: formatProblems(r.errors),
    });
    return false;
  }
  useDesignStore.getState().load(r.design, opts);
  if (!opts?.keepError) ui.showLoadError(null);
  return true;
}

export async function openFile(file: File): Promise<boolean> {
  let text: string;
  try {
    text = await file.text();
  } catch {
    return applyLoaded(
      { ok: false, errors: [{ path: '(file)', message: 'could not be read' }] },
      JSON.stringify(file.name),
    );
  }
  const ok = applyLoaded(parseDesignText(text), JSON.stringify(file.name));
  if (ok) useUiStore.getState().toast(`Opened ${file.name}`, 'success');
  return ok;
}

export async function openShareLink(payload: string, opts?: { record?: boolean }): Promise<boolean> {
  const ok = applyLoaded(await decodeDesign(payload), 'the share link', opts);
  if (ok) useUiStore.getState().toast('Opened the shared design', 'success');
  return ok;
}

export interface ExampleInfo {
  id: string;
  name: string;
  description: string;
}

const base = () => (typeof import.meta.env !== 'undefined' ? import.meta.env.BASE_URL : '/');

export async function fetchExampleIndex(): Promise<ExampleInfo[]> {
  const res = await fetch(`${base()}examples/index.json`);
  if (!res.ok) throw new Error(`examples index: HTTP ${res.status}`);
  return (await res.json()) as ExampleInfo[];
}

export async function fetchExample(id: string): Promise<ValidationResult> {
  if (!/^[a-z0-9-]{1,80}$/.test(id))
    return {
      ok: false,
      errors: [{ path: '(example)', message: `no example is called ${JSON.stringify(id)}` }],
    };
  let res: Response;
  try {
    res = await fetch(`${base()}examples/${id}.json`);
  } catch {
    return {
      ok: false,
      errors: [{ path: '(example)', message: `could not fetch the example ${JSON.stringify(id)}` }],
    };
  }
  if (!res.ok)
    return {
      ok: false,
      errors: [{ path: '(example)', message: `no example is called ${JSON.stringify(id)}` }],
    };
  const text = await res.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      errors: [{ path: '(example)', message: `the example ${JSON.stringify(id)} is not valid JSON` }],
    };
  }
  return validateDesign(value);
}

export async function openExample(
  id: string,
  opts?: { record?: boolean; keepError?: boolean },
): Promise<boolean> {
  return applyLoaded(await fetchExample(id), `the example ${JSON.stringify(id)}`, opts);
}

export { clearHistory };
