import { compact, defineKind } from '../catalog';
import { num, optStr } from '../params';

export const zone = defineKind({
  kind: 'zone',
  label: 'Zone',
  aliases: ['region', 'availability zone', 'az', 'datacenter', 'data center'],
  group: 'Infrastructure',
  icon: 'SquareDashed',
  description:
    'A region or availability zone: a box that contains nodes (drag them inside). Every call that crosses its border pays the cross-zone latency each way. A zone outage takes down every node inside at once, and a partition cuts it off from the other zones: the way to see whether a design survives losing a data centre.',
  acceptsCalls: false,
  outgoing: 'none',
  container: true,
  params: {
    region: optStr({
      label: 'Region',
      help: 'A name shown on the canvas, e.g. us-east-1a.',
      maxLength: 60,
      canvas: true,
    }),
    crossZoneMs: num({
      label: 'Cross-zone latency',
      unit: 'ms',
      help: 'Added one way to every call that crosses this zone’s border (both ways for the answer).',
      default: 1,
      min: 0,
      max: 10_000,
      canvas: true,
    }),
  },
  summary: (p) => (p.region ? `${p.region} · ` : '') + `+${compact(p.crossZoneMs)} ms across`,
});
