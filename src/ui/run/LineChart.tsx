/** A small d3 line chart over the run's time axis, with fault markers and an optional reference line. */
import {
  axisBottom,
  axisLeft,
  curveLinear,
  curveStepBefore,
  line as d3line,
  scaleLinear,
  scaleLog,
  select,
  type ScaleLinear,
  type ScaleLogarithmic,
  type Selection,
} from 'd3';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ActiveFaultInfo } from '../../worker/api';
import { belowFloor, belowFloorText, decimate, logTicks, type Line } from './chartData';
import { outcomeDotKind } from './traffic';
import { tickLabelSpan, timeTicks } from './timelineMath';

/** Line colours the stylesheet defines (.sw-chart__line--0 … 6); more lines reuse them in turn. */
const LINE_COLOURS = 7;

/**
 * A line's classes: with a tone, its outcome's dot colour (traffic.ts outcomeDotKind, as on
 * the canvas) and the tone itself (outcomes folded into another's colour get their own
 * dashes); else the i-th colour in turn.
 */
export function lineColour(part: 'line' | 'swatch', l: Line, i: number): string {
  if (!l.tone) return `sw-chart__${part}--${i % LINE_COLOURS}`;
  const kind = outcomeDotKind(l.tone);
  return kind === l.tone
    ? `sw-chart__${part}--${kind}`
    : `sw-chart__${part}--${kind} sw-chart__${part}--${l.tone}`;
}

export interface FaultMark {
  startS: number;
  endS: number | null;
  label: string;
  injected: boolean;
}

/**
 * Markers: the scenario's faults (from the design) and the ones injected live. `name`
 * words a fault as the fault timeline does ("stop Users", "slow down Database": faultLabel).
 */
export function faultMarks(
  scheduled: Array<Record<string, unknown>>,
  live: ActiveFaultInfo[],
  durationS: number,
  name: (type: string, target: string) => string,
): FaultMark[] {
  const out: FaultMark[] = [];
  for (const f of scheduled) {
    const at = Number(f.atS ?? 0);
    const d = f.durationS == null ? null : Number(f.durationS);
    out.push({
      startS: at,
      // A fault that outlasts the run is drawn to the axis's end, not into the margin past it.
      endS:
        f.type === 'cache-flush' ? at : d === null ? Math.max(at, durationS) : Math.min(at + d, durationS),
      label: name(String(f.type), String(f.target)),
      injected: false,
    });
  }
  for (const f of live) {
    if (!f.injected) continue;
    out.push({
      startS: f.startS,
      endS: f.type === 'cache-flush' ? f.startS : f.endS === null ? null : Math.min(f.endS, durationS),
      label: `${name(f.type, f.target)} (injected)`,
      injected: true,
    });
  }
  return out;
}

/**
 * The names a chart's legend shows: none for a single line that only repeats the chart's
 * title ("Instances" under "Instances", "utilization" under "Utilization"), which adds
 * nothing; a single line that says more ("attempts / request" under "Retry amplification")
 * keeps its key. Compared without case, spaces, punctuation or a bracketed unit.
 */
/**
 * A chart's time axis: the fault timeline's steps and labels ("20s", "10 min"), so the two
 * read alike one above the other, about one label per 70 px of plot.
 */
export function chartTimeTicks(endS: number, plotWidthPx: number): { t: number; label: string }[] {
  return timeTicks(endS, plotWidthPx, 70).ticks;
}

export function legendNames(title: string, lines: readonly Line[]): string[] {
  const bare = (s: string) =>
    s
      .replace(/\([^)]*\)/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, '');
  if (lines.length === 1 && bare(lines[0].name) === bare(title)) return [];
  return lines.map((l) => l.name);
}

interface Drawn {
  svg: SVGSVGElement;
  faults: Selection<SVGGElement, unknown, null, undefined>;
  xAxis: Selection<SVGGElement, unknown, null, undefined>;
  yAxis: Selection<SVGGElement, unknown, null, undefined>;
  ref: Selection<SVGGElement, unknown, null, undefined>;
  lines: Selection<SVGGElement, unknown, null, undefined>;
  /** Marks on a log axis's floor where a line's values are under it. */
  clips: Selection<SVGGElement, unknown, null, undefined>;
  xKey: string;
  yKey: string;
  yFormat: ((v: number) => string) | undefined;
  marks: FaultMark[] | null;
  refLine: { value: number; label: string } | undefined;
  w: number;
}

