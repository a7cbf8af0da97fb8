// Island: pass rate per model per language, as grouped bars (one colour per model). The
// same numbers are in the text fallback, shown until the chart is drawn and to screen
// readers after.
import { useRef } from "preact/hooks";
import { formatPercent } from "./ui.tsx";
import { seriesColours, themeColour, useChart } from "./use_chart.ts";

export interface PassRateChartProps {
  languages: string[];
  /** Per model, its pass rate in each language (null: never graded there). */
  series: { model: string; rates: (number | null)[] }[];
}

export default function PassRateChart(props: PassRateChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const ready = useChart(canvas, () => {
    const colours = seriesColours();
    const text = themeColour("--text-dim");
    const grid = themeColour("--grid");
    return {
      type: "bar",
      data: {
        labels: props.languages,
        datasets: props.series.map((s, i) => ({
          label: s.model,
          data: s.rates.map((r) => (r === null ? null : r * 100)),
          backgroundColor: colours[i % colours.length],
          borderRadius: 4,
        })),
      },
      options: {
        maintainAspectRatio: false,
        layout: { padding: 12 },
        scales: {
          x: { ticks: { color: text }, grid: { color: grid } },
          y: {
            min: 0,
            max: 100,
            title: { display: true, text: "pass rate (%)", color: text },
            ticks: { color: text },
            grid: { color: grid },
          },
        },
        plugins: { legend: { labels: { color: text } } },
      },
    };
  }, [props.languages, props.series]);

  if (props.series.length === 0) {
    return <p class="muted" data-empty>No graded attempt yet.</p>;
  }
  return (
    <figure class="chart" data-chart="pass-rate" data-ready={String(ready)}>
      <div class="chart-box" hidden={!ready}>
        <canvas
          ref={canvas}
          role="img"
          aria-label="Pass rate per model per language"
        />
      </div>
      <figcaption class={ready ? "sr-only" : ""}>
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
