/**
 * Pooled records for tasks and calls, as structs of typed arrays. A slot is reused after
 * it is freed; its generation counter moves on, so an event or timer that still names
 * the old occupant (slot, generation) is recognised as stale and ignored. This is what
 * lets the hot loop cancel nothing and allocate nothing.
 */

type Arr = Float64Array | Int32Array | Uint8Array | Uint32Array;

function grown<T extends Arr>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a as never);
  return b;
}

/**
 * Records of one kind the engine holds at once, at most. Beyond it a design is overloaded
 * far past anything worth watching (millions of requests waiting) and its run would only
 * grow until the tab or the CLI runs out of memory; the engine stops it with a message
 * instead. 2^22 task slots are about 400 MB of typed arrays.
 */
export const MAX_HELD = 1 << 22;

abstract class Table {
  capacity: number;
  /** Called instead of growing past MAX_HELD; must throw (the engine names the culprit). */
  onFull: () => never = () => {
    throw new Error(`more than ${MAX_HELD} records held at once`);
  };
  private free: Int32Array;
  private freeTop = 0;
  private high = 0;
  live = 0;
  gen: Uint32Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.free = new Int32Array(capacity);
    this.gen = new Uint32Array(capacity);
  }

  protected abstract growFields(n: number): void;

  alloc(): number {
    this.live++;
    if (this.freeTop > 0) return this.free[--this.freeTop];
    if (this.high === this.capacity) {
      const n = this.capacity * 2;
      if (n > MAX_HELD) {
        this.live--;
        this.onFull();
      }
      this.gen = grown(this.gen, n);
      this.free = grown(this.free, n);
      this.growFields(n);
      this.capacity = n;
    }
    return this.high++;
  }

  /** Slots ever handed out: every live record has an index below this. */
  get highWater(): number {
    return this.high;
  }

  release(i: number): void {
    this.live--;
    this.gen[i] = (this.gen[i] + 1) >>> 0;
    this.free[this.freeTop++] = i;
  }
}

/** One attempt being handled at a node (the callee's side of a call). */
export class TaskTable extends Table {
  node: Int32Array;
  /** Caller's call slot, or -1 (client request, async call). */
  call: Int32Array;
  callGen: Uint32Array;
  attempt: Int32Array;
  key: Int32Array;
  /** 0 read, 1 write. */
  cls: Uint8Array;
  hops: Uint8Array;
  /** Client node the logical request came from (sticky balancing, per-client limits). */
  origin: Int32Array;
  /** Instance / server index within the node, -1 when none. */
  inst: Int32Array;
  /** Behaviour-defined progress marker. */
  phase: Uint8Array;
  /** Sync child calls not yet answered. */
  pending: Int32Array;
  /** Next outgoing-edge position (sequential dependency calls). */
  cursor: Int32Array;
  /** Bit flags: 1 a dependency failed, 2 degraded by fallback, 4 holds a thread. */
  flags: Uint8Array;
  arrive: Float64Array;
  /** Behaviour scratch value (a sampled time, a start time...). */
  aux: Float64Array;
  /** Behaviour scratch integer (a chosen backend, a retry count...). */
  aux2: Int32Array;
  /** 1 while the task is at its node (arrived, not yet answered): what a crash fails. */
  linked: Uint8Array;

  constructor(capacity = 4096) {
    super(capacity);
    this.node = new Int32Array(capacity);
    this.call = new Int32Array(capacity);
    this.callGen = new Uint32Array(capacity);
    this.attempt = new Int32Array(capacity);
    this.key = new Int32Array(capacity);
    this.cls = new Uint8Array(capacity);
    this.hops = new Uint8Array(capacity);
    this.origin = new Int32Array(capacity);
    this.inst = new Int32Array(capacity);
    this.phase = new Uint8Array(capacity);
    this.pending = new Int32Array(capacity);
    this.cursor = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.arrive = new Float64Array(capacity);
    this.aux = new Float64Array(capacity);
    this.aux2 = new Int32Array(capacity);
    this.linked = new Uint8Array(capacity);
  }

  protected growFields(n: number): void {
    this.node = grown(this.node, n);
    this.call = grown(this.call, n);
    this.callGen = grown(this.callGen, n);
    this.attempt = grown(this.attempt, n);
    this.key = grown(this.key, n);
    this.cls = grown(this.cls, n);
    this.hops = grown(this.hops, n);
    this.origin = grown(this.origin, n);
    this.inst = grown(this.inst, n);
    this.phase = grown(this.phase, n);
    this.pending = grown(this.pending, n);
    this.cursor = grown(this.cursor, n);
    this.flags = grown(this.flags, n);
    this.arrive = grown(this.arrive, n);
    this.aux = grown(this.aux, n);
    this.aux2 = grown(this.aux2, n);
    this.linked = grown(this.linked, n);
  }
}

export const CALL_FREE = 0,
  CALL_WAITING = 1,
  CALL_BACKOFF = 2;

/** A caller waiting on one dependency, across all its retries. */
export class CallTable extends Table {
  task: Int32Array;
  taskGen: Uint32Array;
  edge: Int32Array;
  attempt: Int32Array;
  state: Uint8Array;
  /** Why the current attempt will never be answered: 0 it may be, 1 lost (dropped), 2 blackholed. */
  lost: Uint8Array;
  /** The current attempt holds an in-flight slot on the edge. */
  counted: Uint8Array;
  /** Attempts of this call that left (not refused by the edge's own breaker or bulkhead). */
  sent: Int32Array;
  /** The current attempt is a probe of this half-open spell of the edge's breaker (0: none). */
  probe: Uint32Array;
  backoff: Float64Array;

  constructor(capacity = 4096) {
    super(capacity);
    this.task = new Int32Array(capacity);
    this.taskGen = new Uint32Array(capacity);
    this.edge = new Int32Array(capacity);
    this.attempt = new Int32Array(capacity);
    this.state = new Uint8Array(capacity);
    this.lost = new Uint8Array(capacity);
    this.counted = new Uint8Array(capacity);
    this.sent = new Int32Array(capacity);
    this.probe = new Uint32Array(capacity);
    this.backoff = new Float64Array(capacity);
  }

  protected growFields(n: number): void {
    this.task = grown(this.task, n);
    this.taskGen = grown(this.taskGen, n);
    this.edge = grown(this.edge, n);
    this.attempt = grown(this.attempt, n);
    this.state = grown(this.state, n);
    this.lost = grown(this.lost, n);
    this.counted = grown(this.counted, n);
    this.sent = grown(this.sent, n);
    this.probe = grown(this.probe, n);
    this.backoff = grown(this.backoff, n);
  }
}
