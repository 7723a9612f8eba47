/**
 * Glue between the design store and the run store: live parameter edits (debounced), the
 * Space shortcut's run/pause hook, and restart. Installed once by the run controls.
 */
import { useDesignStore } from './designStore';
import { useRunStore } from './runStore';
import { useUiStore } from './uiStore';

export const SYNC_DEBOUNCE_MS = 150;

export function toggleRun(): void {
  void useRunStore.getState().toggle(useDesignStore.getState().design);
}

/** Reset, then run the current design (the restart banner's button). */
export async function restartRun(): Promise<void> {
  const run = useRunStore.getState();
  await run.reset();
  await useRunStore.getState().run(useDesignStore.getState().design);
}

export function installRunSync(): () => void {
  let t: ReturnType<typeof setTimeout> | null = null;
  const unsub = useDesignStore.subscribe((s, prev) => {
    if (s.design === prev.design) return;
    if (t) clearTimeout(t);
    t = setTimeout(() => {
      t = null;
      void useRunStore.getState().syncDesign(useDesignStore.getState().design);
    }, SYNC_DEBOUNCE_MS);
  });
  useUiStore.getState().setRunToggle(toggleRun);
  return () => {
    unsub();
    if (t) clearTimeout(t);
    if (useUiStore.getState().runToggle === toggleRun) useUiStore.getState().setRunToggle(null);
  };
}
