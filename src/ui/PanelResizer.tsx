/**
 * The splitter on the properties panel's left edge: drag it, or focus it and use the
 * arrow keys (Shift for bigger steps); a double click restores the default width. The
 * width is a preference, so it survives a reload.
 */
import { useRef } from 'react';
import { INSPECTOR_WIDTH, useUiStore } from '../state/uiStore';

const STEP = 16,
  BIG_STEP = 64;

export function PanelResizer() {
  const width = useUiStore((s) => s.inspectorWidth);
  const setWidth = useUiStore((s) => s.setInspectorWidth);
  /** Pointer x and panel width when the drag began. */
  const drag = useRef<{ x: number; width: number } | null>(null);
  return (
    <div
      className="sw-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the properties panel"
      aria-valuemin={INSPECTOR_WIDTH.min}
      aria-valuemax={INSPECTOR_WIDTH.max}
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
        else if (e.key === 'Home') setWidth(INSPECTOR_WIDTH.min);
        else if (e.key === 'End') setWidth(INSPECTOR_WIDTH.max);
        else return;
        e.preventDefault(); // not a nudge of the canvas selection (see shortcuts)
      }}
    />
  );
}
