/**
 * The design file (DESIGN.md §2, schemaVersion 1): types, validation with JSON-path
 * errors, and resolution of every missing parameter to its catalog default.
 *
 * zod checks the envelope (shapes of nodes, edges, scenario); the catalog checks params.
 * Validation never half-applies: it returns either every problem or a complete design.
 */
import * as z from 'zod';
import { describeValue } from './dist';
import { EDGE_PARAMS } from './edge';
import { jsonSyntaxError } from './jsonText';
import {
  FAULTS,
  SCENARIO_FIELDS,
  faultTargetsEdges,
  faultTargetsKind,
  faultTargetsText,
  type Fault,
  type FaultType,
} from './faults';
import { kindSpec, KIND_NAMES, type KindName, KINDS } from './kinds';
import { migrate, CURRENT_SCHEMA_VERSION } from './migrate';
import { resolveFields, resolveParam, type ParamsOf, type Problem } from './params';
import { union as unionSpec } from './params';

export interface Position {
  x: number;
  y: number;
}
export interface DesignNode {
  id: string;
  kind: string;
  label?: string;
  position?: Position;
  /** Id of the zone this node sits in. */
  parentId?: string;
  /** Zones: their size on the canvas. */
  size?: { width: number; height: number };
  params?: Record<string, unknown>;
}
export interface DesignEdge {
  id: string;
  source: string;
  target: string;
  label?: string;
  params?: Record<string, unknown>;
}
export interface Scenario {
  durationS?: number;
  warmupS?: number;
  seed?: number;
  bucketS?: number;
  faults?: Array<Record<string, unknown>>;
}
export interface Design {
  schemaVersion: 1;
  name?: string;
  description?: string;
  nodes: DesignNode[];
  edges: DesignEdge[];
  scenario?: Scenario;
}

export type EdgeParams = ParamsOf<typeof EDGE_PARAMS>;
export type KindParams<K extends KindName> = ParamsOf<(typeof KINDS)[K]['params']>;

export interface ResolvedNode {
  id: string;
  kind: KindName;
  label: string;
  parentId: string | null;
  position: Position | null;
  params: Record<string, unknown>;
}
export interface ResolvedEdge {
  id: string;
  source: string;
  target: string;
  params: EdgeParams;
}
export interface ResolvedScenario {
  durationS: number;
  warmupS: number;
  seed: number;
  bucketS: number;
  faults: Fault[];
}
export interface ResolvedDesign {
  name: string;
  description: string;
  nodes: ResolvedNode[];
  edges: ResolvedEdge[];
  scenario: ResolvedScenario;
}

export type ValidationResult =
  { ok: true; design: Design; resolved: ResolvedDesign } | { ok: false; errors: Problem[] };

/**
 * Hostile-input guards: a design larger than this is refused, not simulated. `zoneDepth`:
 * zones nest at most this deep (a zone in a zone in a zone ... counts each zone of the
 * chain). A region holding availability zones holding a subnet is 3; thousands (a generated
 * or hostile file) overflowed the stack of the auto layout (ELK lays a zone out recursively)
 * and left the cards off screen.
 */
export const LIMITS = {
  nodes: 2000,
  edges: 10_000,
  faults: 1000,
  idLength: 100,
  textLength: 10_000,
  zoneDepth: 16,
};

const finite = z.number().refine(Number.isFinite);
/**
 * A canvas coordinate or size (px). Far beyond any drawing, the canvas cannot frame it (a
 * node at 1e12 leaves a blank canvas and NaN in its geometry): refused.
 */
const CANVAS_EXTENT = 1_000_000;
const coordinate = finite.pipe(z.number().min(-CANVAS_EXTENT).max(CANVAS_EXTENT));
const id = z.string().min(1).max(LIMITS.idLength);

/**
 * An object that refuses fields it does not know: a misspelt "parmas" or "senario" would
 * otherwise be dropped without a word and the design run on defaults.
 */
