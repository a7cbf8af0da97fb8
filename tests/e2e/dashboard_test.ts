// The dashboard end to end: a real server on a random loopback port (temp runs folder, the
// fixture catalog), Debian's Chromium through playwright-core. It launches a `reference`
// run from the form and watches the chips turn PASS without a reload, reads the run page's
// logs and diff, checks the leaderboard, the catalog and a task, the seed's old addresses,
// a phone-width layout, pages without JavaScript and reduced motion, and cancels a run.
// Any console error fails the suite. Screenshots go to tests/e2e/screenshots/.
import { createApp } from "../../routes/app.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { loadConfig } from "../../lib/config.ts";
import { CatalogCache } from "../../server/catalog_cache.ts";
import { type RunningServer, startServer } from "../../server/server.ts";
import { FIXTURES } from "../helpers.ts";
import { type Browser, launchBrowser } from "./browser.ts";
import { SLOW_SUITE } from "../slow.ts";

const SHOTS = new URL("./screenshots/", import.meta.url).pathname;
/** Long enough for the sandbox to grade a fixture task on a slow CI machine. */
const RUN_TIMEOUT_MS = 120_000;

let server: RunningServer;
let browser: Browser;
let page: Page;
let runId = "";

/** fadeSlide's length plus the last panel's delay (static/style.css). */
const FADE_MS = 700;

async function shot(p: Page, name: string) {
  // Let the entrance animations (fadeSlide) end: a picture mid-fade says little.
  await p.evaluate(() =>
    Promise.all(
      document.getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished),
    )
  ).catch(() => p.waitForTimeout(FADE_MS)); // a page without JavaScript cannot be asked
  await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

function assertNoBrowserErrors() {
  assert.deepEqual(browser.errors, [], "the browser logged errors");
}

