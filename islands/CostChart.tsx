// Island: cost against pass@1, one point per model (its pooled runs on the leaderboard's suite), drawn as SVG on
// the server; in the browser it follows the shared leaderboard signal, so a finished run
// moves its point. Runs without a known cost (the built-in models call no paid API) sit on
// the zero line, drawn as hollow triangles.
import { leaderboard, useSeeded } from "./state.ts";
import type { SuiteBoard, SuiteLeaderboardRow } from "../lib/wire_stats.ts";
import { formatCost, formatPercent } from "./ui.tsx";
import { ChartSvg, Legend, ScatterPlot } from "./chart_svg.tsx";

export interface CostChartProps {
  board: SuiteBoard;
}

export default function CostChart(props: CostChartProps) {
  const entries = useSeeded(leaderboard, props.board).rows;
  if (entries.length === 0) return <p class="muted" data-empty>No finished run yet.</p>;
  const describe = (e: SuiteLeaderboardRow) =>
    `${e.model}: ${formatPercent(e.pass_at_1)} at ${formatCost(e.cost_usd)}`;
  return (
    <figure class="chart" data-chart="cost" data-ready="true">
      <ChartSvg label="Cost against pass@1, one point per model">
        <ScatterPlot
          xTitle="cost on the suite (USD)"
          yTitle="pass@1 (%)"
          points={entries.map((e) => ({
            name: e.model,
            x: e.cost_usd ?? 0,
            y: e.pass_at_1,
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
