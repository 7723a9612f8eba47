/**
 * The fault timeline: the scenario's faults as bars on the time axis (drag to move the
 * start, drag the right edge to change the duration; one undo step per drag) and the
 * injected ones in another style: solid up to now while in effect (a planned end shows
 * what is left), from start to end once over, and an End button while one can be ended.
 */
import { CircleStop } from 'lucide-react';
import {
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as RPointerEvent,
} from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDesignStore } from '../../state/designStore';
import { useLiveStore } from '../../state/liveStore';
import { useRunStore } from '../../state/runStore';
import { useUiStore } from '../../state/uiStore';
import { faultLasts } from '../../model/faults';
import { endLiveFault } from './FaultMenu';
import { canEnd, faultLabel, liveBar, liveFaultTexts } from './liveFaults';
import { elementKind, elementName } from './names';
import {
  dragDuration,
  dragStart,
  keyNudge,
  sToPx,
  tickLabelSpan,
  timeTicks,
  type Scale,
} from './timelineMath';

/** The End button's width (px): it sits just right of its bar, or inside it at the track's end. */
const END_W = 46;
/** About how wide a label's characters are (11 px text), to decide if it fits in its bar. */
const CHAR_PX = 6.2;

const NO_FAULTS: never[] = [];

type Fault = Record<string, unknown>;

