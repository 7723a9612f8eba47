/**
 * The parameter language of the catalog. Every node kind, the edge policy and every
 * fault declare their parameters with these constructors; validation, defaults, the
 * inspector form and the docs are all derived from the declarations.
 *
 * Each spec carries its value type as a phantom (`_value`) so that behaviour code gets
 * typed params (`ParamsOf<typeof kind.params>`) with no hand-written interfaces.
 */
import { checkDist, describeValue, type Dist } from './dist';

interface Base<T> {
  readonly label: string;
  readonly help: string;
  /** Shown in the node's canvas summary. */
  readonly canvas?: boolean;
  /** Hidden from the basic inspector view (still editable under "Advanced"). */
  readonly advanced?: boolean;
  /** Phantom: the type of the resolved value. Never set at run time. */
  readonly _value?: T;
}

export interface NumberSpec<T = number> extends Base<T> {
  readonly type: 'number';
  readonly default: T;
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  /** The value must be strictly greater than `min`. */
  readonly exclusiveMin?: boolean;
  readonly integer?: boolean;
  /** `null` is allowed and means "off" (e.g. no timeout). */
  readonly nullable?: boolean;
  readonly step?: number;
}
export interface BooleanSpec extends Base<boolean> {
  readonly type: 'boolean';
  readonly default: boolean;
}
export interface EnumSpec<O extends string = string> extends Base<O> {
  readonly type: 'enum';
  readonly options: readonly O[];
  readonly default: O;
  readonly optionLabels?: Partial<Record<O, string>>;
}
export interface StringSpec<T = string> extends Base<T> {
  readonly type: 'string';
  readonly default: T;
  readonly nullable?: boolean;
  readonly maxLength?: number;
}
export interface DistSpec extends Base<Dist> {
  readonly type: 'dist';
  readonly default: Dist;
  readonly unit: string;
}
export type Fields = Readonly<Record<string, ParamSpec>>;
export interface StructSpec<F extends Fields = Fields, T = unknown> extends Base<T> {
  readonly type: 'struct';
  readonly fields: F;
  /** A nullable struct is a feature that can be off (null); setting it to an object turns it on. */
  readonly nullable: boolean;
  /** A nullable struct that is on (all fields at their defaults) unless set to null. */
  readonly defaultOn?: boolean;
}
export interface UnionSpec<
  V extends Record<string, Fields> = Record<string, Fields>,
  T = unknown,
