/** The app shell: top bar, palette (left), canvas (centre), inspector (right), validation (bottom). */
import { ReactFlowProvider } from '@xyflow/react';
import { lazy, Suspense, useEffect, useSyncExternalStore, type CSSProperties } from 'react';
import { boot } from './state/boot';
import { useDesignStore } from './state/designStore';
import { shownInspectorWidth, useUiStore } from './state/uiStore';
import { Canvas } from './ui/canvas/Canvas';
import { ShareDialog, ShortcutsDialog } from './ui/dialogs';
import { Inspector } from './ui/inspector/Inspector';
import { ScenarioPanel } from './ui/inspector/ScenarioPanel';
import { LoadErrorAlert } from './ui/Notices';
import { Palette, usePaletteWidth } from './ui/Palette';
import { PanelResizer } from './ui/PanelResizer';
import { TabList } from './ui/TabList';
import { installLayoutOnOpen } from './ui/actions';
import { installShortcuts } from './ui/shortcuts';
import { TopBar } from './ui/TopBar';
import { useViewportWidth } from './ui/useViewportWidth';
import { BottomPanel } from './ui/run/BottomPanel';
import { FaultMenu } from './ui/run/FaultMenu';
import { RunNotices } from './ui/run/RunNotices';
import { fitView } from './ui/canvas/viewport';

const ExamplesDialog = lazy(() => import('./ui/ExamplesDialog'));

const darkQuery = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
const subscribeDark = (cb: () => void) => {
  darkQuery?.addEventListener('change', cb);
  return () => darkQuery?.removeEventListener('change', cb);
};
const prefersDark = () => darkQuery?.matches ?? false;

function useResolvedTheme(): 'light' | 'dark' {
  const pref = useUiStore((s) => s.theme);
  const systemDark = useSyncExternalStore(subscribeDark, prefersDark, () => false);
  return pref === 'system' ? (systemDark ? 'dark' : 'light') : pref;
}

const RIGHT_TABS = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'scenario', label: 'Scenario' },
] as const;

function RightPanel() {
  const tab = useUiStore((s) => s.rightTab);
  const setTab = useUiStore((s) => s.setRightTab);
  return (
    <aside className="sw-right" aria-label="Properties">
      <PanelResizer />
      <TabList label="Panels" panelId="panel-right" tabs={RIGHT_TABS} current={tab} onSelect={setTab} />
      <div className="sw-right__body" role="tabpanel" id="panel-right" aria-labelledby={`tab-${tab}`}>
        {tab === 'inspector' ? <Inspector /> : <ScenarioPanel />}
      </div>
    </aside>
  );
}

export function App() {
  const theme = useResolvedTheme();
  const dialog = useUiStore((s) => s.dialog);
  const panelsHidden = useUiStore((s) => s.panelsHidden);
  // A narrow window draws the palette as a rail of icons (the canvas needs the room).
  const paletteWidth = usePaletteWidth();
  // Drawn at the stored width fitted to the window beside the palette as shown (the
  // splitter reports the same number).
  const inspectorWidth = shownInspectorWidth(
    useUiStore((s) => s.inspectorWidth),
    useViewportWidth(),
    paletteWidth,
  );
  // The canvas got wider or narrower: fit the design to it.
  useEffect(() => {
    const t = setTimeout(fitView, 60);
    return () => clearTimeout(t);
  }, [panelsHidden, paletteWidth]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  useEffect(() => {
    // Before boot: the first design may be one without positions.
    const offLayout = installLayoutOnOpen();
    void boot();
    const off = installShortcuts();
    // Selecting something shows the inspector.
    const unsub = useDesignStore.subscribe((s, prev) => {
      if (s.selection !== prev.selection && s.selection.nodes.length + s.selection.edges.length > 0)
        useUiStore.getState().setRightTab('inspector');
    });
    return () => {
      offLayout();
      off();
      unsub();
    };
  }, []);

  return (
    <ReactFlowProvider>
      <div className="sw-app">
        <TopBar />
        <LoadErrorAlert />
        <main
          className={`sw-main${panelsHidden ? ' sw-main--focus' : ''}`}
          style={
            {
              '--sw-left-width': `${paletteWidth}px`,
              '--sw-right-width': `${inspectorWidth}px`,
            } as CSSProperties
          }
        >
          {panelsHidden ? <span /> : <Palette />}
          <div className="sw-center">
            <Canvas />
            {/* The run's notices over the canvas, under the traffic legend (the toasts are at
                the canvas's bottom centre: Canvas.tsx). */}
            <div className="sw-notices">
              <RunNotices />
            </div>
            <FaultMenu />
            <BottomPanel />
          </div>
          {panelsHidden ? <span /> : <RightPanel />}
        </main>
        {dialog === 'shortcuts' ? <ShortcutsDialog /> : null}
        {dialog === 'share' ? <ShareDialog /> : null}
        {dialog === 'examples' ? (
          <Suspense fallback={null}>
            <ExamplesDialog />
          </Suspense>
        ) : null}
      </div>
    </ReactFlowProvider>
  );
}
