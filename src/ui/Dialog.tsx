import { X } from 'lucide-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';

/** A modal dialog (native <dialog>): Escape and the close button call onClose. */
export function Dialog({
  title,
  onClose,
  children,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    // No close() on cleanup: its queued close event would shut the dialog again after a
    // StrictMode remount; removing the element from the page closes it anyway.
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`sw-dialog${wide ? ' sw-dialog--wide' : ''}`}
      aria-labelledby={id}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="sw-dialog__inner">
        <header className="sw-dialog__head">
          <h2 id={id}>{title}</h2>
          <button type="button" className="sw-icon-btn" aria-label="Close" onClick={onClose}>
            <X size={16} aria-hidden />
          </button>
        </header>
        <div className="sw-dialog__body">{children}</div>
      </div>
    </dialog>
  );
}
