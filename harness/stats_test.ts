// Expected figures were computed independently of this module, with python3 (exact
// fractions.Fraction and math.comb, statistics.stdev, itertools.product for enumerations);
// each block names the expression used.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { attempt } from "../tests/attempts.ts";
import {
  comparePaired,
  countByTask,
  mcnemarExact,
  type PairedCounts,
  passAt1,
  passAtK,
  passAtKs,
  passHatK,
  rankRows,
  signFlipExact,
  signFlipMonteCarlo,
  type TaskCounts,
  testsPassRate,
} from "./stats.ts";

function near(actual: number | null, expected: number, tol = 1e-12): void {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${actual} ≉ ${expected}`);
}

function counts(ns: number[], cs: number[]): TaskCounts[] {
  return ns.map((n, i) => ({ task: `t${i}`, n, c: cs[i], tests_passed: 0, tests_total: 0 }));
}

/** Task pairs from per-task [a_n, a_c, b_n, b_c]. */
function pairs(rows: number[][]): PairedCounts[] {
  return rows.map(([a_n, a_c, b_n, b_c], i) => ({ task: `t${i}`, a_n, a_c, b_n, b_c }));
}

describe("stats - per-task counts", () => {
  it("counts graded attempts per task and never the harness's or provider's failures", () => {
    const got = countByTask([
      attempt("b", "passed", { tests_passed: 3, tests_total: 3 }),
      attempt("b", "failed", { tests_passed: 1, tests_total: 3 }),
      attempt("a", "build_error"),
      attempt("a", "model_error"),
      attempt("a", "harness_error"),
      attempt("c", "skipped"),
      attempt("c", "cancelled"),
    ]);
    assert.deepEqual(got, [
      { task: "a", n: 1, c: 0, tests_passed: 0, tests_total: 0 },
      { task: "b", n: 2, c: 1, tests_passed: 4, tests_total: 6 },
    ]);
    near(testsPassRate(got), 4 / 6); // task a reported no tests, so only b counts
  });
});

describe("stats - pass@1 and its interval", () => {
  it("is the mean of per-task fractions with a task-clustered standard error", () => {
    // p = [1, 0, .5, .75, .25]: mean .5, stdev/sqrt(5) = 0.1767766952966369
    const r = passAt1(counts([4, 4, 4, 4, 4], [4, 0, 2, 3, 1]));
    near(r.pass_at_1, 0.5);
    near(r.se, 0.1767766952966369);
    near(r.ci_low, 0.15351767721859172);
    near(r.ci_high, 0.8464823227814082);
    assert.equal(r.tasks, 5);
  });
  it("clips the interval to [0, 1]", () => {
    // p = [1, 1, 1, .5]: mean .875, se .125, .875 ± .245 = [0.63, 1.12] → [0.63, 1]
    const r = passAt1(counts([2, 2, 2, 2], [2, 2, 2, 1]));
    near(r.ci_low, 0.63);
    assert.equal(r.ci_high, 1);
  });
  it("c = 0 everywhere gives 0 with a zero-width interval; c = n gives 1", () => {
    assert.deepEqual(passAt1(counts([3, 5], [0, 0])), {
      pass_at_1: 0,
      se: 0,
      ci_low: 0,
      ci_high: 0,
      tasks: 2,
    });
    assert.deepEqual(passAt1(counts([3, 5], [3, 5])), {
      pass_at_1: 1,
      se: 0,
      ci_low: 1,
      ci_high: 1,
      tasks: 2,
    });
  });
  it("has no interval with one task, and refuses no tasks at all", () => {
    assert.deepEqual(passAt1(counts([2], [1])), {
      pass_at_1: 0.5,
      se: null,
      ci_low: null,
      ci_high: null,
      tasks: 1,
    });
    assert.throws(() => passAt1([]), /no task has a graded attempt/);
  });
});

describe("stats - pass@k and pass^k", () => {
  it("matches 1 − C(n−c,k)/C(n,k) and C(c,k)/C(n,k) computed with exact fractions", () => {
    near(passAtK(10, 3, 1), 0.3);
    near(passAtK(10, 3, 2), 0.5333333333333333); // 1 − 21/45
    near(passAtK(10, 3, 5), 0.9166666666666666); // 1 − 21/252
    near(passAtK(200, 50, 10), 0.9479063705959571);
    near(passHatK(10, 3, 2), 0.06666666666666667); // 3/45
    near(passHatK(200, 150, 10), 0.05209362940404299);
  });
  it("handles c = 0, c = n and fewer failures than k", () => {
    assert.equal(passAtK(10, 0, 5), 0);
    assert.equal(passAtK(10, 10, 5), 1);
    assert.equal(passAtK(5, 1, 5), 1); // 4 failures cannot fill 5 draws
    assert.equal(passHatK(10, 10, 10), 1);
    assert.equal(passHatK(10, 0, 1), 0);
    assert.equal(passHatK(10, 3, 5), 0);
  });
  it("refuses k > n, naming both", () => {
    assert.throws(() => passAtK(3, 1, 5), { name: "RangeError", message: /k = 5 .* n = 3/ });
    assert.throws(() => passHatK(1, 1, 2), { name: "RangeError", message: /k = 2 .* n = 1/ });
    assert.throws(() => passAtK(3, 4, 1), RangeError);
  });
  it("reports only the k every task has samples for", () => {
    const r = passAtKs(counts([10, 5], [3, 5]));
    assert.deepEqual(Object.keys(r.pass_at_k), ["1", "2", "5"]);
    near(r.pass_at_k[2], (0.5333333333333333 + 1) / 2);
    near(r.pass_hat_k[2], (0.06666666666666667 + 1) / 2);
  });
});

describe("stats - ranking", () => {
  it("marks rows whose interval overlaps the leader's as tied", () => {
    const ranked = rankRows([
      { id: "c", pass_at_1: 0.2, ci_low: 0.1, ci_high: 0.3 },
      { id: "a", pass_at_1: 0.8, ci_low: 0.6, ci_high: 1 },
      { id: "b", pass_at_1: 0.5, ci_low: 0.35, ci_high: 0.65 },
    ]);
    assert.deepEqual(ranked.map((r) => [r.id, r.rank, r.rank_label]), [
      ["a", 1, "1="],
      ["b", 2, "1="],
      ["c", 3, "3"],
    ]);
    assert.equal(rankRows([{ pass_at_1: 1, ci_low: 1, ci_high: 1 }])[0].rank_label, "1");
  });
});

describe("stats - McNemar", () => {
  it("matches 2·Σ_{i≤min} C(a+b,i)/2^(a+b) computed with exact fractions", () => {
    near(mcnemarExact(10, 2), 0.03857421875); // the example, 0.0386
    near(mcnemarExact(2, 10), 0.03857421875);
    near(mcnemarExact(3, 0), 0.25);
    near(mcnemarExact(40, 10), 2.3861331676755526e-05, 1e-17);
    near(mcnemarExact(1000, 1200), 2.1817026407914712e-05, 1e-15);
    assert.equal(mcnemarExact(5, 5), 1); // 2·638/1024 > 1, capped
  });
  it("is 1 with no discordant pairs", () => assert.equal(mcnemarExact(0, 0), 1));
});

describe("stats - sign-flip tests", () => {
  it("enumerates a case small enough to check by hand", () => {
    // sums of ±1 ±1 ±0.5: 2.5, 1.5, .5, .5, −.5, −.5, −1.5, −2.5; |sum| ≥ 2.5 in 2 of 8
    assert.equal(signFlipExact([1, 1, 0.5, 0]), 0.25);
    assert.equal(signFlipExact([1, -1]), 1);
    assert.equal(signFlipExact([0, 0]), 1);
  });
  // 20 differences: itertools.product over 2^20 sign vectors gives 0.05560874938964844
  const D20 = [0.5, 0.25, -0.25, 1, 0.75, -0.5, 0.5, 0.25, 1, -1, 0.25, 0.5, 0.75, -0.25, 0.5, 1];
  D20.push(0.25, -0.75, 0.5, 0.25);
  it("agrees with an independent enumeration of 2^20 assignments", () => {
    near(signFlipExact(D20), 0.05560874938964844);
  });
  it("Monte-Carlo lands within 4 standard errors of the exact value, the same every time", () => {
    const p = signFlipMonteCarlo(D20);
    near(p, 0.05560874938964844, 0.0065); // SE = sqrt(.0556·.9444/20000) ≈ 0.0016
    assert.equal(signFlipMonteCarlo(D20), p);
  });
});

describe("stats - paired comparison", () => {
  it("uses exact McNemar with one attempt per task per side", () => {
    // 10 tasks A only, 2 B only, 8 both, 5 neither; d = 10×−1, 2×+1, 13×0
    const rows = [
      ...Array(10).fill([1, 1, 1, 0]),
      ...Array(2).fill([1, 0, 1, 1]),
      ...Array(8).fill([1, 1, 1, 1]),
      ...Array(5).fill([1, 0, 1, 0]),
    ];
    const r = comparePaired(pairs(rows));
    assert.equal(r.method, "mcnemar-exact");
    assert.deepEqual([r.tasks, r.a_only, r.b_only, r.verdict], [25, 10, 2, "a_better"]);
    near(r.p_value, 0.03857421875);
    near(r.diff, -0.32);
    near(r.a_pass_at_1, 18 / 25);
    near(r.b_pass_at_1, 10 / 25);
    near(r.ci_low, -0.5658478662370966); // −.32 ± 1.96·stdev(d)/5
    near(r.ci_high, -0.07415213376290342);
    assert.equal(r.tasks_needed, 31); // ceil(7.84·variance(d)/.32²)
    assert.equal(comparePaired(pairs(rows), 0.01).verdict, "no_significant_difference");
  });
  it("says no difference with no discordant pairs", () => {
    const r = comparePaired(pairs([[1, 1, 1, 1], [1, 0, 1, 0]]));
    assert.deepEqual([r.p_value, r.diff, r.verdict, r.tasks_needed], [
      1,
      0,
      "no_significant_difference",
      null,
    ]);
  });
  it("has no interval and no tasks_needed with one shared task", () => {
    const r = comparePaired(pairs([[1, 0, 1, 1]]));
    assert.deepEqual([r.diff, r.ci_low, r.ci_high, r.p_value, r.tasks_needed], [
      1,
      null,
      null,
      1,
      null,
    ]);
  });
  it("uses the exact sign-flip test with several samples, ignoring tasks one side lacks", () => {
    // d = [1, 1, .5, 0]: mean .625, p = 0.25 as enumerated by hand above
    const rows = [[2, 0, 2, 2], [2, 0, 2, 2], [2, 0, 2, 1], [2, 1, 2, 1], [0, 0, 3, 3]];
    const r = comparePaired(pairs(rows));
    assert.deepEqual([r.method, r.tasks, r.p_value, r.verdict], [
      "sign-flip-exact",
      4,
      0.25,
      "no_significant_difference",
    ]);
    near(r.diff, 0.625);
    near(r.ci_low, 0.15586071719939432);
    assert.equal(r.ci_high, 1);
    assert.equal(r.tasks_needed, 5); // ceil(7.84·variance(d)/.625²)
    assert.equal(comparePaired(pairs(rows), 0.3).verdict, "b_better");
  });
  it("switches to Monte-Carlo past 20 non-zero differences", () => {
    const rows = Array.from({ length: 21 }, (_, i) => [2, i % 3 === 0 ? 2 : 0, 2, 1]);
    const r = comparePaired(pairs(rows));
    assert.equal(r.method, "sign-flip-mc");
    const d = rows.map(([, ac, , bc]) => (bc - ac) / 2);
    assert.equal(r.p_value, signFlipMonteCarlo(d));
    near(r.p_value, signFlipExact(d), 0.01);
  });
  it("refuses no shared task and an alpha outside (0, 1)", () => {
    assert.throws(() => comparePaired(pairs([[1, 1, 0, 0]])), /no task has graded attempts/);
    assert.throws(() => comparePaired(pairs([[1, 1, 1, 1]]), 1), /alpha must be in \(0, 1\)/);
  });
  it("swapping A and B flips diff and keeps p; p in [0, 1]; the CI holds the point", () => {
    const rand = mulberry(7);
    const methods = new Set<string>();
    for (let trial = 0; trial < 60; trial++) {
      const samples = 1 + (trial % 4);
      const rows = Array.from({ length: 3 + (trial % 30) }, () => {
        const a = Math.floor(rand() * (samples + 1));
        const b = Math.floor(rand() * (samples + 1));
        return [samples, a, samples, b];
      });
      const ab = comparePaired(pairs(rows));
      const ba = comparePaired(pairs(rows.map(([an, ac, bn, bc]) => [bn, bc, an, ac])));
      methods.add(ab.method);
      assert.equal(ba.diff + ab.diff, 0);
      assert.equal(ba.p_value, ab.p_value);
      assert.deepEqual([ba.a_only, ba.b_only], [ab.b_only, ab.a_only]);
      assert.ok(ab.p_value >= 0 && ab.p_value <= 1);
      assert.ok(ab.ci_low! <= ab.diff && ab.diff <= ab.ci_high!);
    }
    assert.equal(methods.size, 3); // every test was exercised
  });
});

/** A test-local generator, independent of the one under test. */
function mulberry(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}
