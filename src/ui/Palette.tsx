/**
 * The palette: every kind in the catalog, grouped and searchable. Click adds, drag places.
 * In a narrow window it starts as a rail of icons (each named by a tooltip), to leave the
 * canvas room; a button at its top opens it out.
 */
import { PanelLeftClose, PanelLeftOpen, Search } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState, type DragEvent } from 'react';
import { KIND_GROUPS, KINDS, type KindSpec } from '../model';
import { PALETTE_WIDTH, useUiStore } from '../state/uiStore';
import { KIND_MIME } from './canvas/Canvas';
import { addAtCentre } from './canvas/viewport';
import { KindIcon } from './KindIcon';
import { useViewportWidth } from './useViewportWidth';

const ALL = Object.values(KINDS) as KindSpec[];

/** Width of the palette as a rail of icons (px). */
export const PALETTE_RAIL_WIDTH = 52;
/**
 * Below this window width the palette starts as a rail: at 1024 px its full 208 px and the
 * properties panel left the canvas under 500 px, and an example opened cropped.
 */
const PALETTE_RAIL_BELOW = 1200;

/** Whether the palette is drawn as a rail: as the user chose, else by the window's width. */
export function isRail(choice: boolean | null, viewportWidth: number): boolean {
  return choice ?? viewportWidth < PALETTE_RAIL_BELOW;
}

export function usePaletteRail(): boolean {
  return isRail(
    useUiStore((s) => s.paletteRail),
    useViewportWidth(),
  );
}

/** The palette's width as drawn (px): the rail's or the full palette's. */
export function usePaletteWidth(): number {
  return usePaletteRail() ? PALETTE_RAIL_WIDTH : PALETTE_WIDTH;
}

function words(q: string) {
  return q.toLowerCase().split(/\s+/).filter(Boolean);
}

/** A kind's names, as the words a query word may start: label, kind, group and aliases. */
const nameWords = (s: KindSpec) =>
  [s.label, s.kind, s.group, ...s.aliases]
    .flatMap((n) => n.toLowerCase().split(/[^a-z0-9]+/))
    .filter(Boolean);

/**
 * Kinds matching the query by name: every query word starts a word of the kind's label,
 * kind, group or aliases ("db" finds Database by its alias, not Load balancer by the "db"
 * inside "loadbalancer"); by description only when no name matches.
 */
export function search(all: readonly KindSpec[], q: string): KindSpec[] {
  const ws = words(q);
  if (!ws.length) return [...all];
  const named = all.filter((s) => {
    const names = nameWords(s);
    const whole = [s.label, ...s.aliases].map((n) => n.toLowerCase());
    // A query word may also run across words of one name ("load bal", "api gate"): then
    // the whole query starts that name.
    return (
      ws.every((w) => names.some((n) => n.startsWith(w))) || whole.some((n) => n.startsWith(ws.join(' ')))
    );
  });
  if (named.length) return named;
  return all.filter((s) => ws.every((w) => s.description.toLowerCase().includes(w)));
}

/** The kinds found, by group in the catalog's order (groups it does not list last). */
function grouped(found: KindSpec[]) {
  const known = new Set<string>(KIND_GROUPS);
  const order = [...KIND_GROUPS, ...new Set(found.map((s) => s.group).filter((g) => !known.has(g)))];
  return order
    .map((g) => ({ group: g, kinds: found.filter((s) => s.group === g) }))
    .filter((g) => g.kinds.length);
}

/** What every palette button does, full or rail: a click adds the kind, a drag carries it to the canvas. */
function kindButton(s: KindSpec) {
  return {
    type: 'button' as const,
    draggable: true,
    onClick: () => addAtCentre(s.kind),
    onDragStart: (e: DragEvent) => {
      e.dataTransfer.setData(KIND_MIME, s.kind);
      e.dataTransfer.effectAllowed = 'move';
    },
  };
}

/** Longest tooltip line (characters) before it gives just the part before its colon. */
const TIP_CHARS = 140;

/** What the rail's tooltip says under the name: the description's first sentence, or its head. */
export function firstSentence(text: string): string {
  const m = /^.*?[.!?](?=\s|$)/.exec(text);
  const first = m ? m[0] : text;
  if (first.length <= TIP_CHARS) return first;
  // "The front door of an API: authenticates each call, ..." (380 characters) reads as its head.
  const colon = first.indexOf(': ');
  if (colon > 0 && colon < TIP_CHARS) return `${first.slice(0, colon)}.`;
  return `${first.slice(0, first.lastIndexOf(' ', TIP_CHARS))}…`;
}

