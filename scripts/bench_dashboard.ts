// Measures the dashboard home page on this machine: its weight (HTML + JS + CSS, as sent,
// and the API calls it makes after) and its time to interactive, in
// Debian's Chromium. A server with a temp runs folder and the fixture catalog is started,
// one small reference/starter run fills the leaderboard (so the cost chart has points), then the
// page is loaded COLD times with the browser cache off and WARM times with it on.
//
//   deno run -A scripts/bench_dashboard.ts [--cold 5] [--warm 5] [--json]
//
// Time to interactive here: navigation start → every island hydrated (the
// `islands-hydrated` mark islands/client.ts sets after its last hydrate call), or
// DOMContentLoaded if later. First contentful paint is reported beside it.
import { createApp } from "../routes/app.ts";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { loadConfig } from "../lib/config.ts";
import { startServer } from "../server/server.ts";
import { FIXTURES } from "../tests/helpers.ts";
import { launchBrowser } from "../tests/e2e/browser.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    cold: { type: "string", default: "5" },
    warm: { type: "string", default: "5" },
    json: { type: "boolean", default: false },
  },
});

interface Load {
  bytes: Record<string, number>;
  requests: string[];
  tti: number;
  fcp: number;
  dcl: number;
}

const KIND: Record<string, string> = {
  document: "html",
  script: "js",
  stylesheet: "css",
  fetch: "api",
  xhr: "api",
  eventsource: "stream",
};

async function loadOnce(page: Page, url: string): Promise<Load> {
  const bytes: Record<string, number> = {};
  const requests: string[] = [];
  const onResponse = async (res: import("playwright-core").Response) => {
    const kind = KIND[res.request().resourceType()] ?? res.request().resourceType();
    if (kind === "stream") return; // endless: no size
    const sizes = await res.request().sizes().catch(() => null);
    const body = sizes ? sizes.responseBodySize : 0;
    bytes[kind] = (bytes[kind] ?? 0) + body;
    requests.push(`${kind} ${new URL(res.url()).pathname} ${body}`);
  };
  page.on("response", onResponse);
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => performance.getEntriesByName("islands-hydrated").length > 0);
  await page.waitForSelector('[data-chart="cost"][data-ready="true"]');
  await page.waitForLoadState("networkidle").catch(() => {});
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const hydrated = performance.getEntriesByName("islands-hydrated")[0].startTime;
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
    return {
      tti: Math.max(hydrated, nav.domContentLoadedEventEnd),
      fcp,
      dcl: nav.domContentLoadedEventEnd,
    };
  });
  page.off("response", onResponse);
  return { bytes, requests, ...t };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const runsDir = await Deno.makeTempDir({ prefix: "bench_dashboard_" });
const config = { ...loadConfig(), runsDir, host: "127.0.0.1", port: 0, defaultModel: null };
const server = await startServer({ config, createApp, tasksDirs: [FIXTURES], pollMs: 100 });
const browser = await launchBrowser();
try {
  const res = await fetch(`${server.url}/api/runs`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ models: ["reference", "starter"], tasks: "fx_python,fx_javascript" }),
  });
  const { run_id } = await res.json();
  for (;;) {
    const r = await (await fetch(`${server.url}/api/runs/${run_id}`)).json();
    if (r.status !== "running" && r.status !== "queued") break;
    await new Promise((done) => setTimeout(done, 300));
  }
  // The first request builds the islands: not part of any measurement.
  await (await fetch(`${server.url}/`)).text();

  const page = await browser.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const cold: Load[] = [], warm: Load[] = [];
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  for (let i = 0; i < Number(values.cold); i++) cold.push(await loadOnce(page, `${server.url}/`));
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
  await loadOnce(page, `${server.url}/`); // fills the cache
  for (let i = 0; i < Number(values.warm); i++) warm.push(await loadOnce(page, `${server.url}/`));

  const first = cold[0];
  const pageWeight = (first.bytes.html ?? 0) + (first.bytes.js ?? 0) + (first.bytes.css ?? 0);
  const report = {
    page_weight_bytes: pageWeight,
    html_bytes: first.bytes.html ?? 0,
    js_bytes: first.bytes.js ?? 0,
    css_bytes: first.bytes.css ?? 0,
    api_bytes_after_load: first.bytes.api ?? 0,
    requests: first.requests,
    cold_tti_ms_median: median(cold.map((l) => l.tti)),
    cold_fcp_ms_median: median(cold.map((l) => l.fcp)),
    warm_tti_ms_median: median(warm.map((l) => l.tti)),
    warm_fcp_ms_median: median(warm.map((l) => l.fcp)),
    cold_tti_ms: cold.map((l) => Math.round(l.tti)),
    warm_tti_ms: warm.map((l) => Math.round(l.tti)),
  };
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(`home page weight (uncompressed, as sent): ${kb(pageWeight)}`);
    console.log(
      `  html ${kb(report.html_bytes)} · js ${kb(report.js_bytes)} · css ${kb(report.css_bytes)}`,
    );
    console.log(`  then API calls: ${kb(report.api_bytes_after_load)}`);
    for (const r of first.requests) console.log(`    ${r}`);
    console.log(
      `time to interactive (islands hydrated), median: cold ${
        report.cold_tti_ms_median.toFixed(0)
      } ms` +
        `, warm ${report.warm_tti_ms_median.toFixed(0)} ms`,
    );
    console.log(
      `first contentful paint, median: cold ${report.cold_fcp_ms_median.toFixed(0)} ms, warm ${
        report.warm_fcp_ms_median.toFixed(0)
      } ms`,
    );
  }
  if (browser.errors.length) console.error("browser errors:", browser.errors);
} finally {
  await browser.close();
  await server.stop({ cancelRuns: true });
  await Deno.remove(runsDir, { recursive: true }).catch(() => {});
}
