/** The edge policy: how a caller calls one dependency (DESIGN.md §3). */
import { bool, choice, dist, feature, int, num, optNum, struct } from './params';

/** A call lost on an edge without a timeout is noticed after this (like a TCP connect timeout). */
export const TRANSPORT_TIMEOUT_MS = 30_000;

export const EDGE_PARAMS = {
  mode: choice(['sync', 'async'], {
    label: 'Mode',
    help: 'Sync: the caller waits for the answer. Async: fire and forget; the caller goes on at once.',
    default: 'sync',
  }),
  probability: num({
    label: 'Probability',
    help: 'Chance that a request makes this call at all: a service calls this dependency for that share of its calls, a client sends that share of the requests it routes here. A node that passes each call it takes down one edge (load balancer, gateway, DNS, rate limiter, cache, queue) always makes the call; a queue’s dead-letter edge draws it.',
    default: 1,
    min: 0,
    max: 1,
    step: 0.05,
  }),
  route: choice(['all', 'read', 'write'], {
    label: 'Route',
    help: 'Which requests take this edge: all, only reads or only writes.',
    default: 'all',
    optionLabels: { all: 'all', read: 'reads only', write: 'writes only' },
  }),
  weight: num({
    label: 'Weight',
    help: 'Share of traffic where the caller splits (clients, gateways, weighted balancing, DNS, queue consumers). 0 makes the edge a backup: it takes traffic only when no edge with a positive weight can, and then shares it evenly.',
    default: 1,
    min: 0,
    max: 1_000_000,
  }),
  latencyMs: dist({
    label: 'Network latency',
    help: 'One-way latency, paid on the way there and on the way back.',
    default: 0.5,
  }),
  lossRate: num({
    label: 'Loss rate',
    help: `Chance a call is lost in transit; the caller sees it only by its timeout (after ${TRANSPORT_TIMEOUT_MS / 1000} s without one).`,
    default: 0,
    min: 0,
    max: 1,
    step: 0.01,
    advanced: true,
  }),
  timeoutMs: optNum({
    label: 'Timeout',
    unit: 'ms',
    help: `The caller stops waiting after this long (the callee keeps working). Empty: wait as long as the callee takes; a call lost in transit (loss, a blackhole partition) is then noticed only after ${TRANSPORT_TIMEOUT_MS / 1000} s, as a TCP connection times out.`,
    min: 0,
    exclusiveMin: true,
    max: 3_600_000,
    suggested: 1000,
  }),
  retries: feature(
    {
      max: int({
        label: 'Max retries',
        help: 'Retries after the first attempt.',
        default: 2,
        min: 0,
        max: 20,
      }),
      backoff: struct(
        {
          baseMs: num({
            label: 'Base backoff',
            unit: 'ms',
            help: 'Wait before the first retry.',
            default: 50,
            min: 0,
            max: 600_000,
          }),
          multiplier: num({
            label: 'Multiplier',
            help: 'Each retry waits this many times longer than the one before (decorrelated jitter does not use it: it draws up to 3× the previous wait).',
            default: 2,
            min: 1,
            max: 100,
          }),
          maxMs: num({
            label: 'Max backoff',
            unit: 'ms',
            help: 'Cap on the wait between attempts.',
            default: 5000,
            min: 0,
            max: 3_600_000,
          }),
          jitter: choice(['none', 'full', 'equal', 'decorrelated'], {
            label: 'Jitter',
            help: 'Randomness in the wait: none, full (0..wait), equal (wait/2 + 0..wait/2) or decorrelated (base..3× the previous wait, capped at the max backoff).',
            default: 'full',
          }),
        },
        { label: 'Backoff', help: 'Exponential backoff between attempts.' },
      ),
      budget: optNum({
        label: 'Retry budget',
        help: 'Retries may be at most this fraction of first attempts (token bucket): each first attempt earns this many tokens, each retry spends one. The bucket holds at most 10 tokens and starts full, so a burst of up to 10 retries is always allowed, even at 0. Empty: no budget.',
        min: 0,
        max: 10,
        suggested: 0.1,
      }),
      retryThrottled: bool({
        label: 'Retry throttled',
        help: 'Also retry calls a rate limiter refused (429).',
        default: false,
      }),
    },
    { label: 'Retries', help: 'Retry on timeout, error, unavailable, rejected or dropped calls.' },
  ),
  circuitBreaker: feature(
    {
      failureRate: num({
        label: 'Failure threshold',
        help: 'Opens when this share of calls in the window failed.',
        default: 0.5,
        min: 0,
        exclusiveMin: true,
        max: 1,
      }),
      minRequests: int({
        label: 'Min calls',
        help: 'No decision until the window holds this many calls.',
        default: 20,
        min: 1,
        max: 1_000_000,
      }),
      windowS: num({
        label: 'Window',
        unit: 's',
        help: 'Sliding window over which the failure rate is measured.',
        default: 10,
        min: 0.1,
        max: 3600,
      }),
      openS: num({
        label: 'Open for',
        unit: 's',
        help: 'Time calls fail fast before probes are let through.',
        default: 5,
        min: 0,
        max: 3600,
      }),
      halfOpenProbes: int({
        label: 'Half-open probes',
        help: 'Calls let through to test recovery; all must succeed to close.',
        default: 3,
        min: 1,
        max: 1000,
      }),
    },
    {
      label: 'Circuit breaker',
      help: 'Fail fast (circuit-open) while the dependency is failing, and probe for recovery.',
    },
  ),
  bulkhead: feature(
    {
      maxConcurrent: int({
        label: 'Max in flight',
        help: 'Calls beyond this many in flight on this edge are rejected at the caller.',
        default: 50,
        min: 1,
        max: 10_000_000,
      }),
    },
    {
      label: 'Bulkhead',
      help: 'Caps concurrent calls on this edge so one slow dependency cannot take every thread.',
    },
  ),
  role: choice(['call', 'dlq'], {
    label: 'Role',
    help: 'Only from a queue, and at most one per queue: "dlq" marks its dead-letter edge, which receives messages that failed too often (those its route and probability let through; the rest are discarded).',
    default: 'call',
    advanced: true,
  }),
} as const;
