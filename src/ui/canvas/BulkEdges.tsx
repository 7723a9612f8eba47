/**
 * The calls of a large design (bulkEdges.ts BULK_EDGES_FROM), drawn on one 2D canvas under
 * the nodes instead of as one React Flow edge component each. Each call is routed as
 * PolicyEdge routes it (edgePath.ts routeBetween, from React Flow's store), once per move of
 * either of its nodes, into a Path2D; a frame strokes a handful of merged paths (one per
 * style: width and colour during a run, dashes for async and faulted calls), so panning a
 * 9,901-call mesh redraws in milliseconds and a run's live widths cost no React render.
 * The calls the user is looking at stay edge components (Canvas.tsx, splitEdges); a click
 * or right-click on a call drawn here finds it with bulkEdgeAt.
 */
import { useStoreApi, type InternalNode, type ReactFlowState } from '@xyflow/react';
import { useEffect, useRef, type CSSProperties } from 'react';
import type { DesignEdge } from '../../model';
import { useLiveStore } from '../../state/liveStore';
import { useUiStore } from '../../state/uiStore';
import { edgeLive } from '../run/live';
import { edgeWidth, flattenPath } from '../run/traffic';
import { hitShape, nearestShape, pathEnd, type HitShape } from './bulkEdges';
import { routeBetween } from './edgePath';

type FlowStore = ReturnType<typeof useStoreApi>;

interface Drawn {
  source: string;
  target: string;
  /** The geometry of both nodes the route was worked out from (nodeKey). */
  key: string;
  async: boolean;
  d: string;
  end: [number, number] | null;
  /** Flattened for hit tests on the first click that needs it (null: not flattenable). */
  hit?: HitShape | null;
}

interface Group {
  width: number;
  color: string;
  dash: readonly number[];
  lines: Path2D;
  arrows: Path2D;
}

/** Dashes as the edge components draw them (app.css .sw-edge--async, run.css .sw-edge--faulted). */
const ASYNC_DASH = [6, 4];
const FAULT_DASH = [5, 4];
/** Stroke width of a call at rest, as .sw-edge (flow px). */
const REST_WIDTH = 1.5;
/** A run's widths and colours change at most this often (ms): a restyle regroups every call. */
const RESTYLE_MS = 250;
/** How far (screen px) from a call a click still picks it. */
const PICK_PX = 6;

/**
 * Where a node is and how big, as its routes see it: React Flow updates a node's absolute
 * position in place, so a route is keyed by these numbers, not by the node object.
 */
function nodeKey(n: InternalNode | undefined): string {
  if (!n) return '';
  const p = n.internals.positionAbsolute;
  const out = n.internals.handleBounds?.source?.[0];
  const into = n.internals.handleBounds?.target?.[0];
  // Rounded: a handle's box is measured on screen and divided by the zoom, so it wobbles in
  // the last digits as the view zooms, which rerouted every call at each step of a fit.
  const r = (v: number | undefined) => (v === undefined ? '' : Math.round(v * 100) / 100);
  return [
    p.x,
    p.y,
    n.measured.width,
    n.measured.height,
    out?.x,
    out?.y,
    out?.width,
    out?.height,
    into?.x,
    into?.y,
    into?.height,
  ]
    .map(r)
    .join(',');
}

/** A CSS colour as [r, g, b] (the canvas normalises what it is given). */
function rgbOf(ctx: CanvasRenderingContext2D, css: string): [number, number, number] {
  ctx.fillStyle = '#000';
  ctx.fillStyle = css;
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(String(ctx.fillStyle));
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : [135, 146, 162];
}

