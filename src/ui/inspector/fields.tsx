/**
 * Form fields generated from the catalog's ParamSpecs. Every input is labelled with the
 * param's label; invalid input is flagged with the validator's own message and never written.
 */
import { RotateCcw, Plus, Trash2 } from 'lucide-react';
import { useId, useState, type ReactNode } from 'react';
import {
  checkNumber,
  defaultFields,
  defaultOf,
  describeRange,
  type BooleanSpec,
  type EnumSpec,
  type Fields,
  type ListSpec,
  type NumberSpec,
  type ParamSpec,
  type StringSpec,
  type StructSpec,
  type UnionSpec,
} from '../../model';
import { DistEditor } from './DistEditor';
import { useUiStore } from '../../state/uiStore';

/** `coalesce`: a key; consecutive changes with the same key become one undo step (typing). */
export type OnChange = (value: unknown, coalesce?: string) => void;

export interface FieldProps<S extends ParamSpec = ParamSpec> {
  spec: S;
  /** The raw (sparse) value: undefined means "the default". */
  value: unknown;
  onChange: OnChange;
  /** Dotted path of this field inside the element (for ids and undo coalescing). */
  path: string;
  /**
   * A problem the design validator reports for this field's stored value that the field
   * cannot see alone (a rule across fields, such as a warm-up longer than the run).
   */
  problem?: string | null;
}

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function fmtNumber(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return String(v);
}

const NUM_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Text typed into a number box -> the value checked by the validator. */
export function parseNumberText(text: string, nullable: boolean): unknown {
  const t = text.trim().replace(/_/g, '');
  if (t === '') return nullable ? null : undefined;
  return NUM_RE.test(t) ? Number(t) : t;
}

function defaultText(spec: ParamSpec): string {
  const d = defaultOf(spec);
  if (d === null) return 'off';
  if (typeof d === 'number' || typeof d === 'boolean') return String(d);
  if (typeof d === 'string') return d;
  return '';
}

export function ResetButton({
  value,
  label,
  onReset,
}: {
  value: unknown;
  label: string;
  onReset: () => void;
}) {
  if (value === undefined) return <span className="sw-field__reset-space" />;
  return (
    <button
      type="button"
      className="sw-icon-btn sw-field__reset"
      aria-label={`Reset ${label}`}
      title="Reset to default"
      onClick={onReset}
    >
      <RotateCcw size={12} aria-hidden />
    </button>
  );
}

function Help({ id, spec, extra }: { id: string; spec: ParamSpec; extra?: ReactNode }) {
  const d = defaultText(spec);
  return (
    <div className="sw-field__help" id={id}>
      {spec.help}
      {extra || d ? (
        <span className="sw-field__meta">
          {extra}
          {extra && d ? ' · ' : ''}
          {d
            ? `default ${d}${spec.type === 'number' && spec.unit && d !== 'off' ? ` ${spec.unit}` : ''}`
            : ''}
        </span>
      ) : null}
    </div>
  );
}

/** One labelled field: label, control (children), then its error (if any) and help. */
export function FieldRow({
  id,
  label,
  error,
  help,
  children,
}: {
  id: string;
  label: string;
  error?: string | null;
  help: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={`sw-field${error ? ' is-invalid' : ''}`}>
      <div className="sw-field__row">
        <label htmlFor={id} className="sw-field__label">
          {label}
        </label>
        <div className="sw-field__control">{children}</div>
      </div>
      {error ? (
        <div className="sw-field__error" id={`${id}-err`}>
          {error}
        </div>
      ) : null}
      {help}
    </div>
  );
}

