// The chart library, registered with only the pieces the dashboard draws (bars, points,
// two linear/category axes, tooltips, legend) so the bundle stays small. Loaded on demand
// by use_chart.ts: pages without a chart never download it.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  PointElement,
  ScatterController,
  Tooltip,
} from "chart.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  PointElement,
  ScatterController,
  Tooltip,
  Legend,
);

export { Chart };
export type { ChartConfiguration } from "chart.js";