/** Width before the chart is measured; it is then drawn at its real width. */
const W = 300;
const H = 130;
/**
 * One left margin for every chart, the breaker chart's too, so that charts one above the
 * other start their plots at the same x (with 64 px for "half-open" it sat 20 px right of
 * the chart above it). Its state names wrap at a hyphen instead (stateLabelLines).
 */
const M = { top: 8, right: 8, bottom: 22, left: 44 };

/**
 * A state's name on the y axis, in lines: broken after each hyphen ("half-", "open"), as
 * "half-open" (46 px at 11 px) is wider than the margin's room beside the ticks (35 px).
 */
export function stateLabelLines(name: string): string[] {
  return name.split(/(?<=-)/);
}

/** The narrowest stretch a note is put over (px); a narrower one gets the whole plot. */
const NOTE_MIN_W = 170;

/**
 * Where a note over the plot starts (px): at `fromS` on the chart's time axis (as the drawing
 * scales it) when the rest of the plot has room for it, else at the plot's left edge.
 */
export function noteLeft(
  fromS: number,
  lines: readonly Line[],
  durationS: number,
  w: number,
  left = M.left,
): number {
  let xMax = 0;
  for (const l of lines) if (l.points.length) xMax = Math.max(xMax, l.points[l.points.length - 1][0]);
  const end = Math.max(durationS, xMax, 1);
  const x = left + (Math.max(0, fromS) / end) * (w - left - M.right);
  return w - M.right - x >= NOTE_MIN_W ? x : left;
}

/**
 * A log y axis for these lines (and the reference line): the smallest positive value and
 * the largest, 5% over it as the linear axis leaves, through logTicks.
 */
export function logAxis(lines: readonly Line[], refValue?: number): ReturnType<typeof logTicks> {
  let minPos = Infinity;
  let max = refValue ?? 0;
  if (refValue && refValue > 0) minPos = refValue;
  for (const l of lines)
    for (const [, v] of l.points)
      if (v > 0 && Number.isFinite(v)) {
        if (v < minPos) minPos = v;
        if (v > max) max = v;
      }
  return logTicks(minPos, max * 1.05);
}

