import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Outcome } from "../lib/wire.ts";
import { attempt, triesOf } from "../tests/attempts.ts";
import {
  compareSides,
  junitReport,
  renderComparison,
  type Side,
  type SideAttempt,
  sideFromAttempts,
} from "./compare.ts";

/** A side with one attempt per [task, outcome] (samples numbered per task), in run `run`. */
function side(label: string, run: string, rows: [string, Outcome][]): Side {
  const seen = new Map<string, number>();
  const attempts: SideAttempt[] = rows.map(([task, outcome]) => {
    const sample = seen.get(task) ?? 0;
    seen.set(task, sample + 1);
    const dir = `${task}__${label}__sample${String(sample).padStart(2, "0")}`;
    return { ...attempt(task, outcome, { model: label, sample, attempt_dir: dir }), run_id: run };
  });
  return sideFromAttempts(label, attempts);
}

// Expected CI and tasks_needed from python3 statistics.stdev/variance over
// d = [-1]*10 + [1]*2 + [0]*3: -0.5333 ± 1.96·stdev/sqrt(15) = [-0.9095, -0.1572], ceil(15.2) = 16.
// The McNemar example: A alone passes 10 tasks, B alone 2, both pass 3.
const A_ONLY = Array.from({ length: 10 }, (_, i) => `a${String(i).padStart(2, "0")}`);
const A = side("model-a", "r1", [
  ...A_ONLY.map((t): [string, Outcome] => [t, "passed"]),
  ["b0", "failed"],
  ["b1", "build_error"],
  ...["c0", "c1", "c2"].map((t): [string, Outcome] => [t, "passed"]),
  ["only_a", "passed"],
]);
const B = side("model-b", "r2", [
  ...A_ONLY.map((t): [string, Outcome] => [t, "failed"]),
  ["b0", "passed"],
  ["b1", "passed"],
  ...["c0", "c1", "c2"].map((t): [string, Outcome] => [t, "passed"]),
  ["only_a", "model_error"],
]);

