/**
 * The splitter on the properties panel's left edge: drag it, or focus it and use the
 * arrow keys (Shift for bigger steps); a double click restores the default width. The
 * width is a preference, so it survives a reload. In a narrow window the panel is drawn
 * narrower than the preference (the canvas keeps at least the panel's width): the splitter reports
 * and moves from the width as drawn, so what a screen reader says matches the screen.
 */
import { useRef } from 'react';
import { INSPECTOR_WIDTH, inspectorRange, shownInspectorWidth, useUiStore } from '../state/uiStore';
import { useViewportWidth } from './useViewportWidth';

const STEP = 16,
  BIG_STEP = 64;

export function PanelResizer() {
  const viewport = useViewportWidth();
  const range = inspectorRange(viewport);
  const width = shownInspectorWidth(
    useUiStore((s) => s.inspectorWidth),
    viewport,
  );
  const store = useUiStore((s) => s.setInspectorWidth);
  // Every gesture stays within what the window can show, so the preference never moves unseen.
  const setWidth = (w: number) => store(Math.min(range.max, Math.max(range.min, w)));
  /** Pointer x and panel width when the drag began. */
  const drag = useRef<{ x: number; width: number } | null>(null);
  return (
    <div
      className="sw-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the properties panel"
      aria-valuemin={range.min}
      aria-valuemax={range.max}
      aria-valuenow={width}
      tabIndex={0}
      title="Drag to resize; double-click for the default width"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, width };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        // The panel is on the right: moving the pointer left widens it.
        if (d) setWidth(d.width + d.x - e.clientX);
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onDoubleClick={() => setWidth(INSPECTOR_WIDTH.default)}
      onKeyDown={(e) => {
        const step = e.shiftKey ? BIG_STEP : STEP;
        if (e.key === 'ArrowLeft') setWidth(width + step);
        else if (e.key === 'ArrowRight') setWidth(width - step);
        else if (e.key === 'Home') setWidth(range.min);
        else if (e.key === 'End') setWidth(range.max);
        else return;
        e.preventDefault(); // not a nudge of the canvas selection (see shortcuts)
      }}
    />
  );
}
