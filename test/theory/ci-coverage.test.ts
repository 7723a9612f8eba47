/**
 * The 95% confidence intervals must cover the true value about 95% of the time. Each case
 * runs 40 seeds of a queue whose response-time distribution has a closed form and counts
 * the runs whose interval holds the truth; it must be at least 34 (85%: the intervals are
 * built from 20 batches, so some shortfall from 95% is expected; a binomial count of 40 at
 * 95% falls below 34 about once in 300, at 90% once in 10, at 89% (the M/M/1 at 95%'s p99)
 * once in 7: a change to the engine's random draws may need a look at that case).
 *
 * - M/M/1 at 80% (λ 80/s, μ 100/s): percentiles ln(1/(1-p))/(μ-λ), mean 1/(μ-λ). Percentile
 *   intervals used to be the spread of the batches' own percentiles, which covered p99 here
 *   9 times in 40 (60 s runs) and 25 in 40 (300 s).
 * - M/M/4 at 90%: the sojourn time is exponential service plus, with the Erlang C
 *   probability, an exponential wait. Long enough (115,000 answers) for p99.9.
 * - M/D/1 at 90%: deterministic service, a waiting time with steps at multiples of D.
 * - M/M/1 at 95%: the queue forgets slowly (relaxation time 1/(μ(1-√ρ)²) ≈ 16 s, a batch
 *   of the 1,000 s run is 50 s), so slow answers come in a few long bursts: the hardest case
 *   for batch means.
 *
 * Coverage over 200 seeds (seeds 1-200), before → after quantileCI took its t quantile at
 * the shares' effective degrees of freedom (src/sim/summary.ts, shareDf): p99 of the M/M/4
 * 85% → 93% (150 s runs), p99.9 of the M/M/4 83% → 92% (330 s), p99 of the M/D/1 89% → 94%,
 * p99 of the M/M/1 at 95% 83% → 89%; p50 and p90 91-96% in all four either way. On the 40
 * seeds here the old intervals covered the M/M/4's p99.9 29 times and the M/M/1 at 95%'s
 * p99 32 times.
 *
 * Still short: an M/M/1 at 95% over 300 s. In 97 of 200 such runs no answer is as slow as
 * the true p99 (921 ms), so no interval drawn from the run's answers reaches it: p99 covered
 * in 42% of runs before the change, 55% after; p50 94%, p90 91%.
 */
import { describe, expect, it } from 'vitest';
import { MIN_TAIL_ANSWERS, shareDf } from '../../src/sim/summary';
import { erlangC, invertCdf, md1WaitCdf, mmcResponseCdf, run, singleQueue } from './helpers';

const FIGURES = ['mean', 'p50', 'p90', 'p99', 'p999'] as const;
type Figure = (typeof FIGURES)[number];
const PCT: Record<Exclude<Figure, 'mean'>, number> = { p50: 0.5, p90: 0.9, p99: 0.99, p999: 0.999 };
const SEEDS = 40;
const MIN_COVERED = 34;

const LAMBDA = 80,
  MU = 100;
const mm1Truth = {
  mean: 1000 / (MU - LAMBDA),
  p50: (1000 * Math.log(2)) / (MU - LAMBDA),
  p90: (1000 * Math.log(10)) / (MU - LAMBDA),
  p99: (1000 * Math.log(100)) / (MU - LAMBDA),
  p999: (1000 * Math.log(1000)) / (MU - LAMBDA),
};

function mm1(seed: number, durationS: number) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'users', kind: 'client', params: { rps: LAMBDA } },
      {
        id: 's',
        kind: 'service',
        params: {
          instances: 1,
          concurrency: 1,
          queueCapacity: 100_000,
          serviceTimeMs: { dist: 'exponential', mean: 1000 / MU },
        },
      },
    ],
    edges: [{ id: 'e', source: 'users', target: 's', params: { latencyMs: 0 } }],
    scenario: { durationS, warmupS: 10, seed },
  };
}

/** A client feeding c servers with one FIFO queue, service `serviceTimeMs`, 10 s warm-up. */
function queue(c: number, rps: number, serviceTimeMs: unknown, durationS: number) {
  return (seed: number) =>
    singleQueue({
      rps,
      concurrency: c,
      queueCapacity: 10_000_000,
      serviceTimeMs,
      durationS,
      warmupS: 10,
      seed,
    });
}

