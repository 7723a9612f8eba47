/**
 * The splitter on the properties panel's left edge. The width is a preference, so it
 * survives a reload. In a narrow window the panel is drawn narrower than the preference
 * (the canvas keeps at least the panel's width): the splitter works from the width as drawn,
 * and every gesture stays within what the window can show, so the preference never moves unseen.
 */
import { INSPECTOR_WIDTH, inspectorRange, shownInspectorWidth, useUiStore } from '../state/uiStore';
import { Splitter } from './Splitter';
import { useViewportWidth } from './useViewportWidth';

export function PanelResizer() {
  const viewport = useViewportWidth();
  const range = inspectorRange(viewport);
  const width = shownInspectorWidth(
    useUiStore((s) => s.inspectorWidth),
    viewport,
  );
  const setWidth = useUiStore((s) => s.setInspectorWidth);
  return (
    <Splitter
      orientation="vertical"
      label="Resize the properties panel"
      size={width}
      min={range.min}
      max={range.max}
      defaultSize={INSPECTOR_WIDTH.default}
      grows={-1} // the panel is on the right: moving the pointer left widens it
      onSize={setWidth}
    />
  );
}
