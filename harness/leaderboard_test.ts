// Expected intervals from python3: statistics.stdev(p)/sqrt(4) for p = [1, .5, 0, 1]
// (se 0.23935677693908453, 0.625 ± 1.96·se clipped = [0.15586071719939432, 1]) and for
// p = [1, 0, 0, 0] (se 0.25, [0, 0.74]); the rest is small enough to check by hand.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ModelTotals, Outcome } from "../lib/wire.ts";
import { attempt, triesOf } from "../tests/attempts.ts";
import {
  bestRun,
  leaderboardRows,
  passRateByTry,
  type RunOnSuite,
  summarizeAttempts,
} from "./leaderboard.ts";

function run(
  run_id: string,
  passed: number,
  graded: number,
  cost: number | null,
  duration_s: number,
) {
  const totals = {
    model: "m",
    attempts: graded,
    graded,
    passed,
    pass_rate: null,
    tests_passed: 0,
    tests_total: 0,
    prompt_tokens: 10,
    completion_tokens: 5,
    cost_usd: cost,
    duration_s,
    cached: 0,
    flagged: 0,
    outcomes: {},
  } satisfies ModelTotals;
  return { run_id, started_at: `2026-01-0${run_id.length}`, finished_at: null, totals };
}

const ALPHA_RUNS: RunOnSuite[] = [
  run("r0", 0, 0, null, 1),
  run("r1", 3, 4, 0.04, 10),
  run("r2", 2, 4, 0.045, 5),
];

// alpha: 2 samples of t1..t4 passing 2, 1, 0, 2, plus an ungraded attempt that still cost money
const ALPHA_OUTCOMES: [string, Outcome, number][] = [
  ["t1", "passed", 3],
  ["t1", "passed", 3],
  ["t2", "passed", 3],
  ["t2", "failed", 1],
  ["t3", "failed", 0],
  ["t3", "build_error", 0],
  ["t4", "passed", 3],
  ["t4", "passed", 3],
];
const ALPHA = ALPHA_OUTCOMES.map(([task, outcome, tests], i) =>
  attempt(task, outcome, {
    tests_passed: tests,
    tests_total: 3,
    cost_usd: 0.01,
    prompt_tokens: 100,
    completion_tokens: 50,
    duration_s: i + 1,
  })
);
ALPHA.push(attempt("t3", "model_error", { cost_usd: 0.005, duration_s: 100 }));

// beta: one sample each; two answers were not even well formed
const BETA = (["passed", "failed", "malformed_response", "patch_error"] as Outcome[]).map(
  (outcome, i) => attempt(`t${i + 1}`, outcome),
);

describe("leaderboard", () => {
  it("gives every metric per model, ranked with ties", () => {
    const rows = leaderboardRows([
      summarizeAttempts({ model: "beta", attempts: BETA, runs: [run("b1", 1, 4, null, 4)] }),
      summarizeAttempts({ model: "alpha", attempts: ALPHA, runs: ALPHA_RUNS }),
      summarizeAttempts({ model: "silent", attempts: [attempt("t1", "model_error")], runs: [] }),
    ]);
    assert.deepEqual(rows.map((r) => [r.model, r.rank, r.rank_label, r.tied]), [
      ["alpha", 1, "1=", true],
      ["beta", 2, "1=", true], // [0, 0.74] overlaps [0.156, 1]
    ]);
    const a = rows[0];
    assert.deepEqual(
      [a.tasks, a.attempts, a.graded, a.passed, a.pass_at_1, a.se, a.ci_low, a.ci_high],
      [4, 9, 8, 5, 0.625, 0.23935677693908453, 0.15586071719939432, 1],
    );
    // pass@2 per task: 1, 1 − C(1,2)/C(2,2) = 1, 0, 1; pass^2: 1, 0, 0, 1
    assert.deepEqual([a.pass_at_k, a.pass_hat_k], [{ 1: 0.625, 2: 0.75 }, { 1: 0.625, 2: 0.5 }]);
    assert.equal(a.tests_pass_rate, (1 + 4 / 6 + 0 + 1) / 4);
    assert.equal(a.well_formed_rate, 1);
    assert.deepEqual([a.pass_rate_by_try, a.lazy], [[5 / 8], 0]); // one-shot: pass_rate_1 only
    assert.ok(Math.abs(a.cost_usd! - 0.085) < 1e-12); // 8 × 0.01 + 0.005 for the model error
    assert.ok(Math.abs(a.cost_per_solved! - 0.017) < 1e-12);
    assert.deepEqual([a.tokens_per_attempt, a.median_duration_s, a.runs], [150, 4.5, 3]);
    assert.equal(a.best_run?.run_id, "r1");
    const b = rows[1];
    assert.deepEqual(
      [b.pass_at_1, b.se, b.ci_low, b.ci_high, b.pass_at_k, b.pass_hat_k, b.well_formed_rate],
      [0.25, 0.25, 0, 0.74, { 1: 0.25 }, { 1: 0.25 }, 0.5],
    );
    assert.deepEqual(
      [b.tests_pass_rate, b.cost_usd, b.cost_per_solved, b.tokens_per_attempt],
      [null, null, null, null],
    );
  });
  it("is not tied when the intervals do not overlap", () => {
    const zero = ["t1", "t2", "t3", "t4"].map((t) => attempt(t, "failed"));
    const rows = leaderboardRows([
      summarizeAttempts({ model: "zero", attempts: zero, runs: [] }),
      summarizeAttempts({ model: "alpha", attempts: ALPHA, runs: [] }),
    ]);
    assert.deepEqual(rows.map((r) => [r.model, r.rank_label, r.best_run]), [
      ["alpha", "1", null],
      ["zero", "2", null],
    ]);
  });
  it("picks the best run as the seed did: accuracy, then cost (unknown last), then duration", () => {
    assert.equal(bestRun([...ALPHA_RUNS, run("r3", 3, 4, null, 1)])?.run_id, "r1");
    assert.equal(bestRun([...ALPHA_RUNS, run("r4", 3, 4, 0.04, 9)])?.run_id, "r4");
    assert.deepEqual(bestRun([ALPHA_RUNS[1]]), {
      run_id: "r1",
      started_at: "2026-01-02",
      finished_at: null,
      accuracy: 0.75,
      passed: 3,
      graded: 4,
      cost_usd: 0.04,
      duration_s: 10,
      prompt_tokens: 10,
      completion_tokens: 5,
    });
    assert.equal(bestRun([ALPHA_RUNS[0]]), null);
  });
});

Deno.test("leaderboard - pass rate by try pools --tries attempts the way Aider reports them", () => {
  const tried = (outcome: "passed" | "failed", passedOn: number | null, n: number) =>
    attempt("t", outcome, {
      passed_on_try: passedOn,
      tries: triesOf(n, passedOn),
    });
  assert.deepEqual(
    passRateByTry([
      tried("passed", 1, 1),
      tried("passed", 2, 2),
      tried("failed", null, 2),
      tried("failed", null, 2),
    ]),
    [0.25, 0.5],
  );
});