/** Percentiles of a response-time CDF (ms). */
function percentiles(cdf: (ms: number) => number): Record<Exclude<Figure, 'mean'>, number> {
  const at = (p: number) => invertCdf(cdf, p);
  return { p50: at(PCT.p50), p90: at(PCT.p90), p99: at(PCT.p99), p999: at(PCT.p999) };
}

interface Tally {
  covered: Record<Figure, number>;
  none: Record<Figure, number>;
  /** Mean half-width over the runs that had one, relative to the truth. */
  relHalfWidth: Record<Figure, number>;
}

/**
 * Over seeds 1..SEEDS: how often each figure's interval held the truth, how often it had
 * none, and how wide it was. Prints one line per figure.
 */
function coverage(
  label: string,
  design: (seed: number) => unknown,
  node: string,
  truth: Partial<Record<Figure, number>>,
): Tally {
  const zero = () => ({ mean: 0, p50: 0, p90: 0, p99: 0, p999: 0 });
  const t: Tally = { covered: zero(), none: zero(), relHalfWidth: zero() };
  const figures = FIGURES.filter((f) => truth[f] !== undefined);
  for (let seed = 1; seed <= SEEDS; seed++) {
    const s = run(design(seed)).summary.nodes[node];
    for (const f of figures) {
      const half = s.ci95[f];
      if (half === null || half === undefined) t.none[f]++;
      else {
        t.relHalfWidth[f] += half / truth[f]!;
        if (Math.abs(s.latencyMs[f] - truth[f]!) <= half) t.covered[f]++;
      }
    }
  }
  for (const f of figures) {
    const had = SEEDS - t.none[f];
    if (had > 0) t.relHalfWidth[f] /= had;
    console.log(
      `${label} ${f} (truth ${truth[f]!.toFixed(1)} ms): covered ${t.covered[f]}/${had}` +
        (t.none[f] ? `, ${t.none[f]} without interval` : '') +
        (had ? `, mean half-width ${(100 * t.relHalfWidth[f]).toFixed(0)}% of the truth` : ''),
    );
  }
  return t;
}

function expectCovered(t: Tally, figures: readonly Figure[]): void {
  for (const f of figures) {
    expect(t.none[f], `${f}: runs without an interval`).toBe(0);
    expect(t.covered[f], `${f}: runs whose interval held the truth`).toBeGreaterThanOrEqual(MIN_COVERED);
  }
}

describe('confidence intervals cover the truth', () => {
  it('mean, p50, p90 and p99 of an M/M/1 at 80% over 150 s', () => {
    const t = coverage('M/M/1 ρ=0.8 150 s', (seed) => mm1(seed, 150), 's', mm1Truth);
    expectCovered(t, ['mean', 'p50', 'p90', 'p99']);
    // About 11,200 answers: 11 beyond p99.9, too few to say how far it could be.
    expect(t.none.p999).toBe(SEEDS);
  });

  it('p50 to p99.9 of an M/M/4 at 90% over 330 s', () => {
    const c = 4,
      lambda = 0.9 * c * MU;
    const truth = percentiles(mmcResponseCdf(c, lambda, MU));
    const t = coverage(
      'M/M/4 ρ=0.9 330 s',
      queue(c, lambda, { dist: 'exponential', mean: 1000 / MU }, 330),
      'svc',
      truth,
    );
    // 320 s at 360/s: about 115,000 answers, 115 beyond p99.9.
    expectCovered(t, ['p50', 'p90', 'p99', 'p999']);
  });

  it('p50, p90 and p99 of an M/D/1 at 90% over 300 s', () => {
    const D = 1000 / MU,
      lambda = 0.9 * MU;
    const wait = md1WaitCdf(lambda, D);
    const truth = percentiles((ms) => wait(ms - D));
    const t = coverage(
      'M/D/1 ρ=0.9 300 s',
      queue(1, lambda, { dist: 'constant', value: D }, 300),
      'svc',
      truth,
    );
    expectCovered(t, ['p50', 'p90', 'p99']);
    expect(t.none.p999).toBe(SEEDS); // about 26,000 answers
  });

  it('p50, p90 and p99 of an M/M/1 at 95% over 1,000 s', () => {
    const lambda = 0.95 * MU;
    const truth = percentiles((ms) => 1 - Math.exp((-(MU - lambda) * ms) / 1000));
    const t = coverage(
      'M/M/1 ρ=0.95 1000 s',
      queue(1, lambda, { dist: 'exponential', mean: 1000 / MU }, 1000),
      'svc',
      truth,
    );
    expectCovered(t, ['p50', 'p90', 'p99']);
    expect(t.none.p999).toBe(SEEDS); // about 94,000 answers: 94 beyond p99.9
  });

  it('a percentile with fewer than MIN_TAIL_ANSWERS answers beyond it has no interval', () => {
    // 60 s at 80/s after a 10 s warm-up: about 4,000 answers, 40 beyond p99.
    const s = run(mm1(1, 60)).summary.nodes.s;
    expect(s.answers * 0.01).toBeLessThan(MIN_TAIL_ANSWERS);
    expect(s.answers * 0.1).toBeGreaterThan(MIN_TAIL_ANSWERS);
    expect(s.ci95.p99).toBeNull();
    expect(s.ci95.okP99).toBeNull();
    expect(s.ci95.p90).toBeGreaterThan(0);
  });
});

