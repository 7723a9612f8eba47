/**
 * The design store: the design exactly as it is saved (sparse params) plus the selection.
 * Undo/redo (zundo) records design changes only; selection and measured sizes are not
 * history. A gesture (a drag, a resize, typing into one field) becomes one undo step.
 */
import { temporal } from 'zundo';
import { create } from 'zustand';
import type { Design, Position } from '../model';
import { EDGE_PARAMS } from '../model';
import * as ops from './ops';
import { useUiStore } from './uiStore';

export interface Selection {
  nodes: string[];
  edges: string[];
}
const EMPTY_SELECTION: Selection = { nodes: [], edges: [] };

export interface DesignState {
  design: Design;
  selection: Selection;
  /** Node sizes measured by the canvas (not part of the design, not history). */
  measured: Record<string, { width: number; height: number }>;
  /** Bumped by every load (the canvas fits the view to a newly loaded design). */
  loadSeq: number;
  /**
   * The design just loaded when it came without any positions (a grid stands in): the editor
   * lays it out (asynchronously) and hands the result to settleLayout. Null otherwise.
   */
  pendingLayout: Design | null;
  /**
   * The design the last File › Open-like command put on the canvas (markOpened), for as long
   * as the user has not changed it: `design === openedAsIs` then. Its auto layout settling
   * in is not a change (settleLayout carries it over). Opening another design over an
   * untouched one keeps no "previous design": looking through examples one after another
   * must not push the user's own work out of File › Restore previous design. The autosave
   * marks a save of it as such (persistence.ts), and boot marks it again after a reload.
   */
  openedAsIs: Design | null;

  /** Replaces the whole design (open, example, share link). Undoable unless `record` is false. */
  load(design: Design, opts?: { record?: boolean }): void;
  newDesign(): void;
  setMeta(patch: { name?: string; description?: string }): void;

  addNode(kind: string, at: Position): string;
  /** An empty label or the kind's own name removes the label. */
  renameNode(id: string, label: string, coalesceKey?: string): void;
  /** Writes one param (undefined resets it). Returns false when the value is invalid (nothing written). */
  setNodeParam(id: string, key: string, value: unknown, coalesceKey?: string): boolean;
  setEdgeParam(id: string, key: string, value: unknown, coalesceKey?: string): boolean;
  moveNodes(positions: ReadonlyMap<string, Position>): void;
  resizeZone(id: string, size: { width: number; height: number }, position?: Position): void;
  reparent(id: string, parentId: string | undefined, size?: { width: number; height: number }): void;
  nudgeSelection(dx: number, dy: number): void;
  connect(source: string, target: string): { ok: true; id: string } | { ok: false; reason: string };
  deleteSelection(): void;
  deleteElements(nodeIds: string[], edgeIds: string[]): void;
  paste(fragment: ops.Fragment, offset: Position): void;
  duplicateSelection(): void;
  applyLayout(layout: ops.Layout): void;
  /**
   * Puts the layout of `pending` (a pendingLayout) in place of its stand-in grid, as part of
   * the load: no undo step of its own (undo goes back to the design before the load). Does
   * nothing when another design was loaded since, or the user already changed this one; a
   * null layout (it failed) keeps the grid. Returns whether the layout was applied.
   */
  settleLayout(pending: Design, layout: ops.Layout | null): boolean;
  /** Records that `design`, now on the canvas, was opened over the one before (see openedAsIs). */
  markOpened(design: Design): void;

  setScenarioField(
    key: 'durationS' | 'warmupS' | 'seed' | 'bucketS',
    value: number | undefined,
    coalesceKey?: string,
  ): void;
  setFaults(faults: Array<Record<string, unknown>>, coalesceKey?: string): void;

  select(sel: Partial<Selection>, additive?: boolean): void;
  selectAll(): void;
  clearSelection(): void;
  setMeasured(updates: Record<string, { width: number; height: number }>): void;

  /** Starts a gesture: changes until endGesture() become one undo step. */
  beginGesture(): void;
  endGesture(): void;
}

let gestureBase: Design | null = null;
let lastCoalesce: { key: string; at: number } | null = null;
const COALESCE_MS = 1500;

