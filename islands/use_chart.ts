// Draws a chart.js chart on a canvas once the island is in the browser. The library is
// imported on first use (its own bundle chunk), the chart is redrawn when `config` changes,
// and the theme's colours come from the CSS variables in static/style.css.
import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { ChartConfiguration } from "./chart_lib.ts";

/** A colour per series, from the theme's `--series-N` variables. */
export function seriesColours(): string[] {
  const css = getComputedStyle(document.documentElement);
  return Array.from({ length: 8 }, (_, i) => css.getPropertyValue(`--series-${i}`).trim())
    .filter(Boolean);
}

export function themeColour(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/**
 * Renders `make()` into the canvas; `deps` says when to rebuild. Returns whether the chart
 * is drawn (islands show their text fallback until then).
 */
export function useChart(
  canvas: RefObject<HTMLCanvasElement>,
  make: () => ChartConfiguration,
  deps: unknown[],
): boolean {
  const [ready, setReady] = useState(false);
  const chart = useRef<{ destroy(): void } | null>(null);
  useEffect(() => {
    let cancelled = false;
    import("./chart_lib.ts").then(({ Chart }) => {
      if (cancelled || !canvas.current) return;
      chart.current?.destroy();
      const reduced = matchMedia("(prefers-reduced-motion: reduce)").matches;
      const config = make();
      config.options = { ...config.options, animation: reduced ? false : undefined };
      chart.current = new Chart(canvas.current, config);
      setReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, deps);
  useEffect(() => () => chart.current?.destroy(), []);
  return ready;
}
