/**
 * A panel splitter: drag it, or focus it and use the arrow keys (Shift for bigger steps,
 * Home and End for the limits); a double click restores the default. It reports and moves
 * from the size as drawn, so what a screen reader says matches the screen.
 */
import { useRef } from 'react';

const STEP = 16,
  BIG_STEP = 64;

export interface SplitterProps {
  /** 'vertical': a bar between side-by-side panels (moves in x); 'horizontal': between stacked ones. */
  orientation: 'vertical' | 'horizontal';
  label: string;
  /** The panel's size as drawn (px) and the range it may take. */
  size: number;
  min: number;
  max: number;
  defaultSize: number;
  /** Which way of the pointer grows the panel: the panel lies before the bar (+1) or after it (-1). */
  grows: 1 | -1;
  onSize: (px: number) => void;
  /** A double click: back to the default. Without it, onSize(defaultSize). */
  onReset?: () => void;
  className?: string;
}

export function Splitter(p: SplitterProps) {
  const setSize = (s: number) => p.onSize(Math.min(p.max, Math.max(p.min, Math.round(s))));
  /** Pointer position and panel size when the drag began. */
  const drag = useRef<{ at: number; size: number } | null>(null);
  const vertical = p.orientation === 'vertical';
  const pos = (e: { clientX: number; clientY: number }) => (vertical ? e.clientX : e.clientY);
  // Keys: the arrow pointing away from the panel grows it.
  const growKey = vertical
    ? p.grows < 0
      ? 'ArrowLeft'
      : 'ArrowRight'
    : p.grows < 0
      ? 'ArrowUp'
      : 'ArrowDown';
  const shrinkKey = vertical
    ? p.grows < 0
      ? 'ArrowRight'
      : 'ArrowLeft'
    : p.grows < 0
      ? 'ArrowDown'
      : 'ArrowUp';
  return (
    <div
      className={`sw-resizer sw-resizer--${p.orientation}${p.className ? ` ${p.className}` : ''}`}
      role="separator"
      aria-orientation={p.orientation}
      aria-label={p.label}
      aria-valuemin={p.min}
      aria-valuemax={p.max}
      aria-valuenow={p.size}
      tabIndex={0}
      title="Drag to resize; double-click for the default size"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { at: pos(e), size: p.size };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (d) setSize(d.size + p.grows * (pos(e) - d.at));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onDoubleClick={() => (p.onReset ? p.onReset() : setSize(p.defaultSize))}
      onKeyDown={(e) => {
        const step = e.shiftKey ? BIG_STEP : STEP;
        if (e.key === growKey) setSize(p.size + step);
        else if (e.key === shrinkKey) setSize(p.size - step);
        else if (e.key === 'Home') setSize(p.min);
        else if (e.key === 'End') setSize(p.max);
        else return;
        e.preventDefault(); // not a nudge of the canvas selection (see shortcuts)
      }}
    />
  );
}