export function NumberField({ spec, value, onChange, path, problem }: FieldProps<NumberSpec<number | null>>) {
  const id = useId();
  const eff = value === undefined ? spec.default : value;
  const nullable = spec.nullable === true;
  const [draft, setDraft] = useState(() => fmtNumber(eff));
  const [prev, setPrev] = useState(eff);
  const [error, setError] = useState<string | null>(null);
  if (eff !== prev) {
    setPrev(eff);
    if (parseNumberText(draft, nullable) !== eff) {
      setDraft(fmtNumber(eff));
      setError(null);
    }
  }
  const onText = (text: string) => {
    setDraft(text);
    const v = parseNumberText(text, nullable);
    const msg = checkNumber(spec, v);
    setError(msg);
    if (!msg) onChange(v, path);
  };
  return (
    <FieldRow
      id={id}
      label={spec.label}
      error={error ?? problem ?? null}
      help={<Help id={`${id}-help`} spec={spec} extra={describeRange(spec)} />}
    >
      <input
        id={id}
        className="sw-input sw-input--num"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        placeholder={nullable ? 'off' : undefined}
        aria-invalid={error || problem ? true : undefined}
        aria-describedby={`${id}-err ${id}-help`}
        onChange={(e) => onText(e.target.value)}
        onBlur={() => {
          // Leaving a bad value behind would show a number the run does not use: go back to
          // the value in effect, and say so.
          if (error)
            useUiStore
              .getState()
              .toast(
                `${spec.label}: ${draft.trim() || 'empty'} not applied (${error}); kept ${fmtNumber(eff) || 'off'}.`,
                'error',
              );
          setDraft(fmtNumber(eff));
          setError(null);
        }}
      />
      <span className="sw-field__unit">{spec.unit ?? ''}</span>
      <ResetButton value={value} label={spec.label} onReset={() => onChange(undefined)} />
    </FieldRow>
  );
}

