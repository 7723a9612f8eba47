import { defineKind, distText } from '../catalog';
import { choice, dist, feature, int, num } from '../params';
import { errorRate, loadLatency } from './shared';

export const service = defineKind({
  kind: 'service',
  label: 'Service',
  aliases: ['api', 'server', 'backend', 'microservice', 'app server', 'worker', 'compute'],
  group: 'Compute',
  icon: 'Server',
  description:
    'An application server: instances, each with a pool of worker threads and a FIFO wait queue. A call takes a thread (or waits for one), does its own work, then calls its dependencies along its outgoing edges and answers when they have answered. With blocking I/O the thread is held while waiting on dependencies, which is how slow dependencies exhaust thread pools.',
  acceptsCalls: true,
  outgoing: 'many',
  honoursProbability: true,
  metrics: [
    { key: 'instances', label: 'Instances', merge: 'mean', atEnd: true },
    { key: 'degraded', label: 'Degraded answers (fallback)', merge: 'sum' },
  ],
  params: {
    instances: int({
      label: 'Instances',
      help: 'Number of identical server instances.',
      default: 2,
      min: 1,
      max: 1000,
      canvas: true,
    }),
    concurrency: int({
      label: 'Threads per instance',
      help: 'Calls one instance works on at once.',
      default: 8,
      min: 1,
      max: 100_000,
      canvas: true,
    }),
    queueCapacity: int({
      label: 'Queue capacity',
      help: 'Calls that may wait for a thread, per instance. Beyond it calls are rejected; 0 rejects as soon as every thread is busy.',
      default: 100,
      min: 0,
      max: 10_000_000,
    }),
    serviceTimeMs: dist({
      label: 'Service time',
      help: 'The service’s own work per call, excluding dependencies.',
      default: { dist: 'exponential', mean: 20 },
      canvas: true,
    }),
    errorRate,
    io: choice(['blocking', 'async'], {
      label: 'I/O model',
      help: 'Blocking: a thread is held while waiting on dependencies (thread-per-request). Async: the thread is freed while waiting (event loop).',
      default: 'blocking',
    }),
    calls: choice(['sequential', 'parallel'], {
      label: 'Dependency calls',
      help: 'Sequential: one dependency after another, in edge order. Parallel: all at once, answer when the slowest returns.',
      default: 'sequential',
    }),
    onDependencyError: choice(['fail', 'fallback'], {
      label: 'On dependency error',
      help: 'Fail: answer error when a sync dependency fails. Fallback: answer ok anyway (degraded; counted).',
      default: 'fail',
    }),
    loadLatency,
    autoscale: feature(
      {
        min: int({ label: 'Min instances', help: 'Never scale below this.', default: 1, min: 1, max: 1000 }),
        max: int({ label: 'Max instances', help: 'Never scale above this.', default: 10, min: 1, max: 1000 }),
        targetUtilization: num({
          label: 'Target utilization',
          help: 'Scale so that mean thread utilization approaches this. Within 10% of it nothing changes (as Kubernetes’ autoscaler), so the count does not flap.',
          default: 0.6,
          min: 0.05,
          max: 1,
        }),
        evaluationS: num({
          label: 'Evaluation interval',
          unit: 's',
          help: 'How often the autoscaler looks at utilization.',
          default: 10,
          min: 0.1,
          max: 3600,
        }),
        cooldownS: num({
          label: 'Cooldown',
          unit: 's',
          help: 'Minimum time between two scaling actions.',
          default: 30,
          min: 0,
          max: 3600,
        }),
        startupS: num({
          label: 'Start-up time',
          unit: 's',
          help: 'Time from the decision to a new instance taking traffic.',
          default: 20,
          min: 0,
          max: 3600,
        }),
      },
      {
        label: 'Autoscaling',
        help: 'Add and remove instances to track a target utilization, with a start-up delay. Off by default.',
      },
    ),
  },
  summary: (p) => `${p.instances} × ${p.concurrency} threads · ${distText(p.serviceTimeMs)}`,
  capacityRps: (p, meanMs) => {
    const m = meanMs(p.serviceTimeMs);
    // With autoscaling, what it can grow to (the engine keeps it within min..max, whatever
    // `instances` says): a load it will scale out to meet is no overload.
    const instances = p.autoscale ? p.autoscale.max : p.instances;
    return m > 0 ? (instances * p.concurrency * 1000) / m : null;
  },
});