describe("compare", () => {
  it("gives the --json object over the tasks both sides graded", () => {
    const cmp = compareSides(A, B, "suite1");
    assert.deepEqual(Object.keys(cmp), [
      "a",
      "b",
      "suite_id",
      "tasks",
      "a_pass_at_1",
      "b_pass_at_1",
      "diff",
      "ci_low",
      "ci_high",
      "p_value",
      "method",
      "alpha",
      "verdict",
      "a_only",
      "b_only",
      "tasks_needed",
      "a_pass_rate_by_try",
      "b_pass_rate_by_try",
      "flips",
    ]);
    // One-shot sides: pass_rate_1 only, their pass rate over the shared tasks.
    assert.deepEqual([cmp.a_pass_rate_by_try, cmp.b_pass_rate_by_try], [[13 / 15], [5 / 15]]);
    // only_a has no graded attempt by B (model_error), so 15 tasks are paired
    assert.deepEqual(
      [cmp.a, cmp.b, cmp.suite_id, cmp.tasks, cmp.method, cmp.verdict, cmp.a_only, cmp.b_only],
      ["model-a", "model-b", "suite1", 15, "mcnemar-exact", "a_better", 10, 2],
    );
    assert.ok(Math.abs(cmp.p_value - 0.03857421875) < 1e-12); // 2·(1 + 12 + 66)/2^12
    assert.equal(cmp.a_pass_at_1, 13 / 15);
    assert.equal(cmp.b_pass_at_1, 5 / 15);
    assert.equal(cmp.flips.length, 12);
    assert.deepEqual(cmp.flips[0], {
      task_id: "a00",
      a_pass: 1,
      b_pass: 0,
      a_attempts: ["r1/a00__model-a__sample00"],
      b_attempts: ["r2/a00__model-b__sample00"],
    });
    assert.deepEqual(cmp.flips.slice(10).map((f) => [f.task_id, f.a_pass, f.b_pass]), [
      ["b0", 0, 1],
      ["b1", 0, 1],
    ]);
  });
  it("pools several samples per task into pass fractions", () => {
    const a = side("a", "r1", [["t1", "passed"], ["t1", "failed"], ["t2", "failed"]]);
    const b = side("b", "r2", [["t1", "passed"], ["t1", "passed"], ["t2", "failed"]]);
    const cmp = compareSides(a, b, "s");
    assert.deepEqual([cmp.method, cmp.diff, cmp.p_value], ["sign-flip-exact", 0.25, 1]);
    assert.deepEqual(cmp.flips.map((f) => [f.task_id, f.a_pass, f.b_pass, f.b_attempts.length]), [
      ["t1", 0.5, 1, 2],
    ]);
  });
  it("writes one JUnit testcase per task, failed where B regressed", () => {
    const a = side("a&co", "r1", [["t1", "passed"], ["t2", "failed"], ["t3", "passed"]]);
    const b = side("b", "r2", [["t1", "failed"], ["t2", "passed"], ["t4", "passed"]]);
    const cmp = compareSides(a, b, "s1");
    assert.equal(
      junitReport(a, b, cmp),
      `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="bench compare" tests="4" failures="1" skipped="2">
  <testsuite name="b vs a&#38;co on suite s1" tests="4" failures="1" skipped="2">
    <testcase classname="compare.s1" name="t1"><failure message="B passed 0/1, A passed 1/1">r2/t1__b__sample00</failure></testcase>
    <testcase classname="compare.s1" name="t2"></testcase>
    <testcase classname="compare.s1" name="t3"><skipped message="no graded attempt by b"/></testcase>
    <testcase classname="compare.s1" name="t4"><skipped message="no graded attempt by a&#38;co"/></testcase>
  </testsuite>
</testsuites>
`,
    );
  });
  it("renders the method, the verdict in words and the flips", () => {
    assert.equal(
      renderComparison(compareSides(A, B, "suite1")),
      `Suite suite1: 15 task(s) graded on both sides
A  model-a  pass@1 0.867
B  model-b  pass@1 0.333
Difference B − A: -0.533 (95% CI -0.909 to -0.157)
Test: exact McNemar test on 12 discordant task(s) (one attempt per task a side), p = 0.0386
Verdict: model-b is worse than model-a: a regression (p = 0.0386, alpha 0.05).
About 16 tasks like these would detect a gap this size.

Flips (12)
task           A           B
a00    1.00 of 1   0.00 of 1  B worse
a01    1.00 of 1   0.00 of 1  B worse
a02    1.00 of 1   0.00 of 1  B worse
a03    1.00 of 1   0.00 of 1  B worse
a04    1.00 of 1   0.00 of 1  B worse
a05    1.00 of 1   0.00 of 1  B worse
a06    1.00 of 1   0.00 of 1  B worse
a07    1.00 of 1   0.00 of 1  B worse
a08    1.00 of 1   0.00 of 1  B worse
a09    1.00 of 1   0.00 of 1  B worse
b0     0.00 of 1   1.00 of 1  B better
b1     0.00 of 1   1.00 of 1  B better
`,
    );
  });
  it("says when there is no significant difference", () => {
    const a = side("a", "r1", [["t1", "passed"], ["t2", "failed"]]);
    const b = side("b", "r2", [["t1", "passed"], ["t2", "passed"]]);
    const text = renderComparison(compareSides(a, b, "s"));
    assert.match(text, /No significant difference between a and b \(p = 1\.0000, alpha 0\.05\)/);
  });

  it("reports the pass rate by try of --tries sides", () => {
    const tried = (task: string, passedOn: number | null, label: string) =>
      attempt(task, passedOn === null ? "failed" : "passed", {
        model: label,
        passed_on_try: passedOn,
        tries: triesOf(passedOn ?? 2, passedOn),
      });
    const a = sideFromAttempts("a", [tried("t1", 1, "a"), tried("t2", null, "a")]);
    const b = sideFromAttempts("b", [tried("t1", 2, "b"), tried("t2", 2, "b")]);
    const cmp = compareSides(a, b, "s");
    assert.deepEqual([cmp.a_pass_rate_by_try, cmp.b_pass_rate_by_try], [[0.5, 0.5], [0, 1]]);
    assert.ok(
      renderComparison(cmp).includes("\nPass rate by try: A 50.0% → 50.0%; B 0.0% → 100.0%\n"),
    );
  });
});