> extends Base<T> {
  readonly type: 'union';
  /** Variant name -> its fields. A value is a variant name, or an object `{type: name, ...fields}`. */
  readonly variants: V;
  readonly default: keyof V & string;
}
export interface ListSpec<F extends Fields = Fields, T = unknown> extends Base<T> {
  readonly type: 'list';
  readonly item: F;
  readonly maxItems: number;
  /** What one item is called ("Step" in a list labelled "Steps"). */
  readonly itemLabel: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the generic arguments are phantom types; any keeps them covariant */
export type ParamSpec =
  | NumberSpec<number>
  | NumberSpec<number | null>
  | BooleanSpec
  | EnumSpec<any>
  | StringSpec<string>
  | StringSpec<string | null>
  | DistSpec
  | StructSpec<any, any>
  | UnionSpec<any, any>
  | ListSpec<any, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export type Value<P> = P extends Base<infer T> ? T : never;
export type ParamsOf<F> = { -readonly [K in keyof F]: Value<F[K]> };
type UnionValue<V extends Record<string, Fields>> = { [K in keyof V]: { type: K } & ParamsOf<V[K]> }[keyof V];

type Doc = { label: string; help: string; canvas?: boolean; advanced?: boolean };

// ---- constructors -------------------------------------------------------------------

export function num(
  doc: Doc & {
    default: number;
    unit?: string;
    min?: number;
    max?: number;
    exclusiveMin?: boolean;
    step?: number;
  },
): NumberSpec<number> {
  return { type: 'number', ...doc };
}
export function int(
  doc: Doc & { default: number; unit?: string; min?: number; max?: number },
): NumberSpec<number> {
  return { type: 'number', integer: true, ...doc };
}
/** A number that may be null ("off"); `suggested` is what the inspector fills in when turned on. */
export function optNum(
  doc: Doc & {
    unit?: string;
    min?: number;
    max?: number;
    exclusiveMin?: boolean;
    integer?: boolean;
    suggested?: number;
  },
): NumberSpec<number | null> & { suggested?: number } {
  return { type: 'number', nullable: true, default: null, ...doc };
}
export function bool(doc: Doc & { default: boolean }): BooleanSpec {
  return { type: 'boolean', ...doc };
}
export function choice<const O extends string>(
  options: readonly O[],
  doc: Doc & { default: NoInfer<O>; optionLabels?: Partial<Record<O, string>> },
): EnumSpec<O> {
  return { type: 'enum', options, ...doc };
}
export function str(doc: Doc & { default: string; maxLength?: number }): StringSpec<string> {
  return { type: 'string', ...doc };
}
export function optStr(doc: Doc & { maxLength?: number }): StringSpec<string | null> {
  return { type: 'string', nullable: true, default: null, ...doc };
}
export function dist(doc: Doc & { default: Dist; unit?: string }): DistSpec {
  return { type: 'dist', unit: 'ms', ...doc };
}
export function struct<const F extends Fields>(fields: F, doc: Doc): StructSpec<F, ParamsOf<F>> {
  return { type: 'struct', fields, nullable: false, ...doc };
}
/** An optional feature: null (off) by default. */
export function feature<const F extends Fields>(
  fields: F,
  doc: Doc & { defaultOn?: boolean },
): StructSpec<F, ParamsOf<F> | null> {
  return { type: 'struct', fields, nullable: true, ...doc };
}
export function union<const V extends Record<string, Fields>>(
  variants: V,
  doc: Doc & { default: keyof V & string },
): UnionSpec<V, UnionValue<V>> {
  return { type: 'union', variants, ...doc };
}
export function list<const F extends Fields>(
  item: F,
  doc: Doc & { maxItems?: number; itemLabel?: string },
): ListSpec<F, ParamsOf<F>[]> {
  return {
    type: 'list',
    item,
    maxItems: doc.maxItems ?? 1000,
    itemLabel: doc.label.replace(/s$/, ''),
    ...doc,
  };
}

// ---- validation and defaults ---------------------------------------------------------

export interface Problem {
  path: string;
  message: string;
}

function fmtNum(n: number): string {
  return String(n);
}

/** Describes the allowed range of a number spec, e.g. "an integer >= 1". */
export function describeRange(s: NumberSpec<number | null>): string {
  const parts: string[] = [];
  if (s.min !== undefined) parts.push(`${s.exclusiveMin ? '>' : '>='} ${fmtNum(s.min)}`);
  if (s.max !== undefined) parts.push(`<= ${fmtNum(s.max)}`);
  const base = s.integer ? 'an integer' : 'a number';
  const range =
    parts.length === 2
      ? ` from ${fmtNum(s.min!)}${s.exclusiveMin ? ' (exclusive)' : ''} to ${fmtNum(s.max!)}`
      : parts.length
        ? ` ${parts[0]}`
        : '';
  return base + range + (s.nullable ? ' or null' : '');
}

/** The validator's message for one number value, or null when it is fine. Also used by the inspector. */
export function checkNumber(s: NumberSpec<number | null>, v: unknown): string | null {
  if (v === null && s.nullable) return null;
  const base = s.integer ? 'an integer' : 'a number';
  if (typeof v !== 'number' || !Number.isFinite(v) || (s.integer && !Number.isInteger(v))) {
    return `must be ${describeRange(s)}, got ${describeValue(v)}`;
  }
  if (s.min !== undefined && (s.exclusiveMin ? v <= s.min : v < s.min)) {
    return `must be ${base} ${s.exclusiveMin ? '>' : '>='} ${fmtNum(s.min)}, got ${describeValue(v)}`;
  }
  if (s.max !== undefined && v > s.max) return `must be ${base} <= ${fmtNum(s.max)}, got ${describeValue(v)}`;
  return null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates `value` against `spec` and returns it with every missing field filled from
 * the defaults. Problems are pushed with their JSON path (`path` is the value's own path).
 */
export function resolveParam(spec: ParamSpec, value: unknown, path: string, problems: Problem[]): unknown {
  if (value === undefined) return defaultOf(spec);
  switch (spec.type) {
    case 'number': {
      const msg = checkNumber(spec, value);
      if (msg) problems.push({ path, message: msg });
      return msg ? spec.default : value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') {
        problems.push({ path, message: `must be true or false, got ${describeValue(value)}` });
        return spec.default;
      }
      return value;
    case 'enum':
      if (typeof value !== 'string' || !spec.options.includes(value)) {
        problems.push({
          path,
          message: `must be one of ${spec.options.join(', ')}, got ${describeValue(value)}`,
        });
        return spec.default;
      }
      return value;
    case 'string':
      if (value === null && spec.nullable) return null;
      if (typeof value !== 'string' || value.length > (spec.maxLength ?? 200)) {
        problems.push({
          path,
          message: `must be a string of at most ${spec.maxLength ?? 200} characters, got ${describeValue(value)}`,
        });
        return spec.default;
      }
      return value;
    case 'dist': {
      const errs = checkDist(value);
      for (const [rel, message] of errs) problems.push({ path: path + rel, message });
      return errs.length ? spec.default : value;
    }
    case 'struct':
      if (value === null && spec.nullable) return null;
      if (!isPlainObject(value)) {
        problems.push({
          path,
          message: `must be an object${spec.nullable ? ' or null' : ''}, got ${describeValue(value)}`,
        });
        return defaultOf(spec);
      }
      return resolveFields(spec.fields, value, path, problems);
    case 'union': {
      const names = Object.keys(spec.variants);
      const obj = typeof value === 'string' ? { type: value } : value;
      if (!isPlainObject(obj) || typeof obj.type !== 'string' || !names.includes(obj.type)) {
        const got = isPlainObject(obj) ? describeValue(obj.type) : describeValue(value);
        problems.push({
          path: isPlainObject(obj) ? `${path}.type` : path,
          message: `must be one of ${names.join(', ')} (a name, or an object with "type"), got ${got}`,
        });
        return defaultOf(spec);
      }
      const { type, ...rest } = obj;
      return { type, ...resolveFields(spec.variants[type], rest, path, problems) };
    }
    case 'list': {
      if (!Array.isArray(value)) {
        problems.push({ path, message: `must be an array, got ${describeValue(value)}` });
        return [];
      }
      if (value.length > spec.maxItems) {
        problems.push({ path, message: `must have at most ${spec.maxItems} items, got ${value.length}` });
        return [];
      }
      return value.map((item, i) => {
        if (!isPlainObject(item)) {
          problems.push({ path: `${path}[${i}]`, message: `must be an object, got ${describeValue(item)}` });
          return defaultFields(spec.item);
        }
        return resolveFields(spec.item, item, `${path}[${i}]`, problems);
      });
    }
  }
}

export function resolveFields(
  fields: Fields,
  value: Record<string, unknown>,
  path: string,
  problems: Problem[],
) {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!(key in fields)) {
      problems.push({
        path: `${path}.${key}`,
        message: `unknown parameter; expected one of ${Object.keys(fields).join(', ') || '(none)'}`,
      });
    }
  }
  for (const [key, spec] of Object.entries(fields))
    out[key] = resolveParam(spec, value[key], `${path}.${key}`, problems);
  return out;
}

export function defaultOf(spec: ParamSpec): unknown {
  switch (spec.type) {
    case 'struct':
      return spec.nullable && !spec.defaultOn ? null : defaultFields(spec.fields);
    case 'union':
      return { type: spec.default, ...defaultFields(spec.variants[spec.default]) };
    case 'list':
      return [];
    default:
      return spec.default;
  }
}

export function defaultFields(fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(fields)) out[key] = defaultOf(spec);
  return out;
}

/** The value a feature struct takes when the user switches it on: every field at its default. */
export function enabledDefault(spec: ParamSpec): unknown {
  if (spec.type === 'struct') return defaultFields(spec.fields);
  if (spec.type === 'number' && spec.nullable)
    return (spec as { suggested?: number }).suggested ?? spec.min ?? 0;
  return defaultOf(spec);
}