function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown field${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => JSON.stringify(k)).join(', ')}; expected ${Object.keys(shape).join(', ')}`
        : undefined,
  });
}

const envelope = strict({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  name: z.string().max(200).optional(),
  description: z.string().max(LIMITS.textLength).optional(),
  nodes: z
    .array(
      strict({
        id,
        kind: z.string().max(100),
        label: z.string().max(200).optional(),
        position: strict({ x: coordinate, y: coordinate }).optional(),
        parentId: id.optional(),
        size: strict({
          width: coordinate.refine((w) => w > 0),
          height: coordinate.refine((h) => h > 0),
        }).optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .max(LIMITS.nodes),
  edges: z
    .array(
      strict({
        id,
        source: id,
        target: id,
        label: z.string().max(200).optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .max(LIMITS.edges),
  scenario: strict({
    durationS: z.unknown().optional(),
    warmupS: z.unknown().optional(),
    seed: z.unknown().optional(),
    bucketS: z.unknown().optional(),
    faults: z.array(z.record(z.string(), z.unknown())).max(LIMITS.faults).optional(),
  }).optional(),
});

/** "nodes[3].params.concurrency" from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(file)';
}

/** "a service", "an external": a word with its indefinite article (by its first letter). */
function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

function zodMessage(iss: z.core.$ZodRawIssue): string {
  const got = describeValue(iss.input);
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return `is required (${iss.expected})`;
      return `must be ${iss.expected === 'number' ? 'a finite number' : withArticle(iss.expected)}, got ${got}`;
    case 'invalid_value':
      return `must be ${iss.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${got}`;
    case 'too_big':
      return iss.origin === 'array'
        ? `must have at most ${iss.maximum} items`
        : iss.origin === 'string'
          ? `must be at most ${iss.maximum} characters long`
          : `must be <= ${iss.maximum}, got ${got}`;
    case 'too_small':
      return iss.origin === 'string' ? 'must not be empty' : `must be >= ${iss.minimum}, got ${got}`;
    case 'custom':
      return `must be a finite number (and positive where a size), got ${got}`;
    default:
      return iss.message ?? 'is invalid';
  }
}

/** Validates a parsed JSON value as a design file. Never throws. */
export function validateDesign(input: unknown): ValidationResult {
  const migrated = migrate(input);
  if (!migrated.ok) return { ok: false, errors: migrated.errors };
  const parsed = envelope.safeParse(migrated.value, { error: zodMessage });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    };
  }
  const doc = parsed.data as Design;
  const problems: Problem[] = [];
  const resolved = resolveDesign(doc, problems);
  if (problems.length) return { ok: false, errors: problems };
  return { ok: true, design: migrated.value as Design, resolved };
}

const FAULT_UNION = unionSpec(Object.fromEntries(Object.entries(FAULTS).map(([k, v]) => [k, v.fields])), {
  label: 'Fault',
  help: '',
  default: 'crash',
});

/**
 * Ids a plain JavaScript object already answers to ("__proto__", "constructor", ...): the
 * run summary's JSON is keyed by id, and an element named "__proto__" vanished from it (the
 * assignment sets the object's prototype instead of a key). Refused, with the reason.
 */
const reservedId = (id: string) => id in Object.prototype;
const reservedMessage = (id: string) =>
  `${JSON.stringify(id)} cannot be an id: every JavaScript object already has a property of that name, and the run summary is keyed by id; pick another`;

function resolveDesign(doc: Design, problems: Problem[]): ResolvedDesign {
  const nodeIndex = new Map<string, number>();
  const kindOf = new Map<string, string>();
  doc.nodes.forEach((n, i) => {
    if (reservedId(n.id)) problems.push({ path: `nodes[${i}].id`, message: reservedMessage(n.id) });
    else if (nodeIndex.has(n.id))
      problems.push({
        path: `nodes[${i}].id`,
        message: `duplicate id ${JSON.stringify(n.id)} (also nodes[${nodeIndex.get(n.id)}])`,
      });
    else nodeIndex.set(n.id, i);
    kindOf.set(n.id, n.kind);
  });

  const nodes: ResolvedNode[] = doc.nodes.map((n, i) => {
    const spec = kindSpec(n.kind);
    if (!spec) {
      problems.push({
        path: `nodes[${i}].kind`,
        message: `unknown kind ${describeValue(n.kind)}; expected one of ${KIND_NAMES.join(', ')}`,
      });
      return {
        id: n.id,
        kind: 'service',
        label: n.label ?? n.id,
        parentId: null,
        position: n.position ?? null,
        params: {},
      };
    }
    const params = resolveFields(spec.params, n.params ?? {}, `nodes[${i}].params`, problems);
    if (n.parentId !== undefined) {
      const parentKind = kindOf.get(n.parentId);
      if (parentKind === undefined)
        problems.push({
          path: `nodes[${i}].parentId`,
          message: `no node has id ${JSON.stringify(n.parentId)}`,
        });
      else if (!kindSpec(parentKind)?.container)
        problems.push({
          path: `nodes[${i}].parentId`,
          message: `${JSON.stringify(n.parentId)} is a ${parentKind}, not a zone`,
        });
      else if (n.parentId === n.id)
        problems.push({ path: `nodes[${i}].parentId`, message: 'a zone cannot contain itself' });
    }
    return {
      id: n.id,
      kind: n.kind as KindName,
      label: n.label ?? spec.label,
      parentId: n.parentId ?? null,
      position: n.position ?? null,
      params,
    };
  });

  checkZoneNesting(doc, nodeIndex, problems);

  const edgeIds = new Map<string, number>();
  const edges: ResolvedEdge[] = doc.edges.map((e, i) => {
    if (reservedId(e.id)) problems.push({ path: `edges[${i}].id`, message: reservedMessage(e.id) });
    else if (edgeIds.has(e.id))
      problems.push({
        path: `edges[${i}].id`,
        message: `duplicate id ${JSON.stringify(e.id)} (also edges[${edgeIds.get(e.id)}])`,
      });
    else if (nodeIndex.has(e.id))
      problems.push({ path: `edges[${i}].id`, message: `${JSON.stringify(e.id)} is already a node id` });
    else edgeIds.set(e.id, i);
    for (const end of ['source', 'target'] as const) {
      const kind = kindOf.get(e[end]);
      if (kind === undefined) {
        problems.push({ path: `edges[${i}].${end}`, message: `no node has id ${JSON.stringify(e[end])}` });
        continue;
      }
      const spec = kindSpec(kind);
      if (!spec) continue;
      if (spec.container)
        problems.push({
          path: `edges[${i}].${end}`,
          message: `${JSON.stringify(e[end])} is a zone; zones contain nodes, they are not connected`,
        });
      else if (end === 'target' && !spec.acceptsCalls)
        problems.push({
          path: `edges[${i}].target`,
          message: `a ${spec.label.toLowerCase()} does not accept calls`,
        });
      else if (end === 'source' && spec.outgoing === 'none')
        problems.push({
          path: `edges[${i}].source`,
          message: `a ${spec.label.toLowerCase()} makes no calls`,
        });
    }
    const params = resolveFields(EDGE_PARAMS, e.params ?? {}, `edges[${i}].params`, problems) as EdgeParams;
    return { id: e.id, source: e.source, target: e.target, params };
  });
  // Role "dlq" marks a queue's one dead-letter edge. From any other kind it would mean
  // nothing (some kinds would skip the edge, others call it), so it is refused.
  const dlqOf = new Map<string, string>();
  edges.forEach((e, i) => {
    if (e.params.role !== 'dlq') return;
    const kind = kindOf.get(e.source);
    const spec = kind === undefined ? undefined : kindSpec(kind);
    if (!spec) return; // an unknown source is reported above
    const path = `edges[${i}].params.role`;
    if (!spec.deadLetters)
      problems.push({
        path,
        message: `edge ${JSON.stringify(e.id)}: "dlq" marks a queue's dead-letter edge, but ${JSON.stringify(e.source)} is ${withArticle(spec.label.toLowerCase())}`,
      });
    else if (dlqOf.has(e.source))
      problems.push({
        path,
        message: `edge ${JSON.stringify(e.id)}: ${JSON.stringify(e.source)} already sends its dead letters down ${JSON.stringify(dlqOf.get(e.source))}; a queue has one dead-letter edge`,
      });
    else dlqOf.set(e.source, e.id);
  });
  doc.nodes.forEach((n, i) => {
    const spec = kindSpec(n.kind);
    if (spec?.outgoing === 'one' && doc.edges.filter((e) => e.source === n.id).length > 1) {
      problems.push({
        path: `nodes[${i}]`,
        message: `a ${spec.label.toLowerCase()} calls exactly one target, but has several outgoing edges`,
      });
    }
  });

  const sc = doc.scenario ?? {};
  const scenarioBase = resolveFields(
    SCENARIO_FIELDS,
    { durationS: sc.durationS, warmupS: sc.warmupS, seed: sc.seed, bucketS: sc.bucketS },
    'scenario',
    problems,
  );
  const scenario = scenarioBase as Omit<ResolvedScenario, 'faults'>;
  if (scenario.warmupS >= scenario.durationS && scenario.warmupS > 0) {
    problems.push({
      path: 'scenario.warmupS',
      message: `must be less than the run's duration (${scenario.durationS} s), got ${scenario.warmupS}`,
    });
  }
  const faults: Fault[] = (sc.faults ?? []).map((f, i) => {
    const path = `scenario.faults[${i}]`;
    const before = problems.length;
    const r = resolveParam(FAULT_UNION, f, path, problems) as Fault;
    if (problems.length > before) return r;
    checkFaultTarget(r, path, kindOf, edgeIds, problems);
    return r;
  });
  return {
    name: doc.name ?? 'Untitled design',
    description: doc.description ?? '',
    nodes,
    edges,
    scenario: { ...scenario, faults },
  };
}

