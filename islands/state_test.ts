// The live-state reducer: progress events folded into the shared signals exactly as the
// islands read them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyEvent, followNewest, freshRun, run } from "./state.ts";
import type { RunSettings } from "./types.ts";

const SETTINGS: RunSettings = {
  models: ["reference", "openrouter/x/y"],
  task_ids: ["t1"],
  samples: 1,
  temperature: 0,
  concurrency: 1,
  include_tests: false,
  install_deps: false,
  unsafe_no_sandbox: false,
  timeout_s: null,
};

function reset() {
  run.value = null;
  followNewest.value = true;
}

describe("live state", () => {
  it("run_started - on the home page, a new run replaces the followed one with queued rows", () => {
    reset();
    run.value = freshRun("run_old", "finished", null);
    const r = applyEvent({ type: "run_started", run_id: "run_new", total: 2, settings: SETTINGS });
    assert.equal(r.refreshLists, true);
    assert.equal(run.value?.run_id, "run_new");
    assert.deepEqual(
      run.value?.attempts.map((a) => `${a.attempt_dir} ${a.stage} ${a.outcome}`),
      ["t1__reference__sample00 queued null", "t1__openrouter-x-y__sample00 queued null"],
    );
    assert.equal(
      run.value?.attempts[1].artifacts,
      "/artifacts/run_new/t1__openrouter-x-y__sample00/",
    );
  });

  it("run_started - on a run's page, another run leaves the page's run alone", () => {
    reset();
    followNewest.value = false;
    run.value = freshRun("run_mine", "running", SETTINGS);
    applyEvent({ type: "run_started", run_id: "run_other", total: 1, settings: SETTINGS });
    assert.equal(run.value?.run_id, "run_mine");
  });

  it("stage, then finish - chips and progress follow the attempt", () => {
    reset();
    applyEvent({ type: "run_started", run_id: "run_a", total: 2, settings: SETTINGS });
    applyEvent({
      type: "attempt_stage",
      run_id: "run_a",
      task_id: "t1",
      model: "reference",
      sample: 0,
      stage: "grade",
    });
    assert.equal(run.value?.attempts[0].stage, "grade");
    applyEvent({
      type: "attempt_finished",
      run_id: "run_a",
      attempt: {
        task_id: "t1",
        model: "reference",
        sample: 0,
        outcome: "passed",
        tests_passed: 3,
        tests_total: 3,
        duration_s: 1.5,
        prompt_tokens: null,
        completion_tokens: null,
        cost_usd: null,
        error: null,
        attempt_dir: "t1__reference__sample00",
        cached: false,
        latency_ms: null,
        first_token_ms: null,
        retries: 0,
        grade_s: 1.2,
        edits_applied: ["calc.py"],
        edits_refused: [],
        output_truncated: false,
        integrity_flags: ["process_exit"],
        tries: [],
        passed_on_try: 1,
        lazy: false,
        agent: null,
      },
    });
    const a = run.value!.attempts[0];
    assert.deepEqual([a.outcome, a.stage, a.tests_passed, a.tests_total], ["passed", "done", 3, 3]);
    assert.deepEqual(a.integrity_flags, ["process_exit"]);
    assert.deepEqual(run.value!.progress, { done: 1, total: 2, passed: 1 });
    assert.equal(run.value!.attempts[1].outcome, null);
  });

  it("events of another run - change nothing, but a finished one refreshes the lists", () => {
    reset();
    applyEvent({ type: "run_started", run_id: "run_a", total: 2, settings: SETTINGS });
    const before = run.value;
    const r = applyEvent({ type: "run_finished", run_id: "run_b", status: "finished", totals: [] });
    assert.equal(run.value, before);
    assert.equal(r.refreshLists, true);
  });

  it("run_finished - sets the status and totals of the followed run", () => {
    reset();
    applyEvent({ type: "run_started", run_id: "run_a", total: 2, settings: SETTINGS });
    applyEvent({ type: "run_finished", run_id: "run_a", status: "cancelled", totals: [] });
    assert.equal(run.value?.status, "cancelled");
    assert.deepEqual(run.value?.totals, []);
  });

  it("a launched run that started before the POST answered - keeps the stream's rows", () => {
    reset();
    run.value = freshRun("run_q", "queued", null);
    applyEvent({ type: "run_started", run_id: "run_q", total: 2, settings: SETTINGS });
    assert.equal(run.value?.status, "running");
    assert.equal(run.value?.attempts.length, 2);
  });
});
