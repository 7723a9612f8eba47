import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MarkerType,
  MiniMap,
  Panel,
  ReactFlow,
  useStoreApi,
  type Connection,
  type OnConnectEnd,
  type EdgeChange,
  type NodeChange,
  type OnNodeDrag,
  type XYPosition,
} from '@xyflow/react';
import { Grid3x3, Map as MapIcon, Network } from 'lucide-react';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent as ReactMouseEvent,
} from 'react';
import { useDesignStore } from '../../state/designStore';
import { openFile } from '../../state/files';
import { FlowCache, type KindFlowNode, type PolicyFlowEdge } from '../../state/flow';
import {
  APPROX_NODE_SIZE,
  GRID,
  absolutePosition,
  connectionProblem,
  isContainer,
  nodeById,
  zoneAt,
} from '../../state/ops';
import { useUiStore } from '../../state/uiStore';
import { BulkEdges, bulkEdgeAt } from './BulkEdges';
import { splitEdges } from './bulkEdges';
import { focusInspectorField, tabWithin, useCanvasTabOrder } from './keyboard';
import { KindNode } from './KindNode';
import { BadgeScaleVar, PolicyEdge } from './PolicyEdge';
import {
  FIT_ALL_OPTIONS,
  FIT_VIEW_OPTIONS,
  fitView,
  getInstance as getRf,
  setFlowStore,
  setInstance,
  setPane,
} from './viewport';
import { ZoneNode } from './ZoneNode';
import { autoLayout } from '../actions';
import { Toasts } from '../Notices';
import { onEdgeContextMenu, onNodeContextMenu } from '../run/contextMenu';
import { TrafficLegend, TrafficOverlay } from '../run/TrafficOverlay';

export const KIND_MIME = 'application/x-spillway-kind';

const nodeTypes = { kind: KindNode, zone: ZoneNode };
const edgeTypes = { policy: PolicyEdge };
// Arrowheads in pixels, not stroke widths: a live edge thickens with its throughput, and a
// stroke-relative marker would balloon over the badges and the target's handle.
const defaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 12, height: 12, markerUnits: 'userSpaceOnUse' },
  // Out of the document's Tab order (React Flow draws the edges before the nodes): Tab
  // reaches them after the nodes (./keyboard.ts).
  domAttributes: { tabIndex: -1 },
};
const snapGrid: [number, number] = [GRID, GRID];
/**
 * From this many nodes the canvas keeps only the nodes and edges in view in the DOM (each
 * is still rendered once, so React Flow can measure it). Below it, rendering everything is
 * cheap and saves the visibility pass on every pan. The traffic overlay does not need the
 * DOM (it routes edges from React Flow's store), so dots still run on every edge.
 */
const VISIBLE_ONLY_FROM = 100;
const multiKeys = ['Shift', 'Meta', 'Control'];

function onNodesChange(changes: NodeChange<KindFlowNode>[]) {
  const st = useDesignStore.getState();
  const positions = new Map<string, XYPosition>();
  const measured: Record<string, { width: number; height: number }> = {};
  let selNodes: Set<string> | null = null;
  for (const c of changes) {
    if (c.type === 'position') {
      if (c.position) positions.set(c.id, { x: Math.round(c.position.x), y: Math.round(c.position.y) });
    } else if (c.type === 'dimensions') {
      if (!c.dimensions) continue;
      if (c.setAttributes || c.resizing !== undefined) {
        const n = st.design.nodes.find((x) => x.id === c.id);
        if (n && isContainer(n.kind)) st.resizeZone(c.id, c.dimensions);
      }
      measured[c.id] = { width: c.dimensions.width, height: c.dimensions.height };
    } else if (c.type === 'select') {
      selNodes ??= new Set(st.selection.nodes);
      if (c.selected) selNodes.add(c.id);
      else selNodes.delete(c.id);
    }
  }
  if (positions.size) useDesignStore.getState().moveNodes(positions);
  if (Object.keys(measured).length) useDesignStore.getState().setMeasured(measured);
  if (selNodes)
    useDesignStore
      .getState()
      .select({ nodes: [...selNodes], edges: useDesignStore.getState().selection.edges });
}

