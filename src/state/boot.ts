/**
 * Start-up: what the first screen shows. A share link (`#d=...`) wins, then an example deep
 * link (`?example=id`), then the autosaved design, and on a first visit the default example.
 * A bad link or example shows its error and falls through to the next source, so the
 * autosaved design is never replaced by something broken; a good one opens over it as one
 * undo step and keeps it as the previous design (File › Restore previous design).
 */
import { hashWithoutPayload, payloadFromHash, speedFromHash } from './codec';
import { clearHistory, useDesignStore } from './designStore';
import { openExample, openLinkOver, openOver, openShareLink, quotedId } from './files';
import { useRunStore } from './runStore';
import { useUiStore } from './uiStore';
import { claimTabId, readAutosaveEntry, saveCurrent, startAutosave } from './persistence';

/** A share link's speed (`&s=`), taken unless the user picked one in this tab (suggestSpeed). */
function suggestLinkSpeed(hash: string): void {
  const speed = speedFromHash(hash);
  if (speed !== null) void useRunStore.getState().suggestSpeed(speed);
}

export const FIRST_VISIT_EXAMPLE = 'read-heavy-cache';

function replaceUrl(mut: (u: URL) => void) {
  const u = new URL(window.location.href);
  mut(u);
  window.history.replaceState(window.history.state, '', u.toString());
}

/**
 * A fragment that is not a share link (no `d=`): says so, in the load error alert, and
 * leaves the design as it is. Whether it refused one.
 */
function refuseHash(hash: string): boolean {
  const why = hashWithoutPayload(hash);
  if (why === null) return false;
  useUiStore.getState().showLoadError({
    title: 'Could not open the share link; your design is unchanged.',
    problems: [{ path: '(link)', message: why }],
  });
  replaceUrl((u) => (u.hash = ''));
  return true;
}

/**
 * A link could not be opened (`failed` says which) and its error, kept up, said "your design
 * is unchanged"; then the next source (the example link, the first-visit example) opened
 * after all: the alert now says what opened instead.
 */
function openedInstead(failed: string | null) {
  const ui = useUiStore.getState();
  if (failed === null || ui.loadError === null) return;
  const name = useDesignStore.getState().design.name?.trim() || 'Untitled design';
  ui.showLoadError({
    ...ui.loadError,
    title: `Could not open ${failed}; opened the example “${name}” instead.`,
  });
}

let booted = false;

export async function boot(): Promise<void> {
  if (booted) return;
  booted = true;
  const url = new URL(window.location.href);
  const payload = payloadFromHash(url.hash);
  const example = url.searchParams.get('example');
  // The autosaved design first: a link then opens over it as one undo step (and keeps it as
  // the previous design), instead of replacing it for good.
  claimTabId(); // a duplicated tab moves to an id of its own before its first edit is saved
  const saved = readAutosaveEntry();
  if (saved) {
    useDesignStore.getState().load(saved.design, { record: false });
    // A design opened as-is before the reload still is: a link opened over it now must not
    // push the user's own design (the previous one) out of File › Restore previous design.
    if (saved.openedAsIs) useDesignStore.getState().markOpened(useDesignStore.getState().design);
  }
  let loaded = false;
  const record = saved !== null;
  // What could not be opened, its error up (it says the design is unchanged).
  let failed: string | null = null;
  if (payload !== null) {
    loaded = await openLinkOver(() => openShareLink(payload, { record }), 'the shared design');
    if (!loaded) failed = 'the share link';
    else suggestLinkSpeed(url.hash);
    replaceUrl((u) => (u.hash = ''));
  } else if (refuseHash(url.hash)) failed = 'the share link';
  if (!loaded && example) {
    loaded = await openLinkOver(() => openExample(example, { record, keepError: true }), 'the example');
    if (loaded) openedInstead(failed);
    else failed = `the example ${quotedId(example)}`;
    replaceUrl((u) => u.searchParams.delete('example'));
  }
  // Through openOver, quietly: the first-visit example is not the user's work, so a design
  // opened over it leaves File › Restore previous design as it was.
  const firstVisit = () => openExample(FIRST_VISIT_EXAMPLE, { record: false, keepError: true });
  if (!loaded && !saved && (await openOver(firstVisit, () => '', { quiet: true }))) openedInstead(failed);
  if (!loaded) clearHistory(); // a link opened over the saved design stays one undo step
  saveCurrent();
  startAutosave();
  window.addEventListener('hashchange', () => {
    const p = payloadFromHash(window.location.hash);
    if (p === null) {
      refuseHash(window.location.hash);
      return;
    }
    const hash = window.location.hash;
    replaceUrl((u) => (u.hash = ''));
    void openLinkOver(() => openShareLink(p), 'the shared design').then((ok) => {
      if (ok) suggestLinkSpeed(hash);
    });
  });
}
