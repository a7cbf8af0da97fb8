// What both stores (SQLite and PostgreSQL) must answer alike: each test runs against both
// (tests/store_kinds.ts). Store-specific behaviour is in sqlite_test.ts and postgres_test.ts.
import assert from "node:assert/strict";
import { addRun, attemptResult, type AttemptSpec, withRuns } from "../../tests/store_builders.ts";
import { storeTest } from "../../tests/store_kinds.ts";

const NOT_GRADED = ["model_error", "skipped", "cancelled", "harness_error"];

const many = (
  model: string,
  outcomes: AttemptSpec["outcome"][],
  extra: Partial<AttemptSpec> = {},
) => outcomes.map((outcome) => ({ model, outcome, ...extra }));

const SUITE = { id: "s1", name: "catalog (4 tasks)", tasks: 4 };

storeTest(
  "store - a suite's runs, sums per task, histograms, best runs and task outcomes",
  async (open) => {
    const store = await open();
    const run = (
      id: string,
      status: "finished" | "running" | "cancelled",
      attempts: AttemptSpec[],
    ) =>
      addRun(store, {
        id,
        status,
        suite: SUITE,
        startedAt: `2026-01-01T00:00:0${id.at(-1)}Z`,
        attempts,
      });
    // a: the better run wins although it costs more.
    await run("run_a1", "finished", many("a", ["passed", "passed", "failed", "failed"]));
    const dear = { cost_usd: 2, duration_s: 7, prompt_tokens: 100, completion_tokens: 50 };
    await run("run_a2", "finished", [
      ...many("a", ["passed", "passed", "passed"], dear),
      { model: "a", outcome: "failed", ...dear, tests_passed: 3, tests_total: 4 },
    ]);
    // b: equal accuracy, so the cheaper run; its own duration and tokens come with it.
    await run("run_b1", "finished", many("b", ["passed", "failed"], { cost_usd: 3 }));
    await run(
      "run_b2",
      "finished",
      many("b", ["passed", "failed"], { cost_usd: 1, duration_s: 4 }),
    );
    // c: a running run does not count, a cancelled one does; provider failures are not graded.
    await run("run_c1", "running", many("c", ["passed", "passed"]));
    await run("run_c2", "cancelled", many("c", ["passed", "passed"]));
    await run("run_c3", "finished", [
      ...many("c", ["passed", "failed"], { integrity_flags: ["process_exit"], lazy: true }),
      ...many("c", ["model_error", "model_error"]),
    ]);
    // d: an unknown cost ranks after a known one at equal accuracy.
    await run("run_d1", "finished", many("d", ["failed"], { cost_usd: null }));
    await run("run_d2", "finished", many("d", ["failed"], { cost_usd: 9 }));
    // e: a finished run with nothing graded has no accuracy, so no best run.
    await run("run_e1", "finished", many("e", ["skipped"]));

    assert.deepEqual(
      (await store.listSuites()).map((s) => [s.id, s.name, s.tasks, s.runs]),
      [["s1", "catalog (4 tasks)", 4, 9]],
    );
    assert.equal((await store.listSuiteRuns("s1")).length, 10);
    const best = await store.listSuiteBestRuns("s1");
    assert.deepEqual(
      best.map((r) => [r.model, r.run_id, r.accuracy, r.passed, r.graded, r.runs]),
      [
        ["a", "run_a2", 0.75, 3, 4, 2],
        ["b", "run_b2", 0.5, 1, 2, 2],
        ["c", "run_c2", 1, 2, 2, 2],
        ["d", "run_d2", 0, 0, 1, 2],
      ],
    );
    const a = best[0];
    assert.deepEqual(
      [a.cost_usd, a.duration_s, a.prompt_tokens, a.completion_tokens],
      [8, 28, 400, 200],
    );
    assert.deepEqual([best[1].cost_usd, best[1].duration_s], [2, 8]);
    const stats = await store.listSuiteTaskStats("s1");
    assert.deepEqual(
      stats.filter((s) => s.model === "c").map((
        s,
      ) => [s.task_id, s.attempts, s.graded, s.passed, s.flagged, s.lazy]),
      [["t0", 2, 2, 2, 1, 1], ["t1", 2, 2, 1, 1, 1], ["t2", 1, 0, 0, 0, 0], ["t3", 1, 0, 0, 0, 0]],
    );
    const a3 = stats.find((s) => s.model === "a" && s.task_id === "t3")!;
    assert.deepEqual(
      [a3.attempts, a3.graded, a3.cost_usd, a3.tests_passed, a3.tests_total, a3.graded_tokens],
      [2, 2, 2.5, 3, 4, 165],
    );
    assert.equal(stats.find((s) => s.model === "d" && s.task_id === "t0")!.cost_usd, 9);
    assert.deepEqual(
      (await store.listSuiteBuckets("s1", "try")).filter((b) => b.model === "a")
        .map((b) => [b.bucket, b.n]),
      [[-1, 3], [1, 5]],
    );
    assert.deepEqual(
      (await store.listSuiteBuckets("s1", "duration")).filter((b) => b.model === "b")
        .map((b) => b.n),
      [2, 2],
    );
    assert.deepEqual(
      (await store.listModelRuns("c")).map((r) => [r.run_id, r.suite_id]),
      [["run_c2", "s1"], ["run_c3", "s1"]],
    );
    const outcomes = await store.countTaskOutcomes(["run_a1", "run_a2"], NOT_GRADED, "a");
    assert.deepEqual(outcomes.map((o) => [o.task_id, o.n, o.c]), [
      ["t0", 2, 2],
      ["t1", 2, 2],
      ["t2", 2, 1],
      ["t3", 2, 0],
    ]);
    assert.deepEqual(outcomes[2].links, ["run_a1/t2__a__sample00", "run_a2/t2__a__sample00"]);
    assert.deepEqual(outcomes[2].later_tries, []); // one-shot: none past a first try
    await store.close();
  },
);

