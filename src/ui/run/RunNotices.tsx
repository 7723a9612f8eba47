/**
 * Non-blocking run notices: "the design changed" with Restart, and worker errors. First in
 * the notice column over the canvas (App.tsx), above the toasts.
 */
import { CircleAlert, RefreshCw, RotateCcw } from 'lucide-react';
import { useRunStore } from '../../state/runStore';
import { restartRun } from '../../state/runSync';

export function RunNotices() {
  const needsRestart = useRunStore((s) => s.needsRestart && s.status !== 'idle');
  const error = useRunStore((s) => (s.status === 'error' ? (s.error ?? 'The simulation failed.') : null));
  const loadError = useRunStore((s) => (s.status === 'idle' && s.problems.length ? s.error : null));
  return (
    <div className="sw-run-notices" aria-live="polite">
      {needsRestart && !error ? (
        <div className="sw-run-banner" role="status">
          <RefreshCw size={14} aria-hidden />
          <span>The design changed: Restart to apply</span>
          <button type="button" className="sw-btn sw-btn--small" onClick={() => void restartRun()}>
            Restart
          </button>
        </div>
      ) : null}
      {error ? (
        <div className="sw-run-banner sw-run-banner--error" role="alert">
          <CircleAlert size={14} aria-hidden />
          <span>{error}</span>
          <button
            type="button"
            className="sw-btn sw-btn--small"
            onClick={() => void useRunStore.getState().reset()}
          >
            <RotateCcw size={12} aria-hidden /> Reset the simulation
          </button>
        </div>
      ) : null}
      {loadError ? (
        <div className="sw-run-banner sw-run-banner--error" role="alert">
          <CircleAlert size={14} aria-hidden />
          <span>{loadError}</span>
        </div>
      ) : null}
    </div>
  );
}
