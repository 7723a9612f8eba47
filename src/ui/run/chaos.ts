/** Which live faults apply to a target, and the fault object each one injects (pure). */
import { niceCeil } from '../../model/nice';
import { FAULTS, faultLasts, faultTargetsEdges, faultTargetsKind, type FaultType } from '../../model/faults';
import { hasInstances, isTrafficSource, kindSpec } from '../../model/kinds';
import { checkNumber, describeRange, type Fields, type NumberSpec } from '../../model/params';
import { fmtSpeed } from './format';

export interface FaultOption {
  key: string;
  label: string;
  type: FaultType;
  /** The one tunable figure, if any. */
  param?: { name: 'factor' | 'rate'; label: string; value: number; min: number; max: number; step: number };
  extra?: Record<string, unknown>;
  /** What it does, where the label alone does not say (the item's tooltip). */
  help?: string;
  /** The toast once injected, where "<label> injected into <target>." does not read. */
  injected?: (targetName: string) => string;
}

/**
 * A crash of a traffic source (a client: its catalog and the validator allow one, `'*'`)
 * stops its traffic: it sends no new requests until the fault ends, and answers to those in
 * flight still arrive (sim/nodes/client.ts), as when its zone is down. "Crash" would
 * read as if the users got errors; the menu, the timeline and the toasts say what happens.
 */
export function stopsTraffic(type: string, targetKind: string | undefined): boolean {
  return type === 'crash' && targetKind !== undefined && isTrafficSource(targetKind);
}

export const STOP_TRAFFIC: FaultOption & { verb: string; typeLabel: string } = {
  key: 'stop',
  /** In the target's fault menu. */
  label: 'Stop its traffic',
  /** Before the target's name where the fault is listed: "stop Users". */
  verb: 'stop',
  /** As a fault type, where a scheduled fault is edited. */
  typeLabel: 'Stop traffic',
  type: 'crash',
  help: 'The client sends no new requests until the fault ends; requests in flight still get their answers.',
  injected: (name) => `${name} stopped sending.`,
};

/**
 * A fault type's name and help where a scheduled fault is edited (the Scenario tab): a
 * crash of a traffic source is "Stop traffic", as the fault menu and the timeline say.
 */
export function faultTypeName(
  type: FaultType,
  targetKind: string | undefined,
): { label: string; help: string } {
  return stopsTraffic(type, targetKind)
    ? { label: STOP_TRAFFIC.typeLabel, help: STOP_TRAFFIC.help! }
    : { label: FAULTS[type].label, help: FAULTS[type].help };
}

const ALL: FaultOption[] = [
  { key: 'kill', label: 'Crash', type: 'crash' },
  { key: 'kill-one', label: 'Crash one instance', type: 'crash', extra: { instances: 1 } },
  {
    key: 'slow',
    label: 'Slow down',
    type: 'latency',
    param: { name: 'factor', label: 'Factor ×', value: 5, min: 1, max: 1000, step: 1 },
  },
  {
    key: 'errors',
    label: 'Error rate',
    type: 'errors',
    param: { name: 'rate', label: 'Rate', value: 0.5, min: 0, max: 1, step: 0.05 },
  },
  {
    key: 'cpu',
    label: 'CPU throttle',
    type: 'cpu',
    param: { name: 'factor', label: 'Capacity ×', value: 0.5, min: 0.01, max: 1, step: 0.05 },
  },
  { key: 'partition', label: 'Partition', type: 'partition' },
  {
    key: 'loss',
    label: 'Packet loss',
    type: 'loss',
    param: { name: 'rate', label: 'Rate', value: 0.2, min: 0, max: 1, step: 0.05 },
  },
  { key: 'flush', label: 'Flush cache', type: 'cache-flush' },
  { key: 'primary', label: 'Fail primary', type: 'primary-failure' },
  { key: 'zone', label: 'Zone outage', type: 'zone-outage' },
  {
    key: 'spike',
    label: 'Traffic spike',
    type: 'traffic',
    param: { name: 'factor', label: 'Factor ×', value: 3, min: 0, max: 1000, step: 0.5 },
  },
];

/** Target: a node kind, or 'edge'. */
export function faultOptionsFor(target: { kind: string } | 'edge'): FaultOption[] {
  return ALL.filter((o) => {
    if (target === 'edge') return faultTargetsEdges(o.type);
    // A container (a zone) has its own outage entry: no second "crash" of it in the menu.
    if (o.type === 'crash' && kindSpec(target.kind)?.container) return false;
    // "One instance" only where a kind has instances to count (its catalog has the param).
    if (o.extra?.instances !== undefined && !hasInstances(target.kind)) return false;
    return faultTargetsKind(o.type, target.kind);
  }).map((o) =>
    o.key === 'kill' && target !== 'edge' && stopsTraffic(o.type, target.kind) ? STOP_TRAFFIC : o,
  );
}