/** An on/off switch described by the help text at `${id}-help`. */
function Switch({
  id,
  checked,
  onChange,
}: {
  id: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <input
      id={id}
      type="checkbox"
      role="switch"
      className="sw-switch"
      checked={checked}
      aria-describedby={`${id}-help`}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

export function BooleanField({ spec, value, onChange }: FieldProps<BooleanSpec>) {
  const id = useId();
  const eff = value === undefined ? spec.default : value === true;
  return (
    <FieldRow id={id} label={spec.label} help={<Help id={`${id}-help`} spec={spec} />}>
      <Switch id={id} checked={eff} onChange={onChange} />
      <ResetButton value={value} label={spec.label} onReset={() => onChange(undefined)} />
    </FieldRow>
  );
}

export function EnumField({ spec, value, onChange }: FieldProps<EnumSpec<string>>) {
  const id = useId();
  const eff = typeof value === 'string' ? value : spec.default;
  const labels = (spec.optionLabels ?? {}) as Record<string, string | undefined>;
  return (
    <FieldRow id={id} label={spec.label} help={<Help id={`${id}-help`} spec={spec} />}>
      <select
        id={id}
        className="sw-input"
        value={eff}
        aria-describedby={`${id}-help`}
        onChange={(e) => onChange(e.target.value)}
      >
        {spec.options.map((o) => (
          <option key={o} value={o}>
            {labels[o] ?? o}
          </option>
        ))}
      </select>
      <ResetButton value={value} label={spec.label} onReset={() => onChange(undefined)} />
    </FieldRow>
  );
}

export function StringField({ spec, value, onChange, path }: FieldProps<StringSpec<string | null>>) {
  const id = useId();
  const eff =
    typeof value === 'string'
      ? value
      : value === undefined && typeof spec.default === 'string'
        ? spec.default
        : '';
  const max = spec.maxLength ?? 200;
  return (
    <FieldRow id={id} label={spec.label} help={<Help id={`${id}-help`} spec={spec} />}>
      <input
        id={id}
        className="sw-input"
        type="text"
        value={eff}
        maxLength={max}
        placeholder={spec.nullable ? 'none' : undefined}
        aria-describedby={`${id}-help`}
        onChange={(e) => onChange(e.target.value === '' && spec.nullable ? null : e.target.value, path)}
      />
    </FieldRow>
  );
}

/** The fields of a struct, union variant or list item, writing into one object. */
export function FieldGroup({
  fields,
  value,
  onChange,
  path,
  omit,
}: {
  fields: Fields;
  value: Record<string, unknown>;
  onChange: (v: Record<string, unknown>, coalesce?: string) => void;
  path: string;
  omit?: readonly string[];
}) {
  const keys = Object.keys(fields).filter((k) => !omit?.includes(k));
  const basic = keys.filter((k) => !fields[k].advanced);
  const advanced = keys.filter((k) => fields[k].advanced);
  const field = (k: string) => (
    <ParamField
      key={k}
      spec={fields[k]}
      value={value[k]}
      path={`${path}.${k}`}
      onChange={(v, c) => {
        const next = { ...value };
        const spec = fields[k];
        if (
          v === undefined ||
          (spec.type === 'struct' && !spec.nullable && isObj(v) && Object.keys(v).length === 0)
        )
          delete next[k];
        else next[k] = v;
        onChange(next, c);
      }}
    />
  );
  return (
    <>
      {basic.map(field)}
      {advanced.length ? (
        <details className="sw-advanced">
          <summary>Advanced</summary>
          {advanced.map(field)}
        </details>
      ) : null}
    </>
  );
}

export function StructField({ spec, value, onChange, path }: FieldProps<StructSpec>) {
  const id = useId();
  const on = spec.nullable ? (value === undefined ? spec.defaultOn === true : value !== null) : true;
  const obj = isObj(value) ? value : {};
  return (
    <fieldset className={`sw-group${on ? '' : ' is-off'}`}>
      <legend className="sw-group__legend">
        {spec.nullable ? (
          <span className="sw-group__toggle">
            <Switch
              id={id}
              checked={on}
              onChange={(checked) => onChange(checked ? (spec.defaultOn ? undefined : {}) : null)}
            />
            <label htmlFor={id}>{spec.label}</label>
          </span>
        ) : (
          spec.label
        )}
      </legend>
      <div className="sw-field__help" id={`${id}-help`}>
        {spec.help}
      </div>
      {on ? (
        <FieldGroup fields={spec.fields} value={obj} path={path} onChange={(v, c) => onChange(v, c)} />
      ) : null}
    </fieldset>
  );
}

export function UnionField({ spec, value, onChange, path }: FieldProps<UnionSpec>) {
  const id = useId();
  const names = Object.keys(spec.variants);
  const current =
    typeof value === 'string'
      ? value
      : isObj(value) && typeof value.type === 'string'
        ? value.type
        : spec.default;
  const fields = spec.variants[current] ?? {};
  const obj = isObj(value) ? value : { type: current };
  const hasFields = Object.keys(fields).length > 0;
  return (
    <fieldset className="sw-group">
      <div className="sw-field">
        <div className="sw-field__row">
          <label htmlFor={id} className="sw-field__label">
            {spec.label}
          </label>
          <div className="sw-field__control">
            <select
              id={id}
              className="sw-input"
              value={current}
              aria-describedby={`${id}-help`}
              onChange={(e) => {
                const name = e.target.value;
                onChange(Object.keys(spec.variants[name]).length ? { type: name } : name);
              }}
            >
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </div>
        <Help id={`${id}-help`} spec={spec} />
      </div>
      {hasFields ? (
        <FieldGroup
          fields={fields}
          value={obj}
          path={`${path}.${current}`}
          omit={['type']}
          onChange={(v, c) => onChange({ ...v, type: current }, c)}
        />
      ) : null}
    </fieldset>
  );
}

export function ListField({ spec, value, onChange, path }: FieldProps<ListSpec>) {
  const items = Array.isArray(value) ? (value as unknown[]) : [];
  const set = (next: unknown[], c?: string) => onChange(next.length ? next : undefined, c);
  return (
    <fieldset className="sw-group">
      <legend className="sw-group__legend">{spec.label}</legend>
      <div className="sw-field__help">{spec.help}</div>
      {items.map((item, i) => (
        <fieldset key={i} className="sw-group sw-group--item">
          <legend className="sw-group__legend">
            {spec.itemLabel} {i + 1}
            <button
              type="button"
              className="sw-icon-btn"
              aria-label={`Remove ${spec.itemLabel.toLowerCase()} ${i + 1}`}
              onClick={() => set(items.filter((_, j) => j !== i))}
            >
              <Trash2 size={12} aria-hidden />
            </button>
          </legend>
          <FieldGroup
            fields={spec.item}
            value={isObj(item) ? item : {}}
            path={`${path}[${i}]`}
            onChange={(v, c) =>
              set(
                items.map((x, j) => (j === i ? v : x)),
                c,
              )
            }
          />
        </fieldset>
      ))}
      {items.length < spec.maxItems ? (
        <button
          type="button"
          className="sw-btn sw-btn--small"
          onClick={() => set([...items, defaultFields(spec.item)])}
        >
          <Plus size={12} aria-hidden /> Add {spec.itemLabel.toLowerCase()}
        </button>
      ) : null}
    </fieldset>
  );
}

export function ParamField(props: FieldProps) {
  const { spec } = props;
  switch (spec.type) {
    case 'number':
      return <NumberField {...props} spec={spec} />;
    case 'boolean':
      return <BooleanField {...props} spec={spec} />;
    case 'enum':
      return <EnumField {...props} spec={spec} />;
    case 'string':
      return <StringField {...props} spec={spec} />;
    case 'dist':
      return <DistEditor {...props} spec={spec} />;
    case 'struct':
      return <StructField {...props} spec={spec} />;
    case 'union':
      return <UnionField {...props} spec={spec} />;
    case 'list':
      return <ListField {...props} spec={spec} />;
  }
}
