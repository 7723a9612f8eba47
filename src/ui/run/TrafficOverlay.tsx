/**
 * Sampled requests as dots travelling along the edges: one 2D canvas locked to React Flow's
 * viewport, one requestAnimationFrame loop, frames read from the run store by subscription
 * (no React state per frame). Edge routes are worked out from React Flow's store once per
 * layout change (edgePath.ts routeBetween, the route PolicyEdge draws), not read from the
 * DOM, so an edge off screen needs no SVG element (the canvas renders only what is visible
 * on large designs). They are flattened (traffic.ts flattenPath) and cached by path data,
 * so an edit re-samples only the edges it moved.
 * Dots are written into a pixel buffer and put on the canvas once a frame (dotRaster.ts).
 */
import { useStoreApi } from '@xyflow/react';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { DesignEdge } from '../../model';
import { useDesignStore } from '../../state/designStore';
import { useRunStore } from '../../state/runStore';
import { routeBetween } from '../canvas/edgePath';
import { HOP_FIELDS, type Frame } from '../../worker/api';
import {
  DOT_COLORS,
  DOT_KINDS,
  DOT_LABELS,
  dotKind,
  flattenPath,
  isResponse,
  pointAt,
  wallDuration,
  type Polyline,
} from './traffic';
import { discMask, DotRaster, hexRgb } from './dotRaster';

export const MAX_DOTS = 2500;
/** Time (ms) a frame spends flattening the routes of edges no dot has needed yet. */
const FLATTEN_BUDGET_MS = 6;
const KIND_INDEX: Record<string, number> = Object.fromEntries(DOT_KINDS.map((k, i) => [k, i]));

/** Dot storage: a ring of parallel typed arrays. */
class Dots {
  edge = new Int32Array(MAX_DOTS);
  start = new Float64Array(MAX_DOTS);
  dur = new Float32Array(MAX_DOTS);
  kind = new Uint8Array(MAX_DOTS);
  cat = new Uint8Array(MAX_DOTS);
  n = 0;
  add(edge: number, start: number, dur: number, kind: number) {
    if (this.n >= MAX_DOTS) return false;
    const i = this.n++;
    this.edge[i] = edge;
    this.start[i] = start;
    this.dur[i] = dur;
    this.kind[i] = kind;
    this.cat[i] = KIND_INDEX[dotKind(kind)];
    return true;
  }
  /** Drops finished dots (compacts in place). */
  prune(now: number) {
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      if (now - this.start[r] > this.dur[r]) continue;
      if (w !== r) {
        this.edge[w] = this.edge[r];
        this.start[w] = this.start[r];
        this.dur[w] = this.dur[r];
        this.kind[w] = this.kind[r];
        this.cat[w] = this.cat[r];
      }
      w++;
    }
    this.n = w;
  }
  clear() {
    this.n = 0;
  }
}

/** Dot colours per theme and category, as RGB triples. */
const RGB = {
  light: DOT_KINDS.map((k) => hexRgb(DOT_COLORS.light[k])),
  dark: DOT_KINDS.map((k) => hexRgb(DOT_COLORS.dark[k])),
};

