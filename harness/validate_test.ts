import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AttemptResult } from "../lib/wire.ts";
import { taskProblems } from "./validate.ts";

const attempt = (outcome: AttemptResult["outcome"], error: string | null = null) =>
  ({ outcome, error, tests_passed: null, tests_total: null }) as AttemptResult;

describe("validate-tasks - task problems", () => {
  const passed = attempt("passed");
  const build = attempt("build_error", "./x.go:3:1: undefined: Add");

  it("a starter build error is a problem unless the task allows it", () => {
    assert.deepEqual(taskProblems(build, passed), [
      "starter is build_error (./x.go:3:1: undefined: Add), expected failed",
    ]);
    assert.deepEqual(taskProblems(build, passed, true), []);
    assert.deepEqual(taskProblems(attempt("failed"), passed, true), []);
  });

  it("the rule never excuses a passing starter or a broken reference", () => {
    assert.deepEqual(taskProblems(passed, build, true), [
      "starter is passed, expected failed or build_error",
      "reference is build_error (./x.go:3:1: undefined: Add)",
    ]);
  });
});
