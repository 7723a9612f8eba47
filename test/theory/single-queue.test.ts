/**
 * Single-station queues against their closed forms: M/M/1 (mean and p99 of the response
 * time), M/M/c (Erlang C waiting time), M/M/1/K (blocking probability), M/D/1 and M/G/1
 * with lognormal service (Pollaczek–Khinchine waiting time), and M/G/c/c (Erlang B
 * blocking, whatever the service-time distribution). Every run is a client feeding one service over a
 * zero-latency edge with Poisson arrivals; fixed seeds make the runs reproducible, and the
 * run lengths are chosen so that the statistical error (batch-means CI) is a small fraction
 * of the tolerance.
 */
import { describe, expect, it } from 'vitest';
import { erlangC, note, relErr, run, singleQueue } from './helpers';

/** M/M/1 mean response time: within 3% of 1/(μ−λ). */
const MM1_MEAN_TOL = 0.03;
/** M/M/1 99th percentile: within 5% of ln(100)/(μ−λ). */
const MM1_P99_TOL = 0.05;
/** M/M/c mean waiting time: within 5% of Erlang C. */
const MMC_WAIT_TOL = 0.05;
/** M/M/1/K blocking probability: within 3% (relative) of 1/(K+1) at λ = μ. */
const MM1K_BLOCK_TOL = 0.03;
/** M/D/1 mean waiting time: within 3% of Pollaczek–Khinchine. */
const MD1_WAIT_TOL = 0.03;

const HUGE_QUEUE = 10_000_000;
const SERVICE_MS = 10; // μ = 100/s per thread
const MU = 1000 / SERVICE_MS;

describe('M/M/1', () => {
  // Run lengths grow with 1/(1-ρ)^2 (the relaxation time of the queue): relative standard
  // error of the mean response time ≈ sqrt(2(1+ρ)/(ρ(1−ρ)²·n_service_times)) ≈ 0.5%, 0.75%, 0.85%.
  const cases = [
    { rho: 0.5, durationS: 10_000, seed: 11 },
    { rho: 0.8, durationS: 20_000, seed: 12 },
    { rho: 0.9, durationS: 60_000, seed: 13 },
  ];
  for (const c of cases) {
    it(`utilization ${c.rho}: mean within ${MM1_MEAN_TOL * 100}% of 1/(μ−λ), p99 within ${MM1_P99_TOL * 100}% of ln(100)/(μ−λ)`, () => {
      const lambda = c.rho * MU;
      const { summary } = run(
        singleQueue({
          rps: lambda,
          concurrency: 1,
          queueCapacity: HUGE_QUEUE,
          serviceTimeMs: { dist: 'exponential', mean: SERVICE_MS },
          durationS: c.durationS,
          warmupS: 100,
          seed: c.seed,
        }),
      );
      const node = summary.nodes.svc;
      const W = 1000 / (MU - lambda);
      const p99 = (1000 * Math.log(100)) / (MU - lambda);
      note(`M/M/1 ρ=${c.rho} mean response ms`, node.latencyMs.mean, W);
      note(`M/M/1 ρ=${c.rho} p99 response ms`, node.latencyMs.p99, p99);
      expect(relErr(node.utilization!, c.rho)).toBeLessThan(0.01);
      expect(relErr(node.latencyMs.mean, W), `mean ${node.latencyMs.mean} vs ${W}`).toBeLessThan(
        MM1_MEAN_TOL,
      );
      expect(relErr(node.latencyMs.p99, p99), `p99 ${node.latencyMs.p99} vs ${p99}`).toBeLessThan(
        MM1_P99_TOL,
      );
      // With a zero-latency edge the client sees exactly the service's response time.
      expect(relErr(summary.clients.users.latencyMs.mean, W)).toBeLessThan(MM1_MEAN_TOL);
      expect(node.outcomes).toEqual({ ok: node.answers });
    });
  }
});

