// The dashboard's pages through the app's handler, in-process: what a browser without
// JavaScript gets (content, filters and sorting as plain links and forms), the island
// props embedded safely, 404 pages, the seed's old addresses, and the static files' caching.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createApp } from "./app.ts";
import { loadConfig } from "../lib/config.ts";
import type { AppDeps } from "../server/router.ts";
import { appDeps } from "../tests/app_deps.ts";
import { FIXTURES } from "../tests/helpers.ts";
import { PLOT } from "../islands/chart_svg.tsx";
import { LANGUAGES } from "../harness/catalog.ts";
import { type AttemptSpec, storeWithRuns } from "../tests/store_builders.ts";

const RUN = "run_20261126T211206Z_abcde";
const SETTINGS = {
  models: ["reference", "starter"],
  task_ids: ["fx_python", "fx_go"],
  samples: 1,
  temperature: 0,
  concurrency: 1,
  include_tests: false,
  install_deps: false,
  unsafe_no_sandbox: false,
  timeout_s: null,
};
/** An error text that would end a <script> early if embedded as is. */
const HOSTILE = "</script><script>alert(1)</script>";

let deps: AppDeps;
let app: ReturnType<typeof createApp>;

function get(path: string) {
  return app.fetch(new Request(`http://127.0.0.1${path}`));
}

