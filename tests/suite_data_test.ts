// A suite's numbers read from the store's aggregates: equal to the same figures computed
// from the attempts themselves, kept per suite, counting cancelled runs' graded attempts,
// not counting an attempt twice when it finishes again; and the migration that gives runs
// recorded before suites their suite and aggregates.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { reopenRun, RunLifecycle } from "../harness/lifecycle.ts";
import { leaderboardRows, summarizeAttempts } from "../harness/leaderboard.ts";
import { chooseSuite, compareOnSuite, suiteLeaderboard } from "../harness/suite_data.ts";
import { bucketValue, durationBucket } from "../lib/duration_histogram.ts";
import { MIGRATIONS } from "../lib/store/migrations.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { suiteId } from "../lib/suite_id.ts";
import type { Store } from "../lib/store/store.ts";
import { addRun, attemptResult, type AttemptSpec } from "./store_builders.ts";
import { triesOf } from "./attempts.ts";
import { storeTest } from "./store_kinds.ts";

const S1 = { id: "s1", name: "lang:go (2 tasks)", tasks: 2 };
const S2 = { id: "s2", name: "catalog (3 tasks)", tasks: 3 };

const a = (model: string, task_id: string, outcome: AttemptSpec["outcome"], more = {}) => ({
  model,
  task_id,
  outcome,
  ...more,
});

const RUN_X1: AttemptSpec[] = [
  a("x", "t1", "passed", { duration_s: 2, tests_passed: 3, tests_total: 3 }),
  a("x", "t2", "failed", { duration_s: 4, tests_passed: 1, tests_total: 3, cost_usd: null }),
  a("x", "t2", "model_error", { sample: 1, duration_s: 50 }),
];
const RUN_X2: AttemptSpec[] = [
  a("x", "t1", "passed", { duration_s: 8 }),
  a("x", "t2", "malformed_response", { duration_s: 1 }),
];
const RUN_Y: AttemptSpec[] = [a("y", "t1", "failed"), a("y", "t2", "failed")];

async function suiteStore(open: () => Promise<Store>) {
  const store = await open();
  await addRun(store, { id: "r_x1", suite: S1, attempts: RUN_X1 });
  await addRun(store, { id: "r_x2", suite: S1, status: "cancelled", attempts: RUN_X2 });
  await addRun(store, { id: "r_y", suite: S1, attempts: RUN_Y });
  await addRun(store, { id: "r_run", suite: S1, status: "running", attempts: RUN_Y });
  await addRun(store, {
    id: "r_s2",
    suite: S2,
    finishedAt: "2026-01-02T00:00:00Z",
    attempts: [a("x", "t9", "passed")],
  });
  return store;
}

storeTest("suites - listed newest finished first, named by their newest run", async (open) => {
  const store = await suiteStore(open);
  const { suites, suite } = await chooseSuite(store);
  assert.deepEqual(suites.map((s) => [s.id, s.name, s.tasks, s.runs]), [
    ["s2", "catalog (3 tasks)", 3, 1],
    ["s1", "lang:go (2 tasks)", 2, 3], // the running run does not count
  ]);
  assert.equal(suite?.id, "s2");
  await assert.rejects(
    chooseSuite(store, "nope"),
    /^Error: no suite "nope" with finished runs \(suites: s2 "catalog \(3 tasks\)", s1 "lang:go \(2 tasks\)"\)$/,
  );
  await store.close();
});