function onEdgesChange(changes: EdgeChange<PolicyFlowEdge>[]) {
  const st = useDesignStore.getState();
  let sel: Set<string> | null = null;
  for (const c of changes) {
    if (c.type === 'select') {
      sel ??= new Set(st.selection.edges);
      if (c.selected) sel.add(c.id);
      else sel.delete(c.id);
    }
  }
  if (sel) st.select({ nodes: useDesignStore.getState().selection.nodes, edges: [...sel] });
}

/** Connects, or says in a toast why not; whether it connected. */
function onConnect(c: Connection): boolean {
  const r = useDesignStore.getState().connect(c.source, c.target);
  if (!r.ok) useUiStore.getState().toast(`Cannot connect: ${r.reason}.`, 'error');
  return r.ok;
}

/**
 * Whether a connection to the handle under the pointer would be made: the design's own rule
 * (ops.connectionProblem). React Flow marks that handle `valid` while dragging, and drew a
 * client's "accepts no calls" handle, or a call already made, as a good place to drop.
 */
const isValidConnection = (c: Connection | PolicyFlowEdge) =>
  connectionProblem(useDesignStore.getState().design, c.source, c.target) === null;

/**
 * The handle a refused connection was dropped on keeps its plain look until the pointer
 * leaves it: its hover highlight (the pointer is still on it) read as if it had connected.
 */
function markRefused(handle: Element | null | undefined) {
  if (!(handle instanceof HTMLElement)) return;
  handle.dataset.refused = '';
  handle.addEventListener('pointerleave', () => delete handle.dataset.refused, { once: true });
}

/**
 * A connection dropped on a node's body rather than its handle still connects to that node
 * (the handles are small targets; missing one did nothing).
 */
const onConnectEnd: OnConnectEnd = (event, state) => {
  if (state.isValid || !state.fromNode) return;
  const pt = 'changedTouches' in event ? event.changedTouches[0] : event;
  if (!pt) return;
  const under = document.elementFromPoint(pt.clientX, pt.clientY);
  const id = under?.closest('.react-flow__node')?.getAttribute('data-id');
  const fromSource = state.fromHandle?.type !== 'target';
  const connected =
    !!id &&
    id !== state.fromNode.id &&
    onConnect({
      source: fromSource ? state.fromNode.id : id,
      target: fromSource ? id : state.fromNode.id,
      sourceHandle: null,
      targetHandle: null,
    });
  if (!connected) markRefused(under?.closest('.react-flow__handle'));
};

/**
 * A click on the pane over a call the bulk layer draws (a design of BULK_EDGES_FROM calls or
 * more) selects it, which makes it an edge component; a right-click opens its fault menu.
 */
function onPaneClick(e: ReactMouseEvent) {
  const id = bulkEdgeAt(e.clientX, e.clientY);
  // After React Flow's own handling of the click, which clears the selection.
  if (id !== null) queueMicrotask(() => useDesignStore.getState().select({ edges: [id] }));
}

function onPaneContextMenu(e: ReactMouseEvent | MouseEvent) {
  const id = bulkEdgeAt(e.clientX, e.clientY);
  if (id !== null) onEdgeContextMenu(e as ReactMouseEvent, { id } as PolicyFlowEdge);
}

const onDragStart: OnNodeDrag<KindFlowNode> = () => useDesignStore.getState().beginGesture();

/** At the end of a drag, nodes dropped into a zone join it and nodes dragged out leave it. */
const onDragStop: OnNodeDrag<KindFlowNode> = (_e, _node, dragged) => {
  const st = useDesignStore.getState();
  const ids = new Set(dragged.map((n) => n.id));
  let byId = nodeById(st.design);
  for (const n of dragged) {
    const dn = byId.get(n.id);
    if (!dn) continue;
    // A node whose zone moves with it stays inside.
    if (dn.parentId !== undefined && ids.has(dn.parentId)) continue;
    const a = absolutePosition(n.id, byId);
    const m = st.measured[n.id] ?? APPROX_NODE_SIZE;
    const zone = zoneAt(
      useDesignStore.getState().design,
      { x: a.x + m.width / 2, y: a.y + m.height / 2 },
      n.id,
    );
    if (zone !== dn.parentId) {
      useDesignStore.getState().reparent(n.id, zone, m);
      byId = nodeById(useDesignStore.getState().design);
    }
  }
  useDesignStore.getState().endGesture();
};

