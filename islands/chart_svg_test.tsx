import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { render } from "preact-render-to-string";
import { ChartSvg, niceTicks, PLOT, ScatterPlot } from "./chart_svg.tsx";

describe("svg charts", () => {
  it("ticks run from 0 to a round maximum at or above the largest value", () => {
    assert.deepEqual(niceTicks(100), [0, 25, 50, 75, 100]);
    assert.deepEqual(niceTicks(0.0123), [0, 0.005, 0.01, 0.015]);
    assert.deepEqual(niceTicks(7), [0, 2, 4, 6, 8]);
    assert.deepEqual(niceTicks(0), [0, 1]);
  });

  it("a scatter point sits at its cost and accuracy; an unknown cost is a hollow triangle at 0", () => {
    const html = render(
      <ChartSvg label="t">
        <ScatterPlot
          xTitle="x"
          yTitle="y"
          points={[
            { name: "a", x: 8, y: 0.5, hollow: false, title: "a: 50%" },
            { name: "b", x: 0, y: 1, hollow: true, title: "b: 100%" },
          ]}
        />
      </ChartSvg>,
    );
    const mid = (PLOT.top + PLOT.bottom) / 2;
    assert.match(
      html,
      new RegExp(`<circle class="chart-mark series-0" cx="${PLOT.right}" cy="${mid}" r="7">`),
    );
    const top = PLOT.top;
    assert.match(
      html,
      new RegExp(
        `<polygon class="chart-mark series-1 hollow" points="${PLOT.left},${top - 8} ` +
          `${PLOT.left - 7},${top + 5} ${PLOT.left + 7},${top + 5}"><title>b: 100%</title>`,
      ),
    );
  });
});
