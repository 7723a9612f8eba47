/** Scenario: run length, warm-up, seed, and the fault schedule (faults from the catalog). */
import { Plus, Trash2 } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  FAULTS,
  FAULT_TYPES,
  faultTargetsEdges,
  faultTargetsKind,
  hasInstances,
  kindSpec,
  SCENARIO_FIELDS,
  validateDesign,
  type Design,
  type FaultType,
  type Fields,
} from '../../model';
import { useDesignStore } from '../../state/designStore';
import { faultTypeName } from '../run/chaos';
import { elementKind, nodeNames } from '../run/names';
import { useUiStore } from '../../state/uiStore';
import { useDesignSkeleton } from '../useDesignSkeleton';
import { FieldGroup, FieldRow, ParamField } from './fields';

interface Target {
  id: string;
  text: string;
}

/** The elements a fault of `type` may target, as the validator sees it. */
export function validTargets(design: Design, type: FaultType): Target[] {
  const out: Target[] = [];
  const names = nodeNames(design.nodes);
  for (const n of design.nodes) {
    if (faultTargetsKind(type, n.kind)) out.push({ id: n.id, text: `${names.get(n.id)} (${n.id})` });
  }
  if (faultTargetsEdges(type))
    for (const e of design.edges)
      out.push({
        id: e.id,
        text: `${names.get(e.source) ?? e.source} → ${names.get(e.target) ?? e.target} (${e.id})`,
      });
  return out;
}

function zones(design: Design): Target[] {
  return design.nodes
    .filter((n) => kindSpec(n.kind)?.container)
    .map((n) => ({ id: n.id, text: `${n.label ?? n.id} (${n.id})` }));
}

function TargetSelect({
  label,
  value,
  options,
  onChange,
  allowNone,
}: {
  label: string;
  value: string;
  options: Target[];
  onChange: (v: string) => void;
  allowNone?: string;
}) {
  const id = useId();
  const known = options.some((o) => o.id === value);
  return (
    <div className={`sw-field${!known && value && !allowNone ? ' is-invalid' : ''}`}>
      <div className="sw-field__row">
        <label htmlFor={id} className="sw-field__label">
          {label}
        </label>
        <div className="sw-field__control">
          <select
            id={id}
            className="sw-input"
            value={known ? value : ''}
            onChange={(e) => onChange(e.target.value)}
          >
            {allowNone !== undefined ? <option value="">{allowNone}</option> : null}
            {!known && allowNone === undefined ? (
              <option value="" disabled>
                {value
                  ? `${value} (not a valid target)`
                  : options.length
                    ? 'Choose…'
                    : 'No valid target in this design'}
              </option>
            ) : null}
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.text}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}