describe('M/M/c', () => {
  it(`c = 4 at utilization 0.8: mean waiting time within ${MMC_WAIT_TOL * 100}% of Erlang C`, () => {
    // One instance with 4 threads and one FIFO queue is one M/M/4 queue.
    const c = 4,
      rho = 0.8;
    const lambda = rho * c * MU;
    const { summary } = run(
      singleQueue({
        rps: lambda,
        concurrency: c,
        queueCapacity: HUGE_QUEUE,
        serviceTimeMs: { dist: 'exponential', mean: SERVICE_MS },
        durationS: 5_000,
        warmupS: 50,
        seed: 21,
      }),
    );
    const node = summary.nodes.svc;
    const Wq = (1000 * erlangC(c, lambda / MU)) / (c * MU - lambda); // 7.455 ms
    // Waiting time two ways: (1) Little's law on the time-averaged number waiting,
    // Wq = Lq / λ with λ the measured throughput; (2) response time minus the mean service time.
    const byLittle = (node.meanQueueLength / node.throughputRps) * 1000;
    const byResponse = node.latencyMs.mean - SERVICE_MS;
    note('M/M/4 ρ=0.8 wait ms (Lq/λ)', byLittle, Wq);
    note('M/M/4 ρ=0.8 wait ms (R − 1/μ)', byResponse, Wq);
    expect(relErr(node.utilization!, rho)).toBeLessThan(0.01);
    expect(relErr(byLittle, Wq), `Lq/λ = ${byLittle} vs Erlang C ${Wq}`).toBeLessThan(MMC_WAIT_TOL);
    expect(relErr(byResponse, Wq), `R − 1/μ = ${byResponse} vs Erlang C ${Wq}`).toBeLessThan(MMC_WAIT_TOL);
  });
});

describe('M/M/1/K', () => {
  it(`K = 5 at λ = μ: blocking probability within ${MM1K_BLOCK_TOL * 100}% of 1/(K+1)`, () => {
    // K counts the call in service: one thread and a queue of 4.
    const K = 5;
    const { summary } = run(
      singleQueue({
        rps: MU,
        concurrency: 1,
        queueCapacity: K - 1,
        serviceTimeMs: { dist: 'exponential', mean: SERVICE_MS },
        durationS: 10_000,
        warmupS: 10,
        seed: 31,
      }),
    );
    const node = summary.nodes.svc;
    const blocked = (node.outcomes.rejected ?? 0) / node.answers;
    note('M/M/1/5 blocking probability', blocked, 1 / (K + 1));
    expect(relErr(blocked, 1 / (K + 1)), `blocking ${blocked} vs ${1 / (K + 1)}`).toBeLessThan(
      MM1K_BLOCK_TOL,
    );
    // The client sees the same rejections (no retries on the edge).
    const c = summary.clients.users;
    expect(relErr((c.outcomes.rejected ?? 0) / c.requests, 1 / (K + 1))).toBeLessThan(MM1K_BLOCK_TOL);
    expect(node.maxQueueLength).toBe(K - 1);
  });
});

describe('M/D/1', () => {
  it(`utilization 0.8: mean waiting time within ${MD1_WAIT_TOL * 100}% of Pollaczek–Khinchine`, () => {
    const rho = 0.8;
    const lambda = rho * MU;
    const { summary } = run(
      singleQueue({
        rps: lambda,
        concurrency: 1,
        queueCapacity: HUGE_QUEUE,
        serviceTimeMs: { dist: 'constant', value: SERVICE_MS },
        durationS: 20_000,
        warmupS: 100,
        seed: 41,
      }),
    );
    const node = summary.nodes.svc;
    // P–K: Wq = λ E[S²] / (2(1−ρ)) = ρ D / (2(1−ρ)) for constant D: 20 ms here.
    const Wq = (rho * SERVICE_MS) / (2 * (1 - rho));
    // The service time is exactly D, so response − D is each call's exact waiting time.
    const wait = node.latencyMs.mean - SERVICE_MS;
    const byLittle = (node.meanQueueLength / node.throughputRps) * 1000;
    note('M/D/1 ρ=0.8 wait ms (R − D)', wait, Wq);
    note('M/D/1 ρ=0.8 wait ms (Lq/λ)', byLittle, Wq);
    expect(relErr(wait, Wq), `wait ${wait} vs P–K ${Wq}`).toBeLessThan(MD1_WAIT_TOL);
    expect(relErr(byLittle, Wq), `Lq/λ = ${byLittle} vs P–K ${Wq}`).toBeLessThan(MD1_WAIT_TOL);
  });
});