describe("dashboard pages", () => {
  before(async () => {
    const runsDir = Deno.makeTempDirSync({ prefix: "bench_pages_" });
    const attempt = (
      task_id: string,
      model: string,
      outcome: AttemptSpec["outcome"],
      cost: number | null,
      error = null as string | null,
    ): AttemptSpec => ({
      task_id,
      model,
      outcome,
      tests_passed: outcome === "passed" ? 2 : 0,
      tests_total: 2,
      duration_s: 1.25,
      prompt_tokens: 100,
      completion_tokens: 50,
      cost_usd: cost,
      error,
    });
    const store = await storeWithRuns([{
      id: RUN,
      startedAt: "2026-11-26T21:12:06.000Z",
      settings: SETTINGS,
      attempts: [
        attempt("fx_python", "reference", "passed", 0.02),
        { ...attempt("fx_python", "starter", "failed", null, HOSTILE), lazy: true },
        attempt("fx_go", "reference", "passed", 0.01),
        { ...attempt("fx_go", "starter", "build_error", null), integrity_flags: ["fd_write"] },
      ],
    }], runsDir);
    const config = { ...loadConfig(), runsDir, host: "127.0.0.1", apiToken: null };
    deps = await appDeps(store, config, [FIXTURES]);
    app = createApp(deps);
  });

  after(() => deps.store.close());

  it("home - the leaderboard, latest run and recent runs are in the HTML", async () => {
    const res = await get("/");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("Content-Type"), "text/html; charset=UTF-8");
    const html = await res.text();
    assert.ok(html.startsWith('<!doctype html><html lang="en">'));
    assert.match(html, /<tr data-model="reference"><td class="num" data-rank="true">1<\/td>/);
    assert.match(html, /<tr data-model="starter"><td class="num" data-rank="true">2<\/td>/);
    // counted per model: the starter's lazy answer and its answer flagged for tampering
    const starter = /<tr data-model="starter">(.*?)<\/tr>/s.exec(html)?.[1] ?? "";
    assert.match(starter, /<span class="chip chip-flag" data-flagged="1"[^>]*>1 flagged<\/span>/);
    assert.match(starter, /<span class="chip chip-flag" data-lazy="1"[^>]*>1 lazy<\/span>/);
    assert.equal((html.match(/data-flagged=/g) ?? []).length, 1);
    // the suite picker lists the one suite; starter links to a comparison with the leader
    assert.match(html, /<option selected value="unknown">unknown · 1 run · unknown<\/option>/);
    assert.ok(html.includes('href="/compare?a=reference&amp;b=starter&amp;suite=unknown"'));
    assert.match(html, new RegExp(`data-run-id="${RUN}"`));
    assert.match(html, new RegExp(`<li data-run="${RUN}">`));
    assert.equal((html.match(/data-outcome="passed"/g) ?? []).length, 2);
    assert.match(html, /data-outcome="build_error"[^>]*>BUILD</);
    assert.match(html, /<script type="module" src="\/static\/build\/[0-9a-f]{16}\/client\.js">/);
    for (const name of ["LaunchRun", "LatestRun", "Leaderboard", "CostChart", "RecentRuns"]) {
      assert.match(html, new RegExp(`data-island="${name}"`), name);
    }
  });

  it("home - island props are JSON that no text can break out of", async () => {
    const html = await (await get("/")).text();
    assert.ok(!html.includes(HOSTILE), "the raw error text is not in the page");
    assert.ok(html.includes("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"));
    const props = [
      ...html.matchAll(/<script type="application\/json" id="([^"]+)">(.*?)<\/script>/g),
    ];
    assert.equal(props.length, 5);
    const latest = props.map((m) => JSON.parse(m[2])).find((p) => p.streamUrl);
    assert.equal(latest.run.attempts.find((a: { error: string }) => a.error).error, HOSTILE);
    assert.match(latest.streamUrl, /^\/api\/events\?after=\d+$/);
  });

  it("home - the leaderboard sorts by the query without JavaScript", async () => {
    const html = await (await get("/?sort=model&dir=desc")).text();
    const th = /<th scope="col" aria-sort="descending"><a href="([^"]+)" data-sort="model">/
      .exec(html);
    assert.equal(th?.[1], "/?suite=unknown&amp;sort=model&amp;dir=asc#leaderboard");
    assert.ok(html.indexOf('data-model="starter"') < html.indexOf('data-model="reference"'));
  });

  it("compare page - the verdict in words, the difference and the flips, or one line why not", async () => {
    const res = await get("/compare?a=reference&b=starter");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<a href="\/compare" aria-current="page">Compare<\/a>/);
    assert.match(html, /<div class="comparison" data-verdict="no_significant_difference">/);
    assert.ok(html.includes(
      "No significant difference between reference and starter (p = 0.5000, alpha 0.05); " +
        "the gap may be noise.",
    ));
    assert.match(html, /B − A: <strong data-diff="true">-100.0 pts<\/strong>/);
    assert.match(html, /<tr data-flip="fx_go">.*?<tr data-flip="fx_python">/s);
    assert.ok(html.includes(`href="/artifacts/${RUN}/fx_go__starter__sample00/stdout.log"`));
    const bad = await get("/compare?a=reference&b=nobody");
    assert.equal(bad.status, 400);
    assert.match(
      await bad.text(),
      /<p class="error" role="alert" data-problem="true">&quot;nobody&quot; is neither a run id nor a model with finished runs<\/p>/,
    );
  });

  it("run page - both columns, filtered by the query, with links to the raw files", async () => {
    const res = await get(`/run/${RUN}?outcome=failed`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(
      html,
      /<p class="muted small" data-shown>1<!-- -->( of )<!-- -->4<!-- -->( attempts)<\/p>|1 of 4 attempts/,
    );
    assert.match(html, /aria-current="true"[^>]*>.*?fx_python/s);
    assert.ok(
      html.includes(`href="/artifacts/${RUN}/fx_python__starter__sample00/stdout.log"`),
      "tabs link to the attempt's files",
    );
    assert.match(html, /<dt>Tests<\/dt><dd>0\/2<\/dd>/);
    assert.match(html, /<dt>Cost<\/dt><dd>—<\/dd>/);
  });

  it("run page - an unknown run is a 404 page", async () => {
    const res = await get("/run/run_nope");
    assert.equal(res.status, 404);
    assert.match(await res.text(), /<p data-not-found="true">No run run_nope\.<\/p>/);
  });

  it("catalog - each model's pass rate per task", async () => {
    const html = await (await get("/catalog")).text();
    const row = /<tr data-task="fx_python">(.*?)<\/tr>/s.exec(html)?.[1] ?? "";
    assert.match(row, /rate-all">100\.0%<.*rate-none">0\.0%</s);
    // The chart is SVG drawn here: a bar per graded (language, model), each from the 0 line
    // (y + height = the plot's bottom), 100 % the plot's full height, 0 % a 2 px sliver.
    // starter's python: one failed (graded); go: build_error (graded, failed).
    const bars = [
      ...html.matchAll(/<rect[^>]*data-bar="([^"]+)"[^>]*y="([\d.]+)"[^>]*height="([\d.]+)"/g),
    ]
      .map((m) => [m[1], Math.round(Number(m[2]) + Number(m[3])), Number(m[3])]);
    const full = PLOT.bottom - PLOT.top;
    assert.deepEqual(bars, [
      ["python 0", PLOT.bottom, full],
      ["python 1", PLOT.bottom, 2],
      ["go 0", PLOT.bottom, full],
      ["go 1", PLOT.bottom, 2],
    ]);
    assert.ok(!html.includes('<script type="module"'), "the chart needs no script");
    const ticks = [...html.matchAll(/class="chart-tick"[^>]*>([^<]+)</g)].map((m) => m[1]);
    // One column per language the catalog has tasks in (the built-in catalog has no Java).
    const shipped = LANGUAGES.filter((l) => l !== "java");
    assert.deepEqual(ticks, ["0", "25", "50", "75", "100", ...shipped]);
    const go = await (await get("/catalog?lang=go")).text();
    assert.equal((go.match(/<tr data-task=/g) ?? []).length, 1);
  });

  it("task page - instructions rendered from Markdown; unknown task is a 404", async () => {
    const html = await (await get("/catalog/fx_python")).text();
    assert.match(
      html,
      /<div class="prose"><h1>Fixture<\/h1>\n<p>Implement <code>add\(a, b\)<\/code>/,
    );
    assert.ok(!html.includes('<script type="module"'), "a read-only page loads no script");
    const latest = [...html.matchAll(/href="\/run\/([^"?]+)\?attempt=([^"]+)"/g)]
      .map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(latest, [
      `${RUN} fx_python__starter__sample00`,
      `${RUN} fx_python__reference__sample00`,
    ]);
    assert.equal((await get("/catalog/nope")).status, 404);
  });

  it("old addresses - /ui/index.html and /ui/run.html?run= redirect to the same views", async () => {
    const index = await get("/ui/index.html");
    assert.equal(index.status, 302);
    assert.equal(index.headers.get("Location"), "/");
    const run = await get(`/ui/run.html?run=${RUN}`);
    assert.equal(run.headers.get("Location"), `/run/${RUN}`);
  });

  it("static - bundles and versioned CSS are cached for good; nothing outside static/", async () => {
    const html = await (await get("/")).text();
    const css = /href="(\/static\/style\.css\?v=[0-9a-f]{12})"/.exec(html)![1];
    const cssRes = await get(css);
    assert.equal(cssRes.headers.get("Cache-Control"), "public, max-age=31536000, immutable");
    assert.match(await cssRes.text(), /@keyframes nebulaShift/);
    const js = /src="(\/static\/build\/[^"]+)"/.exec(html)![1];
    const jsRes = await get(js);
    assert.equal(jsRes.status, 200);
    assert.equal(jsRes.headers.get("Cache-Control"), "public, max-age=31536000, immutable");
    assert.match(jsRes.headers.get("Content-Type") ?? "", /javascript/);
    await jsRes.body?.cancel();
    assert.equal((await get("/static/style.css")).headers.get("Cache-Control"), "no-cache");
    assert.equal((await get("/static/%2e%2e/deno.json")).status, 404);
    assert.equal((await get("/static/nope.css")).status, 404);
  });
});