/**
 * Zones nest, but not in a loop and at most LIMITS.zoneDepth deep. Each node's depth (the
 * zones around it) is worked out once, walking up iteratively (no recursion: the chain may be
 * as long as the file is). Too deep is reported once per chain, at the first zone past the
 * limit: the nodes inside it are too deep because of it.
 */
function checkZoneNesting(doc: Design, nodeIndex: Map<string, number>, problems: Problem[]) {
  const max = LIMITS.zoneDepth;
  /** Zones around each node (by index); -1 while unknown, NaN when its chain loops. */
  const around = new Array<number>(doc.nodes.length).fill(-1);
  const looped: number[] = [];
  const parentOf = (i: number) => {
    const p = doc.nodes[i].parentId;
    const j = p === undefined ? undefined : nodeIndex.get(p);
    // An unknown parent, a parent that is no zone, a duplicate id: reported elsewhere.
    return j !== undefined && kindSpec(doc.nodes[j].kind)?.container ? j : undefined;
  };
  doc.nodes.forEach((_, i) => {
    if (around[i] !== -1) return;
    // Up the chain to a node whose depth is known (or the canvas), then back down.
    const chain: number[] = [];
    const onChain = new Set<number>();
    let j: number | undefined = i;
    while (j !== undefined && around[j] === -1 && !onChain.has(j)) {
      chain.push(j);
      onChain.add(j);
      j = parentOf(j);
    }
    let depth = j === undefined ? -1 : onChain.has(j) ? NaN : around[j];
    if (j !== undefined && onChain.has(j)) {
      // The zones of the loop are reported (the nodes inside them are not: the loop is the problem).
      for (const k of chain.slice(chain.indexOf(j))) {
        looped.push(k);
        around[k] = NaN;
      }
      chain.length = chain.indexOf(j);
    }
    for (let c = chain.length - 1; c >= 0; c--) {
      depth = depth + 1;
      around[chain[c]] = depth;
    }
  });
  for (const k of looped.sort((a, b) => a - b))
    problems.push({ path: `nodes[${k}].parentId`, message: 'zones contain each other in a loop' });
  doc.nodes.forEach((n, i) => {
    // A zone with `max` zones around it is the (max + 1)th of its chain.
    if (around[i] !== max || !kindSpec(n.kind)?.container) return;
    problems.push({
      path: `nodes[${i}].parentId`,
      message: `zones nest at most ${max} deep; ${JSON.stringify(n.id)} is zone ${max + 1} of a chain, inside ${JSON.stringify(n.parentId)}`,
    });
  });
}

