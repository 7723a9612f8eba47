/**
 * The splitter on the properties panel's left edge. The width is a preference, so it
 * survives a reload. In a narrow window the panel is drawn narrower than the preference
 * (the canvas keeps at least the panel's width): the splitter works from the width as drawn,
 * and every gesture stays within what the window can show, so the preference never moves unseen.
 */
import { defaultInspectorWidth, inspectorRange, shownInspectorWidth, useUiStore } from '../state/uiStore';
import { usePaletteWidth } from './Palette';
import { Splitter } from './Splitter';
import { useViewportWidth } from './useViewportWidth';

export function PanelResizer() {
  const viewport = useViewportWidth();
  const palette = usePaletteWidth();
  const range = inspectorRange(viewport, palette);
  const width = shownInspectorWidth(
    useUiStore((s) => s.inspectorWidth),
    viewport,
    palette,
  );
  const defaultWidth = defaultInspectorWidth(viewport);
  const setWidth = useUiStore((s) => s.setInspectorWidth);
  return (
    <Splitter
      orientation="vertical"
      label="Resize the properties panel"
      size={width}
      min={range.min}
      max={range.max}
      defaultSize={defaultWidth}
      grows={-1} // the panel is on the right: moving the pointer left widens it
      // A width dragged or keyed in is the user's, even where it equals today's default.
      onSize={setWidth}
      // The default (a double click) is no choice: the panel follows the window again.
      onReset={() => setWidth(null)}
    />
  );
}
