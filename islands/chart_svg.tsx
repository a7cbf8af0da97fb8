// Charts as plain SVG, rendered on the server and, by an island that follows live data,
// again in the browser — no chart library and no script needed to see them. Colours,
// grid and text come from classes styled in static/style.css (`.series-N` follows the
// theme's `--series-N`); every mark has a <title>, the browser's own tooltip.
import type { ComponentChildren } from "preact";

/** The drawing's coordinate space; the SVG scales to its box's width. */
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 280;
/** Room for the axes' tick labels and titles. */
const MARGIN = { left: 56, right: 20, top: 14, bottom: 46 };
/** How many colours the theme defines (`--series-0` …). */
export const SERIES_COLOURS = 8;
const TICKS = 5;
/** A 0 % bar is this tall, so it reads as "none passed" rather than "not graded". */
const MIN_BAR_PX = 2;

export const PLOT = {
  left: MARGIN.left,
  right: CHART_WIDTH - MARGIN.right,
  top: MARGIN.top,
  bottom: CHART_HEIGHT - MARGIN.bottom,
};

/** The class giving series `i` its colour. */
export const seriesClass = (i: number) => `series-${i % SERIES_COLOURS}`;

/** Tick values from 0 to a round maximum at or above `max` (1, 2, 2.5 or 5 × 10ⁿ steps). */
export function niceTicks(max: number, count = TICKS): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / (count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const n = Math.ceil(max / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** Maps `value` of [0, max] onto [from, to]. */
export function scale(value: number, max: number, from: number, to: number): number {
  return from + (to - from) * (max > 0 ? value / max : 0);
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The y axis (0 at the bottom), its grid lines and title, and the x axis title. */
function Frame(props: {
  yTicks: number[];
  yLabel: (v: number) => string;
  yTitle: string;
  xTitle?: string;
  children: ComponentChildren;
}) {
  const max = props.yTicks[props.yTicks.length - 1];
  return (
    <>
      {props.yTicks.map((t) => {
        const y = round(scale(t, max, PLOT.bottom, PLOT.top));
        return (
          <g key={t}>
            <line class="chart-grid" x1={PLOT.left} x2={PLOT.right} y1={y} y2={y} />
            <text class="chart-tick" x={PLOT.left - 8} y={y + 4} text-anchor="end">
              {props.yLabel(t)}
            </text>
          </g>
        );
      })}
      <text
        class="chart-title"
        transform={`translate(14 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)`}
        text-anchor="middle"
      >
        {props.yTitle}
      </text>
      {props.xTitle && (
        <text
          class="chart-title"
          x={(PLOT.left + PLOT.right) / 2}
          y={CHART_HEIGHT - 6}
          text-anchor="middle"
        >
          {props.xTitle}
        </text>
      )}
      {props.children}
      <line class="chart-axis" x1={PLOT.left} x2={PLOT.right} y1={PLOT.bottom} y2={PLOT.bottom} />
    </>
  );
}

/** The SVG element every chart draws in. */
export function ChartSvg(props: { label: string; children: ComponentChildren }) {
  return (
    <svg
      class="chart-svg"
      viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
      role="img"
      aria-label={props.label}
    >
      {props.children}
    </svg>
  );
}

/** One colour swatch and name per series, under the chart. */
export function Legend(props: { names: string[]; hollow?: (i: number) => boolean }) {
  return (
    <ul class="chart-legend" aria-hidden="true">
      {props.names.map((name, i) => (
        <li key={name}>
          <span class={`swatch ${seriesClass(i)}${props.hollow?.(i) ? " hollow" : ""}`} />
          <span class="mono">{name}</span>
        </li>
      ))}
    </ul>
  );
}

export interface ScatterPoint {
  name: string;
  x: number;
  /** In [0, 1]. */
  y: number;
  /** Drawn as a hollow triangle (the value of x is unknown and shown at 0). */
  hollow: boolean;
  title: string;
}

/** Points on a linear x axis from 0 and a 0–100 % y axis. */
export function ScatterPlot(props: { points: ScatterPoint[]; xTitle: string; yTitle: string }) {
  const xTicks = niceTicks(Math.max(0, ...props.points.map((p) => p.x)));
  const xMax = xTicks[xTicks.length - 1];
  const yTicks = niceTicks(100);
  return (
    <Frame yTicks={yTicks} yLabel={(v) => `${v}`} yTitle={props.yTitle} xTitle={props.xTitle}>
      {xTicks.map((t) => (
        <text
          key={t}
          class="chart-tick"
          x={round(scale(t, xMax, PLOT.left, PLOT.right))}
          y={PLOT.bottom + 18}
          text-anchor="middle"
        >
          {t}
        </text>
      ))}
      {props.points.map((p, i) => {
        const x = round(scale(p.x, xMax, PLOT.left, PLOT.right));
        const y = round(scale(p.y * 100, 100, PLOT.bottom, PLOT.top));
        const mark = `chart-mark ${seriesClass(i)}${p.hollow ? " hollow" : ""}`;
        return p.hollow
          ? (
            <polygon
              key={p.name}
              class={mark}
              points={`${x},${y - 8} ${x - 7},${y + 5} ${x + 7},${y + 5}`}
            >
              <title>{p.title}</title>
            </polygon>
          )
          : (
            <circle key={p.name} class={mark} cx={x} cy={y} r={7}>
              <title>{p.title}</title>
            </circle>
          );
      })}
    </Frame>
  );
}

export interface BarGroup {
  label: string;
  /** One per series, in [0, 1]; null draws no bar. */
  values: (number | null)[];
  /** The tooltip of each bar. */
  titles: string[];
}

/** Grouped bars on a 0–100 % axis: every bar starts at 0. */
export function GroupedBars(props: { groups: BarGroup[]; yTitle: string }) {
  const width = (PLOT.right - PLOT.left) / Math.max(1, props.groups.length);
  const series = Math.max(1, ...props.groups.map((g) => g.values.length));
  const bar = Math.min(28, (width * 0.8) / series);
  return (
    <Frame yTicks={niceTicks(100)} yLabel={(v) => `${v}`} yTitle={props.yTitle}>
      {props.groups.map((g, gi) => {
        const start = PLOT.left + gi * width + (width - bar * series) / 2;
        return (
          <g key={g.label}>
            <text
              class="chart-tick"
              x={round(PLOT.left + (gi + 0.5) * width)}
              y={PLOT.bottom + 18}
              text-anchor="middle"
            >
              {g.label}
            </text>
            {g.values.map((v, si) => {
              if (v === null) return null;
              const top = round(
                Math.min(PLOT.bottom - MIN_BAR_PX, scale(v * 100, 100, PLOT.bottom, PLOT.top)),
              );
              return (
                <rect
                  key={si}
                  class={`chart-mark ${seriesClass(si)}`}
                  data-bar={`${g.label} ${si}`}
                  x={round(start + si * bar + 1)}
                  y={top}
                  width={round(bar - 2)}
                  height={round(PLOT.bottom - top)}
                >
                  <title>{g.titles[si]}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
    </Frame>
  );
}
