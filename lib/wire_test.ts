// The pure code of lib/wire.ts that the engine and the islands share.
import assert from "node:assert/strict";
import {
  attemptDirName,
  type AttemptResult,
  finishedResults,
  modelSlug,
  queuedAttempt,
  totalsByModel,
} from "./wire.ts";

Deno.test("wire - attempt folder: task, model slug, two-digit 0-based sample", () => {
  assert.equal(attemptDirName("t1", "openrouter/x:y", 3), "t1__openrouter-x-y__sample03");
  assert.equal(attemptDirName("t1", "reference", 0), "t1__reference__sample00");
  assert.equal(attemptDirName("t1", "a b/ç.d_e-f", 123), "t1__a-b--.d_e-f__sample123");
  assert.equal(modelSlug("lmstudio/qwen2.5-coder:7b@q4"), "lmstudio-qwen2.5-coder-7b-q4");
});

Deno.test("wire - a queued attempt points at its folder's artifacts and has no outcome", () => {
  const a = queuedAttempt("run_x", "t1", "openai/gpt", 1);
  assert.equal(a.attempt_dir, "t1__openai-gpt__sample01");
  assert.equal(a.artifacts, "/artifacts/run_x/t1__openai-gpt__sample01/");
  assert.equal(a.outcome, null);
  assert.equal(a.stage, "queued");
  assert.deepEqual(finishedResults([a]), []);
});

Deno.test("wire - totals count every attempt, grade only model-caused outcomes", () => {
  const r = (model: string, outcome: AttemptResult["outcome"], extra = {}): AttemptResult => ({
    ...queuedAttempt("run_x", "t", model, 0),
    outcome,
    duration_s: 2,
    cost_usd: 0.5,
    tests_passed: 3,
    tests_total: 4,
    ...extra,
  });
  const [a, b] = totalsByModel(
    [
      r("a", "passed"),
      r("a", "failed", { cached: true, integrity_flags: ["process_exit"] }),
      r("a", "model_error"),
      r("b", "skipped"),
    ],
    ["a", "b"],
  );
  assert.deepEqual(a, {
    model: "a",
    attempts: 3,
    graded: 2,
    passed: 1,
    pass_rate: 0.5,
    pass_rate_1: 0.5,
    tests_passed: 6,
    tests_total: 8,
    prompt_tokens: 0,
    completion_tokens: 0,
    cost_usd: 1.5,
    duration_s: 6,
    cached: 1,
    flagged: 1,
    well_formed: 2,
    malformed: 0,
    build_errors: 0,
    timeouts: 0,
    lazy: 0,
    outcomes: { passed: 1, failed: 1, model_error: 1 },
  });
  assert.equal(b.pass_rate, null);
  assert.equal(b.graded, 0);
});

Deno.test("wire - totals give pass_rate_i by try and Aider's failure counters", () => {
  const r = (outcome: AttemptResult["outcome"], extra: Partial<AttemptResult> = {}) => ({
    ...queuedAttempt("run_x", "t", "m", 0),
    outcome,
    ...extra,
  });
  const [t] = totalsByModel(
    [
      r("passed", { passed_on_try: 1 }),
      r("passed", { passed_on_try: 2, lazy: true }),
      r("passed", { passed_on_try: 3 }),
      r("failed"),
      r("build_error"),
      r("timeout"),
      r("malformed_response"),
      r("patch_error"),
      r("skipped", { error: "budget reached" }),
    ],
    ["m"],
    3,
  );
  assert.deepEqual(
    [t.graded, t.pass_rate_1, t.pass_rate_2, t.pass_rate_3, t.pass_rate_4],
    [8, 1 / 8, 2 / 8, 3 / 8, undefined],
  );
  assert.deepEqual(
    [t.well_formed, t.malformed, t.build_errors, t.timeouts, t.lazy],
    [6, 2, 1, 1, 1],
  );
  // A one-shot run has pass_rate_1 only, equal to its pass rate.
  const [one] = totalsByModel([r("passed"), r("failed")], ["m"]);
  assert.deepEqual([one.pass_rate_1, one.pass_rate_2], [0.5, undefined]);
});
