/** The bottom panel: Validation and the run Dashboard (d3 charts, lazy-loaded) as tabs. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { useRunStore } from '../../state/runStore';
import { fitView } from '../canvas/viewport';
import { ValidationPanel } from '../ValidationPanel';

const Dashboard = lazy(() => import('./Dashboard'));

type Tab = 'validation' | 'dashboard';

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
      <div className="sw-tabs sw-bottom__tabs" role="tablist" aria-label="Bottom panels">
        <button
          type="button"
          role="tab"
          id="tab-validation"
          aria-selected={tab === 'validation'}
          aria-controls="panel-bottom"
          onClick={() => setTab('validation')}
        >
          Validation
        </button>
        <button
          type="button"
          role="tab"
          id="tab-dashboard"
          aria-selected={tab === 'dashboard'}
          aria-controls="panel-bottom"
          onClick={() => setTab('dashboard')}
        >
          Dashboard
        </button>
      </div>
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
