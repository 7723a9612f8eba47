import { compact, defineKind } from '../catalog';
import { choice, dist, int, list, num, optNum, struct, union } from '../params';

export const client = defineKind({
  kind: 'client',
  label: 'Client',
  aliases: ['users', 'browser', 'mobile app', 'traffic', 'load generator', 'source'],
  group: 'Traffic',
  icon: 'Users',
  description:
    'The source of traffic: users or upstream systems sending requests. Open loop sends at a rate whatever happens (like the internet); closed loop has a fixed number of users who each wait for an answer and think before the next request (like a load test). Each request is a read or a write and carries a key, which caches and shards use.',
  routing: 'split',
  acceptsCalls: false,
  outgoing: 'many',
  metrics: [
    { key: 'attempts', label: 'Attempts sent (first tries and retries)', merge: 'sum' },
    { key: 'offeredRps', label: 'Offered rate (req/s)', merge: 'mean' },
  ],
  honoursProbability: true,
  params: {
    rps: num({
      label: 'Request rate',
      unit: 'req/s',
      help: 'Mean arrival rate of new requests (Poisson arrivals) in open loop.',
      default: 100,
      min: 0,
      max: 1_000_000,
      canvas: true,
    }),
    users: optNum({
      label: 'Users (closed loop)',
      help: 'Set to use a closed loop: this many users, each sending one request, waiting for the answer, then thinking. Empty means open loop at the request rate.',
      min: 1,
      max: 100_000,
      integer: true,
      suggested: 50,
    }),
    thinkTimeMs: dist({
      label: 'Think time',
      help: 'Closed loop only: pause between an answer and the same user’s next request.',
      default: { dist: 'exponential', mean: 1000 },
    }),
    profile: union(
      {
        constant: {},
        ramp: {
          toRps: num({
            label: 'Ramp to',
            unit: 'req/s',
            help: 'Rate reached at the end of the ramp.',
            default: 500,
            min: 0,
            max: 1_000_000,
          }),
          overS: num({
            label: 'Ramp length',
            unit: 's',
            help: 'Time from the start to reach the target rate.',
            default: 60,
            min: 0,
            max: 1e7,
          }),
        },
        spike: {
          atS: num({
            label: 'Spike at',
            unit: 's',
            help: 'When the spike starts.',
            default: 30,
            min: 0,
            max: 1e7,
          }),
          durationS: num({
            label: 'Spike length',
            unit: 's',
            help: 'How long the spike lasts.',
            default: 10,
            min: 0,
            max: 1e7,
          }),
          factor: num({
            label: 'Spike factor',
            unit: '×',
            help: 'Rate multiplier during the spike.',
            default: 3,
            min: 0,
            max: 1000,
          }),
        },
        diurnal: {
          periodS: num({
            label: 'Period',
            unit: 's',
            help: 'Length of one day-night cycle.',
            default: 120,
            min: 1,
            max: 1e7,
          }),
          amplitude: num({
            label: 'Amplitude',
            help: 'Swing around the mean rate as a fraction (0.5: from 50% to 150%).',
            default: 0.5,
            min: 0,
            max: 1,
          }),
        },
        steps: {
          steps: list(
            {
              atS: num({
                label: 'At',
                unit: 's',
                help: 'When this rate starts.',
                default: 0,
                min: 0,
                max: 1e7,
              }),
              rps: num({
                label: 'Rate',
                unit: 'req/s',
                help: 'Rate from this time on.',
                default: 100,
                min: 0,
                max: 1_000_000,
              }),
            },
            { label: 'Steps', help: 'Piecewise-constant rate schedule.', maxItems: 200 },
          ),
        },
      },
      { label: 'Traffic profile', help: 'How the open-loop rate changes over time.', default: 'constant' },
    ),
    arrivals: choice(['poisson', 'uniform'], {
      label: 'Arrival process',
      help: 'Poisson: random, memoryless arrivals (realistic for many independent users). Uniform: evenly spaced.',
      default: 'poisson',
      advanced: true,
    }),
    readRatio: num({
      label: 'Read ratio',
      help: 'Fraction of requests that are reads; the rest are writes.',
      default: 0.9,
      min: 0,
      max: 1,
      step: 0.05,
      canvas: true,
    }),
    keys: struct(
      {
        count: int({
          label: 'Key count',
          help: 'Number of distinct keys requests are spread over.',
          default: 10_000,
          min: 1,
          max: 100_000_000,
        }),
        distribution: choice(['uniform', 'zipf'], {
          label: 'Key popularity',
          help: 'Uniform: every key equally likely. Zipf: a few keys are very hot (realistic for most web traffic).',
          default: 'zipf',
        }),
        skew: num({
          label: 'Zipf skew',
          help: 'Zipf exponent: 0 is uniform, 1 is classic web skew, higher is hotter.',
          default: 1,
          min: 0,
          max: 5,
          step: 0.1,
        }),
      },
      { label: 'Keys', help: 'Which keys requests touch (drives cache hit ratios and hot shards).' },
    ),
    sloMs: num({
      label: 'Latency SLO',
      unit: 'ms',
      help: 'Goodput counts successful answers within this end-to-end latency.',
      default: 1000,
      min: 0,
      exclusiveMin: true,
      max: 3_600_000,
    }),
  },
  summary: (p) =>
    (p.users !== null ? `${compact(p.users)} users` : openLoopRate(p as { rps: number; profile: Profile })) +
    (p.readRatio < 1 ? ` · ${Math.round(p.readRatio * 100)}% reads` : ''),
});

/** The open-loop rate as its profile shapes it: "100 req/s", "100→500 req/s", "100→500→200 req/s". */
type Profile =
  | { type: 'constant' }
  | { type: 'ramp'; toRps: number }
  | { type: 'spike'; factor: number }
  | { type: 'diurnal'; amplitude: number }
  | { type: 'steps'; steps: readonly { atS: number; rps: number }[] };

function openLoopRate(p: { rps: number; profile: Profile }): string {
  const pr = p.profile;
  switch (pr.type) {
    case 'ramp':
      return `${compact(p.rps)}→${compact(pr.toRps)} req/s`;
    case 'spike':
      return `${compact(p.rps)} req/s · ×${compact(pr.factor)} spike`;
    case 'diurnal':
      return `${compact(p.rps)} req/s ±${Math.round(pr.amplitude * 100)}%`;
    case 'steps': {
      // In time order, as the engine applies them; the base rate only if it is ever used.
      const steps = [...pr.steps].sort((a, b) => a.atS - b.atS);
      const rates = steps.length && steps[0].atS <= 0 ? [] : [p.rps];
      for (const st of steps) rates.push(st.rps);
      const shown = rates.length > 4 ? [...rates.slice(0, 3).map(compact), '…'] : rates.map(compact);
      return `${shown.join('→')} req/s`;
    }
    default:
      return `${compact(p.rps)} req/s`;
  }
}