describe("the shares' effective degrees of freedom", () => {
  it('are batches - 1 for shares spread evenly', () => {
    // Evenly spaced: kurtosis 1.8, under the normal's 3.
    const shares = Array.from({ length: 20 }, (_, i) => 0.5 + 0.001 * i);
    expect(shareDf(shares)).toBe(19);
  });

  it('fall to 2 when one batch holds a burst the others lack', () => {
    // Every batch has some answers beyond the percentile (shares below 1), one many more.
    const shares = Array.from({ length: 20 }, (_, i) => (i === 7 ? 0.85 : 0.995 + 0.0001 * i));
    expect(shareDf(shares)).toBe(2);
  });

  it('are at most the batches with answers on both sides of the percentile, less one', () => {
    const shares = Array.from({ length: 20 }, (_, i) => (i % 5 === 0 ? 0.97 + 0.001 * i : 1));
    expect(shareDf(shares)).toBe(3);
  });
});

describe('the closed forms used here', () => {
  it('M/D/1: the mean wait is Pollaczek–Khinchine, and small t agrees with Erlang’s series', () => {
    const D = 10;
    for (const rho of [0.5, 0.9, 0.95]) {
      const lambda = rho * MU;
      const W = md1WaitCdf(lambda, D);
      let mean = 0;
      const dt = 0.05;
      for (let t = 0; t < 400 * D; t += dt) mean += (1 - W(t + dt / 2)) * dt;
      expect(mean / ((rho * D) / (2 * (1 - rho))), `ρ ${rho}`).toBeCloseTo(1, 6);
      // Erlang: P(W ≤ t) = (1 - ρ) Σ_{k ≤ t/D} (λ(kD - t))^k / k! e^{-λ(kD - t)}, exact in
      // floating point for small t.
      const l = lambda / 1000;
      for (const t of [0, 3, 10, 17.5, 33.3, 55]) {
        let sum = 0;
        for (let k = 0; k <= Math.floor(t / D); k++) {
          let term = Math.exp(-l * (k * D - t));
          for (let j = 1; j <= k; j++) term *= (l * (k * D - t)) / j;
          sum += term;
        }
        expect(W(t), `ρ ${rho}, t ${t}`).toBeCloseTo((1 - rho) * sum, 12);
      }
    }
  });

  it('M/M/c: the mean response time is 1/μ + C/(cμ - λ), and c = 1 is exponential', () => {
    const c = 4,
      lambda = 360;
    const T = mmcResponseCdf(c, lambda, MU);
    let mean = 0;
    const dt = 0.01;
    for (let t = 0; t < 2000; t += dt) mean += (1 - T(t + dt / 2)) * dt;
    const expected = 1000 / MU + (1000 * erlangC(c, lambda / MU)) / (c * MU - lambda);
    expect(mean / expected).toBeCloseTo(1, 6);
    const one = mmcResponseCdf(1, LAMBDA, MU);
    expect(invertCdf(one, 0.99) / mm1Truth.p99).toBeCloseTo(1, 8);
  });
});