/** The fault object sent to runStore.inject (it starts at the current simulated time). */
export function faultFor(
  o: FaultOption,
  target: string,
  durationS: number | null,
  param?: number,
): Record<string, unknown> {
  const f: Record<string, unknown> = { type: o.type, target, ...o.extra };
  if (faultLasts(o.type) && durationS !== null && durationS > 0) f.durationS = durationS;
  if (o.param) f[o.param.name] = param ?? o.param.value;
  return f;
}

/** Real seconds a live fault lasts by default: long enough to point at it on a projector. */
export const LIVE_FAULT_REAL_S = 5;

/**
 * The duration (simulated s) a live-injected fault defaults to at `speed`, with `leftS`
 * simulated seconds of the run to go: 10 s, or about LIVE_FAULT_REAL_S real seconds where
 * that is longer (50 s at 10×; 10 s was over in one real second). null, until ended, at max
 * speed (no simulated duration maps to a real one) or where it would outlast the run.
 */
export function liveFaultDefaultS(speed: number | 'max', leftS = Infinity): number | null {
  if (speed === 'max' || !(speed > 0)) return null;
  const d = Math.max(10, niceCeil(LIVE_FAULT_REAL_S * speed));
  return d >= leftS ? null : d;
}

/**
 * The text of a fault row's duration field: what the user typed once they have edited it
 * (empty included: until ended), else the default, which follows the speed as the menu's
 * note below it does.
 */
export function durationFieldText(edited: string | null, defaultS: number | null): string {
  return edited ?? (defaultS === null ? '' : String(defaultS));
}

/** The fault menu's note of what that default means in real time. */
export function liveFaultDefaultText(speed: number | 'max', durationS: number | null): string {
  if (durationS === null)
    return speed === 'max'
      ? 'By default a fault lasts until ended (at max speed a set duration is over at once).'
      : 'By default a fault lasts to the end of the run.';
  const real = durationS / (speed === 'max' ? 1 : speed);
  const r = real >= 10 ? Math.round(real) : Math.round(real * 10) / 10;
  return `By default a fault lasts ${durationS} s: about ${r} s of real time at ${fmtSpeed(speed)}.`;
}

/** A fault row's field the user typed into: its one figure, or its duration. */
export type FaultRowField = 'param' | 'duration';

/**
 * What is wrong with a fault row's fields before it is injected: one message per bad field,
 * naming the field and its own bounds (the row's, which may be narrower than the fault
 * schema's: a slow-down factor from 1, not 0). Empty when both are fine. The schema's
 * message named its own minimum ("at least 0.001" beside a field that starts at 0.01), and
 * only for the first bad field; a bad duration was dropped without a word (the fault then
 * lasted to the end of the run). Each field is checked, and its bounds worded, as the
 * validator does a number field (params.ts checkNumber, describeRange).
 */
export function faultRowProblems(
  o: FaultOption,
  paramText: string,
  durationText: string,
): { field: FaultRowField; message: string }[] {
  const out: { field: FaultRowField; message: string }[] = [];
  const asNumber = (text: string) => (text.trim() === '' ? NaN : Number(text));
  if (o.param) {
    const { label, value, min, max } = o.param;
    const name = label.replace(/\s*×$/, '');
    // The row's own bounds, as a number field of its own.
    const row: NumberSpec = { type: 'number', label: name, help: '', default: value, min, max };
    if (checkNumber(row, asNumber(paramText)) !== null)
      out.push({
        field: 'param',
        message: `${name} must be ${describeRange(row)}${paramText.trim() === '' ? '' : `; got ${paramText.trim()}`}.`,
      });
  }
  const spec = (FAULTS[o.type].fields as Fields).durationS;
  if (spec?.type === 'number' && durationText.trim() !== '') {
    // Above the schema's 0: faultFor drops a duration of 0, which then meant "until the end".
    // Empty is the schema's null (until the end): here a typed duration must be a number.
    const row: NumberSpec<number | null> = { ...spec, nullable: false, exclusiveMin: true };
    if (checkNumber(row, asNumber(durationText)) !== null)
      out.push({
        field: 'duration',
        message: `Duration (s) must be ${describeRange(row)}, or empty (until the end); got ${durationText.trim()}.`,
      });
  }
  return out;
}
