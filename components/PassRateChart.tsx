// Pass rate per model per language, as grouped bars from 0 (one colour per model), drawn as
// SVG on the server: the catalog page needs no script for it. The numbers are also in a
// list for screen readers.
import { ChartSvg, GroupedBars, Legend } from "../islands/chart_svg.tsx";
import { formatPercent } from "../islands/ui.tsx";

export interface PassRateChartProps {
  languages: string[];
  /** Per model, its pass rate in each language (null: never graded there). */
  series: { model: string; rates: (number | null)[] }[];
}

export function PassRateChart(props: PassRateChartProps) {
  if (props.series.length === 0) {
    return <p class="muted" data-empty>No graded attempt yet.</p>;
  }
  const groups = props.languages.map((label, li) => ({
    label,
    values: props.series.map((s) => s.rates[li]),
    titles: props.series.map((s) => `${s.model} · ${label}: ${formatPercent(s.rates[li])}`),
  }));
  return (
    <figure class="chart" data-chart="pass-rate" data-ready="true">
      <ChartSvg label="Pass rate per model per language">
        <GroupedBars groups={groups} yTitle="pass rate (%)" />
      </ChartSvg>
      <Legend names={props.series.map((s) => s.model)} />
      <figcaption class="sr-only">
        <ul class="plain">
          {props.series.map((s) => (
            <li key={s.model}>
              <span class="mono">{s.model}</span>:{" "}
              {props.languages.map((l, i) => `${l} ${formatPercent(s.rates[i])}`).join(" · ")}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
