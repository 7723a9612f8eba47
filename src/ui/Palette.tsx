/** The palette: every kind in the catalog, grouped and searchable. Click adds, drag places. */
import { Search } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { KIND_GROUPS, KINDS, type KindSpec } from '../model';
import { KIND_MIME } from './canvas/Canvas';
import { addAtCentre } from './canvas/viewport';
import { KindIcon } from './KindIcon';

const ALL = Object.values(KINDS) as KindSpec[];

function words(q: string) {
  return q.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Kinds matching the query by name (label, kind, group); by description only when no name matches. */
export function search(all: readonly KindSpec[], q: string): KindSpec[] {
  const ws = words(q);
  if (!ws.length) return [...all];
  const by = (text: (s: KindSpec) => string) =>
    all.filter((s) => ws.every((w) => text(s).toLowerCase().includes(w)));
  const named = by((s) => `${s.label} ${s.kind} ${s.group}`);
  return named.length ? named : by((s) => s.description);
}

export function Palette() {
  const [q, setQ] = useState('');
  const id = useId();
  const groups = useMemo(() => {
    const found = search(ALL, q);
    const known = new Set<string>(KIND_GROUPS);
    const order = [...KIND_GROUPS, ...new Set(found.map((s) => s.group).filter((g) => !known.has(g)))];
    return order
      .map((g) => ({ group: g, kinds: found.filter((s) => s.group === g) }))
      .filter((g) => g.kinds.length);
  }, [q]);
  return (
    <nav className="sw-palette" aria-label="Components">
      <div className="sw-palette__search">
        <Search size={14} aria-hidden />
        <label htmlFor={id} className="sw-visually-hidden">
          Search components
        </label>
        <input
          id={id}
          className="sw-input"
          type="search"
          placeholder="Search components"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setQ('');
            if (e.key === 'Enter' && groups[0]?.kinds[0]) addAtCentre(groups[0].kinds[0].kind);
          }}
        />
      </div>
      <div className="sw-palette__groups">
        {groups.length === 0 ? (
          <p className="sw-muted sw-palette__none">No component matches “{q}”.</p>
        ) : null}
        {groups.map(({ group, kinds }) => (
          <section key={group} className="sw-palette__group" aria-label={group}>
            <h2 className="sw-palette__heading">{group}</h2>
            <ul>
              {kinds.map((s) => (
                <li key={s.kind}>
                  <button
                    type="button"
                    className="sw-palette__item"
                    draggable
                    title={s.description}
                    onClick={() => addAtCentre(s.kind)}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(KIND_MIME, s.kind);
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                  >
                    <span className="sw-palette__icon">
                      <KindIcon name={s.icon} size={16} />
                    </span>
                    {s.label}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <p className="sw-palette__tip">
        Drag onto the canvas or click to add. Drag from a node’s right handle to another node’s left handle to
        connect.
      </p>
    </nav>
  );
}
