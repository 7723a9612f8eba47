/**
 * Live fault injection: a menu of the faults that apply to a node, edge or zone, and of the
 * live faults in effect on it, each of which it can end (the toolbar's menu lists them all).
 */
import { CircleStop, Zap, X } from 'lucide-react';
import { useStore, type InternalNode, type ReactFlowInstance } from '@xyflow/react';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Design } from '../../model';
import { faultLasts } from '../../model/faults';
import { useChaosStore, type FaultMenuState } from '../../state/chaosStore';
import { useDesignStore } from '../../state/designStore';
import { useRunStore } from '../../state/runStore';
import { useUiStore } from '../../state/uiStore';
import type { ActiveFaultInfo } from '../../worker/api';
import {
  durationFieldText,
  faultFor,
  faultOptionsFor,
  faultRowProblems,
  liveFaultDefaultS,
  liveFaultDefaultText,
  type FaultOption,
} from './chaos';
import { endableFaults, faultPhrase, fmtAt, liveFaultTexts } from './liveFaults';
import { elementKind, elementName } from './names';
import { problemNamer } from '../problemText';
import { getInstance as getRf } from '../canvas/viewport';

/** A box on screen (px), as getBoundingClientRect gives it. */
export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Room kept between the menu and its target, and between the menu and the window's edge (px). */
const GAP = 8,
  MARGIN = 4;

/** Start `at`, moved back so that `len` px fit inside a window `room` px long. */
const keepInside = (at: number, len: number, room: number) =>
  Math.max(MARGIN, Math.min(at, room - MARGIN - len));

/**
 * Where a menu `size` px large goes beside `target` in a window `view` px large, so the target
 * stays in view while choosing: on the `axis` first (x: right of it, else left of it where the
 * window's right edge is near; y: below it, else above), then the other axis; null when it fits
 * beside on no side (a target nearly as big as the window). Along the other direction it starts
 * level with the target and moves back inside the window. Of the sides that fit, the first
 * that covers none of `avoid` (the neighbouring nodes), else the one covering least of them.
 */
export function placeBeside(
  target: ScreenBox,
  size: { width: number; height: number },
  view: { width: number; height: number },
  axis: 'x' | 'y',
  avoid: readonly ScreenBox[] = [],
): { left: number; top: number } | null {
  const top = keepInside(target.top, size.height, view.height);
  const left = keepInside(target.left, size.width, view.width);
  const sideways = [
    target.right + GAP + size.width <= view.width - MARGIN ? { left: target.right + GAP, top } : null,
    target.left - GAP - size.width >= MARGIN ? { left: target.left - GAP - size.width, top } : null,
  ];
  const upDown = [
    target.bottom + GAP + size.height <= view.height - MARGIN ? { left, top: target.bottom + GAP } : null,
    target.top - GAP - size.height >= MARGIN ? { left, top: target.top - GAP - size.height } : null,
  ];
  // In order of preference: the first axis's two sides, then the other axis's (with nothing
  // to avoid, the first that fits is taken).
  const fits = (axis === 'x' ? [...sideways, ...upDown] : [...upDown, ...sideways]).filter(
    (p): p is { left: number; top: number } => p !== null,
  );
  if (!fits.length) return null;
  const covered = (p: { left: number; top: number }) => {
    let area = 0;
    for (const b of avoid) {
      const w = Math.min(p.left + size.width, b.right) - Math.max(p.left, b.left);
      const h = Math.min(p.top + size.height, b.bottom) - Math.max(p.top, b.top);
      if (w > 0 && h > 0) area += w * h;
    }
    return area;
  };
  let best = fits[0];
  let least = covered(best);
  for (const p of fits.slice(1)) {
    if (least === 0) break;
    const c = covered(p);
    if (c < least) [best, least] = [p, c];
  }
  return best;
}

/** A node's box on screen from React Flow's own state (the DOM may not have moved yet). */
function flowBox(rf: Pick<ReactFlowInstance, 'flowToScreenPosition'>, n: InternalNode): ScreenBox {
  const at = n.internals.positionAbsolute;
  const tl = rf.flowToScreenPosition(at);
  const br = rf.flowToScreenPosition({
    x: at.x + (n.measured.width ?? 0),
    y: at.y + (n.measured.height ?? 0),
  });
  return { left: tl.x, top: tl.y, right: br.x, bottom: br.y };
}