function checkFaultTarget(
  f: Fault,
  path: string,
  kindOf: Map<string, string>,
  edgeIds: Map<string, number>,
  problems: Problem[],
) {
  const type = f.type as FaultType;
  const nodeKind = kindOf.get(f.target);
  const isEdge = edgeIds.has(f.target);
  const ok = isEdge ? faultTargetsEdges(type) : nodeKind !== undefined && faultTargetsKind(type, nodeKind);
  if (!ok) {
    const what = isEdge ? 'an edge' : nodeKind ? withArticle(nodeKind) : 'nothing in this design';
    problems.push({
      path: `${path}.target`,
      message: `${withArticle(f.type)} fault targets ${faultTargetsText(type)}; ${JSON.stringify(f.target)} is ${what}`,
    });
  }
  if (f.type === 'partition' && f.peer) {
    if (kindOf.get(f.peer) !== 'zone')
      problems.push({
        path: `${path}.peer`,
        message: `must be the id of a zone, got ${JSON.stringify(f.peer)}`,
      });
  }
}

/** Validates one fault (e.g. injected live) against a resolved design. */
export function resolveFault(
  input: unknown,
  design: ResolvedDesign,
  path = 'fault',
): { ok: true; fault: Fault } | { ok: false; errors: Problem[] } {
  const problems: Problem[] = [];
  const f = resolveParam(FAULT_UNION, input, path, problems) as Fault;
  if (problems.length === 0) {
    const kindOf = new Map(design.nodes.map((n) => [n.id, n.kind as string]));
    const edgeIds = new Map(design.edges.map((e, i) => [e.id, i]));
    checkFaultTarget(f, path, kindOf, edgeIds, problems);
  }
  return problems.length ? { ok: false, errors: problems } : { ok: true, fault: f };
}

/** Parses JSON text and validates it; a syntax error is a single clear problem. */
export function parseDesignText(text: string): ValidationResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      errors: [{ path: '(file)', message: `is not valid JSON: ${jsonSyntaxError(e, text)}` }],
    };
  }
  return validateDesign(value);
}

/** A resolved design's node params, typed for one kind. */
export function paramsOf<K extends KindName>(node: ResolvedNode, _kind: K): KindParams<K> {
  return node.params as KindParams<K>;
}