class Layer {
  private edges: readonly DesignEdge[] = [];
  private drawn = new Map<string, Drawn>();
  private styleOf = new Map<string, string>();
  private groups: Group[] = [];
  private routesDirty = true;
  private colorsStale = true;
  /** The merged paths must be made again: routes or colours changed. */
  private regroup = true;
  /** The run's frame changed: some call's width or colour may have. */
  private stylesDirty = true;
  private lastStyles = -Infinity;
  private restyleTimer: ReturnType<typeof setTimeout> | null = null;
  private drawnView = '';
  private raf = 0;
  private edgeRgb: [number, number, number] = [135, 146, 162];
  private errorRgb: [number, number, number] = [201, 42, 42];
  private draws = 0;
  private readonly ctx: CanvasRenderingContext2D | null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly rf: FlowStore,
  ) {
    this.ctx = canvas.getContext('2d');
  }

  setEdges(edges: readonly DesignEdge[]) {
    this.edges = edges;
    this.routesDirty = true;
    this.schedule();
  }

  /** React Flow's store changed: nodes may have moved or grown, or the view moved. */
  flowChanged() {
    this.routesDirty = true;
    this.schedule();
  }

  liveChanged() {
    this.stylesDirty = true;
    this.schedule();
  }

  /** The theme changed: its colours are read in the next frame, once every effect has applied it. */
  themeChanged() {
    this.colorsStale = true;
    this.schedule();
  }

  private readColors() {
    this.colorsStale = false;
    if (!this.ctx) return;
    const css = getComputedStyle(this.canvas);
    this.edgeRgb = rgbOf(this.ctx, css.getPropertyValue('--sw-edge').trim() || '#8792a2');
    this.errorRgb = rgbOf(this.ctx, css.getPropertyValue('--sw-error').trim() || '#c92a2a');
    this.regroup = true;
  }

  dispose() {
    cancelAnimationFrame(this.raf);
    if (this.restyleTimer) clearTimeout(this.restyleTimer);
  }

  private schedule() {
    if (!this.raf) this.raf = requestAnimationFrame(() => this.frame());
  }

  private frame() {
    this.raf = 0;
    const s = this.rf.getState();
    if (this.colorsStale) this.readColors();
    const t0 = performance.now();
    if (this.routesDirty && this.updateRoutes(s)) this.regroup = true;
    this.routesDirty = false;
    const t1 = performance.now();
    // Moved calls are drawn where they are at once; a run's restyles wait their turn.
    if (this.regroup) this.restyle();
    else if (this.stylesDirty) {
      const wait = this.lastStyles + RESTYLE_MS - t1;
      if (wait <= 0) this.restyle();
      else if (!this.restyleTimer)
        this.restyleTimer = setTimeout(() => {
          this.restyleTimer = null;
          this.schedule();
        }, wait);
    }
    const t2 = performance.now();
    if (this.draw(s)) {
      // For tests and profiling: the last frame's routing, grouping and drawing (ms).
      const d = this.canvas.dataset;
      d.ms = [t1 - t0, t2 - t1, performance.now() - t2].map((x) => x.toFixed(1)).join(' ');
    }
  }

  /** Routes the calls whose nodes moved (or that are new); whether anything changed. */
  private updateRoutes(s: ReactFlowState): boolean {
    const keys = new Map<string, string>();
    const keyOf = (id: string) => {
      let k = keys.get(id);
      if (k === undefined) {
        k = nodeKey(s.nodeLookup.get(id));
        keys.set(id, k);
      }
      return k;
    };
    let changed = false;
    const next = new Map<string, Drawn>();
    for (const e of this.edges) {
      const key = `${keyOf(e.source)}|${keyOf(e.target)}`;
      const async = e.params?.mode === 'async';
      const old = this.drawn.get(e.id);
      if (
        old &&
        old.key === key &&
        old.async === async &&
        old.source === e.source &&
        old.target === e.target
      ) {
        next.set(e.id, old);
        continue;
      }
      changed = true;
      // Null until both nodes are measured: tried again on React Flow's next change.
      const route = routeBetween(s.nodeLookup.get(e.source), s.nodeLookup.get(e.target));
      if (!route) continue;
      next.set(e.id, {
        source: e.source,
        target: e.target,
        key,
        async,
        d: route.path,
        end: pathEnd(route.path),
      });
    }
    if (next.size !== this.drawn.size) changed = true;
    this.drawn = next;
    if (changed) this.canvas.dataset.edges = String(next.size);
    return changed;
  }

  /**
   * Sorts the calls into one merged path per style (width, colour, dashes): when they moved,
   * or when some call's style changed.
   */
  private restyle() {
    this.stylesDirty = false;
    this.lastStyles = performance.now();
    const live = useLiveStore.getState();
    const styles = new Map<string, string>();
    let changed = this.regroup || this.drawn.size !== this.styleOf.size;
    for (const [id, e] of this.drawn) {
      let width = REST_WIDTH;
      let failing = 0;
      let dash = e.async ? 'a' : '';
      const l = edgeLive(live, id);
      if (l.on) {
        width = Math.round(edgeWidth(l.sent) * 2) / 2;
        failing = l.failing >= 0.05 ? l.failing : 0;
        if (l.faulted) dash = 'f';
      }
      const style = `${width}|${failing}|${dash}`;
      styles.set(id, style);
      if (!changed && this.styleOf.get(id) !== style) changed = true;
    }
    if (!changed) return;
    this.regroup = false;
    this.styleOf = styles;
    // Each style's paths as one string, parsed once: 9,901 Path2D.addPath calls took 0.3 s.
    const byStyle = new Map<string, { lines: string[]; arrows: string[] }>();
    for (const [id, e] of this.drawn) {
      const style = styles.get(id)!;
      let g = byStyle.get(style);
      if (!g) byStyle.set(style, (g = { lines: [], arrows: [] }));
      g.lines.push(e.d);
      if (e.end) {
        // React Flow's closed arrow at 12 px (Canvas.tsx defaultEdgeOptions): every route
        // enters its target's left handle heading right.
        const [x, y] = e.end;
        g.arrows.push(`M${x - 3},${y - 2.4}L${x},${y}L${x - 3},${y + 2.4}Z`);
      }
    }
    this.groups = [...byStyle].map(([style, g]) => {
      const [w, f, dash] = style.split('|');
      return {
        width: Number(w),
        color: this.colorFor(Number(f)),
        dash: dash === 'a' ? ASYNC_DASH : dash === 'f' ? FAULT_DASH : [],
        lines: new Path2D(g.lines.join(' ')),
        arrows: new Path2D(g.arrows.join('')),
      };
    });
    this.drawnView = ''; // draw again
  }

  /** The edge colour, mixed towards the error colour for a failing call as .sw-edge--failing does. */
  private colorFor(failing: number): string {
    if (!(failing > 0)) return `rgb(${this.edgeRgb.join(',')})`;
    const p = (35 + failing * 65) / 100;
    const mix = this.edgeRgb.map((c, i) => Math.round(this.errorRgb[i] * p + c * (1 - p)));
    return `rgb(${mix.join(',')})`;
  }

  /** Draws the calls if the view or they changed since the last draw; whether it drew. */
  private draw(s: ReactFlowState): boolean {
    const ctx = this.ctx;
    if (!ctx) return false;
    const [tx, ty, k] = s.transform;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(s.width * dpr);
    const h = Math.round(s.height * dpr);
    const view = `${tx},${ty},${k},${w},${h}`;
    if (view === this.drawnView) return false;
    this.drawnView = view;
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
    ctx.lineJoin = 'round';
    for (const g of this.groups) {
      ctx.strokeStyle = g.color;
      ctx.fillStyle = g.color;
      ctx.lineWidth = g.width;
      ctx.setLineDash(g.dash as number[]);
      ctx.stroke(g.lines);
      ctx.setLineDash([]);
      ctx.lineWidth = 0.6;
      ctx.fill(g.arrows);
      ctx.stroke(g.arrows);
    }
    this.canvas.dataset.draws = String(++this.draws);
    return true;
  }

  /** The call drawn nearest a point of the page (client coordinates), within PICK_PX. */
  edgeAt(clientX: number, clientY: number): string | null {
    const r = this.canvas.getBoundingClientRect();
    const [tx, ty, k] = this.rf.getState().transform;
    if (!(k > 0)) return null;
    const x = (clientX - r.left - tx) / k;
    const y = (clientY - r.top - ty) / k;
    const shapes: HitShape[] = [];
    for (const [id, e] of this.drawn) {
      if (e.hit === undefined) {
        const poly = flattenPath(e.d);
        e.hit = poly ? hitShape(id, poly) : null;
      }
      if (e.hit) shapes.push(e.hit);
    }
    return nearestShape(shapes, x, y, PICK_PX / k);
  }
}

