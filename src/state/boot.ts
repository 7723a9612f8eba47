/**
 * Start-up: what the first screen shows. A share link (`#d=...`) wins, then an example deep
 * link (`?example=id`), then the autosaved design, and on a first visit the default example.
 * A bad link or example shows its error and falls through to the next source, so the
 * autosaved design is never replaced by something broken; a good one opens over it as one
 * undo step and keeps it as the previous design (File › Restore previous design).
 */
import { hashWithoutPayload, payloadFromHash } from './codec';
import { clearHistory, useDesignStore } from './designStore';
import { openExample, openLinkOver, openOver, openShareLink } from './files';
import { useUiStore } from './uiStore';
import { claimTabId, readAutosaveEntry, saveCurrent, startAutosave } from './persistence';

export const FIRST_VISIT_EXAMPLE = 'read-heavy-cache';

function replaceUrl(mut: (u: URL) => void) {
  const u = new URL(window.location.href);
  mut(u);
  window.history.replaceState(window.history.state, '', u.toString());
}

/**
 * A fragment that is not a share link (no `d=`): says so, in the load error alert, and
 * leaves the design as it is.
 */
function refuseHash(hash: string): void {
  const why = hashWithoutPayload(hash);
  if (why === null) return;
  useUiStore.getState().showLoadError({
    title: 'Could not open the share link; your design is unchanged.',
    problems: [{ path: '(link)', message: why }],
  });
  replaceUrl((u) => (u.hash = ''));
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
  if (payload !== null) {
    loaded = await openLinkOver(() => openShareLink(payload, { record }), 'the shared design');
    replaceUrl((u) => (u.hash = ''));
  } else refuseHash(url.hash);
  if (!loaded && example) {
    loaded = await openLinkOver(() => openExample(example, { record, keepError: true }), 'the example');
    replaceUrl((u) => u.searchParams.delete('example'));
  }
  // Through openOver, quietly: the first-visit example is not the user's work, so a design
  // opened over it leaves File › Restore previous design as it was.
  const firstVisit = () => openExample(FIRST_VISIT_EXAMPLE, { record: false, keepError: true });
  if (!loaded && !saved) await openOver(firstVisit, () => '', { quiet: true });
  if (!loaded) clearHistory(); // a link opened over the saved design stays one undo step
  saveCurrent();
  startAutosave();
  window.addEventListener('hashchange', () => {
    const p = payloadFromHash(window.location.hash);
    if (p === null) {
      refuseHash(window.location.hash);
      return;
    }
    replaceUrl((u) => (u.hash = ''));
    void openLinkOver(() => openShareLink(p), 'the shared design');
  });
}