export function Canvas() {
  const nodesIn = useDesignStore((s) => s.design.nodes);
  const edgesIn = useDesignStore((s) => s.design.edges);
  const selection = useDesignStore((s) => s.selection);
  const measured = useDesignStore((s) => s.measured);
  const loadSeq = useDesignStore((s) => s.loadSeq);
  const theme = useUiStore((s) => s.theme);
  const snap = useUiStore((s) => s.snapToGrid);
  const showMinimap = useUiStore((s) => s.showMinimap);
  const [cache] = useState(() => new FlowCache());
  const [dropActive, setDropActive] = useState(false);

  const selNodes = useMemo(() => new Set(selection.nodes), [selection.nodes]);
  const selEdges = useMemo(() => new Set(selection.edges), [selection.edges]);
  const nodes = useMemo(
    () => cache.deriveNodes({ schemaVersion: 1, nodes: nodesIn, edges: [] }, selNodes, measured),
    [cache, nodesIn, selNodes, measured],
  );
  // The same map across a drag (kinds unchanged), so moving a node does not re-derive the edges.
  const kinds = useMemo(() => cache.nodeKinds(nodesIn), [cache, nodesIn]);
  const names = useMemo(() => cache.nodeNames(nodesIn), [cache, nodesIn]);
  // A large design's calls are drawn on one canvas, but for the selection's (bulkEdges.ts).
  const split = useMemo(() => splitEdges(edgesIn, selNodes, selEdges), [edgesIn, selNodes, selEdges]);
  const edges = useMemo(
    () => cache.deriveEdges({ schemaVersion: 1, nodes: [], edges: split.dom }, selEdges, kinds, names),
    [cache, split.dom, selEdges, kinds, names],
  );

  const flowStore = useStoreApi<KindFlowNode, PolicyFlowEdge>();
  useEffect(() => {
    setFlowStore(flowStore);
    return () => setFlowStore(null);
  }, [flowStore]);

  useEffect(() => {
    if (loadSeq === 0) return;
    const t = setTimeout(fitView, 60);
    return () => clearTimeout(t);
  }, [loadSeq]);

  const onDragOver = useCallback((e: DragEvent) => {
    const types = e.dataTransfer.types;
    if (types.includes(KIND_MIME) || types.includes('Files')) {
      e.preventDefault();
      e.dataTransfer.dropEffect = types.includes('Files') ? 'copy' : 'move';
      if (types.includes('Files')) setDropActive(true);
    }
  }, []);
  const onDrop = useCallback((e: DragEvent) => {
    setDropActive(false);
    const kind = e.dataTransfer.getData(KIND_MIME);
    if (kind) {
      e.preventDefault();
      const rf = getRf();
      if (!rf) return;
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const spec = isContainer(kind);
      useDesignStore
        .getState()
        .addNode(
          kind,
          spec ? p : { x: p.x - APPROX_NODE_SIZE.width / 2, y: p.y - APPROX_NODE_SIZE.height / 2 },
        );
      return;
    }
    const file = e.dataTransfer.files[0];
    if (file) {
      e.preventDefault();
      void openFile(file);
    }
  }, []);

  // Keyboard: Tab reaches each node, then each edge (React Flow makes them focusable;
  // ./keyboard.ts puts the edges after the nodes); Enter opens the focused one in the
  // inspector, with the focus on its first field (Escape there comes back: Inspector.tsx).
  // (React Flow's own keyboard handling stays off: its Space and arrow keys clash with ours.)
  const paneRef = useRef<HTMLDivElement | null>(null);
  const setPaneRef = useCallback((el: HTMLDivElement | null) => {
    paneRef.current = el;
    setPane(el);
  }, []);
  useCanvasTabOrder(paneRef);
  const onKeyDown = useCallback((e: KeyboardEvent) => {
    if (e.key === 'Tab') {
      if (!e.altKey && !e.ctrlKey && !e.metaKey && tabWithin(e.currentTarget, e.target, e.shiftKey))
        e.preventDefault();
      return;
    }
    if (e.key !== 'Enter') return;
    const el = e.target as Element;
    const id = el.getAttribute('data-id');
    if (id === null) return;
    const type = el.classList.contains('react-flow__node')
      ? 'node'
      : el.classList.contains('react-flow__edge')
        ? 'edge'
        : null;
    if (type === null) return;
    e.preventDefault();
    useDesignStore.getState().select(type === 'node' ? { nodes: [id] } : { edges: [id] });
    focusInspectorField({ type, id }, el);
  }, []);

  return (
    <div
      className={`sw-canvas${dropActive ? ' is-drop-target' : ''}`}
      ref={setPaneRef}
      onDragOver={onDragOver}
      onDragLeave={() => setDropActive(false)}
      onDrop={onDrop}
      onKeyDown={onKeyDown}
    >
      <ReactFlow<KindFlowNode, PolicyFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={onDragStart}
        onNodeDragStop={onDragStop}
        onInit={setInstance}
        onNodeContextMenu={onNodeContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        onPaneClick={split.drawn.length ? onPaneClick : undefined}
        onPaneContextMenu={split.drawn.length ? onPaneContextMenu : undefined}
        colorMode={theme}
        snapToGrid={snap}
        snapGrid={snapGrid}
        deleteKeyCode={null}
        // Space is ours (src/ui/canvas/spaceGesture.ts: a tap runs or pauses, a hold and
        // drag pans). React Flow's Space-to-pan swallowed every Space keydown, taps included.
        panActivationKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={multiKeys}
        disableKeyboardA11y
        zoomOnDoubleClick={false}
        // A selected zone stays behind its nodes (raised, it swallowed clicks meant for them).
        elevateNodesOnSelect={false}
        minZoom={0.1}
        maxZoom={3}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        onlyRenderVisibleElements={nodes.length >= VISIBLE_ONLY_FROM}
        attributionPosition="top-right"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        <BadgeScaleVar />
        {split.drawn.length ? <BulkEdges edges={split.drawn} /> : null}
        <TrafficOverlay />
        <TrafficLegend />
        {showMinimap ? <MiniMap pannable zoomable className="sw-minimap" ariaLabel="Mini map" /> : null}
        {/* The fit button shows the whole design, however small that makes it (the automatic
            fits on load stop at 25%, viewport.ts automaticFitMinZoom). */}
        <Controls showInteractive={false} position="bottom-left" fitViewOptions={FIT_ALL_OPTIONS}>
          <ControlButton onClick={() => void autoLayout()} title="Auto layout" aria-label="Auto layout">
            <Network size={14} aria-hidden />
          </ControlButton>
          <ControlButton
            onClick={() => useUiStore.getState().setPref('showMinimap', !showMinimap)}
            title={showMinimap ? 'Mini map: on' : 'Mini map: off'}
            aria-label="Mini map"
            aria-pressed={showMinimap}
            className={showMinimap ? 'is-on' : ''}
          >
            <MapIcon size={14} aria-hidden />
          </ControlButton>
          <ControlButton
            onClick={() => useUiStore.getState().setPref('snapToGrid', !snap)}
            title={snap ? 'Snap to grid: on' : 'Snap to grid: off'}
            aria-label="Snap to grid"
            aria-pressed={snap}
            className={snap ? 'is-on' : ''}
          >
            <Grid3x3 size={14} aria-hidden />
          </ControlButton>
        </Controls>
        {nodes.length === 0 ? (
          <Panel position="top-center" className="sw-empty-hint">
            Drag a component from the palette, or click one to add it here. Drop a design file to open it.
          </Panel>
        ) : null}
      </ReactFlow>
      <Toasts />
    </div>
  );
}