storeTest(
  "suites - the leaderboard from the aggregates equals the one from the attempts",
  async (open) => {
    const store = await suiteStore(open);
    const rows = await suiteLeaderboard(store, "s1");
    const results = (specs: AttemptSpec[]) =>
      specs.map((s, i) => attemptResult({ ...s, outcome: s.outcome! }, i));
    const run = async (id: string) => {
      const r = (await store.getRunOverview(id))!;
      const totals = (r.totals as { model: string }[])[0] as never;
      return { run_id: id, started_at: r.started_at, finished_at: r.finished_at, totals };
    };
    const expected = leaderboardRows([
      summarizeAttempts({
        model: "x",
        attempts: [...results(RUN_X1), ...results(RUN_X2)],
        runs: [await run("r_x1"), await run("r_x2")],
      }),
      summarizeAttempts({ model: "y", attempts: results(RUN_Y), runs: [await run("r_y")] }),
    ]);
    // the histogram's median stands for its bucket: 2, 4, 8 s and 1 s graded → 2 and 4 s
    const approx = (bucketValue(durationBucket(2)) + bucketValue(durationBucket(4))) / 2;
    assert.equal(expected[0].median_duration_s, 3);
    assert.equal(rows[0].median_duration_s, approx);
    assert.ok(Math.abs(approx - 3) < 0.03);
    const same = (r: typeof rows[0]) => ({
      ...r,
      median_duration_s: 0,
      cost_usd: r.cost_usd?.toFixed(9),
    });
    assert.deepEqual(rows.map(same), expected.map(same));
    assert.deepEqual(
      rows.map((r) => [r.model, r.tasks, r.attempts, r.graded, r.passed, r.pass_at_1, r.runs]),
      [["x", 2, 5, 4, 2, 0.5, 2], ["y", 2, 2, 2, 0, 0, 1]],
    );
    assert.equal(rows[0].best_run?.run_id, "r_x2"); // equal accuracy and cost, shorter
    await store.close();
  },
);

storeTest(
  "suites - an attempt finished again replaces its first result; a reopened run leaves its suite until it ends",
  async (open) => {
    const store = await open();
    await addRun(store, {
      id: "r1",
      suite: S1,
      status: "running",
      attempts: [a("x", "t1", "failed"), a("x", "t2", null)],
    });
    const life = new RunLifecycle(store, "r1");
    await life.attemptFinished(attemptResult({ model: "x", task_id: "t1", outcome: "passed" }));
    await life.ended({ status: "finished", finished_at: "2026-01-02T00:00:00Z", totals: [] });
    const stats = await store.listSuiteTaskStats("s1");
    assert.deepEqual(
      stats.map((s) => [s.attempts, s.graded, s.passed, s.cost_usd]),
      [[1, 1, 1, 0.5]],
    );
    assert.deepEqual((await store.listSuiteBuckets("s1", "duration")).map((b) => b.n), [1]);
    // reopened to resume, it leaves its suite's sums; ending again brings it back
    await reopenRun(store, "r1");
    assert.deepEqual(await store.listSuiteTaskStats("s1"), []);
    await life.attemptFinished(attemptResult({ model: "x", task_id: "t2", outcome: "failed" }));
    await life.ended({ status: "cancelled", finished_at: "2026-01-03T00:00:00Z", totals: [] });
    assert.deepEqual(
      (await store.listSuiteTaskStats("s1")).map((s) => [s.task_id, s.graded, s.passed]),
      [["t1", 1, 1], ["t2", 1, 0]],
    );
    assert.deepEqual(
      (await store.listSuiteBestRuns("s1")).map((r) => [r.run_id, r.runs, r.graded, r.passed]),
      [["r1", 1, 2, 1]],
    );
    await store.close();
  },
);

storeTest(
  "suites - a --tries suite's pass rate by try and lazy count, from the aggregates and in compare",
  async (open) => {
    const store = await open();
    const S3 = { id: "s3", name: "lang:go (2 tasks, tries=2)", tasks: 2 };
    const x = [
      a("x", "t1", "passed", { passed_on_try: 1, tries: triesOf(1) }),
      a("x", "t2", "passed", { passed_on_try: 2, tries: triesOf(2), lazy: true }),
    ];
    const y = [
      a("y", "t1", "passed", { passed_on_try: 2, tries: triesOf(2) }),
      a("y", "t2", "failed", { passed_on_try: null, tries: triesOf(2) }),
    ];
    await addRun(store, { id: "r_tx", suite: S3, attempts: x });
    await addRun(store, { id: "r_ty", suite: S3, attempts: y });
    const rows = await suiteLeaderboard(store, "s3");
    assert.deepEqual(rows.map((r) => [r.model, r.pass_rate_by_try, r.lazy]), [
      ["x", [0.5, 1], 1],
      ["y", [0, 0.5], 0],
    ]);
    const { comparison } = await compareOnSuite(store, "y", "x");
    assert.deepEqual([comparison.a_pass_rate_by_try, comparison.b_pass_rate_by_try], [
      [0, 0.5],
      [0.5, 1],
    ]);
    await store.close();
  },
);

