/** Toasts (quiet, transient) and the load-error alert (stays until dismissed). */
import { CircleAlert, X } from 'lucide-react';
import { useMemo } from 'react';
import { useUiStore } from '../state/uiStore';
import { problemLines } from './problemText';

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
  // Named from the refused design's own nodes where it has any; the raw line in the tooltip.
  const lines = useMemo(() => (err ? problemLines(err.problems, err.input) : []), [err]);
  if (!err) return null;
  return (
    <div className="sw-load-error" role="alert">
      <CircleAlert size={18} aria-hidden className="sw-tone-error" />
      <div className="sw-load-error__body">
        <strong>{err.title}</strong>
        <ul>
          {lines.map((l, i) => (
            <li key={i} title={l.path || undefined}>
              {l.text}
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
