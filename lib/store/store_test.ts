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

storeTest(
  "store - the leaderboard takes each model's best-accuracy run with that run's figures",
  async (open) => {
    const store = await open();
    const run = (
      id: string,
      status: "finished" | "running" | "cancelled",
      attempts: AttemptSpec[],
    ) => addRun(store, { id, status, startedAt: `2026-01-01T00:00:0${id.at(-1)}Z`, attempts });
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
    // c: runs that did not finish are not compared; provider failures are not graded.
    await run("run_c1", "running", many("c", ["passed", "passed"]));
    await run("run_c2", "cancelled", many("c", ["passed", "passed"]));
    await run("run_c3", "finished", [
      ...many("c", ["passed", "failed"], { integrity_flags: ["process_exit"] }),
      ...many("c", ["model_error", "model_error"]),
    ]);
    // d: an unknown cost ranks after a known one at equal accuracy.
    await run("run_d1", "finished", many("d", ["failed"], { cost_usd: null }));
    await run("run_d2", "finished", many("d", ["failed"], { cost_usd: 9 }));
    // e: a finished run with nothing graded has no accuracy, so no line.
    await run("run_e1", "finished", many("e", ["skipped"]));

    const rows = await store.bestRunPerModel(NOT_GRADED);
    assert.deepEqual(
      rows.map((
        r,
      ) => [r.model, r.run_id, r.accuracy, r.passed, r.graded, r.attempts, r.runs, r.flagged]),
      [
        ["a", "run_a2", 0.75, 3, 4, 4, 2, 0],
        ["b", "run_b2", 0.5, 1, 2, 2, 2, 0],
        ["c", "run_c3", 0.5, 1, 2, 4, 1, 2],
        ["d", "run_d2", 0, 0, 1, 1, 2, 0],
      ],
    );
    const a = rows[0];
    assert.deepEqual(
      [
        a.cost_usd,
        a.duration_s,
        a.prompt_tokens,
        a.completion_tokens,
        a.tests_passed,
        a.tests_total,
      ],
      [8, 28, 400, 200, 3, 4],
    );
    assert.deepEqual([rows[1].cost_usd, rows[1].duration_s], [2, 8]);
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