storeTest(
  "store - a finished attempt comes back whole, fields it does not know included",
  async (open) => {
    const store = await open();
    const extra = { retries: 3, grade_s: 1.25, edits_applied: ["a.py"], latency_ms: 80 };
    const future = { ...extra, integrity_flags: ["fd_write"], some_new_field: { x: 1 } };
    await addRun(store, {
      id: "run_1",
      attempts: [{ model: "m", outcome: "passed", ...future }, { model: "m", outcome: null }],
      status: "running",
    });
    const [done, queued] = await store.listAttempts("run_1");
    assert.deepEqual(
      [done.retries, done.grade_s, done.edits_applied, done.latency_ms, done.integrity_flags],
      [3, 1.25, ["a.py"], 80, ["fd_write"]],
    );
    assert.deepEqual((done as unknown as { some_new_field: unknown }).some_new_field, { x: 1 });
    assert.equal(done.stage, "done");
    assert.equal(done.artifacts, "/artifacts/run_1/t0__m__sample00/");
    assert.deepEqual([queued.outcome, queued.stage, queued.attempt_dir], [
      null,
      "queued",
      "t1__m__sample00",
    ]);
    await store.close();
  },
);

storeTest("store - runs list newest first with their attempt counts and totals", async (open) => {
  const store = await withRuns(await open(), [
    { id: "run_1", startedAt: "2026-01-01T00:00:01Z", attempts: many("m", ["passed", "failed"]) },
    {
      id: "run_2",
      startedAt: "2026-01-01T00:00:02Z",
      status: "running",
      attempts: [{ model: "m", outcome: "passed" }, { model: "m", outcome: null }],
    },
  ]);
  assert.equal(await store.countRuns(), 2);
  const [two, one] = await store.listRunOverviews(10, 0);
  assert.deepEqual(
    [two.id, two.status, two.attempts_total, two.attempts_done, two.attempts_passed, two.totals],
    ["run_2", "running", 2, 1, 1, null],
  );
  assert.deepEqual([one.id, one.attempts_total, one.attempts_passed], ["run_1", 2, 1]);
  assert.equal((one.totals as { model: string }[])[0].model, "m");
  assert.deepEqual((await store.getRunOverview("run_1"))?.attempts_done, 2);
  assert.deepEqual((await store.listRunOverviews(1, 1)).map((r) => r.id), ["run_1"]);
  assert.deepEqual(await store.getRun("run_none"), undefined);
  await store.close();
});

