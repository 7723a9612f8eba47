/** Live fault injection: a menu of the faults that apply to a node, edge or zone. */
import { Zap, X } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useChaosStore } from '../../state/chaosStore';
import { useDesignStore } from '../../state/designStore';
import { useRunStore } from '../../state/runStore';
import { useUiStore } from '../../state/uiStore';
import { faultFor, faultOptionsFor, type FaultOption } from './chaos';

/** The toolbar's "Inject fault" button (keyboard reachable). */
export function FaultMenuButton() {
  const open = useChaosStore((s) => s.menu !== null && s.menu.target === null);
  return (
    <button
      type="button"
      className="sw-btn sw-btn--ghost"
      title="Inject fault"
      aria-haspopup="dialog"
      aria-expanded={open}
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        if (open) useChaosStore.getState().closeMenu();
        else useChaosStore.getState().openMenu(r.left, r.bottom + 4, null);
      }}
    >
      <Zap size={14} aria-hidden /> <span className="sw-btn__label">Inject fault</span>
    </button>
  );
}

function Row({ o, target }: { o: FaultOption; target: string }) {
  const [dur, setDur] = useState('10');
  const [param, setParam] = useState(o.param ? String(o.param.value) : '');
  const inject = async () => {
    const d = dur.trim() === '' ? null : Number(dur);
    const f = faultFor(
      o,
      target,
      d !== null && Number.isFinite(d) ? d : null,
      o.param ? Number(param) : undefined,
    );
    const r = await useRunStore.getState().inject(f);
    const ui = useUiStore.getState();
    if (r.ok) {
      ui.toast(`${o.label} injected into ${target}.`, 'success');
      useChaosStore.getState().closeMenu();
    } else ui.toast(r.message, 'error');
  };
  return (
    <div className="sw-fault-row" role="group" aria-label={o.label}>
      <button type="button" className="sw-menu__item sw-fault-row__go" onClick={() => void inject()}>
        <Zap size={13} aria-hidden />
        <span>{o.label}</span>
      </button>
      {o.param ? (
        <label className="sw-fault-row__field" title={o.param.label}>
          <span>{o.param.label}</span>
          <input
            type="number"
            aria-label={`${o.label}: ${o.param.label}`}
            value={param}
            min={o.param.min}
            max={o.param.max}
            step={o.param.step}
            onChange={(e) => setParam(e.target.value)}
          />
        </label>
      ) : (
        <span />
      )}
      {o.instant ? (
        <span />
      ) : (
        <label className="sw-fault-row__field" title="Duration in simulated seconds (empty: until the end)">
          <span>for s</span>
          <input
            type="number"
            aria-label={`${o.label}: duration (s)`}
            value={dur}
            min={0}
            step={1}
            onChange={(e) => setDur(e.target.value)}
          />
        </label>
      )}
    </div>
  );
}

export function FaultMenu() {
  const menu = useChaosStore((s) => s.menu);
  const design = useDesignStore((s) => s.design);
  const loaded = useRunStore((s) => s.loaded !== null && s.status !== 'idle');
  const [picked, setPicked] = useState<string>('');
  const ref = useRef<HTMLDivElement>(null);
  const target = menu?.target ?? (picked || design.nodes[0]?.id || '');
  const kindOf = useMemo(() => {
    const n = design.nodes.find((x) => x.id === target);
    if (n) return { kind: n.kind };
    return design.edges.some((e) => e.id === target) ? ('edge' as const) : null;
  }, [design, target]);
  useEffect(() => {
    if (!menu) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useChaosStore.getState().closeMenu();
    };
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) useChaosStore.getState().closeMenu();
    };
    window.addEventListener('keydown', onKey);
    const t = setTimeout(() => window.addEventListener('pointerdown', onDown), 0);
    ref.current?.querySelector<HTMLElement>('select, button.sw-fault-row__go')?.focus();
    return () => {
      clearTimeout(t);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown);
    };
  }, [menu]);
  if (!menu) return null;
  const options = kindOf ? faultOptionsFor(kindOf) : [];
  const x = Math.min(menu.x, window.innerWidth - 340);
  const y = Math.min(menu.y, window.innerHeight - 60 - options.length * 34);
  return (
    <div
      ref={ref}
      className="sw-fault-menu"
      role="dialog"
      aria-label="Inject fault"
      style={{ left: Math.max(4, x), top: Math.max(4, y) }}
      onContextMenu={(e) => e.preventDefault()}
    >
      <header className="sw-fault-menu__head">
        <strong>Inject fault</strong>
        {menu.target === null ? (
          <select aria-label="Target" value={target} onChange={(e) => setPicked(e.target.value)}>
            {design.nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.id} ({n.kind})
              </option>
            ))}
            {design.edges.map((e) => (
              <option key={e.id} value={e.id}>
                {e.id}: {e.source} → {e.target}
              </option>
            ))}
          </select>
        ) : (
          <code>{target}</code>
        )}
        <button
          type="button"
          className="sw-icon-btn"
          aria-label="Close"
          onClick={() => useChaosStore.getState().closeMenu()}
        >
          <X size={14} aria-hidden />
        </button>
      </header>
      {!loaded ? (
        <p className="sw-fault-menu__hint">Start a run first: faults apply at the current simulated time.</p>
      ) : null}
      {options.length ? (
        options.map((o) => <Row key={`${target}:${o.key}`} o={o} target={target} />)
      ) : (
        <p className="sw-fault-menu__hint">No fault applies to this element.</p>
      )}
    </div>
  );
}
