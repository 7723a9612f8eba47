/** The bottom panel: Validation and the run Dashboard (d3 charts, lazy-loaded) as tabs. */
import { TriangleAlert } from 'lucide-react';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useRunStore } from '../../state/runStore';
import { DASHBOARD_SHARE, useUiStore } from '../../state/uiStore';
import { Splitter } from '../Splitter';
import { fitView } from '../canvas/viewport';
import { TabList } from '../TabList';
import { goToIssue, ValidationPanel } from '../ValidationPanel';
import { issueCountText, useIssues, type NamedIssue } from '../useIssues';

const Dashboard = lazy(() => import('./Dashboard'));

type Tab = 'validation' | 'dashboard';

/**
 * Above the dashboard when the design has problems: a run opens the dashboard over the
 * validation list, and a warning such as "calls nothing" is what explains its figures
 * (every request failing, a p99 of 0 ms).
 */
function IssuesNotice({ issues, onShow }: { issues: NamedIssue[]; onShow: () => void }) {
  const first = issues[0];
  return (
    <div className="sw-dash-issues" role="note">
      <TriangleAlert size={13} aria-hidden />
      <span>
        <strong>{issueCountText(issues)}</strong> may explain these figures:{' '}
        <button type="button" className="sw-link" onClick={() => goToIssue(first)} disabled={!first.target}>
          {first.text.subject}
        </button>{' '}
        {first.text.message}
        {issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}.
      </span>
      <button type="button" className="sw-btn sw-btn--small" onClick={onShow}>
        Show all
      </button>
    </div>
  );
}

export function BottomPanel() {
  const [tab, setTab] = useState<Tab>('validation');
  const issues = useIssues();
  const count = issueCountText(issues);
  const tone = issues.some((i) => i.severity === 'error') ? 'error' : 'warn';
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
        tabs={[
          {
            id: 'validation',
            label: 'Validation',
            badge: count ? { text: String(issues.length), title: count, tone } : undefined,
          },
          { id: 'dashboard', label: 'Dashboard' },
        ]}
        current={tab}
        onSelect={setTab}
      />
      <div className="sw-bottom__body" role="tabpanel" id="panel-bottom" aria-labelledby={`tab-${tab}`}>
        {tab === 'validation' ? (
          <ValidationPanel issues={issues} />
        ) : (
          <>
            {issues.length ? <IssuesNotice issues={issues} onShow={() => setTab('validation')} /> : null}
            <Suspense fallback={<p className="sw-dash__empty">Loading the dashboard…</p>}>
              <Dashboard />
            </Suspense>
          </>
        )}
      </div>
    </div>
  );
}