describe("dashboard in a real browser", { ...SLOW_SUITE, timeout: 600_000 }, () => {
  before(async () => {
    await Deno.mkdir(SHOTS, { recursive: true });
    const runsDir = await Deno.makeTempDir({ prefix: "bench_e2e_" });
    const config = {
      ...loadConfig(),
      runsDir,
      host: "127.0.0.1",
      port: 0,
      apiToken: null,
      defaultModel: null,
      defaultTemperature: 0,
      maxActiveRuns: 1,
    };
    server = await startServer({ config, createApp, tasksDirs: [FIXTURES], pollMs: 100 });
    // Only the fixture catalog (one tiny task per language): the shipped tasks/ would make
    // every count here change whenever a task is added.
    server.deps.catalogDirs = [FIXTURES];
    server.deps.catalog = new CatalogCache([FIXTURES]);
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop({ cancelRuns: true });
  });

  it("home - renders every panel, hydrates, and shows no run yet", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector("html.js");
    for (const h of ["Launch Run", "Latest Run Results", "Leaderboard", "Recent Runs"]) {
      assert.equal(await page.getByRole("heading", { name: h, exact: true }).count(), 1, h);
    }
    assert.equal(await page.locator("#latest [data-empty]").count(), 1);
    assert.equal(await page.textContent("[data-task-count]"), "7 tasks selected");
    await shot(page, "home-empty");
    assertNoBrowserErrors();
  });

  it("launch - an invalid choice is refused with a clear message", async () => {
    await page.fill('input[name="model_id"]', "gpt-5");
    await page.getByRole("button", { name: "Add model" }).click();
    assert.match(
      await page.textContent("[data-launch-error]") ?? "",
      /^unknown model "gpt-5": use reference, starter, replay, reference-second-try, reference-agent, openrouter\/<model>/,
    );
    // The form reads selectors with the engine's grammar (lib/wire_selector.ts).
    const cobol = 'unknown language "cobol" (one of python, javascript, go, rust, cpp, java, html)';
    await page.fill('input[name="tasks"]', "lang:cobol");
    assert.equal(await page.textContent("[data-task-count]"), cobol);
    await page.getByRole("button", { name: "Launch run" }).click();
    assert.equal(await page.textContent("[data-launch-error]"), cobol);
    // The server's own refusal is shown as it is.
    await page.fill('input[name="tasks"]', "fx_python");
    await page.fill('input[name="samples"]', "0");
    await page.getByRole("button", { name: "Launch run" }).click();
    await page.waitForFunction(() =>
      document.querySelector("[data-launch-error]")?.textContent?.startsWith("invalid request")
    );
    assert.match(await page.textContent("[data-launch-error]") ?? "", /^invalid request: samples/);
    assert.equal(await page.locator("#latest [data-empty]").count(), 1, "nothing was launched");
    // Chromium notes every refused request in the console: this one was asked for.
    assert.deepEqual(browser.errors, [
      `console: Failed to load resource: the server responded with a status of 400 (Bad Request) (${server.url}/)`,
    ]);
    browser.errors.length = 0;
  });

  it("launch - a reference run's chips turn PASS live, without a reload", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector("html.js");
    await page.evaluate(() => ((globalThis as Record<string, unknown>).sameDocument = true));
    // reference is picked already; add starter, and pick two tasks by id.
    await page.getByRole("button", { name: "starter", exact: true }).click();
    for (const id of ["fx_python", "fx_javascript"]) {
      await page.selectOption("select[data-task-pick]", id);
      await page.getByRole("button", { name: "Add task" }).click();
    }
    assert.equal(await page.inputValue('input[name="tasks"]'), "fx_python,fx_javascript");
    await page.getByRole("button", { name: "Launch run" }).click();
    const rows = page.locator("#latest tr[data-attempt]");
    await rows.first().waitFor();
    runId = (await page.getAttribute("#latest [data-run-id]", "data-run-id")) ?? "";
    assert.match(runId, /^run_\d{8}T\d{6}Z_[a-z0-9]{5}$/);
    // Before the end, at least one chip is not final yet.
    assert.ok(await page.locator('#latest [data-outcome="pending"]').count() > 0);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#latest [data-outcome="pending"]').length === 0 &&
        document.querySelectorAll("#latest tr[data-attempt]").length === 4,
      null,
      { timeout: RUN_TIMEOUT_MS },
    );
    const chips = await rows.evaluateAll((trs) =>
      trs.map((tr) =>
        `${tr.getAttribute("data-attempt")} ${tr.querySelector(".chip")?.textContent}`
      )
    );
    assert.deepEqual(chips, [
      "fx_javascript__reference__sample00 PASS",
      "fx_javascript__starter__sample00 FAIL",
      "fx_python__reference__sample00 PASS",
      "fx_python__starter__sample00 FAIL",
    ]);
    assert.equal(
      await page.evaluate(() => (globalThis as Record<string, unknown>).sameDocument),
      true,
      "the page was not reloaded",
    );
    await page.waitForSelector('#latest [data-status="finished"]');
    assert.equal(await page.textContent("#latest [data-progress]"), "4/4 done · 2 passed");
    assertNoBrowserErrors();
  });

  it("leaderboard - refreshed by the finished run, best first, sortable", async () => {
    await page.waitForSelector('#leaderboard tr[data-model="starter"]');
    const order = () =>
      page.locator("#leaderboard tbody tr").evaluateAll((trs) =>
        trs.map((tr) => tr.getAttribute("data-model"))
      );
    assert.deepEqual(await order(), ["reference", "starter"]);
    const cell = (model: string, what: string) =>
      page.textContent(`#leaderboard tr[data-model="${model}"] [${what}]`);
    assert.deepEqual(
      [await cell("reference", "data-rank"), await cell("reference", "data-pass1")],
      ["1", "100.0%"],
    );
    assert.deepEqual(
      [await cell("starter", "data-rank"), await cell("starter", "data-pass1")],
      ["2", "0.0%"],
    );
    await page.click('#leaderboard a[data-sort="pass_at_1"]');
    assert.equal(
      await page.getAttribute('th:has(a[data-sort="pass_at_1"])', "aria-sort"),
      "descending",
    );
    await page.click('#leaderboard a[data-sort="pass_at_1"]');
    assert.equal(
      await page.getAttribute('th:has(a[data-sort="pass_at_1"])', "aria-sort"),
      "ascending",
    );
    assert.deepEqual(await order(), ["starter", "reference"]);
    await page.waitForSelector('[data-chart="cost"][data-ready="true"]');
    assert.equal(await page.locator(`#recent [data-run="${runId}"]`).count(), 1);
    await shot(page, "home-after-run");
    assertNoBrowserErrors();
  });

  it("run page - attempts filter, a log and the coloured diff open inline", async () => {
    await page.click(`#latest a[href="/run/${runId}"]`);
    await page.waitForURL(`${server.url}/run/${runId}`);
    await page.waitForSelector("html.js");
    assert.equal(await page.textContent("[data-shown]"), "4 of 4 attempts");
    await page.selectOption('select[name="outcome"]', "failed");
    assert.equal(await page.textContent("[data-shown]"), "2 of 4 attempts");
    assert.match(page.url(), /\?outcome=failed/);
    await page.selectOption('select[name="outcome"]', "");
    await page.click('.attempts-nav a[data-attempt="fx_python__reference__sample00"]');
    assert.equal(
      await page.getAttribute(".attempt-detail", "data-attempt"),
      "fx_python__reference__sample00",
    );
    await page.click('[role="tab"][data-file="stdout.log"]');
    await page.waitForSelector("pre.log");
    assert.match(await page.textContent("pre.log") ?? "", /3 passed/);
    await page.click('[role="tab"][data-file="patch.diff"]');
    await page.waitForSelector("pre.diff .d-add");
    assert.match(await page.textContent("pre.diff .d-file") ?? "", /calc\.py/);
    assert.ok(await page.locator("pre.diff .d-add").count() >= 1);
    assert.ok(await page.locator("pre.diff .d-del").count() >= 1);
    await shot(page, "run-diff");
    await page.click('[role="tab"][data-file="stderr.log"]');
    await page.waitForSelector("[data-log-note]");
    assertNoBrowserErrors();
  });

  it("run page - a 10 MB log shows its tail at once and loads earlier parts on request", async () => {
    const dir = join(server.deps.config.runsDir, runId, "fx_python__starter__sample00");
    const line = (i: number) => `line ${String(i).padStart(7, "0")} ${"x".repeat(80)}\n`;
    const lines = Array.from({ length: 112_000 }, (_, i) => line(i)).join("");
    await Deno.writeTextFile(join(dir, "stdout.log"), lines);
    assert.ok(lines.length > 10_000_000);
    const started = performance.now();
    await page.goto(`${server.url}/run/${runId}?attempt=fx_python__starter__sample00`);
    await page.waitForSelector("pre.log");
    const elapsed = performance.now() - started;
    const text = await page.textContent("pre.log") ?? "";
    assert.ok(text.endsWith(line(111_999)), "the last line is shown");
    assert.ok(text.length <= 64 * 1024, `at most 64 KB rendered, got ${text.length}`);
    assert.ok(text.startsWith("line "), "the first shown line is whole");
    assert.match(await page.textContent("[data-log-note]") ?? "", /^last 6\d\.\d KB of 10\.\d MB$/);
    await page.getByRole("button", { name: "Load earlier" }).click();
    await page.waitForFunction(
      (n) => (document.querySelector("pre.log")?.textContent?.length ?? 0) > n,
      text.length,
    );
    assert.ok(elapsed < 5_000, `opened in ${Math.round(elapsed)} ms`);
    await shot(page, "run-big-log");
    assertNoBrowserErrors();
  });

  it("catalog - tasks with each model's pass rate, and the per-language chart", async () => {
    await page.goto(`${server.url}/catalog`);
    const row = await page.textContent('tr[data-task="fx_python"]') ?? "";
    assert.match(row, /fx_python.*python.*feature.*easy.*100\.0%.*0\.0%/s);
    await page.waitForSelector('[data-chart="pass-rate"][data-ready="true"]');
    await shot(page, "catalog");
    await page.click('a[href="/catalog/fx_python"]');
    await page.waitForURL(`${server.url}/catalog/fx_python`);
    assert.match(await page.textContent(".prose") ?? "", /Implement add\(a, b\) returning the sum/);
    assert.equal(await page.locator(".prose code").first().textContent(), "add(a, b)");
    await shot(page, "task");
    assertNoBrowserErrors();
  });

  it("old addresses - /ui/index.html and /ui/run.html?run= lead to the same views", async () => {
    await page.goto(`${server.url}/ui/index.html`);
    assert.equal(new URL(page.url()).pathname, "/");
    await page.goto(`${server.url}/ui/run.html?run=${runId}`);
    assert.equal(new URL(page.url()).pathname, `/run/${runId}`);
    assert.equal(await page.textContent("h1"), runId);
    assertNoBrowserErrors();
  });

  it("phone width - no sideways scrolling, panels stacked", async () => {
    const phone = await browser.newPage({ width: 390, height: 844 });
    for (const [path, name] of [["/", "home-phone"], [`/run/${runId}`, "run-phone"]]) {
      await phone.goto(`${server.url}${path}`);
      await phone.waitForSelector("html.js");
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${path} is ${width}px wide`);
      await shot(phone, name);
    }
    await phone.close();
    assertNoBrowserErrors();
  });

  it("keyboard - the form's controls are reachable and usable with keys", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector("html.js");
    await page.focus('button.toggle:text-is("python")');
    await page.keyboard.press("Enter");
    assert.equal(await page.inputValue('input[name="tasks"]'), "lang:python");
    await page.keyboard.press("Space");
    assert.equal(await page.inputValue('input[name="tasks"]'), "");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    assert.equal(focused, "rust");
    assertNoBrowserErrors();
  });

  it("motion - nebulaShift and fadeSlide run, and stop under prefers-reduced-motion", async () => {
    const names = () =>
      page.evaluate(() => [
        getComputedStyle(document.body, "::before").animationName,
        getComputedStyle(document.querySelector(".panel")!).animationName,
      ]);
    assert.deepEqual(await names(), ["nebulaShift", "fadeSlide"]);
    await page.emulateMedia({ reducedMotion: "reduce" });
    assert.deepEqual(await names(), ["none", "none"]);
    await page.emulateMedia({ reducedMotion: "no-preference" });
  });

  it("cancel - the run page's button stops a running run, live", async () => {
    const res = await fetch(`${server.url}/api/runs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ models: ["reference"], tasks: "fx_rust,fx_cpp,fx_go", samples: 2 }),
    });
    assert.equal(res.status, 202);
    const { run_id } = await res.json();
    await page.goto(`${server.url}/run/${run_id}`);
    await page.waitForSelector("html.js");
    await page.click("[data-cancel]");
    await page.waitForSelector('.run-summary [data-status="cancelled"]', {
      timeout: RUN_TIMEOUT_MS,
    });
    assert.equal(await page.locator("[data-cancel]").count(), 0);
    await shot(page, "run-cancelled");
    assertNoBrowserErrors();
  });

  it("without JavaScript - read-only pages show their content", async () => {
    const noJs = await launchBrowser({ javaScript: false });
    try {
      const p = await noJs.newPage();
      await p.goto(`${server.url}/`);
      assert.equal(await p.locator("html.js").count(), 0);
      assert.equal(await p.locator('#leaderboard tr[data-model="reference"]').count(), 1);
      assert.equal(await p.locator(`#recent [data-run="${runId}"]`).count(), 1);
      assert.match(await p.textContent("[data-cost-fallback]") ?? "", /reference: 100\.0%/);
      await p.goto(`${server.url}/run/${runId}?outcome=passed`);
      assert.equal(await p.textContent("[data-shown]"), "2 of 4 attempts");
      assert.equal(
        await p.getAttribute('[role="tab"][data-file="stdout.log"]', "href"),
        `/artifacts/${runId}/fx_javascript__reference__sample00/stdout.log`,
      );
      await p.goto(`${server.url}/catalog`);
      assert.match(await p.textContent('tr[data-task="fx_python"]') ?? "", /100\.0%/);
      await shot(p, "catalog-no-js");
      assert.deepEqual(noJs.errors, []);
    } finally {
      await noJs.close();
    }
  });

  it("tries - the form projects a cost; a --tries attempt shows its tries as steps with their logs", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector("html.js");
    await page.fill('input[name="tasks"]', "fx_python");
    await page.fill('input[name="tries"]', "2");
    await page.click("[data-project-cost]");
    await page.waitForFunction(() =>
      document.querySelector("[data-projection]")?.textContent?.startsWith("projected cost: at")
    );
    assert.match(
      await page.textContent("[data-projection]") ?? "",
      /^projected cost: at most \$0\.0000 \(~\d+ tokens\)$/,
    );
    const res = await fetch(`${server.url}/api/runs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ models: ["reference-second-try"], tasks: "fx_python", tries: 2 }),
    });
    assert.equal(res.status, 202);
    const { run_id } = await res.json();
    const dir = "fx_python__reference-second-try__sample00";
    await page.goto(`${server.url}/run/${run_id}?attempt=${dir}`);
    await page.waitForSelector('.run-summary [data-status="finished"]', {
      timeout: RUN_TIMEOUT_MS,
    });
    await page.waitForSelector(".try-steps li[data-try='2'][aria-current='step']");
    assert.equal(await page.locator(".try-steps li").count(), 2);
    assert.match(
      await page.textContent(".try-steps li[data-try='1']") ?? "",
      /FAIL[^]*0\/3 tests/i,
    );
    assert.equal(await page.textContent('[data-pass-rate="1"]'), "0.0%");
    assert.equal(await page.textContent('[data-pass-rate="2"]'), "100.0%");
    await page.click('[role="tab"][data-file="stdout.log"]');
    await page.waitForSelector("pre.log");
    assert.match(await page.textContent("pre.log") ?? "", /3 passed/);
    assert.equal(
      await page.getAttribute('[role="tab"][data-file="stdout.log"]', "href"),
      `/artifacts/${run_id}/${dir}/tries/2/stdout.log`,
    );
    await page.click(".try-steps li[data-try='1'] button");
    await page.waitForFunction(() =>
      /3 failed/.test(document.querySelector("pre.log")?.textContent ?? "")
    );
    await shot(page, "run-tries");
    assertNoBrowserErrors();
  });

  it("suites - the picker shows each suite's own leaderboard, never mixed", async () => {
    const res = await fetch(`${server.url}/api/runs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ models: ["reference"], tasks: "fx_python" }),
    });
    const { run_id } = await res.json();
    for (const t0 = Date.now(); Date.now() - t0 < RUN_TIMEOUT_MS;) {
      const run = await (await fetch(`${server.url}/api/runs/${run_id}`)).json();
      if (run.status === "finished") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const { suites } = await (await fetch(`${server.url}/api/leaderboard`)).json();
    const id = (name: string) => suites.find((s: { name: string }) => s.name === name)?.id;
    const both = id("fx_python,fx_javascript (2 tasks)"), one = id("fx_python (1 task)");
    assert.ok(both && one, JSON.stringify(suites));
    await page.goto(`${server.url}/`);
    await page.waitForSelector("html.js");
    const models = () =>
      page.locator("#leaderboard tbody tr").evaluateAll((trs) =>
        trs.map((tr) =>
          `${tr.getAttribute("data-model")} ${tr.querySelector("[data-rank]")?.textContent}`
        )
      );
    // the newest finished run's suite first: only its one model
    assert.equal(await page.getAttribute("#leaderboard table", "data-suite"), one);
    assert.deepEqual(await models(), ["reference 1"]);
    await page.selectOption("select[data-suite-picker]", both);
    await page.waitForSelector(`#leaderboard table[data-suite="${both}"]`);
    assert.deepEqual(await models(), ["reference 1", "starter 2"]);
    assert.equal(await page.locator("#leaderboard svg.whisker").count(), 2);
    await shot(page, "leaderboard-suites");
    assertNoBrowserErrors();
  });

  it("compare - from the leaderboard to the verdict and both answers side by side", async () => {
    await page.click('#leaderboard tr[data-model="starter"] a[data-compare]');
    await page.waitForSelector("html.js");
    assert.match(page.url(), /\/compare\?a=reference&b=starter&suite=[0-9a-f]{12}$/);
    assert.equal(
      await page.textContent(".comparison .verdict"),
      "No significant difference between reference and starter (p = 0.5000, alpha 0.05); " +
        "the gap may be noise.",
    );
    assert.equal(await page.textContent("[data-diff]"), "-100.0 pts");
    const flips = page.locator("#flips tr[data-flip]");
    assert.deepEqual(
      await flips.evaluateAll((trs) => trs.map((t) => t.getAttribute("data-flip"))),
      [
        "fx_javascript",
        "fx_python",
      ],
    );
    await page.click('tr[data-flip="fx_python"] summary');
    const logs = page.locator('tr[data-flip="fx_python"] .flip-side pre.log');
    await page.waitForFunction(
      () => document.querySelectorAll('tr[data-flip="fx_python"] .flip-side pre.log').length >= 4,
    );
    const sides = await page.locator('tr[data-flip="fx_python"] .flip-side').evaluateAll((ds) =>
      ds.map((d) => d.getAttribute("data-side"))
    );
    assert.deepEqual(sides, ["reference", "starter"]);
    assert.ok(await logs.count() >= 4, "each side shows its answer and its test output");
    // the form offers the two models, and the page comes back the same from its own form
    await page.click('button:has-text("Compare")');
    await page.waitForSelector(".comparison");
    assert.equal(await page.inputValue("select[data-side-b]"), "starter");
    await shot(page, "compare");
    assertNoBrowserErrors();
  });
});
