import { compact, defineKind } from '../catalog';
import { bool, choice, dist, int, num } from '../params';

export const queue = defineKind({
  kind: 'queue',
  label: 'Queue',
  aliases: ['kafka', 'sqs', 'rabbitmq', 'pub/sub', 'broker', 'topic', 'stream', 'message'],
  group: 'Messaging',
  icon: 'Inbox',
  description:
    'A message broker: the producer’s call completes as soon as the message is stored, so a queue is an asynchronous boundary that absorbs bursts and lets a slow consumer work at its own pace. Messages are pushed to the consumer edge(s) a few at a time; a delivery that fails, or is not acknowledged within the visibility timeout, is redelivered later (at-least-once: a consumer that was merely slow processes the message twice). After too many failed deliveries a message is dead-lettered. When the queue is full the producer is rejected (backpressure).',
  headline: { label: 'depth', unit: 'count' },
  acceptsCalls: true,
  outgoing: 'many',
  deadLetters: true,
  metrics: [
    { key: 'delivered', label: 'Deliveries', merge: 'sum' },
    { key: 'acked', label: 'Acknowledged', merge: 'sum' },
    { key: 'redeliveries', label: 'Redeliveries', merge: 'sum' },
    { key: 'deadLetters', label: 'Dead letters', merge: 'sum' },
    { key: 'duplicates', label: 'Duplicates', merge: 'sum' },
    { key: 'lost', label: 'Lost in a crash', merge: 'sum' },
    { key: 'oldestAgeMs', label: 'Age of oldest message (peak)', unit: 'ms', merge: 'max' },
    { key: 'endToEndMs', label: 'Enqueue → ack (mean)', unit: 'ms', merge: { by: ['acked'] } },
  ],
  params: {
    mode: choice(['queue', 'pubsub'], {
      label: 'Mode',
      help: 'Queue: each message goes to one consumer edge (several edges share the work by weight). Pub/sub: every consumer edge gets its own copy (a subscription each).',
      default: 'queue',
      canvas: true,
    }),
    capacity: int({
      label: 'Capacity',
      help: 'Messages the queue (each subscription in pub/sub) holds, including those being delivered. When full the producer is rejected: backpressure.',
      default: 10_000,
      min: 1,
      max: 100_000_000,
      unit: 'msgs',
      canvas: true,
    }),
    consumers: int({
      label: 'Consumers',
      help: 'Deliveries in flight at once (per subscription): how many messages the consumers work on in parallel.',
      default: 4,
      min: 1,
      max: 100_000,
      canvas: true,
    }),
    ackMs: dist({
      label: 'Enqueue time',
      help: 'Time to store a message before the producer’s call completes.',
      default: { dist: 'exponential', mean: 2 },
    }),
    visibilityTimeoutS: num({
      label: 'Visibility timeout',
      unit: 's',
      help: 'A delivery not acknowledged within this becomes visible again and is redelivered, even if the consumer is still working on it (then it is processed twice). A failed delivery becomes visible again this long after it was handed out (not after it failed), as in SQS.',
      default: 30,
      min: 0.001,
      max: 86_400,
    }),
    maxReceives: int({
      label: 'Max receives',
      help: 'Failed deliveries after which a message is dead-lettered (sent to the edge with role "dlq" if there is one).',
      default: 5,
      min: 1,
      max: 1000,
    }),
    durable: bool({
      label: 'Durable',
      help: 'Durable: messages survive a crash of the broker and are delivered after it returns. Otherwise a crash loses every stored message (counted).',
      default: true,
      advanced: true,
    }),
  },
  summary: (p) =>
    `${p.mode === 'pubsub' ? 'pub/sub' : 'queue'} · cap ${compact(p.capacity)} · ${p.consumers} consumer${p.consumers > 1 ? 's' : ''}`,
  capacityRps: () => null,
});
