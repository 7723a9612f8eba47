/** A tiny histogram of a distribution (d3 scales and shapes; loaded on demand). */
import { area, bin, curveStepAfter, max, mean, quantile, scaleLinear } from 'd3';
import { useMemo } from 'react';
import { sampleDist } from './distForms';

const W = 220;
const H = 44;

export default function DistSketch({ dist, unit }: { dist: unknown; unit: string }) {
  const shape = useMemo(() => {
    const xs = sampleDist(dist).sort((a, b) => a - b);
    const p99 = quantile(xs, 0.99) ?? 0;
    const lo = 0;
    const hi = Math.max(p99 * 1.05, (xs[xs.length - 1] ?? 0) === 0 ? 1 : 1e-9);
    const x = scaleLinear()
      .domain([lo, hi])
      .range([1, W - 1]);
    const bins = bin().domain([lo, hi]).thresholds(x.ticks(36))(xs.filter((v) => v <= hi));
    const y = scaleLinear()
      .domain([0, max(bins, (b) => b.length) ?? 1])
      .range([H - 2, 3]);
    const pts = bins.map((b) => [x(b.x0 ?? 0), y(b.length)] as [number, number]);
    if (bins.length) pts.push([x(bins[bins.length - 1].x1 ?? hi), y(0)]);
    const path = area<[number, number]>()
      .x((d) => d[0])
      .y0(H - 2)
      .y1((d) => d[1])
      .curve(curveStepAfter)(pts);
    const m = mean(xs) ?? 0;
    return { path: path ?? '', mx: x(Math.min(m, hi)), m, p99 };
  }, [dist]);
  const fmt = (v: number) => (v >= 100 ? Math.round(v).toString() : (Math.round(v * 10) / 10).toString());
  return (
    <figure
      className="sw-sketch"
      aria-label={`Shape of the distribution: mean ${fmt(shape.m)} ${unit}, p99 ${fmt(shape.p99)} ${unit}`}
    >
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden>
        <path d={shape.path} className="sw-sketch__area" />
        <line x1={shape.mx} x2={shape.mx} y1={2} y2={H - 2} className="sw-sketch__mean" />
      </svg>
      <figcaption>
        mean {fmt(shape.m)} {unit} · p99 {fmt(shape.p99)} {unit}
      </figcaption>
    </figure>
  );
}
