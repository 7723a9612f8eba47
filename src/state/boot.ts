/**
 * Start-up: what the first screen shows. A share link (`#d=...`) wins, then an example deep
 * link (`?example=id`), then the autosaved design, and on a first visit the default example.
 * A bad link or example shows its error and falls through to the next source, so the
 * autosaved design is never replaced by something broken.
 */
import { payloadFromHash } from './codec';
import { clearHistory, useDesignStore } from './designStore';
import { openExample, openShareLink } from './files';
import { readAutosave, startAutosave, writeAutosave } from './persistence';

export const FIRST_VISIT_EXAMPLE = 'read-heavy-cache';

function replaceUrl(mut: (u: URL) => void) {
  const u = new URL(window.location.href);
  mut(u);
  window.history.replaceState(window.history.state, '', u.toString());
}

let booted = false;

export async function boot(): Promise<void> {
  if (booted) return;
  booted = true;
  const url = new URL(window.location.href);
  const payload = payloadFromHash(url.hash);
  const example = url.searchParams.get('example');
  let loaded = false;
  if (payload !== null) {
    loaded = await openShareLink(payload, { record: false });
    replaceUrl((u) => (u.hash = ''));
  }
  if (!loaded && example) {
    loaded = await openExample(example, { record: false, keepError: true });
    replaceUrl((u) => u.searchParams.delete('example'));
  }
  if (!loaded) {
    const saved = readAutosave();
    if (saved) {
      useDesignStore.getState().load(saved, { record: false });
      loaded = true;
    }
  }
  if (!loaded) await openExample(FIRST_VISIT_EXAMPLE, { record: false, keepError: true });
  clearHistory();
  writeAutosave(useDesignStore.getState().design);
  startAutosave();
  window.addEventListener('hashchange', () => {
    const p = payloadFromHash(window.location.hash);
    if (p === null) return;
    replaceUrl((u) => (u.hash = ''));
    void openShareLink(p);
  });
}
