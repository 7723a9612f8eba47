/** Toasts (quiet, transient) and the load-error alert (stays until dismissed). */
import { CircleAlert, X } from 'lucide-react';
import { useUiStore } from '../state/uiStore';

export function Toasts() {
  const toasts = useUiStore((s) => s.toasts);
  return (
    <div className="sw-toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`sw-toast sw-toast--${t.tone}`}>
          <span>{t.message}</span>
          <button
            type="button"
            className="sw-icon-btn"
            aria-label="Dismiss"
            onClick={() => useUiStore.getState().dismissToast(t.id)}
          >
            <X size={12} aria-hidden />
          </button>
        </div>
      ))}
    </div>
  );
}

export function LoadErrorAlert() {
  const err = useUiStore((s) => s.loadError);
  if (!err) return null;
  return (
    <div className="sw-load-error" role="alert">
      <CircleAlert size={18} aria-hidden className="sw-tone-error" />
      <div className="sw-load-error__body">
        <strong>{err.title}</strong>
        <ul>
          {err.lines.map((l, i) => (
            <li key={i}>
              <code>{l}</code>
            </li>
          ))}
        </ul>
      </div>
      <button
        type="button"
        className="sw-btn sw-btn--small"
        onClick={() => useUiStore.getState().showLoadError(null)}
      >
        Dismiss
      </button>
    </div>
  );
}