export const useDesignStore = create<DesignState>()(
  temporal(
    (set, get) => {
      /** Sets a new design; consecutive edits with the same coalesce key merge into one undo step. */
      const commit = (design: Design | null, coalesceKey?: string, extra?: Partial<DesignState>) => {
        if (design === null) return false;
        const cur = get().design;
        if (design === cur && !extra) return true;
        const now = Date.now();
        const merge =
          coalesceKey !== undefined &&
          lastCoalesce !== null &&
          lastCoalesce.key === coalesceKey &&
          now - lastCoalesce.at < COALESCE_MS &&
          gestureBase === null;
        lastCoalesce = coalesceKey !== undefined ? { key: coalesceKey, at: now } : null;
        if (merge) {
          const t = useDesignStore.temporal.getState();
          t.pause();
          set({ design, ...extra });
          t.resume();
        } else set({ design, ...extra });
        return true;
      };
      return {
        design: ops.emptyDesign(),
        selection: EMPTY_SELECTION,
        measured: {},
        loadSeq: 0,
        pendingLayout: null,
        openedAsIs: null,

        load(design, opts) {
          const { design: positioned, needsLayout } = ops.withPositions(design);
          const nodes = ops.orderParentsFirst(positioned.nodes);
          const d = nodes === positioned.nodes ? positioned : { ...positioned, nodes };
          lastCoalesce = null;
          const next = {
            design: d,
            selection: EMPTY_SELECTION,
            loadSeq: get().loadSeq + 1,
            pendingLayout: needsLayout ? d : null,
          };
          if (opts?.record === false) {
            const t = useDesignStore.temporal.getState();
            t.pause();
            set(next);
            t.resume();
          } else set(next);
        },
        newDesign() {
          get().load(ops.emptyDesign());
        },
        setMeta(patch) {
          const d = { ...get().design };
          for (const [k, v] of Object.entries(patch) as ['name' | 'description', string | undefined][]) {
            if (v === undefined || v === '') delete d[k];
            else d[k] = v.slice(0, k === 'name' ? 200 : 10_000);
          }
          commit(d, `meta:${Object.keys(patch).join()}`);
        },

        addNode(kind, at) {
          const r = ops.addNode(get().design, kind, at);
          commit(r.design, undefined, { selection: { nodes: [r.id], edges: [] } });
          return r.id;
        },
        renameNode(id, label, coalesceKey) {
          commit(ops.renameNode(get().design, id, label), coalesceKey);
        },
        setNodeParam(id, key, value, coalesceKey) {
          return commit(ops.setNodeParam(get().design, id, key, value), coalesceKey);
        },
        setEdgeParam(id, key, value, coalesceKey) {
          const spec = (EDGE_PARAMS as Record<string, (typeof EDGE_PARAMS)[keyof typeof EDGE_PARAMS]>)[key];
          if (!spec) return false;
          return commit(ops.setEdgeParam(get().design, id, key, spec, value), coalesceKey);
        },
        moveNodes(positions) {
          commit(ops.moveNodes(get().design, positions));
        },
        resizeZone(id, size, position) {
          commit(ops.resizeZone(get().design, id, size, position));
        },
        reparent(id, parentId, size) {
          commit(ops.reparent(get().design, id, parentId, size));
        },
        nudgeSelection(dx, dy) {
          const { design, selection } = get();
          if (!selection.nodes.length) return;
          commit(ops.nudge(design, selection.nodes, dx, dy), `nudge:${selection.nodes.join()}`);
        },
        connect(source, target) {
          const r = ops.connect(get().design, source, target);
          if (!r.ok) return r;
          commit(r.design, undefined, { selection: { nodes: [], edges: [r.id] } });
          return { ok: true, id: r.id };
        },
        deleteSelection() {
          const { selection } = get();
          get().deleteElements(selection.nodes, selection.edges);
        },
        deleteElements(nodeIds, edgeIds) {
          const before = get().design;
          const d = ops.deleteElements(before, nodeIds, edgeIds);
          if (d === before) return;
          commit(d, undefined, { selection: EMPTY_SELECTION });
          // A zone goes with everything in it: say what went, so that it is not lost unnoticed.
          const note = ops.zoneDeletionNote(before, d, nodeIds, edgeIds);
          if (note) useUiStore.getState().toast(note);
        },
        paste(fragment, offset) {
          const r = ops.pasteFragment(get().design, fragment, offset);
          if (!r.nodeIds.length) return;
          commit(r.design, undefined, { selection: { nodes: r.nodeIds, edges: r.edgeIds } });
        },
        duplicateSelection() {
          const { design, selection } = get();
          if (!selection.nodes.length) return;
          get().paste(ops.copyFragment(design, selection.nodes), { x: 40, y: 40 });
        },
        applyLayout(layout) {
          commit(ops.withLayout(get().design, layout));
        },
        settleLayout(pending, layout) {
          const st = get();
          if (st.pendingLayout !== pending) return false;
          // Changed meanwhile (a drag, an edit; a gesture under way): the user's design wins.
          if (!layout || st.design !== pending || gestureBase !== null) {
            set({ pendingLayout: null });
            return false;
          }
          const d = ops.withLayout(pending, layout);
          const t = useDesignStore.temporal.getState();
          t.pause();
          set({ design: d, pendingLayout: null, openedAsIs: st.openedAsIs === pending ? d : st.openedAsIs });
          t.resume();
          return true;
        },
        markOpened(design) {
          set({ openedAsIs: design });
        },

        setScenarioField(key, value, coalesceKey) {
          commit(ops.setScenario(get().design, { [key]: value }), coalesceKey);
        },
        setFaults(faults, coalesceKey) {
          commit(ops.setFaults(get().design, faults), coalesceKey);
        },

        select(sel, additive) {
          const cur = get().selection;
          const nodes = sel.nodes ?? (additive ? cur.nodes : []);
          const edges = sel.edges ?? (additive ? cur.edges : []);
          const next = additive
            ? { nodes: [...new Set([...cur.nodes, ...nodes])], edges: [...new Set([...cur.edges, ...edges])] }
            : { nodes, edges };
          if (sameList(next.nodes, cur.nodes) && sameList(next.edges, cur.edges)) return;
          set({ selection: next });
        },
        selectAll() {
          const d = get().design;
          set({ selection: { nodes: d.nodes.map((n) => n.id), edges: d.edges.map((e) => e.id) } });
        },
        clearSelection() {
          const cur = get().selection;
          if (cur.nodes.length || cur.edges.length) set({ selection: EMPTY_SELECTION });
        },
        setMeasured(updates) {
          const cur = get().measured;
          let changed = false;
          for (const [id, s] of Object.entries(updates)) {
            const c = cur[id];
            if (!c || c.width !== s.width || c.height !== s.height) changed = true;
          }
          if (changed) set({ measured: { ...cur, ...updates } });
        },

        beginGesture() {
          if (gestureBase !== null) return;
          gestureBase = get().design;
          lastCoalesce = null;
          useDesignStore.temporal.getState().pause();
        },
        endGesture() {
          if (gestureBase === null) return;
          const base = gestureBase;
          gestureBase = null;
          const final = get().design;
          const t = useDesignStore.temporal.getState();
          if (final === base) {
            t.resume();
            return;
          }
          set({ design: base });
          t.resume();
          set({ design: final });
        },
      };
    },
    {
      limit: 200,
      partialize: (s) => ({ design: s.design }),
      equality: (a, b) => a.design === b.design,
    },
  ),
);

function sameList(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export const undo = () => {
  lastCoalesce = null;
  useDesignStore.temporal.getState().undo();
  pruneSelection();
};
export const redo = () => {
  lastCoalesce = null;
  useDesignStore.temporal.getState().redo();
  pruneSelection();
};
export const clearHistory = () => useDesignStore.temporal.getState().clear();

/** Drops selected ids that no longer exist (after undo/redo). */
function pruneSelection() {
  const { design, selection } = useDesignStore.getState();
  const nodes = new Set(design.nodes.map((n) => n.id));
  const edges = new Set(design.edges.map((e) => e.id));
  const next = {
    nodes: selection.nodes.filter((id) => nodes.has(id)),
    edges: selection.edges.filter((id) => edges.has(id)),
  };
  if (next.nodes.length !== selection.nodes.length || next.edges.length !== selection.edges.length)
    useDesignStore.setState({ selection: next });
}