storeTest("suites - compare finds the shared suite, or says which to choose", async (open) => {
  const store = await suiteStore(open);
  const { comparison } = await compareOnSuite(store, "y", "x");
  assert.deepEqual(
    [comparison.suite_id, comparison.tasks, comparison.a_pass_at_1, comparison.b_pass_at_1],
    ["s1", 2, 0, 0.5],
  );
  assert.deepEqual(comparison.flips.map((f) => [f.task_id, f.a_pass, f.b_pass, f.b_attempts]), [
    ["t1", 0, 1, ["r_x1/t1__x__sample00", "r_x2/t1__x__sample00"]],
  ]);
  await assert.rejects(compareOnSuite(store, "r_x1", "nobody"), {
    message: `"nobody" is neither a run id nor a model with finished runs`,
  });
  await assert.rejects(compareOnSuite(store, "r_s2", "y"), {
    message:
      `r_s2 and y have no suite in common (r_s2: s2 "catalog (3 tasks)"; y: s1 "lang:go (2 tasks)")`,
  });
  await addRun(store, { id: "r_y2", suite: S2, attempts: [a("y", "t9", "failed")] });
  await assert.rejects(compareOnSuite(store, "x", "y"), {
    message:
      `x and y share 2 suites: pass --suite with one of s2 "catalog (3 tasks)", s1 "lang:go (2 tasks)"`,
  });
  assert.equal((await compareOnSuite(store, "x", "y", { suite: "s2" })).comparison.diff, -1);
  await store.close();
});

Deno.test("suites - migrations 5 and 7 give old runs their suite and their attempts' try buckets", async () => {
  const dir = Deno.makeTempDirSync();
  const path = join(dir, "history.db");
  const db = new DatabaseSync(path);
  db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL)");
  for (const [i, m] of MIGRATIONS.slice(0, 4).entries()) {
    if (typeof m === "string") db.exec(m);
    else m(db, path);
    db.prepare("INSERT INTO schema_version VALUES (?)").run(i + 1);
  }
  const stamp = { task_hashes: { t1: "h1", t2: "h2" }, prompt_template_hash: "ptpl" };
  const summary = { settings: { include_tests: true }, stamp };
  db.prepare(
    `INSERT INTO runs (id, started_at, finished_at, status, settings_json, summary_json)
     VALUES ('old', 'x', 'y', 'finished', '{"models":["m"]}', ?),
            ('broken', 'x', NULL, 'interrupted', '{"models":["m"]}', NULL)`,
  ).run(JSON.stringify(summary));
  const r = attemptResult({ model: "m", task_id: "t1", outcome: "passed" });
  // recorded before tries existed: no passed_on_try, no tries (a pass on try 1)
  const { passed_on_try: _p, tries: _t, ...before } = r;
  const failedTwice = { ...attemptResult({ model: "m", task_id: "t2", outcome: "failed" }) };
  db.prepare(
    `INSERT INTO attempts (run_id, task_id, model, sample, outcome, attempt_dir, result_json)
     VALUES ('old', 't1', 'm', 0, 'passed', 'd', ?), ('old', 't2', 'm', 0, 'failed', 'e', ?)`,
  ).run(JSON.stringify(before), JSON.stringify({ ...failedTwice, tries: triesOf(2) }));
  db.close();
  const store = new SqliteStore(path);
  const id = suiteId({
    task_hashes: stamp.task_hashes,
    include_tests: true,
    prompt_template_hash: "ptpl",
  });
  assert.deepEqual((await store.getRun("old"))?.suite, { id, name: "custom (2 tasks)", tasks: 2 });
  assert.deepEqual((await store.getRun("broken"))?.suite, {
    id: "unknown",
    name: "unknown",
    tasks: 0,
  });
  assert.deepEqual(
    (await suiteLeaderboard(store, id)).map((row) => [row.model, row.passed, row.pass_rate_by_try]),
    [["m", 1, [0.5, 0.5]]],
  );
  const outcomes = await store.countTaskOutcomes(["old"], [], "m");
  assert.deepEqual(outcomes.map((o) => [o.task_id, o.later_tries]), [["t1", []], ["t2", [-2]]]);
  await store.close();
});
