/** Parameter fragments shared by several kinds (declared once, reused by reference). */
import { feature, num } from '../params';

export const loadLatency = feature(
  {
    knee: num({
      label: 'Knee',
      help: 'Utilization above which work starts to slow down.',
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
    help: 'Work gets slower as the node fills up (garbage collection, lock contention, cache thrash). Off by default.',
    advanced: true,
  },
);

export const errorRate = num({
  label: 'Error rate',
  help: 'Fraction of calls the node fails with `error` on its own, after doing the work.',
  default: 0,
  min: 0,
  max: 1,
  step: 0.01,
});
