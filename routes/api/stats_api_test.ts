// GET /api/leaderboard, /api/compare and /api/runs/:id/attempts.{csv,jsonl} through the
// app's handler, on a store built through the lifecycle: exact figures, the default suite,
// one-line 400s, the bytes of an export, and the OpenAPI document naming every route.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createApp } from "../app.ts";
import { loadConfig } from "../../lib/config.ts";
import type { AppDeps } from "../../server/router.ts";
import { appDeps } from "../../tests/app_deps.ts";
import { type AttemptSpec, storeWithRuns } from "../../tests/store_builders.ts";

const OLD = { id: "s_old", name: "lang:go (1 task)", tasks: 1 };
const NEW = { id: "s_new", name: "catalog (4 tasks)", tasks: 4 };
/** A passes t1..t3 and fails t4; B passes only t4: discordant 3 to 1. */
const outcomes = (model: string, passes: boolean[]): AttemptSpec[] =>
  passes.map((p, i) => ({
    model,
    task_id: `t${i + 1}`,
    outcome: p ? "passed" : "failed",
    tests_passed: p ? 2 : 1,
    tests_total: 2,
    cost_usd: 0.25,
  }));

let deps: AppDeps;
let app: ReturnType<typeof createApp>;
const get = (path: string) => app.fetch(new Request(`http://127.0.0.1${path}`));
const json = async (path: string) => {
  const res = await get(path);
  return { status: res.status, body: await res.json() };
};

