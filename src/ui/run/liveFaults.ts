/**
 * Faults injected during a run, as the fault timeline and the fault menu show them (pure;
 * unit-tested): which are in effect, which are over and when they ended, which can still
 * be ended, and the names the canvas shows for their targets.
 */
import type { Design } from '../../model/design';
import type { ActiveFaultInfo } from '../../worker/api';
import { FAULTS, faultLasts, type FaultType } from '../../model/faults';
import { STOP_TRAFFIC, stopsTraffic } from './chaos';
import { elementKind, elementName } from './names';

/**
 * pending: injected while paused, starts when the run goes on; active: in effect now;
 * ended: over (ran its course or was ended); instant: a fault with no duration (a cache flush).
 */
export type LiveFaultState = 'pending' | 'active' | 'ended' | 'instant';

export function liveFaultState(f: ActiveFaultInfo): LiveFaultState {
  if (!faultLasts(f.type)) return 'instant';
  if (f.active) return 'active';
  return f.ended ? 'ended' : 'pending';
}

/** A live fault can be ended while it is in effect or waiting to start, and the run goes on. */
export function canEnd(f: ActiveFaultInfo, runFinished: boolean): boolean {
  if (!f.injected || runFinished) return false;
  const s = liveFaultState(f);
  return s === 'active' || s === 'pending';
}

/** The live faults that can be ended, on one target (null: on any), oldest first. */
export function endableFaults(
  faults: readonly ActiveFaultInfo[],
  target: string | null,
  runFinished: boolean,
): ActiveFaultInfo[] {
  return faults.filter((f) => (target === null || f.target === target) && canEnd(f, runFinished));
}

export interface LiveBar {
  id: number;
  state: LiveFaultState;
  startS: number;
  /** Where the solid (elapsed) part ends: now while active, the end once over. */
  elapsedEndS: number;
  /** Where the bar ends: the planned end while one is set and ahead, else elapsedEndS. */
  barEndS: number;
  /** Active with no end set: it lasts until ended (the bar's right end is open). */
  open: boolean;
}

/**
 * A live fault's bar at time `nowS` on a run of `durationS` seconds. Over, it spans start to
 * the time it ended; in effect, the elapsed part runs to now and a planned end (if any)
 * shows what is left; not begun, only the plan shows.
 */
export function liveBar(f: ActiveFaultInfo, nowS: number, durationS: number): LiveBar {
  const state = liveFaultState(f);
  const startS = f.startS;
  const clamp = (t: number) => Math.min(durationS, Math.max(startS, t));
  const planned = f.endS === null ? null : clamp(f.endS);
  let elapsedEndS = startS;
  let barEndS = startS;
  let open = false;
  if (state === 'ended') {
    elapsedEndS = barEndS = planned ?? startS;
  } else if (state === 'active') {
    elapsedEndS = clamp(nowS);
    // The now line can trail the end a little (frames are thinned): never past the end.
    if (planned !== null) elapsedEndS = Math.min(elapsedEndS, planned);
    barEndS = planned ?? elapsedEndS;
    open = planned === null;
  } else if (state === 'pending') {
    barEndS = planned ?? startS;
  }
  return { id: f.id, state, startS, elapsedEndS, barEndS, open };
}

/** A simulated time as m:ss ("0:12", "1:05"; hours roll into minutes). */
export function fmtAt(s: number): string {
  const t = Math.max(0, Math.floor(s + 1e-9));
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
}

/**
 * The fault type in words, from the Scenario tab's names ("crash", "slow down", "flush
 * cache"); with its target's kind, a traffic source's crash as the fault menu words it
 * ("stop": it stops sending, nobody gets errors), as the Scenario tab names it once the
 * target is a client (chaos.ts faultTypeName).
 */
export const faultTypeText = (type: string, targetKind?: string): string =>
  stopsTraffic(type, targetKind)
    ? STOP_TRAFFIC.verb
    : (FAULTS[type as FaultType]?.label ?? type.replace(/-/g, ' ')).toLowerCase();

/**
 * A fault as the timeline labels its bar: its type in words and its target as the canvas
 * names it ("crash Database", "slow down Postgres"; a client's crash is "stop Users").
 */
export function faultLabel(type: string, target: string, design: Pick<Design, 'nodes' | 'edges'>): string {
  return `${faultTypeText(type, elementKind(design, target))} ${elementName(design, target)}`;
}

/**
 * A fault named in a sentence ("Injected …", "End …"): "crash on Postgres", and a traffic
 * source's "traffic stop of Users" ("stop on Users" reads as if Users were stopped by it).
 */
export function faultPhrase(type: string, targetName: string, targetKind?: string): string {
  return stopsTraffic(type, targetKind)
    ? `traffic stop of ${targetName}`
    : `${faultTypeText(type, targetKind)} on ${targetName}`;
}

/** Texts for one live fault: its bar's label and title, and the End control's names. */
export function liveFaultTexts(
  f: ActiveFaultInfo,
  targetName: string,
  runFinished: boolean,
  targetKind?: string,
) {
  const type = faultTypeText(f.type, targetKind);
  const phrase = faultPhrase(f.type, targetName, targetKind);
  const state = liveFaultState(f);
  const at = Math.round(f.startS * 10) / 10;
  const planned = f.endS === null ? null : Math.round((f.endS - f.startS) * 10) / 10;
  const endAt = f.endS === null ? null : Math.round(f.endS * 10) / 10;
  let status: string;
  let detail: string;
  if (state === 'instant') {
    status = 'flushed';
    detail = '';
  } else if (state === 'ended') {
    status = `ended ${fmtAt(f.endS ?? f.startS)}`;
    detail = `, ended at ${endAt ?? at}s`;
  } else if (state === 'pending') {
    status = 'starts on Run';
    detail = `${planned === null ? '' : ` for ${planned}s`}, not begun yet (the run is paused)`;
  } else if (runFinished) {
    status = f.endS === null ? 'to the end' : `ended ${fmtAt(f.endS)}`;
    detail = planned === null ? ', until the end of the run' : ` for ${planned}s`;
  } else {
    status = f.endS === null ? 'active, until ended' : `active, until ${fmtAt(f.endS)}`;
    detail = `${planned === null ? ', until ended' : ` for ${planned}s`}, active now`;
  }
  return {
    label: `${type} ${targetName}`,
    status,
    title: `Injected ${phrase} at ${at}s${detail}`,
    /** The End button on the bar (and in the toolbar's list: it names the target). */
    endLabel: `End ${phrase} (started ${fmtAt(f.startS)})`,
    /** The menu item of a node's or edge's own menu (the target is the menu's). */
    endItem: `End ${stopsTraffic(f.type, targetKind) ? 'traffic stop' : type} (started ${fmtAt(f.startS)})`,
  };
}
