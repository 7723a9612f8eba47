import { ChevronDown } from 'lucide-react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  label: string;
  icon?: ReactNode;
  hint?: string;
  onSelect: () => void;
}

/**
 * A small menu button: the items are role="menuitem" buttons; Escape or a click outside
 * closes it. `items` may be a function, called as the menu opens (for items that depend on
 * state no component subscribes to, such as what localStorage holds).
 */
export function Menu({
  label,
  icon,
  items,
}: {
  label: string;
  icon?: ReactNode;
  items: MenuItem[] | (() => MenuItem[]);
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      // Back to the button that opened it, as a dialog does: left on the removed item, the
      // focus fell to the page body and a keyboard or screen-reader user lost their place.
      ref.current?.querySelector<HTMLButtonElement>('[aria-haspopup="menu"]')?.focus();
    };
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="sw-menu" ref={ref}>
      <button
        type="button"
        className="sw-btn sw-btn--ghost"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        title={label}
      >
        {icon}
        <span className="sw-btn__label">{label}</span>
        <ChevronDown size={12} aria-hidden />
      </button>
      {open ? (
        <div
          id={id}
          role="menu"
          aria-label={label}
          className="sw-menu__list"
          onKeyDown={(e) => {
            if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
            e.preventDefault();
            const els = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
            const i = els.indexOf(document.activeElement as HTMLButtonElement);
            els[(i + (e.key === 'ArrowDown' ? 1 : els.length - 1)) % els.length]?.focus();
          }}
        >
          {(typeof items === 'function' ? items() : items).map((it) => (
            <button
              key={it.label}
              type="button"
              role="menuitem"
              className="sw-menu__item"
              onClick={() => {
                setOpen(false);
                it.onSelect();
              }}
            >
              {it.icon}
              <span>{it.label}</span>
              {it.hint ? <kbd className="sw-menu__hint">{it.hint}</kbd> : null}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
