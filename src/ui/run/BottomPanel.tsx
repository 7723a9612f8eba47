/** The bottom panel: Validation and the run Dashboard (d3 charts, lazy-loaded) as tabs. */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useRunStore } from '../../state/runStore';
import { DASHBOARD_SHARE, useUiStore } from '../../state/uiStore';
import { Splitter } from '../Splitter';
import { fitView } from '../canvas/viewport';
import { TabList } from '../TabList';
import { ValidationPanel } from '../ValidationPanel';

const Dashboard = lazy(() => import('./Dashboard'));

type Tab = 'validation' | 'dashboard';

const BOTTOM_TABS = [
  { id: 'validation', label: 'Validation' },
  { id: 'dashboard', label: 'Dashboard' },
] as const;

export function BottomPanel() {
  const [tab, setTab] = useState<Tab>('validation');
  // The first run opens the dashboard.
  useEffect(() => {
    let opened = false;
    return useRunStore.subscribe((s, prev) => {
      if (!opened && s.info && !prev.info) {
        opened = true;
        setTab('dashboard');
        // The canvas just got shorter: keep the whole design in view.
        setTimeout(fitView, 80);
      }
    });
  }, []);
  // The dashboard's height is a share of the column it sits in (a preference): measured,
  // so that the splitter speaks in pixels as drawn.
  const ref = useRef<HTMLDivElement>(null);
  const [columnHeight, setColumnHeight] = useState(0);
  useEffect(() => {
    const column = ref.current?.parentElement;
    if (!column) return;
    const measure = () => setColumnHeight(column.clientHeight);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(column);
    return () => ro.disconnect();
  }, []);
  const share = useUiStore((s) => s.dashboardShare);
  const setShare = useUiStore((s) => s.setDashboardShare);
  const sized = tab === 'dashboard' && columnHeight > 0;
  const px = (x: number) => Math.round(x * columnHeight);
  return (
    <div
      ref={ref}
      className={`sw-bottom sw-bottom--${tab}`}
      style={sized ? { height: px(share), maxHeight: 'none' } : undefined}
    >
      {sized ? (
        <Splitter
          orientation="horizontal"
          label="Resize the dashboard"
          size={px(share)}
          min={px(DASHBOARD_SHARE.min)}
          max={px(DASHBOARD_SHARE.max)}
          defaultSize={px(DASHBOARD_SHARE.default)}
          grows={-1} // the panel is below the bar: moving the pointer up makes it taller
          onSize={(h) => setShare(h / columnHeight)}
        />
      ) : null}
      <TabList
        label="Bottom panels"
        className="sw-tabs sw-bottom__tabs"
        panelId="panel-bottom"
        tabs={BOTTOM_TABS}
        current={tab}
        onSelect={setTab}
      />
      <div className="sw-bottom__body" role="tabpanel" id="panel-bottom" aria-labelledby={`tab-${tab}`}>
        {tab === 'validation' ? (
          <ValidationPanel />
        ) : (
          <Suspense fallback={<p className="sw-dash__empty">Loading the dashboard…</p>}>
            <Dashboard />
          </Suspense>
        )}
      </div>
    </div>
  );
}
