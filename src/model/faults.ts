/** Fault types (DESIGN.md §5): what each does and which element it may target. */
import { kindSpec } from './kinds';
import { choice, int, num, optNum, optStr, str, type Fields } from './params';

/** Which elements a fault may target: node kinds, edges, or zones. */
export interface FaultTargeting {
  /**
   * Kinds whose nodes may be targeted: a list; `'*'`, any node (a crashed zone is a zone
   * outage); or `'callees'`, any kind that takes calls (catalog flag acceptsCalls), for
   * faults that act on the work of a call: a client or a zone does none.
   */
  readonly nodeKinds?: readonly string[] | '*' | 'callees';
  readonly edges?: boolean;
}

const common = {
  target: str({ label: 'Target', help: 'Id of the node, edge or zone the fault hits.', default: '' }),
  atS: num({
    label: 'Start',
    unit: 's',
    help: 'Simulated time at which the fault starts.',
    default: 0,
    min: 0,
    max: 1e7,
  }),
  durationS: optNum({
    label: 'Duration',
    unit: 's',
    help: 'How long it lasts; empty: until the end of the run.',
    min: 0,
    max: 1e7,
    suggested: 10,
  }),
} satisfies Fields;

export const FAULTS = {
  crash: {
    label: 'Crash',
    help: 'Instances stop; work in flight on them fails as unavailable; they come back empty.',
    targets: { nodeKinds: '*' },
    fields: {
      ...common,
      instances: optNum({
        label: 'Instances',
        help: 'How many instances crash; empty: all.',
        min: 1,
        max: 1000,
        integer: true,
        suggested: 1,
      }),
    },
  },
  latency: {
    label: 'Slow down',
    help: 'Service or network time is multiplied by a factor, plus an added delay.',
    targets: { nodeKinds: 'callees', edges: true },
    fields: {
      ...common,
      factor: num({
        label: 'Factor',
        unit: '×',
        help: 'Multiplier on service or network time.',
        default: 1,
        min: 0,
        max: 10_000,
      }),
      addMs: num({
        label: 'Added delay',
        unit: 'ms',
        help: 'Extra time added to each call.',
        default: 0,
        min: 0,
        max: 3_600_000,
      }),
    },
  },
  errors: {
    label: 'Error rate',
    help: 'A fraction of calls fail with error.',
    targets: { nodeKinds: 'callees' },
    fields: {
      ...common,
      rate: num({ label: 'Rate', help: 'Fraction of calls that fail.', default: 0.5, min: 0, max: 1 }),
    },
  },
  cpu: {
    label: 'CPU throttle',
    help: 'Capacity is multiplied by a factor: work takes 1/factor as long.',
    targets: { nodeKinds: 'callees' },
    fields: {
      ...common,
      factor: num({
        label: 'Capacity factor',
        help: '0.5 halves the speed of every thread.',
        default: 0.5,
        min: 0.001,
        max: 1,
      }),
    },
  },
  partition: {
    label: 'Partition',
    help: 'Calls across an edge, or between two zones, answer unavailable: at once (refuse) or after the caller’s timeout (blackhole).',
    targets: { edges: true, nodeKinds: ['zone'] },
    fields: {
      ...common,
      peer: optStr({
        label: 'Other zone',
        help: 'When the target is a zone: the zone it is cut off from (empty: everything outside it, other zones and nodes in no zone alike).',
      }),
      mode: choice(['blackhole', 'refuse'], {
        label: 'Mode',
        help: 'Blackhole: calls vanish and time out. Refuse: calls fail at once.',
        default: 'blackhole',
      }),
    },
  },
  loss: {
    label: 'Packet loss',
    help: 'A fraction of calls on the edge are dropped.',
    targets: { edges: true },
    fields: {
      ...common,
      rate: num({ label: 'Rate', help: 'Fraction of calls lost.', default: 0.2, min: 0, max: 1 }),
    },
  },
  'cache-flush': {
    label: 'Flush cache',
    help: 'All keys are gone at once.',
    targets: { nodeKinds: ['cache', 'cdn', 'gateway'] },
    fields: { target: common.target, atS: common.atS },
  },
  'primary-failure': {
    label: 'Fail primary',
    help: 'The database primary dies; writes fail until failover promotes a replica, or until it returns.',
    targets: { nodeKinds: ['database'] },
    fields: { ...common },
  },
  'zone-outage': {
    label: 'Zone outage',
    help: 'Every node inside the zone crashes.',
    targets: { nodeKinds: ['zone'] },
    fields: { ...common },
  },
  traffic: {
    label: 'Traffic change',
    help: 'The client’s rate is multiplied by a factor (a spike or a drop).',
    targets: { nodeKinds: ['client'] },
    fields: {
      ...common,
      factor: num({
        label: 'Factor',
        unit: '×',
        help: 'Multiplier on the request rate (or on the number of active users).',
        default: 3,
        min: 0,
        max: 1000,
      }),
    },
  },
} as const satisfies Record<string, { label: string; help: string; targets: FaultTargeting; fields: Fields }>;

