/**
 * The fault timeline: the scenario's faults as bars on the time axis (drag to move the
 * start, drag the right edge to change the duration; one undo step per drag) and the
 * injected ones in another style.
 */
import { useEffect, useRef, useState, type PointerEvent as RPointerEvent } from 'react';
import { useDesignStore } from '../../state/designStore';
import { useLiveStore } from '../../state/liveStore';
import { useRunStore } from '../../state/runStore';
import { dragDuration, dragStart, sToPx, type Scale } from './timelineMath';

const NO_FAULTS: never[] = [];

type Fault = Record<string, unknown>;

export default function FaultTimeline({ durationS }: { durationS: number }) {
  const scheduled = useDesignStore((s) => (s.design.scenario?.faults ?? NO_FAULTS) as Fault[]);
  const allFaults = useRunStore((s) => s.faults);
  const injected = allFaults.filter((f) => f.injected);
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
      const list = (useDesignStore.getState().design.scenario?.faults ?? []) as Fault[];
      const next = list.map((f, i) => {
        if (i !== index) return f;
        if (mode === 'move') return { ...f, atS: dragStart(at0, f0.durationS == null ? 0 : len0, dx, scale) };
        return { ...f, durationS: dragDuration(at0, len0, dx, scale) };
      });
      useDesignStore.getState().setFaults(next, `timeline-${index}`);
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      useDesignStore.getState().endGesture();
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const ticks: number[] = [];
  const step =
    durationS <= 30 ? 5 : durationS <= 120 ? 10 : durationS <= 600 ? 60 : Math.ceil(durationS / 10);
  for (let t = 0; t <= durationS + 1e-9; t += step) ticks.push(t);

  return (
    <section className="sw-dash__group sw-timeline" aria-label="Fault timeline">
      <header className="sw-dash__head">
        <h3>Fault timeline</h3>
        <span className="sw-timeline__hint">
          Drag a bar to move it, its right edge to change its duration.
        </span>
      </header>
      <div className="sw-timeline__body">
        <div className="sw-timeline__track" ref={trackRef}>
          <div className="sw-timeline__axis" aria-hidden>
            {ticks.map((t) => (
              <span key={t} style={{ left: sToPx(t, scale) }}>
                {t}s
              </span>
            ))}
          </div>
          {scheduled.map((f, i) => {
            const at = Number(f.atS ?? 0);
            // A flush happens at once: a short tick, not a bar to the end.
            const instant = f.type === 'cache-flush';
            const end = f.durationS == null ? durationS : Math.min(durationS, at + Number(f.durationS));
            const left = sToPx(at, scale);
            const w = instant ? 8 : Math.max(6, sToPx(end, scale) - left);
            return (
              <div key={`s${i}`} className="sw-timeline__row">
                <div
                  className={`sw-timeline__bar${instant ? ' is-instant' : ''}`}
                  style={{ left, width: w }}
                  title={`${String(f.type)} on ${String(f.target)} at ${at}s${f.durationS == null ? '' : ` for ${String(f.durationS)}s`}`}
                  data-fault-index={i}
                  onPointerDown={(e) => startDrag(e, i, 'move')}
                >
                  <span className="sw-timeline__label">
                    {String(f.type)} {String(f.target)}
                  </span>
                  {f.type === 'cache-flush' ? null : (
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
          {injected.map((f) => {
            const left = sToPx(f.startS, scale);
            const w = Math.max(6, sToPx(f.endS ?? Math.max(nowS, f.startS), scale) - left);
            return (
              <div key={`i${f.id}`} className="sw-timeline__row">
                <div
                  className={`sw-timeline__bar is-injected${f.active ? ' is-active' : ''}`}
                  style={{ left, width: w }}
                  title={`Injected ${f.type} on ${f.target} at ${f.startS}s`}
                >
                  <span className="sw-timeline__label">
                    {f.type} {f.target} (live)
                  </span>
                </div>
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
