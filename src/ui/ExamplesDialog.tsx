/** The examples gallery (loaded on demand): public/examples/index.json. */
import { useEffect, useState } from 'react';
import { fetchExampleIndex, openExampleOver, type ExampleInfo } from '../state/files';
import { useUiStore } from '../state/uiStore';
import { Dialog } from './Dialog';

const close = () => useUiStore.getState().openDialog(null);

export default function ExamplesDialog() {
  const [list, setList] = useState<ExampleInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetchExampleIndex().then(
      (l) => live && setList(l),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <Dialog title="Examples" onClose={close} wide>
      {error ? <p className="sw-tone-error">Could not load the examples: {error}</p> : null}
      {!list && !error ? <p className="sw-muted">Loading…</p> : null}
      {list ? (
        <ul className="sw-gallery">
          {list.map((x) => (
            <li key={x.id}>
              <button
                type="button"
                className="sw-gallery__item"
                onClick={async () => {
                  if (await openExampleOver(x.id)) close();
                }}
              >
                <span className="sw-gallery__name">{x.name}</span>
                <span className="sw-gallery__desc" title={x.description}>
                  {x.description}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="sw-muted">
        Opening an example replaces the canvas; Undo or File › Restore previous design brings your design
        back.
      </p>
    </Dialog>
  );
}