function FaultCard({
  index,
  fault,
  design,
  focus,
}: {
  index: number;
  fault: Record<string, unknown>;
  design: Design;
  focus: boolean;
}) {
  const typeId = useId();
  const ref = useRef<HTMLFieldSetElement>(null);
  const type = (typeof fault.type === 'string' && fault.type in FAULTS ? fault.type : 'crash') as FaultType;
  const def = FAULTS[type];
  const targetKind = elementKind(design, String(fault.target ?? ''));
  // A crash's instance count only where the target has instances (its catalog has the
  // param), as in the fault menu: a client's crash stops its traffic, a database's is whole.
  const noInstances = targetKind !== undefined && !hasInstances(targetKind);
  const named = faultTypeName(type, targetKind);
  useEffect(() => {
    if (focus) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [focus]);
  const write = (next: Record<string, unknown> | null, coalesce?: string) => {
    const faults = [...(useDesignStore.getState().design.scenario?.faults ?? [])];
    if (next === null) faults.splice(index, 1);
    else faults[index] = next;
    useDesignStore.getState().setFaults(faults, coalesce);
  };
  const changeType = (t: FaultType) => {
    const fields = FAULTS[t].fields as Fields;
    const next: Record<string, unknown> = { type: t };
    for (const [k, v] of Object.entries(fault)) if (k !== 'type' && k in fields) next[k] = v;
    const targets = validTargets(design, t);
    if (!targets.some((x) => x.id === next.target)) next.target = targets[0]?.id ?? '';
    write(next);
  };
  const fields = def.fields as Fields;
  return (
    <fieldset ref={ref} className={`sw-group sw-fault${focus ? ' is-focus' : ''}`}>
      <legend className="sw-group__legend">
        Fault {index + 1}: {named.label}
        <button
          type="button"
          className="sw-icon-btn"
          aria-label={`Remove fault ${index + 1}`}
          title="Remove"
          onClick={() => write(null)}
        >
          <Trash2 size={12} aria-hidden />
        </button>
      </legend>
      <div className="sw-field">
        <div className="sw-field__row">
          <label htmlFor={typeId} className="sw-field__label">
            Fault type
          </label>
          <div className="sw-field__control">
            <select
              id={typeId}
              className="sw-input"
              value={type}
              onChange={(e) => changeType(e.target.value as FaultType)}
            >
              {FAULT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {faultTypeName(t, targetKind).label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="sw-field__help">{named.help}</div>
      </div>
      <TargetSelect
        label={fields.target.label}
        value={typeof fault.target === 'string' ? fault.target : ''}
        options={validTargets(design, type)}
        onChange={(v) => write({ ...fault, target: v })}
      />
      {'peer' in fields ? (
        <TargetSelect
          label={fields.peer.label}
          value={typeof fault.peer === 'string' ? fault.peer : ''}
          options={zones(design).filter((z) => z.id !== fault.target)}
          allowNone="Every other zone"
          onChange={(v) => {
            const { peer: _p, ...rest } = fault;
            write(v ? { ...rest, peer: v } : rest);
          }}
        />
      ) : null}
      <FieldGroup
        fields={fields}
        value={fault}
        path={`fault${index}`}
        omit={noInstances ? ['target', 'peer', 'type', 'instances'] : ['target', 'peer', 'type']}
        onChange={(v, c) => write({ ...v, type }, c)}
      />
    </fieldset>
  );
}

export function ScenarioPanel() {
  const design = useDesignSkeleton();
  const name = useDesignStore((s) => s.design.name);
  const description = useDesignStore((s) => s.design.description);
  const scenario = useDesignStore((s) => s.design.scenario);
  const focusFault = useUiStore((s) => s.focusFault);
  const [newType, setNewType] = useState<FaultType>('crash');
  const nameId = useId();
  const descId = useId();
  const newId = useId();
  const sc = scenario ?? {};
  const faults = sc.faults ?? [];
  // The validator's word on each run setting, for rules across fields (warm-up < duration).
  const runProblems = useMemo(() => {
    const r = validateDesign({ schemaVersion: 1, nodes: [], edges: [], scenario });
    const out = new Map<string, string>();
    if (!r.ok) for (const p of r.errors) if (/^scenario\.[a-zA-Z]+$/.test(p.path)) out.set(p.path, p.message);
    return out;
  }, [scenario]);
  const addFault = () => {
    const targets = validTargets(design, newType);
    const f: Record<string, unknown> = { type: newType, target: targets[0]?.id ?? '', atS: 10 };
    if ('durationS' in FAULTS[newType].fields) f.durationS = 10;
    useDesignStore.getState().setFaults([...faults, f]);
  };
  return (
    <div className="sw-scenario">
      <section className="sw-form" aria-label="Design">
        <h3 className="sw-h3">Design</h3>
        <FieldRow id={nameId} label="Name" help={null}>
          <input
            id={nameId}
            className="sw-input"
            value={name ?? ''}
            maxLength={200}
            placeholder="Untitled design"
            onChange={(e) => useDesignStore.getState().setMeta({ name: e.target.value })}
          />
        </FieldRow>
        <div className="sw-field sw-field--stack">
          <label htmlFor={descId} className="sw-field__label">
            Description
          </label>
          <textarea
            id={descId}
            className="sw-input sw-textarea"
            rows={3}
            value={description ?? ''}
            maxLength={10_000}
            placeholder="What this design shows or teaches"
            onChange={(e) => useDesignStore.getState().setMeta({ description: e.target.value })}
          />
        </div>
      </section>
      <section className="sw-form" aria-label="Run settings">
        <h3 className="sw-h3">Run</h3>
        {(Object.keys(SCENARIO_FIELDS) as (keyof typeof SCENARIO_FIELDS)[]).map((k) => (
          <ParamField
            key={k}
            spec={SCENARIO_FIELDS[k]}
            value={sc[k]}
            path={`scenario.${k}`}
            problem={runProblems.get(`scenario.${k}`)}
            onChange={(v, c) => useDesignStore.getState().setScenarioField(k, v as number | undefined, c)}
          />
        ))}
      </section>
      <section className="sw-form" aria-label="Faults">
        <h3 className="sw-h3">Faults</h3>
        {faults.length === 0 ? (
          <p className="sw-muted">No faults scheduled. Add one to see how the design copes.</p>
        ) : null}
        {faults.map((f, i) => (
          <FaultCard key={i} index={i} fault={f} design={design} focus={focusFault === i} />
        ))}
        <div className="sw-add-fault">
          <label htmlFor={newId} className="sw-visually-hidden">
            New fault type
          </label>
          <select
            id={newId}
            className="sw-input"
            value={newType}
            onChange={(e) => setNewType(e.target.value as FaultType)}
          >
            {FAULT_TYPES.map((t) => (
              <option key={t} value={t}>
                {FAULTS[t].label}
              </option>
            ))}
          </select>
          <button type="button" className="sw-btn sw-btn--small" onClick={addFault}>
            <Plus size={12} aria-hidden /> Add fault
          </button>
        </div>
      </section>
    </div>
  );
}
