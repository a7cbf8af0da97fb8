import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { SandboxResult } from "../sandbox/sandbox.ts";
import { parseCargo } from "./cargo.ts";
import { parseDenoTest } from "./deno_report.ts";
import { parseGoJson } from "./go_json.ts";
import { gradeResult } from "./outcome.ts";
import { parsePytest } from "./pytest.ts";
import { parseSummaryLine } from "./summary_line.ts";
import { parseTap } from "./tap.ts";

const data = (name: string) =>
  Deno.readTextFileSync(fileURLToPath(new URL(`./testdata/${name}`, import.meta.url)));

function run(over: Partial<SandboxResult>): SandboxResult {
  return {
    code: 0,
    signal: null,
    timedOut: false,
    cancelled: false,
    stdout: "",
    stderr: "",
    stdoutTruncated: false,
    stderrTruncated: false,
    durationMs: 1,
    memoryLimitHit: false,
    ...over,
  };
}

describe("report parsers", () => {
  it("pytest - reads the closing summary with errors counted as failures", () => {
    const out = { stdout: "..F\nE\n2 passed, 1 failed, 1 error in 0.12s\n", stderr: "", code: 1 };
    assert.deepEqual(parsePytest(out), { passed: 2, failed: 2, total: 4, buildFailed: false });
  });

  it("pytest - a collection error is a build failure", () => {
    const stdout =
      "ERROR collecting tests/test_x.py\n!!! Interrupted: 1 error during collection !!!\n1 error in 0.05s\n";
    assert.equal(parsePytest({ stdout, stderr: "", code: 2 }).buildFailed, true);
  });

  it("go-json - counts top-level tests from real go test -json output", () => {
    assert.deepEqual(parseGoJson({ stdout: data("go_test.json"), stderr: "", code: 1 }), {
      passed: 2,
      failed: 1,
      total: 3,
      buildFailed: false,
    });
  });

  it("go-json - a compile error before any test is a build failure", () => {
    const stdout = '{"Action":"build-output","Output":"./x.go:3:1: syntax error\\n"}\n' +
      '{"Action":"build-fail"}\n{"Action":"fail","Package":"x","Output":"FAIL x [build failed]\\n"}\n';
    assert.equal(parseGoJson({ stdout, stderr: "", code: 1 }).buildFailed, true);
  });

  it("cargo - sums every test result line from real cargo output", () => {
    const stdout = data("cargo_stdout.txt") + "test result: ok. 3 passed; 0 failed; 0 ignored\n";
    assert.deepEqual(parseCargo({ stdout, stderr: "", code: 101 }), {
      passed: 4,
      failed: 1,
      total: 5,
      buildFailed: false,
    });
    const broken = {
      stdout: "",
      stderr: "error[E0308]: mismatched types\nerror: could not compile `x`",
      code: 101,
    };
    assert.equal(parseCargo(broken).buildFailed, true);
  });

  it("tap - reads node's trailer from real output, else ok/not ok lines", () => {
    assert.deepEqual(parseTap({ stdout: data("node_tap.txt"), stderr: "", code: 1 }), {
      passed: 2,
      failed: 1,
      total: 3,
      buildFailed: false,
    });
    const plain = "TAP version 13\nok 1 - a\nnot ok 2 - b\nok 3 - c # SKIP\n1..3\n";
    assert.deepEqual(parseTap({ stdout: plain, stderr: "", code: 1 }), {
      passed: 1,
      failed: 1,
      total: 2,
      buildFailed: false,
    });
  });

  it("deno - reads the closing line through colour codes", () => {
    const stdout = "\x1b[0m\x1b[31mFAILED\x1b[0m | 5 passed | 2 failed \x1b[0m(1s)\n";
    assert.deepEqual(parseDenoTest({ stdout, stderr: "", code: 1 }), {
      passed: 5,
      failed: 2,
      total: 7,
      buildFailed: false,
    });
  });

  it("summary-line - the last N passed, M failed line wins", () => {
    const stdout = "0 passed, 9 failed\nok\nresult: 7 passed, 1 failed\n";
    assert.deepEqual(parseSummaryLine({ stdout, stderr: "", code: 1 }), {
      passed: 7,
      failed: 1,
      total: 8,
      buildFailed: false,
    });
  });
});

describe("outcomes", () => {
  const ok = "3 passed, 0 failed\n";
  it("passed only when every test passed and the exit code is 0", () => {
    assert.equal(gradeResult("summary-line", run({ stdout: ok })).outcome, "passed");
    const g = gradeResult("summary-line", run({ stdout: ok, code: 1 }));
    assert.deepEqual(g, {
      outcome: "failed",
      testsPassed: 3,
      testsTotal: 3,
      error: "exit code 1 although every test passed",
    });
  });

  it("failed with counts when some tests fail", () => {
    assert.deepEqual(
      gradeResult("summary-line", run({ stdout: "2 passed, 1 failed\n", code: 1 })),
      {
        outcome: "failed",
        testsPassed: 2,
        testsTotal: 3,
        error: null,
      },
    );
  });

  it("build_error when nothing ran and the command failed", () => {
    const g = gradeResult("cargo", run({ stderr: "error: could not compile `x`\n", code: 101 }));
    assert.deepEqual(g, {
      outcome: "build_error",
      testsPassed: null,
      testsTotal: null,
      error: "error: could not compile `x`",
    });
  });

  it("failed, not passed, when the command succeeds without running a test", () => {
    assert.equal(
      gradeResult("pytest", run({ stdout: "no tests ran in 0.01s\n", code: 0 })).outcome,
      "failed",
    );
  });

  it("timeout keeps the counts seen so far", () => {
    const g = gradeResult(
      "summary-line",
      run({ stdout: "1 passed, 0 failed\n", timedOut: true, signal: "SIGKILL", code: null }),
    );
    assert.deepEqual(g, {
      outcome: "timeout",
      testsPassed: 1,
      testsTotal: 1,
      error: "grading timed out",
    });
  });

  it("cancelled wins over everything", () => {
    assert.equal(
      gradeResult("exit-code", run({ cancelled: true, code: null })).outcome,
      "cancelled",
    );
  });

  it("exit-code counts one test", () => {
    assert.deepEqual(gradeResult("exit-code", run({ code: 3 })), {
      outcome: "failed",
      testsPassed: 0,
      testsTotal: 1,
      error: null,
    });
  });

  it("a process killed at the memory cap says so", () => {
    const g = gradeResult(
      "summary-line",
      run({ code: null, signal: "SIGKILL", memoryLimitHit: true }),
    );
    assert.deepEqual(g, {
      outcome: "build_error",
      testsPassed: null,
      testsTotal: null,
      error: "killed by SIGKILL (memory limit reached)",
    });
  });
});