/** `target`'s box on screen from React Flow's own state (the DOM may not have moved yet); null when it is not a node drawn. */
function nodeBox(target: string): ScreenBox | null {
  const rf = getRf();
  const n = rf?.getInternalNode(target);
  if (rf && n) return flowBox(rf, n);
  const el = document.querySelector(`.react-flow__node[data-id="${CSS.escape(target)}"]`);
  return el ? el.getBoundingClientRect() : null;
}

/**
 * The boxes of the nodes but `target` (zones hold nodes: not them), the same way as
 * nodeBox(): from React Flow's node lookup, so they agree with the target's box in the same
 * frame, and nothing asks the DOM for its layout.
 */
function neighbourBoxes(target: string): ScreenBox[] {
  const rf = getRf();
  if (!rf) return [];
  const out: ScreenBox[] = [];
  for (const node of rf.getNodes()) {
    if (node.id === target || node.type === 'zone' || node.hidden) continue;
    const n = rf.getInternalNode(node.id);
    if (n) out.push(flowBox(rf, n));
  }
  return out;
}

/** Whether two boxes share more than an edge. */
const meets = (a: ScreenBox, b: ScreenBox) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * The menu's place on screen: beside the node it is about (drawn on the canvas now); for an
 * edge, beside the point clicked on it (`point`, where that point is now: it moves with the
 * canvas), below it (or above) when the edge runs more across than down, so the line stays
 * in view; from the toolbar, where it was asked for. 'gone' when the node or the point has
 * left the canvas's visible part (panned away): the menu then closes.
 */
function menuPlace(
  menu: { x: number; y: number; target: string | null },
  size: { width: number; height: number },
  point: { x: number; y: number },
): { left: number; top: number } | 'gone' {
  const view = { width: window.innerWidth, height: window.innerHeight };
  const at = {
    left: keepInside(menu.x, size.width, view.width),
    top: keepInside(menu.y, size.height, view.height),
  };
  if (menu.target === null) return at;
  const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
  const box = nodeBox(menu.target);
  if (box) {
    if (pane && !meets(box, pane)) return 'gone';
    // Its neighbours stay in view too where a side leaves them.
    return placeBeside(box, size, view, 'x', neighbourBoxes(menu.target)) ?? at;
  }
  const id = CSS.escape(menu.target);
  const edge = document.querySelector(`.react-flow__edge[data-id="${id}"]`)?.getBoundingClientRect();
  const clicked = { left: point.x - GAP, right: point.x + GAP, top: point.y - GAP, bottom: point.y + GAP };
  if (pane && !meets(clicked, pane)) return 'gone';
  const from = {
    left: keepInside(point.x, size.width, view.width),
    top: keepInside(point.y, size.height, view.height),
  };
  return placeBeside(clicked, size, view, edge && edge.height > edge.width ? 'x' : 'y') ?? from;
}

/** Ends a live fault at the current simulated time, and says when (or why not) in a toast. */
export async function endLiveFault(
  f: ActiveFaultInfo,
  targetName: string,
  targetKind?: string,
): Promise<boolean> {
  const r = await useRunStore.getState().endFault(f.id);
  const what = faultPhrase(f.type, targetName, targetKind);
  if (r.ok) useUiStore.getState().toast(`Ended ${what} at ${fmtAt(r.atS)}.`, 'success');
  else useUiStore.getState().toast(`Could not end ${what}: ${r.message}.`, 'error');
  return r.ok;
}

/** The live faults in effect (or about to start) on the menu's target, each with its End item. */
function EndRows({ target, design }: { target: string | null; design: Design }) {
  const faults = useRunStore((s) => s.faults);
  const finished = useRunStore((s) => s.status === 'finished');
  const list = endableFaults(faults, target, finished);
  if (!list.length) return null;
  return (
    <div
      className="sw-fault-menu__active"
      role="group"
      aria-label={target === null ? 'Live faults in effect' : 'Live faults in effect on it'}
    >
      <p className="sw-fault-menu__sub">
        {target === null ? 'Live faults in effect' : 'In effect on it now'}
      </p>
      {list.map((f) => {
        const name = elementName(design, f.target);
        const kind = elementKind(design, f.target);
        const t = liveFaultTexts(f, name, finished, kind);
        return (
          <button
            key={f.id}
            type="button"
            className="sw-menu__item sw-fault-end"
            title={`${t.title}. Ends it now, at the current simulated time.`}
            onClick={() => {
              void endLiveFault(f, name, kind).then((ok) => {
                if (ok) useChaosStore.getState().closeMenu();
              });
            }}
          >
            <CircleStop size={13} aria-hidden />
            <span>{target === null ? t.endLabel : t.endItem}</span>
          </button>
        );
      })}
    </div>
  );
}

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