describe("stats API", () => {
  before(async () => {
    const runsDir = Deno.makeTempDirSync({ prefix: "bench_stats_api_" });
    const store = await storeWithRuns([
      {
        id: "run_old",
        suite: OLD,
        finishedAt: "2026-01-01T00:00:00Z",
        attempts: outcomes("a", [true]),
      },
      {
        id: "run_a",
        suite: NEW,
        finishedAt: "2026-01-02T00:00:00Z",
        attempts: outcomes("a", [true, true, true, false]),
      },
      {
        id: "run_b",
        suite: NEW,
        finishedAt: "2026-01-03T00:00:00Z",
        attempts: [
          ...outcomes("b", [false, false, false, true]),
          { model: "b", task_id: "t1", sample: 1, outcome: "model_error", cost_usd: 0.1 },
        ],
      },
    ], runsDir);
    deps = await appDeps(store, { ...loadConfig(), runsDir, host: "127.0.0.1", apiToken: null });
    app = createApp(deps);
  });
  after(() => deps.store.close());

  it("leaderboard - the latest finished run's suite by default, every metric per row", async () => {
    const { status, body } = await json("/api/leaderboard");
    assert.equal(status, 200);
    assert.deepEqual(body.suites, [
      { id: "s_new", name: "catalog (4 tasks)", tasks: 4, runs: 2 },
      { id: "s_old", name: "lang:go (1 task)", tasks: 1, runs: 1 },
    ]);
    assert.equal(body.suite.id, "s_new");
    const [a, b] = body.rows;
    // a: p = [1, 1, 1, 0], sd 0.5, se 0.25: 0.75 ± 0.49 clipped; b: 0.25 ± 0.49
    assert.deepEqual(
      [a.model, a.rank_label, a.pass_at_1, a.se, a.ci_low, a.ci_high, a.tasks],
      ["a", "1=", 0.75, 0.25, 0.26, 1, 4],
    );
    assert.deepEqual(
      [b.model, b.rank_label, b.pass_at_1, b.ci_low, b.ci_high, b.attempts, b.graded],
      ["b", "1=", 0.25, 0, 0.74, 5, 4],
    );
    assert.deepEqual([a.tests_pass_rate, b.tests_pass_rate], [0.875, 0.625]);
    assert.deepEqual([a.cost_usd, a.cost_per_solved, b.cost_usd, b.cost_per_solved], [
      1,
      1 / 3,
      1.1,
      1.1,
    ]);
    assert.deepEqual(a.best_run.run_id, "run_a");
    const old = await json("/api/leaderboard?suite=s_old");
    assert.deepEqual(old.body.rows.map((r: { model: string }) => r.model), ["a"]);
    const bad = await json("/api/leaderboard?suite=nope");
    assert.deepEqual(bad, {
      status: 400,
      body: {
        error: 'no suite "nope" with finished runs (suites: s_new "catalog (4 tasks)", ' +
          's_old "lang:go (1 task)")',
      },
    });
  });

  it("compare - the same object as the CLI's --json, on the suite both share", async () => {
    const { status, body } = await json("/api/compare?a=a&b=b");
    assert.equal(status, 200);
    assert.deepEqual({ ...body, flips: body.flips.length }, {
      a: "a",
      b: "b",
      suite_id: "s_new",
      tasks: 4,
      a_pass_at_1: 0.75,
      b_pass_at_1: 0.25,
      diff: -0.5,
      // differences −1, −1, −1, +1: sd 1, se 0.5, −0.5 ± 0.98 clipped to [−1, 1]
      ci_low: -1,
      ci_high: 0.48,
      p_value: 0.625, // exact McNemar, 3 to 1: 2 · (1 + 4) / 16
      method: "mcnemar-exact",
      alpha: 0.05,
      verdict: "no_significant_difference",
      a_only: 3,
      b_only: 1,
      tasks_needed: 32, // ceil(7.84 · 1 / 0.25)
      a_pass_rate_by_try: [0.75],
      b_pass_rate_by_try: [0.25],
      flips: 4,
    });
    assert.deepEqual(body.flips[0], {
      task_id: "t1",
      a_pass: 1,
      b_pass: 0,
      a_attempts: ["run_a/t1__a__sample00"],
      b_attempts: ["run_b/t1__b__sample00"],
    });
    const several = await json("/api/compare?a=a&b=run_old");
    assert.equal(several.status, 200);
    assert.equal(several.body.suite_id, "s_old");
    assert.deepEqual(await json("/api/compare?a=a&b=nobody"), {
      status: 400,
      body: { error: '"nobody" is neither a run id nor a model with finished runs' },
    });
    assert.equal((await json("/api/compare?a=a&b=b&alpha=2")).status, 400);
  });

  it("export - a run's attempts as CSV and JSON Lines, streamed", async () => {
    const csv = await get("/api/runs/run_a/attempts.csv");
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
    const lines = (await csv.text()).split("\r\n");
    assert.equal(lines.length, 6); // header, 4 attempts, the final line break
    assert.ok(lines[0].startsWith("run_id,suite_id,commit,task_id,model,sample,outcome,"));
    assert.ok(lines[1].startsWith("run_a,s_new,,t1,a,0,passed,2,2,1,10,5,0.25,,t1__a__sample00,"));
    const jsonl = await get("/api/runs/run_b/attempts.jsonl");
    assert.equal(jsonl.headers.get("content-type"), "application/x-ndjson; charset=utf-8");
    const rows = (await jsonl.text()).trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((r) => [r.task_id, r.sample, r.outcome, r.suite_id]), [
      ["t1", 0, "failed", "s_new"],
      ["t1", 1, "model_error", "s_new"],
      ["t2", 0, "failed", "s_new"],
      ["t3", 0, "failed", "s_new"],
      ["t4", 0, "passed", "s_new"],
    ]);
    assert.deepEqual(await json("/api/runs/run_x/attempts.csv"), {
      status: 404,
      body: { error: 'no run "run_x"' },
    });
  });

  it("openapi - documents the leaderboard, compare and export routes", async () => {
    const { body } = await json("/api/openapi.json");
    for (const path of ["/api/leaderboard", "/api/compare", "/api/runs/{run_id}/attempts.csv"]) {
      assert.ok(body.paths[path]?.get, path);
    }
    assert.match(body.paths["/api/leaderboard"].get.description, /most recent finished run/);
  });
});