export function Palette() {
  return usePaletteRail() ? <PaletteRail /> : <FullPalette />;
}

function FullPalette() {
  const [q, setQ] = useState('');
  const id = useId();
  const groups = useMemo(() => grouped(search(ALL, q)), [q]);
  // Opened from the rail's search button: the cursor goes to the search box.
  const [autoFocus] = useState(() => useUiStore.getState().paletteSearchOnOpen);
  useEffect(() => {
    if (autoFocus) useUiStore.setState({ paletteSearchOnOpen: false }); // once, not on every mount
  }, [autoFocus]);
  return (
    <nav className="sw-palette" aria-label="Components">
      <div className="sw-palette__top">
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
            autoFocus={autoFocus}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setQ('');
              if (e.key === 'Enter' && groups[0]?.kinds[0]) addAtCentre(groups[0].kinds[0].kind);
            }}
          />
        </div>
        <button
          type="button"
          className="sw-icon-btn"
          aria-label="Collapse the palette to icons"
          aria-expanded
          title="Collapse the palette to icons (more room for the canvas)"
          onClick={() => useUiStore.getState().setPaletteRail(true)}
        >
          <PanelLeftClose size={16} aria-hidden />
        </button>
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
                  <button {...kindButton(s)} className="sw-palette__item" title={s.description}>
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

/** The palette as icons alone; each shows its name beside it on hover or focus. */
function PaletteRail() {
  const groups = useMemo(() => grouped(ALL), []);
  const navRef = useRef<HTMLElement>(null);
  const tipId = useId();
  // One tooltip for the rail, outside the scrolling list (which would clip it), at the button's height.
  const [tip, setTip] = useState<{ kind: string; top: number } | null>(null);
  const show = (kind: string, el: HTMLElement) => {
    const nav = navRef.current;
    if (!nav) return;
    const b = el.getBoundingClientRect();
    setTip({ kind, top: b.top + b.height / 2 - nav.getBoundingClientRect().top });
  };
  const hide = () => setTip(null);
  const open = (search: boolean) => useUiStore.getState().setPaletteRail(false, search);
  const tipSpec = tip ? ALL.find((s) => s.kind === tip.kind) : undefined;
  return (
    <nav className="sw-palette sw-palette--rail" aria-label="Components" ref={navRef}>
      <div className="sw-palette__railhead">
        <button
          type="button"
          className="sw-icon-btn"
          aria-label="Expand the palette"
          aria-expanded={false}
          title="Expand the palette: names and search"
          onClick={() => open(false)}
        >
          <PanelLeftOpen size={16} aria-hidden />
        </button>
        <button
          type="button"
          className="sw-icon-btn"
          aria-label="Search components"
          title="Search components"
          onClick={() => open(true)}
        >
          <Search size={16} aria-hidden />
        </button>
      </div>
      <div className="sw-palette__groups" onScroll={hide}>
        {groups.map(({ group, kinds }) => (
          <section key={group} className="sw-palette__group" aria-label={group}>
            <ul>
              {kinds.map((s) => (
                <li key={s.kind}>
                  <button
                    {...kindButton(s)}
                    onClick={() => {
                      hide(); // off the node it adds
                      addAtCentre(s.kind);
                    }}
                    className="sw-palette__item sw-palette__item--rail"
                    aria-label={s.label}
                    aria-describedby={tip?.kind === s.kind ? tipId : undefined}
                    onPointerEnter={(e) => show(s.kind, e.currentTarget)}
                    onPointerLeave={hide}
                    onFocus={(e) => show(s.kind, e.currentTarget)}
                    onBlur={hide}
                    onDragStartCapture={hide}
                  >
                    <span className="sw-palette__icon">
                      <KindIcon name={s.icon} size={16} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      {tip && tipSpec ? (
        <div className="sw-palette__pop" role="tooltip" id={tipId} style={{ top: tip.top }}>
          <strong>{tipSpec.label}</strong>
          <span>{firstSentence(tipSpec.description)}</span>
          <span className="sw-palette__pop-hint">Click to add, or drag onto the canvas</span>
        </div>
      ) : null}
    </nav>
  );
}