function Row({
  o,
  target,
  targetName,
  defaultS,
}: {
  o: FaultOption;
  target: string;
  targetName: string;
  /** The duration filled in (null: empty, until ended). */
  defaultS: number | null;
}) {
  // null until edited: the field follows the default (it changes with the speed) till then.
  const [edited, setEdited] = useState<string | null>(null);
  const dur = durationFieldText(edited, defaultS);
  const [param, setParam] = useState(o.param ? String(o.param.value) : '');
  // Shown once Inject is pressed with a bad field, and kept up to date while it is fixed.
  const [checked, setChecked] = useState(false);
  const problems = checked ? faultRowProblems(o, param, dur) : [];
  const problemOf = (field: 'param' | 'duration') => problems.find((p) => p.field === field);
  const rowId = useId();
  const inject = async () => {
    if (faultRowProblems(o, param, dur).length) {
      setChecked(true);
      return;
    }
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
      ui.toast(o.injected ? o.injected(targetName) : `${o.label} injected into ${targetName}.`, 'success');
      useChaosStore.getState().closeMenu();
    } else if (r.problems?.length) {
      // Worded against the running design, as the canvas names things ("Factor", not "fault.factor").
      const word = problemNamer(useRunStore.getState().loaded ?? useDesignStore.getState().design, f);
      const why = r.problems.map((p) => {
        const t = word(p);
        return `${t.subject}: ${t.message}`;
      });
      ui.toast(`Could not inject ${o.label.toLowerCase()} into ${targetName}: ${why.join('; ')}.`, 'error');
    } else ui.toast(r.message, 'error');
  };
  return (
    <div className="sw-fault-row" role="group" aria-label={o.label}>
      <button
        type="button"
        className="sw-menu__item sw-fault-row__go"
        title={o.help}
        onClick={() => void inject()}
      >
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
            aria-invalid={problemOf('param') ? true : undefined}
            aria-describedby={problemOf('param') ? `${rowId}-param` : undefined}
            onChange={(e) => setParam(e.target.value)}
          />
        </label>
      ) : (
        <span />
      )}
      {!faultLasts(o.type) ? (
        <span />
      ) : (
        <label className="sw-fault-row__field" title="Duration in simulated seconds (empty: until the end)">
          <span>for</span>
          <input
            type="number"
            aria-label={`${o.label}: duration (s)`}
            value={dur}
            min={0}
            step={1}
            aria-invalid={problemOf('duration') ? true : undefined}
            aria-describedby={problemOf('duration') ? `${rowId}-duration` : undefined}
            onChange={(e) => setEdited(e.target.value)}
          />
          <span>s</span>
        </label>
      )}
      {problems.map((p) => (
        <p key={p.field} id={`${rowId}-${p.field}`} className="sw-fault-row__error" role="alert">
          {p.message}
        </p>
      ))}
    </div>
  );
}

type OpenMenu = NonNullable<FaultMenuState['menu']>;

/**
 * The fault menu, drawn while open. Closed, it reads nothing but whether it is open: it did
 * read the canvas's transform, so every pan or zoom frame rendered it for nothing.
 */
export function FaultMenu() {
  const menu = useChaosStore((s) => s.menu);
  // The toolbar menu's chosen target, kept from one opening to the next.
  const [picked, setPicked] = useState<string>('');
  return menu ? <OpenFaultMenu menu={menu} picked={picked} setPicked={setPicked} /> : null;
}