export type FaultType = keyof typeof FAULTS;
export const FAULT_TYPES = Object.keys(FAULTS) as FaultType[];

/** A resolved fault: every field present. */
export interface Fault {
  type: FaultType;
  target: string;
  atS: number;
  durationS?: number | null;
  instances?: number | null;
  factor?: number;
  addMs?: number;
  rate?: number;
  peer?: string | null;
  mode?: 'blackhole' | 'refuse';
}

export const SCENARIO_FIELDS = {
  durationS: num({
    label: 'Duration',
    unit: 's',
    help: 'Simulated time the run lasts.',
    default: 60,
    min: 0,
    exclusiveMin: true,
    max: 1e7,
  }),
  warmupS: num({
    label: 'Warm-up',
    unit: 's',
    help: 'Start of the window summaries are taken over (queues and caches settle first).',
    default: 0,
    min: 0,
    max: 1e7,
  }),
  seed: int({
    label: 'Seed',
    help: 'Same design and seed, same numbers.',
    default: 1,
    min: 0,
    max: 2 ** 32 - 1,
  }),
  bucketS: num({
    label: 'Time-series bucket',
    unit: 's',
    help: 'Width of one time-series bucket.',
    default: 1,
    min: 0.01,
    max: 3600,
    advanced: true,
  }),
} as const satisfies Fields;

/** Whether a fault of `type` may target a node of `kind`: the one rule validation, the scenario form and the fault menu share. */
export function faultTargetsKind(type: FaultType, kind: string): boolean {
  const spec = kindSpec(kind);
  if (!spec) return false;
  const t: FaultTargeting = FAULTS[type].targets;
  if (t.nodeKinds === '*') return true;
  if (t.nodeKinds === 'callees') return spec.acceptsCalls;
  return (t.nodeKinds ?? []).includes(kind);
}

/** Whether a fault of `type` lasts (has a duration); a cache flush happens at once. */
export function faultLasts(type: string): boolean {
  const spec = (FAULTS as Record<string, { fields: object } | undefined>)[type];
  return spec !== undefined && 'durationS' in spec.fields;
}

/** Whether a fault of `type` may target an edge. */
export function faultTargetsEdges(type: FaultType): boolean {
  const t: FaultTargeting = FAULTS[type].targets;
  return t.edges === true;
}

/** What a fault of `type` may target, in words: "an edge or a node that takes calls". */
export function faultTargetsText(type: FaultType): string {
  const t: FaultTargeting = FAULTS[type].targets;
  const wants: string[] = [];
  if (t.edges) wants.push('an edge');
  if (t.nodeKinds === '*') wants.push('a node');
  else if (t.nodeKinds === 'callees') wants.push('a node that takes calls');
  else if (t.nodeKinds) wants.push(...t.nodeKinds.map((k) => `a ${k}`));
  return wants.join(' or ');
}
