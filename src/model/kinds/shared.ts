/** Parameter fragments shared by several kinds (declared once, reused by reference). */
import { feature, int, num } from '../params';

export const loadLatency = feature(
  {
    knee: num({
      label: 'Knee',
      help: 'Utilization above which work starts to slow down. The utilization read is the recent one: the busy share averaged over about the last second, as the charts show it per second.',
      default: 0.7,
      min: 0,
      max: 0.99,
      step: 0.05,
    }),
    factor: num({
      label: 'Slowdown at 100%',
      help: 'Service-time multiplier when every thread is busy; it grows linearly from 1 at the knee.',
      default: 3,
      min: 1,
      max: 100,
    }),
  },
  {
    label: 'Load-dependent latency',
    help: 'Work gets slower as the node fills up (garbage collection, lock contention, cache thrash). Off by default. A steep slowdown can tip a moderately loaded node into a spiral it does not leave: a busy second slows the work, which keeps the next second busy.',
    advanced: true,
  },
);

export const errorRate = num({
  label: 'Error rate',
  help: 'Fraction of calls the node fails with “error” on its own, after doing the work.',
  default: 0,
  min: 0,
  max: 1,
  step: 0.01,
});

/**
 * Active health checks (load balancer, DNS): probes to each target with a detection delay.
 * A builder so each kind picks its own defaults; the fields are the same everywhere.
 */
export function healthCheckParam(
  d: { intervalMs: number; timeoutMs: number; unhealthyAfter: number; healthyAfter: number },
  help: string,
) {
  return feature(
    {
      intervalMs: num({
        label: 'Interval',
        unit: 'ms',
        help: 'Time between probes to each target.',
        default: d.intervalMs,
        min: 10,
        max: 3_600_000,
      }),
      timeoutMs: num({
        label: 'Probe timeout',
        unit: 'ms',
        help: 'A probe without an answer within this counts as failed.',
        default: d.timeoutMs,
        min: 1,
        max: 600_000,
      }),
      unhealthyAfter: int({
        label: 'Unhealthy after',
        help: 'Consecutive failed probes before a target is taken out.',
        default: d.unhealthyAfter,
        min: 1,
        max: 100,
      }),
      healthyAfter: int({
        label: 'Healthy after',
        help: 'Consecutive good probes before a target is put back.',
        default: d.healthyAfter,
        min: 1,
        max: 100,
      }),
    },
    { label: 'Health check', help, defaultOn: true },
  );
}
