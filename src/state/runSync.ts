/**
 * Glue between the design store and the run store: live parameter edits (debounced), a
 * reset when another design is opened, a notice when a run finishes, the Space shortcut's
 * run/pause hook, and restart.
 * Installed once by the run controls.
 */
import { useDesignStore } from './designStore';
import { useRunStore } from './runStore';
import { useUiStore } from './uiStore';

export const SYNC_DEBOUNCE_MS = 150;

export function toggleRun(): void {
  void useRunStore.getState().toggle(useDesignStore.getState().design);
}

/**
 * Reset, then run the current design (the restart banner's button). With every node deleted
 * there is nothing to run: the run is put away (Reset alone would bring back the old
 * design's run at time 0, its client's charts and all).
 */
export async function restartRun(): Promise<void> {
  const run = useRunStore.getState();
  if (useDesignStore.getState().design.nodes.length === 0) {
    await run.unload();
    return;
  }
  await run.reset();
  await useRunStore.getState().run(useDesignStore.getState().design);
}

export function installRunSync(): () => void {
  let t: ReturnType<typeof setTimeout> | null = null;
  const unsub = useDesignStore.subscribe((s, prev) => {
    if (s.design === prev.design) return;
    if (t) clearTimeout(t);
    if (s.loadSeq !== prev.loadSeq) {
      // Another design altogether (an example, a file, New, a link): the run belonged to the
      // old one. Left going, its figures landed on the new design's nodes of the same ids.
      t = null;
      if (useRunStore.getState().status !== 'idle') void useRunStore.getState().unload();
      return;
    }
    t = setTimeout(() => {
      t = null;
      void useRunStore.getState().syncDesign(useDesignStore.getState().design);
    }, SYNC_DEBOUNCE_MS);
  });
  // The end of a run is easy to miss (the summary sits below the charts): say so.
  const unsubRun = useRunStore.subscribe((s, prev) => {
    if (s.status === 'finished' && prev.status !== 'finished' && prev.status !== 'idle')
      useUiStore
        .getState()
        .toast('The run has finished: its summary is at the bottom of the dashboard.', 'success');
  });
  useUiStore.getState().setRunToggle(toggleRun);
  return () => {
    unsub();
    unsubRun();
    if (t) clearTimeout(t);
    if (useUiStore.getState().runToggle === toggleRun) useUiStore.getState().setRunToggle(null);
  };
}