function OpenFaultMenu({
  menu,
  picked,
  setPicked,
}: {
  menu: OpenMenu;
  picked: string;
  setPicked: (id: string) => void;
}) {
  const design = useDesignStore((s) => s.design);
  const loaded = useRunStore((s) => s.loaded !== null && s.status !== 'idle');
  const runFaults = useRunStore((s) => s.faults);
  const finished = useRunStore((s) => s.status === 'finished');
  const speed = useRunStore((s) => s.speed);
  // Read when the menu opens (not every frame): the run's time left caps the default.
  const defaultS = useMemo(() => {
    const f = useRunStore.getState().frame;
    return liveFaultDefaultS(speed, f ? (f.endMs - f.simMs) / 1000 : Infinity);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `menu`: again when it opens anew
  }, [menu, speed]);
  const ref = useRef<HTMLDivElement>(null);
  // Worked out from the menu's own size once drawn, before it is painted; again when that
  // size changes (another target picked, a fault ended), when the canvas pans or zooms or
  // its node moves (it follows its target, and closes once that has left the canvas's
  // view), and when the window is resized (it stays inside). It stayed where it opened,
  // over whatever came under it, or cut off by a smaller window.
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);
  // An edge's menu stays by the point clicked on it: kept in flow coordinates.
  const clicked = useMemo(() => {
    const rf = getRf();
    return rf ? rf.screenToFlowPosition({ x: menu.x, y: menu.y }, { snapToGrid: false }) : null;
  }, [menu]);
  const update = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const rf = getRf();
    const point = clicked && rf ? rf.flowToScreenPosition(clicked) : { x: menu.x, y: menu.y };
    const p = menuPlace(menu, { width: el.offsetWidth, height: el.offsetHeight }, point);
    if (p === 'gone') useChaosStore.getState().closeMenu();
    else setPlace((was) => (was && was.left === p.left && was.top === p.top ? was : p));
  }, [menu, clicked]);
  // The observer and the window's listener live as long as the menu is open (and on the
  // same target): a pan frame does not tear them down.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(update);
    ro.observe(el);
    window.addEventListener('resize', update);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', update);
    };
  }, [update]);
  // Following the canvas: read only while the menu is open (this component is drawn only then).
  const transform = useStore((s) => s.transform);
  const targetAt = useStore((s) =>
    menu.target ? s.nodeLookup.get(menu.target)?.internals.positionAbsolute : undefined,
  );
  useLayoutEffect(update, [update, transform, targetAt]);
  const target = menu.target ?? (picked || design.nodes[0]?.id || '');
  const kindOf = useMemo(() => {
    const n = design.nodes.find((x) => x.id === target);
    if (n) return { kind: n.kind };
    return design.edges.some((e) => e.id === target) ? ('edge' as const) : null;
  }, [design, target]);
  useEffect(() => {
    // What had the focus when the menu opened (the Inject fault button, a node): Escape
    // gives it back there, instead of to the page body.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      useChaosStore.getState().closeMenu();
      if (opener && opener !== document.body && opener.isConnected) opener.focus();
    };
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) useChaosStore.getState().closeMenu();
    };
    window.addEventListener('keydown', onKey);
    const t = setTimeout(() => window.addEventListener('pointerdown', onDown), 0);
    // The target picker, else a fault to end (right-clicking a crashed node is mostly for
    // that), else the first fault to inject.
    ref.current?.querySelector<HTMLElement>('select, button.sw-fault-end, button.sw-fault-row__go')?.focus();
    return () => {
      clearTimeout(t);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown);
    };
  }, [menu]);
  const options = kindOf ? faultOptionsFor(kindOf) : [];
  const ending = endableFaults(runFaults, menu.target, finished).length;
  const timed = loaded && options.some((o) => faultLasts(o.type));
  return (
    <div
      ref={ref}
      className="sw-fault-menu"
      role="dialog"
      aria-label="Inject fault"
      style={place ?? { left: menu.x, top: menu.y }}
      onContextMenu={(e) => e.preventDefault()}
    >
      <header className="sw-fault-menu__head">
        <strong>Inject fault</strong>
        {menu.target === null ? (
          <select aria-label="Target" value={target} onChange={(e) => setPicked(e.target.value)}>
            {design.nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {elementName(design, n.id)}
              </option>
            ))}
            {design.edges.map((e) => (
              <option key={e.id} value={e.id}>
                {elementName(design, e.id)}
              </option>
            ))}
          </select>
        ) : (
          <span className="sw-fault-menu__target" title={target}>
            {elementName(design, target)}
          </span>
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
      {loaded ? <EndRows target={menu.target} design={design} /> : null}
      {!loaded ? (
        <p className="sw-fault-menu__hint">Start a run first: faults apply at the current simulated time.</p>
      ) : null}
      {ending && options.length ? <p className="sw-fault-menu__sub">Inject</p> : null}
      {options.length ? (
        options.map((o) => (
          <Row
            key={`${target}:${o.key}`}
            o={o}
            target={target}
            targetName={elementName(design, target)}
            defaultS={defaultS}
          />
        ))
      ) : (
        <p className="sw-fault-menu__hint">No fault applies to this element.</p>
      )}
      {timed ? <p className="sw-fault-menu__hint">{liveFaultDefaultText(speed, defaultS)}</p> : null}
    </div>
  );
}