let current: Layer | null = null;

/** The call the bulk layer draws at a point of the page (client coordinates); null for none or no layer. */
export function bulkEdgeAt(clientX: number, clientY: number): string | null {
  return current?.edgeAt(clientX, clientY) ?? null;
}

/** Under React Flow's renderer (z-index 4), over the dotted background. */
const STYLE: CSSProperties = {
  position: 'absolute',
  inset: 0,
  width: '100%',
  height: '100%',
  zIndex: 3,
  pointerEvents: 'none',
};

/** Draws `edges` (the calls Canvas.tsx does not give React Flow). A child of <ReactFlow>. */
export function BulkEdges({ edges }: { edges: readonly DesignEdge[] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const layer = useRef<Layer | null>(null);
  const rf = useStoreApi();
  const theme = useUiStore((s) => s.theme);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const l = new Layer(canvas, rf);
    layer.current = l;
    current = l;
    const offFlow = rf.subscribe(() => l.flowChanged());
    const offLive = useLiveStore.subscribe(() => l.liveChanged());
    return () => {
      offFlow();
      offLive();
      l.dispose();
      if (current === l) current = null;
      layer.current = null;
    };
  }, [rf]);

  useEffect(() => layer.current?.setEdges(edges), [edges]);
  useEffect(() => layer.current?.themeChanged(), [theme]);

  return <canvas ref={ref} style={STYLE} aria-hidden data-testid="bulk-edges" />;
}