/** M/G/1 mean waiting time: within 5% of Pollaczek–Khinchine (a heavier tail needs the margin). */
const MG1_WAIT_TOL = 0.05;
/** M/G/c/c blocking probability: within 3% (relative) of Erlang B. */
const ERLANG_B_TOL = 0.03;

/** Lognormal service time given by its median and 99th percentile, as the design file does. */
function lognormalMoments(p50: number, p99: number): { mean: number; second: number } {
  const mu = Math.log(p50);
  const sigma = (Math.log(p99) - mu) / 2.326347874; // z of the 99th percentile
  return { mean: Math.exp(mu + (sigma * sigma) / 2), second: Math.exp(2 * mu + 2 * sigma * sigma) };
}

describe('M/G/1', () => {
  it(`lognormal service at utilization 0.7: mean waiting time within ${MG1_WAIT_TOL * 100}% of Pollaczek–Khinchine`, () => {
    const { mean, second } = lognormalMoments(5, 20);
    const rho = 0.7;
    const lambda = (rho / mean) * 1000; // per second
    const { summary } = run(
      singleQueue({
        rps: lambda,
        concurrency: 1,
        queueCapacity: HUGE_QUEUE,
        serviceTimeMs: { dist: 'lognormal', p50: 5, p99: 20 },
        durationS: 20_000,
        warmupS: 100,
        seed: 47,
      }),
    );
    const node = summary.nodes.svc;
    // P–K: Wq = λ E[S²] / (2(1−ρ)), with λ per ms.
    const Wq = ((lambda / 1000) * second) / (2 * (1 - rho));
    // Response − E[S] estimates the mean wait; Little's law on the queue gives it directly.
    const wait = node.latencyMs.mean - mean;
    const byLittle = (node.meanQueueLength / node.throughputRps) * 1000;
    note('M/G/1 lognormal ρ=0.7 wait ms (R − E[S])', wait, Wq);
    note('M/G/1 lognormal ρ=0.7 wait ms (Lq/λ)', byLittle, Wq);
    expect(relErr(wait, Wq), `wait ${wait} vs P–K ${Wq}`).toBeLessThan(MG1_WAIT_TOL);
    expect(relErr(byLittle, Wq), `Lq/λ = ${byLittle} vs P–K ${Wq}`).toBeLessThan(MG1_WAIT_TOL);
  });
});

describe('M/G/c/c (Erlang loss)', () => {
  // Erlang B: the blocking probability of c servers and no queue at offered load a.
  const erlangB = (c: number, a: number) => {
    let b = 1;
    for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
    return b;
  };
  for (const service of [
    { label: 'exponential', dist: { dist: 'exponential', mean: SERVICE_MS }, mean: SERVICE_MS },
    // Erlang B holds whatever the service-time distribution (insensitivity): a lognormal
    // of the same mean blocks as often.
    {
      label: 'lognormal',
      dist: { dist: 'lognormal', p50: 5, p99: 20 },
      mean: lognormalMoments(5, 20).mean,
    },
  ]) {
    it(`c = 4, a = 3, ${service.label} service: blocking within ${ERLANG_B_TOL * 100}% of Erlang B`, () => {
      const a = 3;
      const { summary } = run(
        singleQueue({
          rps: (a / service.mean) * 1000,
          concurrency: 4,
          queueCapacity: 0,
          serviceTimeMs: service.dist,
          durationS: service.label === 'exponential' ? 5_000 : 2_000,
          warmupS: 10,
          seed: 53,
        }),
      );
      const node = summary.nodes.svc;
      const blocked = (node.outcomes.rejected ?? 0) / node.answers;
      note(`M/${service.label === 'exponential' ? 'M' : 'G'}/4/4 blocking`, blocked, erlangB(4, a));
      expect(relErr(blocked, erlangB(4, a)), `blocking ${blocked} vs ${erlangB(4, a)}`).toBeLessThan(
        ERLANG_B_TOL,
      );
      // Carried load: busy servers on average = a(1 − B).
      expect(relErr(node.utilization! * 4, a * (1 - erlangB(4, a)))).toBeLessThan(ERLANG_B_TOL);
    });
  }
});
