/** The bottom panel: Validation and the run Dashboard (d3 charts, lazy-loaded) as tabs. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { useRunStore } from '../../state/runStore';
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
  return (
    <div className={`sw-bottom sw-bottom--${tab}`}>
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