export default function FaultTimeline({ durationS }: { durationS: number }) {
  const scheduled = useDesignStore((s) => (s.design.scenario?.faults ?? NO_FAULTS) as Fault[]);
  const allFaults = useRunStore((s) => s.faults);
  const finished = useRunStore((s) => s.status === 'finished');
  const injected = allFaults.filter((f) => f.injected);
  // What the canvas calls each target (labels, not ids), and its kind (a client's crash reads "stop").
  const names = useDesignStore(useShallow((s) => injected.map((f) => elementName(s.design, f.target))));
  const kinds = useDesignStore(useShallow((s) => injected.map((f) => elementKind(s.design, f.target))));
  const scheduledLabels = useDesignStore(
    useShallow((s) => scheduled.map((f) => faultLabel(String(f.type), String(f.target), s.design))),
  );
  const sectionRef = useRef<HTMLElement>(null);
  // After an End, its button goes when the fault does: keep keyboard focus in the timeline.
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current) return;
    const a = document.activeElement;
    if (a && a !== document.body && a.isConnected) return;
    refocus.current = false;
    const next = sectionRef.current?.querySelector<HTMLElement>('.sw-timeline__end');
    (next ?? sectionRef.current)?.focus();
  }, [allFaults]);
  // A fault injected live adds its row at the foot of the dashboard, often below what the
  // panel shows: bring that row (and its End button) into view, once, without moving focus.
  // The faults already there when the timeline mounts (the tab was opened) are not news.
  const seenLive = useRef<Set<number> | null>(null);
  useEffect(() => {
    const ids = allFaults.filter((f) => f.injected).map((f) => f.id);
    const seen = seenLive.current;
    seenLive.current = new Set(ids); // a reset empties it: the next run's ids are new again
    const fresh = seen ? ids.filter((id) => !seen.has(id)) : [];
    if (!fresh.length) return;
    const row = sectionRef.current?.querySelector<HTMLElement>(
      `[data-live-fault="${fresh[fresh.length - 1]}"]`,
    );
    if (!row?.offsetParent) return; // not drawn (the panel is hidden)
    const calm = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    row.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: calm ? 'auto' : 'smooth' });
  }, [allFaults]);
  // The "now" line follows the thinned live store, not every 30 Hz frame.
  const nowS = useLiveStore((s) => Math.round((s.frame?.simMs ?? 0) / 100) / 10);
  const trackRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  useEffect(() => {
    const el = trackRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth || 600));
    ro.observe(el);
    setWidth(el.clientWidth || 600);
    return () => ro.disconnect();
  }, []);
  const scale: Scale = { width, durationS };

  /** Writes fault `index` with `patch` (its timing), as one undo step per `coalesce` key. */
  const patchFault = (index: number, patch: Partial<Fault>, coalesce: string) => {
    const list = (useDesignStore.getState().design.scenario?.faults ?? []) as Fault[];
    useDesignStore.getState().setFaults(
      list.map((f, i) => (i === index ? { ...f, ...patch } : f)),
      coalesce,
    );
  };

  const startDrag = (e: RPointerEvent, index: number, mode: 'move' | 'resize') => {
    e.preventDefault();
    e.stopPropagation();
    const f0 = scheduled[index];
    const at0 = Number(f0.atS ?? 0);
    const len0 = f0.durationS == null ? Math.max(0, durationS - at0) : Number(f0.durationS);
    const x0 = e.clientX;
    const store = useDesignStore.getState();
    store.beginGesture();
    const move = (ev: PointerEvent) => {
      const dx = ev.clientX - x0;
      patchFault(
        index,
        mode === 'move'
          ? { atS: dragStart(at0, f0.durationS == null ? 0 : len0, dx, scale) }
          : { durationS: dragDuration(at0, len0, dx, scale) },
        `timeline-${index}`,
      );
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      useDesignStore.getState().endGesture();
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const onBarKey = (e: ReactKeyboardEvent, index: number) => {
    // A focused bar owns its plain keys: none reaches the canvas or run shortcuts (Space
    // would run, Delete delete the canvas selection). Ctrl/Cmd shortcuts (undo) go on.
    if (!e.ctrlKey && !e.metaKey && e.key !== 'Tab' && e.key !== 'Escape') e.stopPropagation();
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      useUiStore.getState().setRightTab('scenario');
      useUiStore.getState().setFocusFault(index);
      return;
    }
    const f0 = scheduled[index];
    const next = keyNudge(
      Number(f0.atS ?? 0),
      f0.durationS == null ? null : Number(f0.durationS),
      e.key,
      // Only a fault that lasts has a length to change (a cache flush happens at once).
      e.shiftKey && faultLasts(String(f0.type)),
      durationS,
    );
    if (!next) return;
    e.preventDefault();
    // A fault with no length (until the end) keeps none.
    patchFault(index, next.durationS == null ? { atS: next.atS } : next, `timeline-key-${index}`);
  };

  const { ticks } = timeTicks(durationS, width);

  return (
    <section
      className="sw-dash__group sw-timeline"
      aria-label="Fault timeline"
      ref={sectionRef}
      tabIndex={-1}
    >
      <header className="sw-dash__head">
        <h3>Fault timeline</h3>
        <span className="sw-timeline__hint">
          Drag a bar to move it, its right edge to change its duration (or focus it: arrows, Shift+arrows).
          {injected.some((f) => canEnd(f, finished)) ? ' End stops a live fault now.' : ''}
        </span>
      </header>
      <div className="sw-timeline__body">
        <div className="sw-timeline__track" ref={trackRef}>
          <div className="sw-timeline__axis" aria-hidden>
            {ticks.map((k) => {
              // Placed where timeTicks spaced it: centred, the last one ending by the track's end.
              const [left, right] = tickLabelSpan(k, durationS, width);
              return (
                <span key={k.t} style={{ left: (left + right) / 2 }}>
                  {k.label}
                </span>
              );
            })}
          </div>
          {scheduled.map((f, i) => {
            const at = Number(f.atS ?? 0);
            // A flush happens at once: a short tick, not a bar to the end.
            const instant = !faultLasts(String(f.type));
            const end = f.durationS == null ? durationS : Math.min(durationS, at + Number(f.durationS));
            const left = sToPx(at, scale);
            const w = instant ? 8 : Math.max(6, sToPx(end, scale) - left);
            return (
              <div key={`s${i}`} className="sw-timeline__row">
                <div
                  className={`sw-timeline__bar${instant ? ' is-instant' : ''}`}
                  style={{ left, width: w }}
                  title={`${scheduledLabels[i]} at ${at}s${f.durationS == null ? '' : ` for ${String(f.durationS)}s`}`}
                  data-fault-index={i}
                  onPointerDown={(e) => startDrag(e, i, 'move')}
                  // The keyboard's way to do what a drag does (and to open the fault to edit it).
                  tabIndex={0}
                  role="button"
                  aria-label={`${scheduledLabels[i]} from ${at} s${f.durationS == null ? ' to the end' : ` for ${String(f.durationS)} s`}. Arrow keys move it, Shift with arrows changes its length, Enter opens it in the Scenario tab`}
                  onKeyDown={(e) => onBarKey(e, i)}
                >
                  <span className="sw-timeline__label">{scheduledLabels[i]}</span>
                  {instant ? null : (
                    <span
                      className="sw-timeline__handle"
                      aria-hidden
                      onPointerDown={(e) => startDrag(e, i, 'resize')}
                    />
                  )}
                </div>
              </div>
            );
          })}
          {injected.map((f, k) => {
            const b = liveBar(f, nowS, durationS);
            const t = liveFaultTexts(f, names[k] ?? f.target, finished, kinds[k]);
            const instant = b.state === 'instant';
            const left = sToPx(b.startS, scale);
            const w = instant ? 8 : Math.max(6, sToPx(b.barEndS, scale) - left);
            const span = b.barEndS - b.startS;
            const elapsed =
              b.state === 'pending' ? 0 : span > 0 ? ((b.elapsedEndS - b.startS) / span) * 100 : 100;
            const endable = canEnd(f, finished);
            // The End button just right of the bar; inside its right end when the track ends there.
            const endLeft = left + w + 4 + END_W <= width ? left + w + 4 : Math.max(0, left + w - END_W - 2);
            // The label inside the bar when it fits, else beside it (right, or left near the end).
            const text = `${t.label} · ${t.status}`;
            const textW = text.length * CHAR_PX + 12;
            const afterBar = (endable ? endLeft + END_W : left + w) + 4;
            const outside = instant || w < textW;
            const labelStyle: CSSProperties =
              afterBar + textW <= width || left < textW
                ? { left: afterBar }
                : { right: width - left + 4, textAlign: 'right' };
            const label = (
              <>
                {t.label} <span className="sw-timeline__status">· {t.status}</span>
              </>
            );
            return (
              <div
                key={`i${f.id}`}
                className="sw-timeline__row"
                data-live-fault={f.id}
                style={{ scrollMarginBottom: 12 }} // brought into view with a little room below
              >
                <div
                  className={`sw-timeline__bar is-injected is-${b.state}${b.open ? ' is-open' : ''}${instant ? ' is-instant' : ''}`}
                  style={{ left, width: w, '--elapsed': `${elapsed}%` } as CSSProperties}
                  title={t.title}
                  data-state={b.state}
                >
                  <span className="sw-timeline__fill" aria-hidden />
                  {outside ? null : <span className="sw-timeline__label">{label}</span>}
                </div>
                {outside ? (
                  <span
                    className="sw-timeline__label sw-timeline__label--out"
                    style={labelStyle}
                    title={t.title}
                  >
                    {label}
                  </span>
                ) : null}
                {endable ? (
                  <button
                    type="button"
                    className="sw-timeline__end"
                    style={{ left: endLeft }}
                    aria-label={t.endLabel}
                    title={`${t.endLabel}: it stops now, at the current simulated time`}
                    onClick={() => {
                      refocus.current = true;
                      void endLiveFault(f, names[k] ?? f.target, kinds[k]);
                    }}
                  >
                    <CircleStop size={11} aria-hidden />
                    End
                  </button>
                ) : null}
              </div>
            );
          })}
          {scheduled.length + injected.length === 0 ? (
            <p className="sw-dash__empty">
              No faults yet: add them in the Scenario tab, or right-click a node during a run to inject one.
            </p>
          ) : null}
          <div
            className="sw-timeline__now"
            style={{ left: sToPx(Math.min(nowS, durationS), scale) }}
            aria-hidden
          />
        </div>
      </div>
    </section>
  );
}