export function LineChart({
  title,
  lines,
  durationS,
  faults,
  refLine,
  yFormat,
  version,
  tools,
  note,
  yLog = false,
  yStates,
}: {
  title: string;
  lines: Line[];
  durationS: number;
  faults: FaultMark[];
  refLine?: { value: number; label: string };
  yFormat?: (v: number) => string;
  version: number;
  /** Controls at the end of the caption (the latency charts' ok / all). */
  tools?: ReactNode;
  /**
   * Said over the plot where the lines alone would mislead (an empty ok latency chart): over
   * the stretch from `fromS` on when it has room, else over the whole plot.
   */
  note?: { text: string; fromS: number };
  /** A log y axis (ticks 1, 10, 100 ...; zero on its floor) instead of the linear one. */
  yLog?: boolean;
  /**
   * The values are states 0, 1, 2 ... named by these: the axis names them instead of
   * numeric ticks, and the line steps from state to state (a bucket's value is its state).
   */
  yStates?: readonly string[];
}) {
  const ref = useRef<SVGSVGElement>(null);
  /** What the persistent parts were last drawn for (axes, markers, reference line). */
  const drawn = useRef<Drawn | null>(null);
  // Drawn at the width it is shown at, not a fixed viewBox scaled to fit: scaled, a chart
  // stretched across a wide dashboard had 11 px axis text in one window and 7 in another;
  // at its real size its text is the stylesheet's size at any width.
  const [w, setW] = useState(W);
  useEffect(() => {
    const svg = ref.current;
    if (!svg || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([e]) => {
      const next = Math.floor(e.contentRect.width);
      if (next > 0) setW(next);
    });
    ro.observe(svg);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    // The skeleton is built once; updates touch only what changed. Rebuilding the axes'
    // text on every update made the browser lay out SVG text 4 times a second per chart.
    let d = drawn.current;
    if (!d || d.svg !== svg) {
      const root = select(svg);
      root.selectAll('*').remove();
      const g = root.append('g');
      d = {
        svg,
        faults: g.append('g'),
        xAxis: g
          .append('g')
          .attr('class', 'sw-chart__axis')
          .attr('transform', `translate(0,${H - M.bottom})`),
        yAxis: g.append('g').attr('class', 'sw-chart__axis').attr('transform', `translate(${M.left},0)`),
        ref: g.append('g'),
        lines: g.append('g'),
        clips: g.append('g'),
        xKey: '',
        yKey: '',
        yFormat: undefined,
        marks: null,
        refLine: undefined,
        w: 0,
      };
      drawn.current = d;
    }
    let yMax = refLine ? refLine.value * 1.1 : 0;
    let xMax = 0;
    for (const l of lines)
      for (const [t, v] of l.points) {
        if (v > yMax) yMax = v;
        if (t > xMax) xMax = t;
      }
    const x = scaleLinear()
      .domain([0, Math.max(durationS, xMax, 1)])
      .range([M.left, w - M.right]);
    let y: ScaleLinear<number, number> | ScaleLogarithmic<number, number>;
    let yTicks: number[] | null = null;
    // Values under a log axis's floor (zero above all) are drawn on it.
    let floor = -Infinity;
    if (yStates) {
      // A little room above and below, so the top and bottom states are not on the frame.
      y = scaleLinear()
        .domain([-0.15, yStates.length - 1 + 0.15])
        .range([H - M.bottom, M.top]);
      yTicks = yStates.map((_, i) => i);
    } else if (yLog) {
      const a = logAxis(lines, refLine?.value);
      y = scaleLog()
        .domain(a.domain)
        .range([H - M.bottom, M.top]);
      yTicks = a.ticks;
      floor = a.domain[0];
    } else
      y = scaleLinear()
        .domain([0, yMax > 0 ? yMax * 1.05 : 1])
        .nice()
        .range([H - M.bottom, M.top]);
    const yAt = (v: number) => y(Math.max(v, floor));
    const xKey = `${x.domain().join()}|${w}`;
    const yKey = `${yStates ? 'states' : yLog ? 'log' : 'linear'}|${y.domain().join()}`;
    const xChanged = xKey !== d.xKey;
    const yChanged = yKey !== d.yKey || yFormat !== d.yFormat;
    if (xChanged) {
      const ticks = chartTimeTicks(x.domain()[1], w - M.left - M.right);
      const labels = new Map(ticks.map((k) => [k.t, k.label]));
      d.xAxis.call(
        axisBottom(x)
          .tickValues(ticks.map((k) => k.t))
          .tickFormat((v) => labels.get(+v) ?? ''),
      );
      // Each label where timeTicks spaced it: centred, the last one ending by the plot's end
      // (centred, it hung past the chart's border).
      const plotW = w - M.left - M.right;
      d.xAxis.selectAll<SVGTextElement, number>('.tick text').attr('dx', (v) => {
        const [a, b] = tickLabelSpan({ t: +v, label: labels.get(+v) ?? '' }, x.domain()[1], plotW);
        return (a + b) / 2 - (+v / x.domain()[1]) * plotW;
      });
    }
    if (yChanged) {
      const axis = axisLeft(y).tickFormat((v) =>
        yStates ? (yStates[+v] ?? '') : yFormat ? yFormat(+v) : `${+v}`,
      );
      d.yAxis.call(yTicks ? axis.tickValues(yTicks) : axis.ticks(4));
      if (yStates)
        d.yAxis.selectAll<SVGTextElement, number>('.tick text').each((_, i, texts) => {
          const lines = stateLabelLines(texts[i].textContent ?? '');
          if (lines.length < 2) return;
          const text = select(texts[i]);
          const x = text.attr('x');
          text.text(null);
          // Centred on the tick as the one line was.
          lines.forEach((l, k) =>
            text
              .append('tspan')
              .attr('x', x)
              .attr('dy', k === 0 ? `${-0.55 * (lines.length - 1)}em` : '1.1em')
              .text(l),
          );
        });
    }
    if (xChanged || faults !== d.marks) {
      d.faults.selectAll('*').remove();
      for (const f of faults) {
        const x0 = x(f.startS);
        const x1 = x(f.endS ?? x.domain()[1]);
        d.faults
          .append('rect')
          .attr('class', `sw-chart__fault${f.injected ? ' is-injected' : ''}`)
          .attr('x', x0)
          .attr('y', M.top)
          .attr('width', Math.max(1, x1 - x0))
          .attr('height', H - M.top - M.bottom)
          .append('title')
          .text(f.label);
        d.faults
          .append('line')
          .attr('class', 'sw-chart__fault-edge')
          .attr('x1', x0)
          .attr('x2', x0)
          .attr('y1', M.top)
          .attr('y2', H - M.bottom);
      }
    }
    if (yChanged || w !== d.w || refLine?.value !== d.refLine?.value || refLine?.label !== d.refLine?.label) {
      d.ref.selectAll('*').remove();
      if (refLine) {
        d.ref
          .append('line')
          .attr('class', 'sw-chart__ref')
          .attr('x1', M.left)
          .attr('x2', w - M.right)
          .attr('y1', yAt(refLine.value))
          .attr('y2', yAt(refLine.value));
        d.ref
          .append('text')
          .attr('class', 'sw-chart__ref-label')
          .attr('x', w - M.right - 2)
          .attr('y', yAt(refLine.value) - 3)
          .attr('text-anchor', 'end')
          .text(refLine.label);
      }
    }
    d.xKey = xKey;
    d.yKey = yKey;
    d.yFormat = yFormat;
    d.marks = faults;
    d.refLine = refLine;
    d.w = w;
    const gen = d3line<[number, number]>()
      .defined((p) => Number.isFinite(p[1])) // NaN: no value in that bucket, a gap
      .curve(yStates ? curveStepBefore : curveLinear) // a point is its bucket's end
      .x((p) => x(p[0]))
      .y((p) => yAt(p[1]));
    d.lines
      .selectAll<SVGPathElement, Line>('path')
      .data(lines)
      .join('path')
      .attr('class', (l, i) => `sw-chart__line ${lineColour('line', l, i)}`)
      // One chart pixel holds many buckets of a long run: draw what is visible, not every bucket.
      .attr('d', (l) =>
        l.points.length
          ? (gen(decimate(l.points, x.domain()[0], x.domain()[1], w - M.left - M.right)) ?? '')
          : '',
      );
    // On a log axis, values under its floor (zeros too) are drawn on it: a hollow arrow down
    // there says they are lower than it reads, and its tooltip says so.
    const floorY = y(floor);
    const clipped = Number.isFinite(floor)
      ? lines.flatMap((l, i) => belowFloor(l.points, floor, x).map((p) => ({ l, i, p })))
      : [];
    const floorLabel = yFormat ? yFormat(floor) : `${floor}`;
    d.clips
      .selectAll<SVGPathElement, (typeof clipped)[number]>('path')
      .data(clipped)
      .join((enter) => {
        const mark = enter.append('path');
        mark.append('title');
        return mark;
      })
      .attr('class', (c) => `sw-chart__clip ${lineColour('line', c.l, c.i)}`)
      .attr('d', (c) => `M${x(c.p[0]) - 3.5},${floorY - 7}h7L${x(c.p[0])},${floorY - 1}Z`)
      .select('title')
      .text((c) => belowFloorText(c.l.name, floorLabel, c.p[0]));
    // `version` redraws when series arrays grew in place.
  }, [lines, durationS, faults, refLine, yFormat, version, w, yLog, yStates]);
  return (
    <figure className="sw-chart">
      <figcaption>
        <span className="sw-chart__title">{title}</span>
        <span className="sw-chart__keys">
          {legendNames(title, lines).map((name, i) => (
            <span key={name} className="sw-chart__key">
              <i className={`sw-chart__swatch ${lineColour('swatch', lines[i], i)}`} aria-hidden />
              {name}
            </span>
          ))}
        </span>
        {tools}
      </figcaption>
      <div className="sw-chart__plot">
        <svg ref={ref} viewBox={`0 0 ${w} ${H}`} role="img" aria-label={title} />
        {note ? (
          <p
            className="sw-chart__note"
            role="note"
            style={{
              left: noteLeft(note.fromS, lines, durationS, w),
              right: M.right,
              top: M.top,
              bottom: M.bottom,
            }}
          >
            <span>{note.text}</span>
          </p>
        ) : null}
      </div>
    </figure>
  );
}
