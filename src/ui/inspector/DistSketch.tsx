/**
 * A tiny histogram of a distribution (d3 scales and shapes; loaded on demand). Everything
 * it shows is exact (model/distStats), not sampled: the caption's mean and p99, the mean
 * marker, and each bar, which is the probability the bin holds (from the CDF) over its width.
 */
import { area, curveStepAfter, scaleLinear } from 'd3';
import { useMemo } from 'react';
import { checkDist, type Dist } from '../../model/dist';
import { distCdf, distMean, distQuantile } from '../../model/distStats';

const W = 220;
const H = 44;

export interface SketchFigures {
  mean: number;
  p99: number;
}

/** The figures the sketch prints, exact for the distribution the engine samples. */
export function sketchFigures(d: Dist): SketchFigures {
  return { mean: distMean(d), p99: distQuantile(d, 0.99) };
}

/** A figure as the caption prints it: whole numbers from 100, one decimal from 1, else two significant digits. */
export function fmtFigure(v: number): string {
  if (v === Infinity) return '∞';
  if (v >= 100) return Math.round(v).toString();
  if (v >= 1) return (Math.round(v * 10) / 10).toString();
  return v > 0 ? Number(v.toPrecision(2)).toString() : '0';
}

/** The caption under the sketch, e.g. "mean 5 ms · p99 23 ms" for an exponential of mean 5. */
export function sketchCaption(f: SketchFigures, unit: string): string {
  return `mean ${fmtFigure(f.mean)} ${unit} · p99 ${fmtFigure(f.p99)} ${unit}`;
}

export default function DistSketch({ dist, unit }: { dist: unknown; unit: string }) {
  const shape = useMemo(() => {
    if (checkDist(dist).length) return null;
    const d = dist as Dist;
    const fig = sketchFigures(d);
    const hi = fig.p99 > 0 ? fig.p99 * 1.05 : 1;
    const x = scaleLinear()
      .domain([0, hi])
      .range([1, W - 1]);
    const edges = [0, ...x.ticks(36).filter((t) => t > 0 && t < hi), hi];
    // Bin i holds (edges[i], edges[i + 1]]; the first also holds 0 (no draw is below 0).
    const cdf = edges.map((e) => distCdf(d, e));
    const bins = edges.slice(1).map((x1, i) => {
      const x0 = edges[i];
      const mass = i === 0 ? cdf[1] : cdf[i + 1] - cdf[i];
      return { x0, x1, density: Math.max(0, mass) / (x1 - x0) };
    });
    const top = Math.max(...bins.map((b) => b.density));
    const y = scaleLinear()
      .domain([0, top > 0 ? top : 1])
      .range([H - 2, 3]);
    const pts = bins.map((b) => [x(b.x0), y(b.density)] as [number, number]);
    pts.push([x(hi), y(0)]);
    const path = area<[number, number]>()
      .x((p) => p[0])
      .y0(H - 2)
      .y1((p) => p[1])
      .curve(curveStepAfter)(pts);
    return { path: path ?? '', mx: x(Math.min(fig.mean, hi)), caption: sketchCaption(fig, unit) };
  }, [dist, unit]);
  if (!shape) return null;
  return (
    <figure className="sw-sketch" aria-label={`Shape of the distribution: ${shape.caption}`}>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden>
        <path d={shape.path} className="sw-sketch__area" />
        <line x1={shape.mx} x2={shape.mx} y1={2} y2={H - 2} className="sw-sketch__mean" />
      </svg>
      <figcaption>{shape.caption}</figcaption>
    </figure>
  );
}
