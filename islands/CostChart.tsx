// Island: cost against accuracy, one point per model (its leaderboard run), drawn as SVG on
// the server; in the browser it follows the shared leaderboard signal, so a finished run
// moves its point. Runs without a known cost (the built-in models call no paid API) sit on
// the zero line, drawn as hollow triangles.
import { leaderboard, useSeeded } from "./state.ts";
import type { LeaderboardEntry } from "./types.ts";
import { formatCost, formatPercent } from "./ui.tsx";
import { ChartSvg, Legend, ScatterPlot } from "./chart_svg.tsx";

export interface CostChartProps {
  entries: LeaderboardEntry[];
}

export default function CostChart(props: CostChartProps) {
  const entries = useSeeded(leaderboard, props.entries);
  if (entries.length === 0) return <p class="muted" data-empty>No finished run yet.</p>;
  const describe = (e: LeaderboardEntry) =>
    `${e.model}: ${formatPercent(e.accuracy)} at ${formatCost(e.cost_usd)}`;
  return (
    <figure class="chart" data-chart="cost" data-ready="true">
      <ChartSvg label="Cost against accuracy, one point per model">
        <ScatterPlot
          xTitle="cost of the run (USD)"
          yTitle="accuracy (%)"
          points={entries.map((e) => ({
            name: e.model,
            x: e.cost_usd ?? 0,
            y: e.accuracy,
            hollow: e.cost_usd === null,
            title: describe(e),
          }))}
        />
      </ChartSvg>
      <Legend names={entries.map((e) => e.model)} hollow={(i) => entries[i].cost_usd === null} />
      <figcaption class="sr-only">
        <ul class="plain" data-cost-fallback>
          {entries.map((e) => <li key={e.model}>{describe(e)}</li>)}
        </ul>
      </figcaption>
    </figure>
  );
}
