/** Compact editor for a distribution param: its kind, its numbers, and a sketch of its shape. */
import { lazy, Suspense, useId, useState } from 'react';
import { checkDist, type DistSpec } from '../../model';
import { build, convert, fieldValues, FORM_FIELDS, FORM_LABELS, FORMS, formOf, type Form } from './distForms';
import { fmtNumber, parseNumberText, ResetButton, type FieldProps } from './fields';

const DistSketch = lazy(() => import('./DistSketch'));

function textsOf(d: unknown): Record<string, string> {
  const f = fieldValues(d);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) out[k] = Array.isArray(v) ? v.join(', ') : fmtNumber(v);
  return out;
}

function parseField(k: string, text: string): unknown {
  if (k === 'values') {
    const parts = text
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    return parts.map((p) => parseNumberText(p, false));
  }
  return parseNumberText(text, false);
}

export function DistEditor({ spec, value, onChange, path }: FieldProps<DistSpec>) {
  const id = useId();
  const eff = value === undefined ? spec.default : value;
  const form = formOf(eff);
  const [texts, setTexts] = useState(() => textsOf(eff));
  const [draftForm, setDraftForm] = useState<Form>(form);
  const [prev, setPrev] = useState(eff);
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (eff !== prev) {
    setPrev(eff);
    const cur: Record<string, unknown> = {};
    for (const k of FORM_FIELDS[draftForm]) cur[k] = parseField(k, texts[k] ?? '');
    if (JSON.stringify(build(draftForm, cur)) !== JSON.stringify(eff)) {
      setTexts(textsOf(eff));
      setDraftForm(form);
      setErrors({});
    }
  }

  const check = (f: Form, t: Record<string, string>) => {
    const vals: Record<string, unknown> = {};
    for (const k of FORM_FIELDS[f]) vals[k] = parseField(k, t[k] ?? '');
    const candidate = build(f, vals);
    const errs: Record<string, string> = {};
    for (const [rel, message] of checkDist(candidate)) {
      const m = /^\.(\w+)/.exec(rel);
      const key = f === 'constant' && rel === '' ? 'value' : m ? m[1] : '';
      errs[key] ??= message;
    }
    setErrors(errs);
    if (Object.keys(errs).length === 0) onChange(candidate, path);
  };

  const onForm = (f: Form) => {
    const d = convert(eff, f);
    const t = textsOf(d);
    setDraftForm(f);
    setTexts(t);
    setErrors({});
    onChange(d);
  };

  const valid = Object.keys(errors).length === 0;
  return (
    <div className={`sw-field sw-dist${valid ? '' : ' is-invalid'}`}>
      <div className="sw-field__row">
        <label htmlFor={id} className="sw-field__label">
          {spec.label}
        </label>
        <div className="sw-field__control">
          <select
            id={id}
            className="sw-input"
            value={draftForm}
            aria-describedby={`${id}-help`}
            onChange={(e) => onForm(e.target.value as Form)}
          >
            {FORMS.map((f) => (
              <option key={f} value={f}>
                {FORM_LABELS[f]}
              </option>
            ))}
          </select>
          <span className="sw-field__unit">{spec.unit}</span>
          <ResetButton value={value} label={spec.label} onReset={() => onChange(undefined)} />
        </div>
      </div>
      <div className="sw-dist__fields">
        {FORM_FIELDS[draftForm].map((k) => (
          <div
            key={k}
            className={`sw-dist__field${errors[k] ? ' is-invalid' : ''}${k === 'values' ? ' sw-dist__field--wide' : ''}`}
          >
            <label htmlFor={`${id}-${k}`}>{k}</label>
            <input
              id={`${id}-${k}`}
              className="sw-input sw-input--num"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              aria-label={`${spec.label} ${k}`}
              aria-invalid={errors[k] ? true : undefined}
              value={texts[k] ?? ''}
              onChange={(e) => {
                const t = { ...texts, [k]: e.target.value };
                setTexts(t);
                check(draftForm, t);
              }}
            />
          </div>
        ))}
      </div>
      {Object.entries(errors).map(([k, m]) => (
        <div key={k} className="sw-field__error">
          {k ? `${k}: ` : ''}
          {m}
        </div>
      ))}
      {valid && draftForm !== 'constant' ? (
        <Suspense fallback={<div className="sw-sketch sw-sketch--loading" />}>
          <DistSketch dist={eff} unit={spec.unit} />
        </Suspense>
      ) : null}
      <div className="sw-field__help" id={`${id}-help`}>
        {spec.help}
      </div>
    </div>
  );
}
