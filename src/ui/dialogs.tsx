import { Check, Copy } from 'lucide-react';
import { useId } from 'react';
import { useUiStore } from '../state/uiStore';
import { useShareStore } from './actions';
import { Dialog } from './Dialog';
import { SHORTCUTS } from './shortcuts';

const close = () => useUiStore.getState().openDialog(null);

export function ShortcutsDialog() {
  return (
    <Dialog title="Keyboard shortcuts" onClose={close}>
      <table className="sw-shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.what}>
              <td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i ? ' or ' : ''}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}

export function ShareDialog() {
  const { url, copied, problem } = useShareStore();
  const id = useId();
  // A link too long to open, or too large to unpack, is not shown: whoever was sent it would
  // get nothing, and a field of millions of characters only invites copying it by hand.
  if (problem)
    return (
      <Dialog title="This design cannot be shared as a link" onClose={close}>
        <p role="alert" className="sw-tone-error">
          {problem}
        </p>
        <p>
          Nothing was copied. To send this design, use File › Save and send the file; the recipient opens it
          with File › Open.
        </p>
      </Dialog>
    );
  return (
    <Dialog title="Share this design" onClose={close}>
      <p>
        This link carries the whole design (compressed). Anyone who opens it gets a copy; nothing is uploaded.
      </p>
      <div className="sw-share">
        <label htmlFor={id} className="sw-visually-hidden">
          Share link
        </label>
        <input id={id} className="sw-input" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="sw-btn"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(
              () => useShareStore.setState({ copied: true }),
              () => useShareStore.setState({ copied: false }),
            );
          }}
        >
          {copied ? <Check size={14} aria-hidden /> : <Copy size={14} aria-hidden />}{' '}
          {copied ? 'Copied' : 'Copy link'}
        </button>
      </div>
      <p className="sw-muted">{url.length.toLocaleString()} characters.</p>
    </Dialog>
  );
}