export function TrafficOverlay() {
  const ref = useRef<HTMLCanvasElement>(null);
  const rf = useStoreApi();

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    /** The canvas's pixels, written directly (see dotRaster.ts); reallocated on resize. */
    let raster: DotRaster | null = null;
    let image: ImageData | null = null;
    const dots = new Dots();
    /**
     * Each edge's polyline (by its index in the run): null without one (no route yet, or not
     * one flattenPath reads), undefined while routed but not flattened yet (`routes` holds its
     * path data). Flattening every call of a 9,901-call mesh at once took 0.35 s of the frame
     * after Run (every card grows its live row, so every route changes): an edge is flattened
     * when a dot first needs it, and the rest a few milliseconds a frame (flattenSome).
     */
    let paths: (Polyline | null | undefined)[] = [];
    let routes: (string | null)[] = [];
    /** Where flattenSome goes on: the edges before it are flattened. */
    let flattenFrom = 0;
    /** Sampled polylines by path data: an unchanged edge is not sampled again. */
    let cache = new Map<string, Polyline>();
    /**
     * Each edge's badge row in flow coordinates ([left, top, right, bottom]), or null: dots
     * pass behind it instead of over its text (an edge running diagonally crosses its badges).
     */
    let badgeBoxes: (Float64Array | null)[] = [];
    let lastBadges = 0;
    let pathsDirty = true;
    let missing = true;
    let lastSample = 0;
    /** Animation clock: advances only while the run plays, so Pause freezes the dots. */
    let anim = 0;
    let lastWall = performance.now();
    let lastFrame: Frame | null = null;
    let drawnKey = '';
    let raf = 0;
    let lastStats = 0;
    let drawMs = 0;
    const pt = { x: 0, y: 0 };
    // The pane's size, from a ResizeObserver: reading clientWidth in the loop would force a
    // synchronous layout in every animation frame that follows a DOM change.
    let paneW = 0;
    let paneH = 0;
    const parent = canvas.parentElement;
    const ro = new ResizeObserver(() => {
      paneW = parent?.clientWidth ?? 0;
      paneH = parent?.clientHeight ?? 0;
    });
    if (parent) ro.observe(parent);

    /**
     * Each edge's badge row in flow coordinates. The viewport element's own box gives the
     * transform as drawn (the store's may be a frame ahead during a fit animation), so the
     * badges and the viewport are read from the same layout.
     */
    const measureBadges = (root: ParentNode, edgeIds: readonly string[]) => {
      const vp = root.querySelector<HTMLElement>('.react-flow__viewport');
      const v = vp?.getBoundingClientRect();
      const zoom = vp && v && vp.offsetWidth > 0 ? v.width / vp.offsetWidth : 0;
      lastBadges = performance.now();
      if (!v || !(zoom > 0)) {
        badgeBoxes = [];
        return;
      }
      // One query for all badge rows: a query per edge scans the document each time.
      const byEdge = new Map<string, Element>();
      for (const b of root.querySelectorAll('.sw-edge-badges[data-edge]'))
        byEdge.set(b.getAttribute('data-edge') ?? '', b);
      badgeBoxes = edgeIds.map((id) => {
        const b = byEdge.get(id);
        if (!b) return null;
        const r = b.getBoundingClientRect();
        return Float64Array.of(
          (r.left - v.left) / zoom,
          (r.top - v.top) / zoom,
          (r.right - v.left) / zoom,
          (r.bottom - v.top) / zoom,
        );
      });
    };

    const sampleEdges = () => {
      const info = useRunStore.getState().info;
      pathsDirty = false;
      lastSample = performance.now();
      canvas.dataset.samples = String(Number(canvas.dataset.samples ?? 0) + 1);
      if (!info) {
        paths = [];
        return;
      }
      const root = canvas.closest('.react-flow') ?? document;
      missing = false;
      measureBadges(root, info.edgeIds);
      const next = new Map<string, Polyline>();
      routes = [];
      paths = info.edgeIds.map((id) => {
        const route = routeOf(id);
        if (!route) {
          missing = true; // a node not measured yet
          routes.push(null);
          return null;
        }
        const d = route.path;
        routes.push(d);
        const p = next.get(d) ?? cache.get(d);
        if (p) next.set(d, p);
        return p; // undefined: flattened later (flattenAt)
      });
      cache = next; // only the edges drawn now: a long session of edits does not pile up
      flattenFrom = 0;
      flattenSome(performance.now() + FLATTEN_BUDGET_MS);
      if (canvas.dataset.checkRoutes === '1') checkRoutes(root, info.edgeIds);
    };

    /** Flattens edge `i`'s route (it has one, not flattened yet); its polyline, or null. */
    const flattenAt = (i: number): Polyline | null => {
      const d = routes[i]!;
      let p = cache.get(d) ?? null;
      if (!p) {
        p = flattenPath(d);
        // For tests: edges sampled afresh so far.
        canvas.dataset.sampledEdges = String(Number(canvas.dataset.sampledEdges ?? 0) + 1);
        if (p && p.length > 0) cache.set(d, p);
        else {
          p = null;
          missing = true;
        }
      }
      paths[i] = p;
      return p;
    };

    /** Flattens the edges still waiting, in order, until `deadline` (performance.now()). */
    const flattenSome = (deadline: number) => {
      for (; flattenFrom < paths.length; flattenFrom++) {
        if (paths[flattenFrom] === undefined) {
          flattenAt(flattenFrom);
          if (performance.now() > deadline) return;
        }
      }
    };

    /** Each edge's ends by id, from the design (its edges array, once per change of it). */
    let ends: { edges: readonly DesignEdge[]; byId: Map<string, DesignEdge> } | null = null;
    /**
     * An edge's route from React Flow's store (null until both its nodes are measured). Its
     * ends come from the design: a large design's calls are not all React Flow edges
     * (Canvas.tsx draws most of them on a canvas of their own).
     */
    const routeOf = (id: string) => {
      const { edges } = useDesignStore.getState().design;
      if (ends?.edges !== edges) ends = { edges, byId: new Map(edges.map((e) => [e.id, e])) };
      const e = ends.byId.get(id);
      const { nodeLookup } = rf.getState();
      return e ? routeBetween(nodeLookup.get(e.source), nodeLookup.get(e.target)) : null;
    };

    /**
     * For tests (set data-check-routes="1" on the canvas): compares each route worked out
     * from the store with the path the edge drew, for the edges that are in the DOM.
     */
    const checkRoutes = (root: ParentNode, edgeIds: readonly string[]) => {
      const drawn = new Map<string, string>();
      for (const el of root.querySelectorAll<SVGPathElement>(
        '.react-flow__edge path.react-flow__edge-path',
      )) {
        const id = el.closest('.react-flow__edge')?.getAttribute('data-id');
        if (id) drawn.set(id, el.getAttribute('d') ?? '');
      }
      let checked = 0,
        mismatched = 0;
      edgeIds.forEach((id, i) => {
        const d = drawn.get(id);
        if (d === undefined) return;
        checked++;
        if (routeOf(id)?.path !== d || paths[i] === null) mismatched++;
      });
      canvas.dataset.routesChecked = String(checked);
      canvas.dataset.routesMismatched = String(mismatched);
    };

    const onFrame = (f: Frame) => {
      if (f === lastFrame) return;
      lastFrame = f;
      const st = useRunStore.getState();
      const speed = f.achievedSpeed > 0 ? f.achievedSpeed : typeof st.speed === 'number' ? st.speed : 1;
      const h = f.hops;
      for (let i = 0; i + HOP_FIELDS <= h.length; i += HOP_FIELDS) {
        const dur = wallDuration(h[i + 2], speed);
        // Stagger by the hop's start within the frame (a negative sim offset, in wall ms).
        const start = anim + Math.max(-dur * 0.5, h[i + 1] / speed);
        if (!dots.add(h[i], start, dur, h[i + 3])) break;
      }
    };

    const unsubRun = useRunStore.subscribe((s, prev) => {
      if (s.frame && s.frame !== prev.frame) onFrame(s.frame);
      if (s.info !== prev.info) {
        dots.clear();
        pathsDirty = true;
      }
      if (
        s.status !== prev.status &&
        (s.status === 'idle' || s.status === 'finished' || s.status === 'error')
      )
        dots.clear();
    });
    const unsubDesign = useDesignStore.subscribe((s, prev) => {
      if (
        s.design.nodes !== prev.design.nodes ||
        s.design.edges !== prev.design.edges ||
        s.measured !== prev.measured
      )
        pathsDirty = true;
    });

    const loop = () => {
      raf = requestAnimationFrame(loop);
      const wall = performance.now();
      const dt = Math.min(100, wall - lastWall);
      lastWall = wall;
      if (document.hidden) return;
      // For tests and measurements: dots in flight and the engine's event count.
      if (wall - lastStats > 250) {
        lastStats = wall;
        canvas.dataset.dots = String(dots.n);
        canvas.dataset.events = String(lastFrame?.events ?? 0);
        canvas.dataset.drawMs = drawMs.toFixed(2);
      }
      const st = useRunStore.getState();
      if (st.status === 'running') anim += dt;
      // Re-sample after layout changes (React has committed by the next frame), and once a
      // second while an edge has no route yet (a node React Flow has not measured).
      if ((pathsDirty && wall - lastSample > 50) || (missing && wall - lastSample > 1000)) sampleEdges();
      else if (flattenFrom < paths.length) flattenSome(wall + FLATTEN_BUDGET_MS);
      // Badges change size with live states (a breaker's "half-open") and may mount late.
      else if (wall - lastBadges > 1000) {
        const info = useRunStore.getState().info;
        if (info) measureBadges(canvas.closest('.react-flow') ?? document, info.edgeIds);
      }

      const w = paneW;
      const hgt = paneH;
      const dpr = window.devicePixelRatio || 1;
      const cw = Math.round(w * dpr);
      const ch = Math.round(hgt * dpr);
      if (canvas.width !== cw || canvas.height !== ch || !raster) {
        canvas.width = cw;
        canvas.height = ch;
        canvas.style.width = `${w}px`;
        canvas.style.height = `${hgt}px`;
        raster = cw > 0 && ch > 0 ? new DotRaster(cw, ch, MAX_DOTS) : null;
        image = raster ? new ImageData(raster.data as ImageDataArray, cw, ch) : null;
        drawnKey = '';
      }
      if (!raster || !image) return;
      const [tx, ty, zoom] = rf.getState().transform;
      const theme = document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
      const key = `${tx},${ty},${zoom},${anim},${dots.n},${theme},${cw},${ch}`;
      if (key === drawnKey) return; // paused and nothing moved: leave the pixels alone
      drawnKey = key;

      dots.prune(anim);
      const t0 = performance.now();
      raster.begin();
      if (dots.n) {
        // Discs of the same size as before, at device pixels.
        const size = Math.round(Math.max(4.4, 6 / Math.sqrt(zoom)) * zoom * dpr);
        const mask = discMask(Math.max(3, Math.min(size, Math.round(14 * dpr))));
        const half = mask.size / 2;
        const colors = RGB[theme];
        const k = zoom * dpr;
        const ox = tx * dpr - half;
        const oy = ty * dpr - half;
        /** A dot's radius and two pixels, in flow units: a dot centred this close to a badge row would touch it. */
        const pad = (half + 2) / k;
        for (let i = 0; i < dots.n; i++) {
          const e = dots.edge[i];
          const p = paths[e] === undefined ? flattenAt(e) : paths[e];
          if (!p) continue;
          let t = (anim - dots.start[i]) / dots.dur[i];
          if (t < 0) continue;
          if (dots.kind[i] === 2 && t > 0.6) continue; // lost: vanishes on the way
          if (isResponse(dots.kind[i])) t = 1 - t;
          pointAt(p, t, pt);
          const box = badgeBoxes[dots.edge[i]];
          if (box && pt.x > box[0] - pad && pt.x < box[2] + pad && pt.y > box[1] - pad && pt.y < box[3] + pad)
            continue;
          const c = colors[dots.cat[i]];
          raster.dot((pt.x * k + ox) | 0, (pt.y * k + oy) | 0, mask, c[0], c[1], c[2]);
        }
      }
      const dirty = raster.dirty();
      if (dirty) ctx.putImageData(image, 0, 0, dirty.x, dirty.y, dirty.w, dirty.h);
      drawMs = drawMs * 0.9 + (performance.now() - t0) * 0.1;
    };
    raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      ro.disconnect();
      unsubRun();
      unsubDesign();
    };
  }, [rf]);

  return <canvas ref={ref} className="sw-traffic" aria-hidden data-testid="traffic-overlay" />;
}

/**
 * Where the legend ends, in px below the top of the canvas column: the notice column there
 * (app.css .sw-notices: run banners, toasts) starts under it, also when a narrow canvas wraps
 * the legend onto a second row.
 */
const LEGEND_BOTTOM_VAR = '--sw-legend-bottom';

export function TrafficLegend() {
  const on = useRunStore((s) => s.status !== 'idle' && s.info !== null);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    const column = el?.closest<HTMLElement>('.sw-center');
    if (!el || !column) return;
    const measure = () =>
      column.style.setProperty(
        LEGEND_BOTTOM_VAR,
        `${Math.ceil(el.getBoundingClientRect().bottom - column.getBoundingClientRect().top)}px`,
      );
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => {
      ro.disconnect();
      column.style.removeProperty(LEGEND_BOTTOM_VAR);
    };
  }, [on]);
  if (!on) return null;
  return (
    <div ref={ref} className="sw-traffic-legend" aria-label="Traffic legend">
      {DOT_KINDS.map((k) => (
        <span key={k} className="sw-traffic-legend__item">
          <i className={`sw-dot sw-dot--${k}`} aria-hidden />
          {DOT_LABELS[k]}
        </span>
      ))}
    </div>
  );
}
