/** The right panel's inspector: a form generated from the catalog for the selected element. */
import { ArrowRight, Copy, Trash2 } from 'lucide-react';
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { EDGE_PARAMS, kindSpec, nodeName, type DesignEdge, type DesignNode, type Fields } from '../../model';
import { useDesignStore } from '../../state/designStore';
import { labelToStore } from '../../state/ops';
import { useUiStore } from '../../state/uiStore';
import { KindIcon } from '../KindIcon';
import { FieldRow, ParamField } from './fields';
import { focusElement, focusOnCanvas } from '../canvas/viewport';
import { elementName } from '../run/names';
import { useDesignSkeleton } from '../useDesignSkeleton';

/**
 * Escape in an element's form gives the focus back to the element on the canvas (where
 * Enter opened it), still selected; Escape there clears the selection (shortcuts.ts).
 */
function escapeToCanvas(e: KeyboardEvent, t: { type: 'node' | 'edge'; id: string }) {
  if (e.key !== 'Escape' || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  e.preventDefault();
  focusOnCanvas(t);
}

function ParamsForm({
  fields,
  params,
  elementId,
  write,
}: {
  fields: Fields;
  params: Record<string, unknown> | undefined;
  elementId: string;
  write: (key: string, value: unknown, coalesce?: string) => void;
}) {
  const keys = Object.keys(fields);
  const basic = keys.filter((k) => !fields[k].advanced);
  const advanced = keys.filter((k) => fields[k].advanced);
  const field = (k: string) => (
    <ParamField
      key={`${elementId}:${k}`}
      spec={fields[k]}
      value={params?.[k]}
      path={`${elementId}.${k}`}
      onChange={(v, c) => write(k, v, c)}
    />
  );
  return (
    <div className="sw-form">
      {basic.map(field)}
      {advanced.length ? (
        <details className="sw-advanced">
          <summary>Advanced</summary>
          {advanced.map(field)}
        </details>
      ) : null}
    </div>
  );
}

/**
 * The node's label. It follows the store (undo, a rename on the canvas) and writes as it is
 * typed, one undo step per burst of typing, so autosave keeps it even if the page closes
 * before the field is left. The draft stays as typed (spaces included) while it means what
 * is stored.
 */
function LabelField({ node, kindLabel }: { node: DesignNode; kindLabel: string }) {
  const id = useId();
  const [draft, setDraft] = useState(node.label ?? kindLabel);
  const [prev, setPrev] = useState(node.label);
  if (node.label !== prev) {
    setPrev(node.label);
    if (labelToStore(draft, kindLabel) !== node.label) setDraft(node.label ?? kindLabel);
  }
  return (
    <FieldRow id={id} label="Label" help={null}>
      <input
        id={id}
        className="sw-input"
        value={draft}
        maxLength={200}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          if (labelToStore(text, kindLabel) !== node.label)
            useDesignStore.getState().renameNode(node.id, text, `label:${node.id}`);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
        // Already written; leaving shows the label as stored (an empty field: the kind's name).
        onBlur={() => setDraft(node.label ?? kindLabel)}
      />
    </FieldRow>
  );
}

function NodeInspector({ node }: { node: DesignNode }) {
  const spec = kindSpec(node.kind);
  if (!spec) return <p className="sw-muted">Unknown kind {node.kind}.</p>;
  const write = (key: string, value: unknown, coalesce?: string) => {
    if (!useDesignStore.getState().setNodeParam(node.id, key, value, coalesce))
      useUiStore.getState().toast(`${spec.params[key]?.label ?? key}: that value is not allowed`, 'error');
  };
  return (
    <section
      className="sw-inspector"
      aria-label={`${spec.label} ${node.label ?? node.id}`}
      data-node={node.id}
      onKeyDown={(e) => escapeToCanvas(e, { type: 'node', id: node.id })}
    >
      <header className="sw-inspector__head">
        <span className="sw-inspector__icon">
          <KindIcon name={spec.icon} size={18} />
        </span>
        <div>
          <div className="sw-inspector__kind">{spec.label}</div>
          <div className="sw-inspector__id" title="Id (used by faults and in files)">
            {node.id}
          </div>
        </div>
        <div className="sw-inspector__actions">
          <button
            type="button"
            className="sw-icon-btn"
            aria-label="Duplicate"
            title="Duplicate (Ctrl+D)"
            onClick={() => useDesignStore.getState().duplicateSelection()}
          >
            <Copy size={14} aria-hidden />
          </button>
          <button
            type="button"
            className="sw-icon-btn"
            aria-label="Delete"
            title="Delete (Del)"
            onClick={() => useDesignStore.getState().deleteElements([node.id], [])}
          >
            <Trash2 size={14} aria-hidden />
          </button>
        </div>
      </header>
      <details className="sw-inspector__about">
        <summary>About this component</summary>
        <p>{spec.description}</p>
      </details>
      <LabelField key={node.id} node={node} kindLabel={spec.label} />
      {spec.outgoing !== 'none' ? <Calls node={node} /> : null}
      <ParamsForm key={node.id} fields={spec.params} params={node.params} elementId={node.id} write={write} />
    </section>
  );
}

/**
 * The node's calls (its outgoing edges), each a link to its policy, and a picker that adds
 * one: connecting without dragging between handles (the keyboard's way, and a quick one).
 */
function Calls({ node }: { node: DesignNode }) {
  const design = useDesignSkeleton(); // not the whole design: a drag would re-render this
  const pickId = useId();
  const out = design.edges.filter((e) => e.source === node.id);
  const full = kindSpec(node.kind)?.outgoing === 'one' && out.length > 0; // it calls exactly one
  const callable = full
    ? []
    : design.nodes.filter(
        (n) => n.id !== node.id && kindSpec(n.kind)?.acceptsCalls && !out.some((e) => e.target === n.id),
      );
  return (
    <div className="sw-calls">
      <div className="sw-field__label">Calls</div>
      {out.length ? (
        <ul className="sw-calls__list">
          {out.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                className="sw-link"
                onClick={() => focusElement({ type: 'edge', id: e.id })}
              >
                → {elementName(design, e.target)}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="sw-muted">None yet.</p>
      )}
      {callable.length ? (
        <div className="sw-calls__add">
          <label htmlFor={pickId} className="sw-visually-hidden">
            Add a call to
          </label>
          <select
            id={pickId}
            className="sw-input"
            value=""
            onChange={(e) => {
              const r = useDesignStore.getState().connect(node.id, e.target.value);
              if (!r.ok) useUiStore.getState().toast(`Cannot connect: ${r.reason}.`, 'error');
            }}
          >
            <option value="">Add a call to…</option>
            {callable.map((n) => (
              <option key={n.id} value={n.id}>
                {elementName(design, n.id)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}

function EdgeInspector({ edge, source, target }: { edge: DesignEdge; source?: string; target?: string }) {
  const write = (key: string, value: unknown, coalesce?: string) => {
    if (!useDesignStore.getState().setEdgeParam(edge.id, key, value, coalesce))
      useUiStore.getState().toast('That value is not allowed', 'error');
  };
  const name = (n: string | undefined, id: string) => n ?? id;
  return (
    <section
      className="sw-inspector"
      aria-label={`Edge ${edge.id}`}
      data-edge={edge.id}
      onKeyDown={(e) => escapeToCanvas(e, { type: 'edge', id: edge.id })}
    >
      <header className="sw-inspector__head">
        <span className="sw-inspector__icon">
          <ArrowRight size={18} aria-hidden />
        </span>
        <div>
          <div className="sw-inspector__kind">
            {name(source, edge.source)} → {name(target, edge.target)}
          </div>
          <div className="sw-inspector__id">{edge.id} · the caller’s policy for this dependency</div>
        </div>
        <div className="sw-inspector__actions">
          <button
            type="button"
            className="sw-icon-btn"
            aria-label="Delete"
            title="Delete (Del)"
            onClick={() => useDesignStore.getState().deleteElements([], [edge.id])}
          >
            <Trash2 size={14} aria-hidden />
          </button>
        </div>
      </header>
      <ParamsForm
        key={edge.id}
        fields={EDGE_PARAMS as Fields}
        params={edge.params}
        elementId={edge.id}
        write={write}
      />
    </section>
  );
}

/** Subscribes to one node's kind, label and params only (not its position: a drag does not re-render the form). */
function SelectedNode({ id }: { id: string }) {
  const kind = useDesignStore((s) => s.design.nodes.find((n) => n.id === id)?.kind);
  const label = useDesignStore((s) => s.design.nodes.find((n) => n.id === id)?.label);
  const params = useDesignStore((s) => s.design.nodes.find((n) => n.id === id)?.params);
  const node = useMemo<DesignNode | null>(
    () => (kind === undefined ? null : { id, kind, label, params }),
    [id, kind, label, params],
  );
  return node ? <NodeInspector node={node} /> : null;
}

const nameOf = (n: DesignNode | undefined) => (n ? nodeName(n) : undefined);

function SelectedEdge({ id }: { id: string }) {
  const edge = useDesignStore((s) => s.design.edges.find((e) => e.id === id));
  const src = useDesignStore((s) => nameOf(s.design.nodes.find((n) => n.id === edge?.source)));
  const tgt = useDesignStore((s) => nameOf(s.design.nodes.find((n) => n.id === edge?.target)));
  return edge ? <EdgeInspector edge={edge} source={src} target={tgt} /> : null;
}

/**
 * The inspector. With nothing selected it leads with the design's description (an example's
 * lesson); with a node or an edge selected, the lesson stays one click away above the form,
 * folded (open or not as the user last left it), so that a workshop can read it while
 * looking at a node's charts.
 */
export function Inspector() {
  const selected = useDesignStore((s) => s.selection.nodes.length + s.selection.edges.length > 0);
  const name = useDesignStore((s) => s.design.name);
  const description = useDesignStore((s) => s.design.description);
  const [lessonOpen, setLessonOpen] = useState(false);
  if (!selected || !description) return <InspectorBody />;
  return (
    <>
      <details
        className="sw-about-design sw-about-design--folded"
        open={lessonOpen}
        onToggle={(e) => setLessonOpen(e.currentTarget.open)}
      >
        <summary>About this design: {name ?? 'Untitled design'}</summary>
        <p>{description}</p>
      </details>
      <InspectorBody />
    </>
  );
}

function InspectorBody() {
  const selection = useDesignStore((s) => s.selection);
  const nodeCount = useDesignStore((s) => s.design.nodes.length);
  const edgeCount = useDesignStore((s) => s.design.edges.length);
  const name = useDesignStore((s) => s.design.name);
  const description = useDesignStore((s) => s.design.description);
  const { nodes, edges } = selection;
  if (nodes.length + edges.length === 0) {
    return (
      <div className="sw-inspector sw-inspector--empty">
        {description ? (
          // An example's lesson (what it shows, what to try), readable in full while it runs.
          <section className="sw-about-design" aria-label="About this design">
            <h2>{name ?? 'Untitled design'}</h2>
            <p>{description}</p>
          </section>
        ) : null}
        <p>Select a node or an edge to edit its parameters.</p>
        <p className="sw-muted">
          {nodeCount} nodes · {edgeCount} edges. The run settings and faults are under{' '}
          <button
            type="button"
            className="sw-link"
            onClick={() => useUiStore.getState().setRightTab('scenario')}
          >
            Scenario
          </button>
          .
        </p>
      </div>
    );
  }
  if (nodes.length === 1 && edges.length === 0) return <SelectedNode key={nodes[0]} id={nodes[0]} />;
  if (edges.length === 1 && nodes.length === 0) return <SelectedEdge key={edges[0]} id={edges[0]} />;
  return (
    <div className="sw-inspector sw-inspector--empty">
      <p>
        {nodes.length} node{nodes.length === 1 ? '' : 's'} and {edges.length} edge
        {edges.length === 1 ? '' : 's'} selected.
      </p>
      <div className="sw-row">
        <button
          type="button"
          className="sw-btn"
          onClick={() => useDesignStore.getState().duplicateSelection()}
          disabled={!nodes.length}
        >
          <Copy size={14} aria-hidden /> Duplicate
        </button>
        <button
          type="button"
          className="sw-btn sw-btn--danger"
          onClick={() => useDesignStore.getState().deleteSelection()}
        >
          <Trash2 size={14} aria-hidden /> Delete
        </button>
      </div>
    </div>
  );
}
