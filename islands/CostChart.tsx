// Island: cost against accuracy, one point per model (its leaderboard run). It follows the
// shared leaderboard signal, so a finished run moves its point. Runs without a known cost
// (the built-in models call no paid API) sit on the zero line, drawn as hollow triangles.
import { useRef } from "preact/hooks";
import { leaderboard, useSeeded } from "./state.ts";
import type { LeaderboardEntry } from "./types.ts";
import { formatCost, formatPercent } from "./ui.tsx";
import { seriesColours, themeColour, useChart } from "./use_chart.ts";

export interface CostChartProps {
  entries: LeaderboardEntry[];
}

export default function CostChart(props: CostChartProps) {
  const entries = useSeeded(leaderboard, props.entries);
  const canvas = useRef<HTMLCanvasElement>(null);
  const ready = useChart(canvas, () => {
    const colours = seriesColours();
    const text = themeColour("--text-dim");
    const grid = themeColour("--grid");
    return {
      type: "scatter",
      data: {
        datasets: entries.map((e, i) => ({
          label: e.model,
          data: [{ x: e.cost_usd ?? 0, y: e.accuracy * 100 }],
          backgroundColor: e.cost_usd === null ? "transparent" : colours[i % colours.length],
          borderColor: colours[i % colours.length],
          borderWidth: 2,
          pointStyle: e.cost_usd === null ? "triangle" : "circle",
          pointRadius: 7,
          pointHoverRadius: 9,
          clip: false as const,
        })),
      },
      options: {
        maintainAspectRatio: false,
        layout: { padding: 12 },
        scales: {
          x: {
            title: { display: true, text: "cost of the run (USD)", color: text },
            ticks: { color: text },
            grid: { color: grid },
            beginAtZero: true,
          },
          y: {
            title: { display: true, text: "accuracy (%)", color: text },
            ticks: { color: text },
            grid: { color: grid },
            min: 0,
            max: 100,
          },
        },
        plugins: {
          legend: { labels: { color: text, usePointStyle: true } },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const e = entries[ctx.datasetIndex];
                return `${e.model}: ${formatPercent(e.accuracy)} at ${formatCost(e.cost_usd)}`;
              },
            },
          },
        },
      },
    };
  }, [entries]);

  if (entries.length === 0) return <p class="muted" data-empty>No finished run yet.</p>;
  return (
    <figure class="chart" data-chart="cost" data-ready={String(ready)}>
      <div class="chart-box" hidden={!ready}>
        <canvas
          ref={canvas}
          role="img"
          aria-label="Cost against accuracy, one point per model"
        />
      </div>
      <figcaption class={ready ? "sr-only" : ""}>
        <ul class="plain" data-cost-fallback>
          {entries.map((e) => (
            <li key={e.model}>
              <span class="mono">{e.model}</span>: {formatPercent(e.accuracy)} at{" "}
              {formatCost(e.cost_usd)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
