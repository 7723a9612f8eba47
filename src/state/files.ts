/** Opening and saving design files; loading examples and share links. */
import { parseDesignText, validateDesign, type Design, type ValidationResult } from '../model';
import { decodeLink } from './codec';
import { clearHistory, useDesignStore } from './designStore';
import { readPrevious, writePrevious } from './persistence';
import { useRunStore } from './runStore';
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
 * an invalid one leaves everything as it is and shows what is wrong. `input` is the refused
 * design's parsed JSON, if any: the alert names its nodes as the canvas would.
 */
export function applyLoaded(
  r: ValidationResult,
  source: string,
  opts?: { record?: boolean; keepError?: boolean; input?: unknown },
): boolean {
  const ui = useUiStore.getState();
  if (!r.ok) {
    ui.showLoadError({
      title: `Could not open ${source}; your design is unchanged.`,
      problems: r.errors,
      input: opts?.input,
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
  const r = parseDesignText(text);
  return openOver(
    () => applyLoaded(r, JSON.stringify(file.name), { input: r.ok ? undefined : parsedOrUndefined(text) }),
    () => `Opened ${file.name}`,
  );
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Loads a share link's design (the caller says so: see openLinkOver). */
export async function openShareLink(payload: string, opts?: { record?: boolean }): Promise<boolean> {
  const link = await decodeLink(payload);
  if (!link.ok) return applyLoaded(link, 'the share link', opts);
  return applyLoaded(rootAs(validateDesign(link.value), '(link)'), 'the share link', {
    ...opts,
    input: link.value,
  });
}

/**
 * A validation result whose problems with the whole document ("(file)": not a design at
 * all) are named as what it came from: a link or an example, not a "File".
 */
function rootAs(r: ValidationResult, root: '(link)' | '(example)'): ValidationResult {
  return r.ok
    ? r
    : { ok: false, errors: r.errors.map((e) => (e.path === '(file)' ? { ...e, path: root } : e)) };
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

/** An example id in a message: quoted, and cut short (a 5,000-character id made an alert that covered the canvas). */
export const quotedId = (id: string) => JSON.stringify(id.length > 60 ? `${id.slice(0, 60)}…` : id);

export async function fetchExample(id: string): Promise<ValidationResult> {
  const named = quotedId(id);
  const noSuch: ValidationResult = {
    ok: false,
    errors: [{ path: '(example)', message: `no example is called ${named}` }],
  };
  if (!/^[a-z0-9-]{1,80}$/.test(id)) return noSuch;
  let res: Response;
  try {
    res = await fetch(`${base()}examples/${id}.json`);
  } catch {
    return {
      ok: false,
      errors: [{ path: '(example)', message: `could not fetch the example ${named}` }],
    };
  }
  if (!res.ok) return noSuch;
  const text = await res.text();
  // Most static hosts (Vite's preview among them) answer a missing file with the app's own
  // page and a 200: that is a name with no example, not a broken one.
  if (/^\s*</.test(text) || (res.headers.get('content-type') ?? '').includes('text/html')) return noSuch;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      errors: [{ path: '(example)', message: `the example ${named} is not valid JSON` }],
    };
  }
  return rootAs(validateDesign(value), '(example)');
}

/**
 * The speed an example runs at unless the user picked one: the examples script their story
 * (a fault, a flush) 30 to 60 simulated seconds in, which at 1× kept a newcomer waiting a
 * minute for the point of the lesson; at 5× it comes 6 to 12 s after Run, and the dots are
 * still easy to follow.
 */
export const EXAMPLE_SPEED = 5;

export async function openExample(
  id: string,
  opts?: { record?: boolean; keepError?: boolean },
): Promise<boolean> {
  const ok = applyLoaded(await fetchExample(id), `the example ${quotedId(id)}`, opts);
  if (ok) void useRunStore.getState().suggestSpeed(EXAMPLE_SPEED);
  return ok;
}

/** A design's name for messages. */
const nameOf = (d: Design) => `“${d.name?.trim() || 'Untitled design'}”`;

/**
 * Opens a design (`open` loads it and says whether it did) over the current one: the one way
 * every command that replaces the design (a link, an example, a file, File › New) does it.
 * When that replaces a design with content, the replaced one is kept as the previous design
 * (File › Restore previous design, which outlives a reload and is seen by other tabs) and the
 * load is an undo step; the toast says so. `opened` words the toast's first sentence from the
 * design now open; `quiet` leaves the toast out when nothing had to be kept.
 */
export async function openOver(
  open: () => boolean | Promise<boolean>,
  opened: (after: Design) => string,
  opts?: { quiet?: boolean },
): Promise<boolean> {
  const { design: before, openedAsIs } = useDesignStore.getState();
  // Replacing a design opened a moment ago and not changed since keeps nothing (openedAsIs).
  const beforeUntouched = before === openedAsIs;
  const ok = await open();
  if (!ok) return false;
  const after = useDesignStore.getState().design;
  const ui = useUiStore.getState();
  const keep =
    before.nodes.length > 0 && !beforeUntouched && JSON.stringify(before) !== JSON.stringify(after);
  useDesignStore.getState().markOpened(after);
  if (!keep) {
    if (!opts?.quiet) ui.toast(opened(after), 'success');
  } else if (writePrevious(before))
    ui.toast(
      `${opened(after)}. Your design ${nameOf(before)} is one Undo away, and under File › Restore previous design.`,
      'success',
    );
  else
    ui.toast(
      `${opened(after)}. Your design ${nameOf(before)} is one Undo away, but browser storage is full or blocked: save it to a file to keep it past a reload.`,
      'info',
    );
  return true;
}

/** Opens a link's design (a share link or an example link) over the current one. */
export function openLinkOver(open: () => Promise<boolean>, what: string): Promise<boolean> {
  return openOver(open, (after) => `Opened ${what} ${nameOf(after)}`);
}

/** The examples gallery: opens an example over the current design. */
export function openExampleOver(id: string): Promise<boolean> {
  return openLinkOver(() => openExample(id), 'the example');
}

/** File › New: an empty design over the current one. */
export function newDesignOver(): Promise<boolean> {
  return openOver(
    () => {
      useDesignStore.getState().newDesign();
      return true;
    },
    () => 'Started a new design',
    { quiet: true },
  );
}

/** Swaps the current design with the previous one (one undo step): neither is lost. */
export function restorePrevious(): boolean {
  const prev = readPrevious();
  if (!prev) return false;
  const current = useDesignStore.getState().design;
  useDesignStore.getState().load(prev);
  writePrevious(current);
  useUiStore
    .getState()
    .toast(`Restored ${nameOf(prev)}; ${nameOf(current)} is now the previous design`, 'success');
  return true;
}

export { clearHistory };