storeTest("store - a lease lets one grader record an attempt, once", async (open) => {
  const store = await withRuns(await open(), [
    { id: "run_l", status: "running", attempts: [{ model: "m", outcome: null }] },
  ]);
  const key = { runId: "run_l", taskId: "t0", model: "m", sample: 0 };
  assert.equal(await store.leaseAttempt(key, "job1:0", true), true);
  assert.equal(await store.leaseAttempt(key, "job1:1", true), false); // held: not free
  assert.equal(await store.leaseAttempt(key, "job1:1"), true); // taken over
  const result = attemptResult({ model: "m", outcome: "passed", worker: "a:1" });
  assert.equal(await store.finishAttempt("run_l", result, "job1:0"), false); // lost its lease
  assert.equal((await store.listAttempts("run_l"))[0].outcome, null);
  assert.equal(await store.finishAttempt("run_l", { ...result, worker: "b:2" }, "job1:1"), true);
  const [done] = await store.listAttempts("run_l");
  assert.deepEqual([done.outcome, done.worker], ["passed", "b:2"]);
  await store.close();
});

storeTest("store - answers are kept apart from grades and read back one by one", async (open) => {
  const store = await withRuns(await open(), [
    { id: "run_a", status: "running", attempts: many("m", [null, null]) },
  ]);
  const key = { runId: "run_a", taskId: "t1", model: "m", sample: 0 };
  assert.equal(await store.getAnswer(key), undefined);
  await store.saveResponse(key, "```py\nx\n```", { cost_usd: 0.25 });
  assert.deepEqual(await store.getAnswer(key), {
    task_id: "t1",
    model: "m",
    sample: 0,
    text: "```py\nx\n```",
    meta: { cost_usd: 0.25 },
  });
  assert.deepEqual((await store.listAnswers("run_a")).map((a) => a.task_id), ["t1"]);
  await store.close();
});

storeTest("store - events come back in order, per run or all", async (open) => {
  const store = await open();
  assert.equal(await store.maxEventId(), 0);
  const first = await store.insertEvent("run_x", "a", { n: 1 });
  await store.insertEvents([{ runId: "run_y", type: "b", data: {} }, {
    runId: "run_x",
    type: "c",
    data: { n: 3 },
  }]);
  const all = await store.listEventsAfter(0);
  assert.deepEqual(all.map((e) => [e.run_id, e.type]), [["run_x", "a"], ["run_y", "b"], [
    "run_x",
    "c",
  ]]);
  assert.equal(all[0].id, first);
  assert.equal(typeof all[0].id, "number");
  assert.equal(await store.maxEventId(), all[2].id);
  assert.deepEqual((await store.listEventsAfter(first, "run_x")).map((e) => e.data_json), [
    '{"n":3}',
  ]);
  await store.close();
});

storeTest("store - pass counts and reference test counts per task", async (open) => {
  const store = await withRuns(await open(), [
    {
      id: "run_1",
      attempts: [
        { task_id: "b", model: "reference", outcome: "passed", tests_total: 3 },
        { task_id: "a", model: "m", outcome: "passed" },
        { task_id: "a", model: "m", outcome: "failed", sample: 1 },
        { task_id: "a", model: "m", outcome: "skipped", sample: 2 },
      ],
    },
    {
      id: "run_2",
      attempts: [{ task_id: "b", model: "reference", outcome: "passed", tests_total: 4 }],
    },
  ]);
  assert.deepEqual((await store.passCountsByTaskAndModel(NOT_GRADED)).map((r) => ({ ...r })), [
    { task_id: "a", model: "m", graded: 2, passed: 1 },
    { task_id: "b", model: "reference", graded: 2, passed: 2 },
  ]);
  assert.deepEqual((await store.referenceTestCounts()).map((r) => ({ ...r })), [{
    task_id: "b",
    tests_total: 4,
  }]);
  await store.close();
});

storeTest("store - runs whose process is gone are interrupted, then reopened", async (open) => {
  const store = await withRuns(await open(), [{ id: "run_a", status: "running" }, { id: "run_b" }]);
  assert.deepEqual(await store.markInterruptedRuns(() => true), []);
  assert.deepEqual(await store.markInterruptedRuns(() => false), ["run_a"]);
  await store.reopenRun("run_a", 4242);
  const run = await store.getRun("run_a");
  assert.deepEqual([run?.status, run?.pid, run?.finished_at], ["running", 4242, null]);
  await addRun(store, { id: "run_c", status: "failed", error: "disk full" });
  assert.deepEqual([(await store.getRun("run_c"))?.error], ["disk full"]);
  await store.close();
});
