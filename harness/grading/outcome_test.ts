import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { sandboxResult } from "../../tests/sandbox_results.ts";
import { parseCargo } from "./cargo.ts";
import { parseDenoTest } from "./deno_report.ts";
import { parseGoJson } from "./go_json.ts";
import { parseJunit } from "./junit.ts";
import { gradeResult } from "./outcome.ts";
import { parseSummaryLine } from "./summary_line.ts";
import { parseTap } from "./tap.ts";

const data = (name: string) =>
  Deno.readTextFileSync(fileURLToPath(new URL(`./testdata/${name}`, import.meta.url)));

const run = sandboxResult;

const out = (stdout: string, code = 0, stderr = "") => ({ stdout, stderr, code });

describe("report parsers", () => {
  it("junit - pytest's report: failures fail, skips are left out, ids are class::name", () => {
    const r = parseJunit(data("pytest_junit.xml"), "classname")!;
    assert.deepEqual(Object.fromEntries(r.tests!), {
      "tests.test_a::test_ok": "passed",
      "tests.test_a::test_p[1]": "passed",
      "tests.test_a::test_p[2]": "failed",
      "tests.test_a.TestK::test_m": "passed",
    });
    assert.deepEqual([r.passed, r.failed, r.total, r.buildFailed], [3, 1, 4, false]);
  });

  it("junit - a pytest collection error is a build failure with the E line", () => {
    const r = parseJunit(data("pytest_collection_error.xml"), "classname")!;
    assert.equal(r.buildFailed, true);
    assert.equal(r.buildError, "ModuleNotFoundError: No module named 'nope'");
  });

  it("junit - node's reporter: describe blocks name the id, skips excluded", () => {
    const r = parseJunit(data("node_junit.xml"), "suites")!;
    assert.deepEqual(Object.fromEntries(r.tests!), {
      "grp > one": "passed",
      "grp > two": "failed",
      "top": "passed",
      "/sandbox/tests/b.test.mjs": "passed",
    });
  });

  it("junit - deno's report: file::name ids, ignored tests left out", () => {
    const r = parseJunit(data("deno_junit.xml"), "classname")!;
    assert.deepEqual(Object.fromEntries(r.tests!), {
      "./a_test.ts::adds": "passed",
      "./a_test.ts::fails": "failed",
      "./a_test.ts::steps": "passed",
      "./a_test.ts::steps > inner": "passed",
    });
  });

  it("junit - truncated or rootless XML is no report", () => {
    const xml = data("pytest_junit.xml");
    assert.equal(parseJunit(xml.slice(0, xml.length / 2), "classname"), null);
    assert.equal(parseJunit("<html></html>", "classname"), null);
    assert.equal(parseJunit("9 passed in 0.01s", "classname"), null);
  });

  it("junit - the same id twice with different results is failed and flagged", () => {
    const xml = `<testsuites><testsuite name="x"><testcase classname="c" name="t"/>` +
      `<testcase classname="c" name="t"><failure message="no"/></testcase></testsuite></testsuites>`;
    const r = parseJunit(xml, "classname")!;
    assert.deepEqual(Object.fromEntries(r.tests!), { "c::t": "failed" });
    assert.deepEqual(r.flags, ["duplicate_test_result"]);
  });

  it("go-json - counts leaf tests: subtests instead of their parent, skips excluded", () => {
    const r = parseGoJson(out(data("go_subtests.json"), 1));
    assert.deepEqual(Object.fromEntries(r.tests!), {
      "calc.TestAdd": "failed",
      "calc.TestTable/a": "passed",
      "calc.TestTable/b": "passed",
      "calc.TestTable/c": "passed",
    });
    assert.deepEqual(r.skipped, ["calc.TestSkip"]);
    assert.equal(r.total, 4);
  });

  it("go-json - a build failure shows the compiler's first error line", () => {
    const r = parseGoJson(out(data("go_build_error.json"), 1));
    assert.equal(r.buildFailed, true);
    assert.equal(
      r.buildError,
      './calc.go:2:33: invalid operation: a + b + "x" (mismatched types int and untyped string)',
    );
  });

  it("go-json - a --- PASS line printed by the code is output, not a test", () => {
    const stdout = '{"Action":"output","Package":"p","Output":"--- PASS: TestX (0.00s)\\n"}\n' +
      '{"Action":"pass","Package":"p"}\n';
    assert.equal(parseGoJson(out(stdout)).total, 0);
  });

  it("cargo - per-test lines; ignored tests are not run", () => {
    const r = parseCargo(out(data("cargo_ignored.txt"), 101));
    assert.deepEqual(Object.fromEntries(r.tests!), {
      "tests::adds": "passed",
      "outside": "failed",
    });
    assert.deepEqual(r.skipped, ["tests::net", "tests::slow"]);
    assert.deepEqual([r.passed, r.total], [1, 2]);
  });

  it("cargo - a test reported twice with different results fails and is flagged", () => {
    const r = parseCargo(out("test a ... ok\ntest a ... FAILED\ntest b ... ok\ntest b ... ok\n"));
    assert.deepEqual(Object.fromEntries(r.tests!), { a: "failed", b: "passed" });
    assert.deepEqual(r.flags, ["duplicate_test_result"]);
  });

  it("cargo - a test binary that ends before its summary leaves the report incomplete", () => {
    const stdout = "running 2 tests\ntest a ... ok\n\nrunning 1 test\ntest b ... ok\n" +
      "\ntest result: ok. 1 passed; 0 failed\n";
    const g = gradeResult("cargo", run({ stdout }));
    assert.deepEqual([g.outcome, g.testsPassed, g.testsTotal, g.error], [
      "failed",
      2,
      2,
      "test report incomplete: 1 test binary(ies) ended before their summary",
    ]);
  });

  it("cargo - a bare 'test result:' line counts nothing", () => {
    assert.equal(parseCargo(out("test result: ok. 9 passed; 0 failed; 0 ignored\n")).total, 0);
  });

  it("tap - top-level ok/not ok lines by name; SKIP and TODO not run", () => {
    const r = parseTap(out("TAP version 13\nok 1 - a\nnot ok 2 - b\nok 3 - c # SKIP\n1..3\n", 1));
    assert.deepEqual(Object.fromEntries(r.tests!), { a: "passed", b: "failed" });
    assert.deepEqual(r.skipped, ["c"]);
  });

  it("deno - reads the closing line through colour codes", () => {
    const stdout = "\x1b[0m\x1b[31mFAILED\x1b[0m | 5 passed | 2 failed \x1b[0m(1s)\n";
    const r = parseDenoTest(out(stdout, 1));
    assert.deepEqual([r.passed, r.failed, r.total], [5, 2, 7]);
  });

  it("summary-line - the last N passed, M failed line wins", () => {
    const r = parseSummaryLine(out("0 passed, 9 failed\nok\nresult: 7 passed, 1 failed\n", 1));
    assert.deepEqual([r.passed, r.failed, r.total], [7, 1, 8]);
  });
});

describe("outcomes", () => {
  const ok = "3 passed, 0 failed\n";
  const junit = (cases: string) =>
    `<testsuites><testsuite name="s">${cases}</testsuite></testsuites>`;
  const pass2 = junit('<testcase classname="m" name="a"/><testcase classname="m" name="b"/>');

  it("passed only when every test passed and the exit code is 0", () => {
    assert.equal(gradeResult("summary-line", run({ stdout: ok })).outcome, "passed");
    const g = gradeResult("summary-line", run({ stdout: ok, code: 1 }));
    assert.deepEqual([g.outcome, g.testsPassed, g.testsTotal, g.error], [
      "failed",
      3,
      3,
      "exit code 1 although every test passed",
    ]);
  });

  it("a missing or broken report file is failed, never passed", () => {
    const g = gradeResult("pytest", run({ stdout: "9 passed in 0.01s\n" }), { reportFile: null });
    assert.deepEqual([g.outcome, g.testsTotal, g.error], ["failed", null, "no test report"]);
    const half = gradeResult("pytest", run({}), { reportFile: pass2.slice(0, 40) });
    assert.equal(half.error, "no test report");
  });

  it("a missing report with the compiler's error on stderr is a build error", () => {
    const stderr = "workspace/x.hpp:3:1: error: expected ';'\ncompilation failed\n";
    const g = gradeResult("junit", run({ stderr, code: 2 }), { reportFile: null });
    assert.deepEqual([g.outcome, g.error], [
      "build_error",
      "workspace/x.hpp:3:1: error: expected ';'",
    ]);
  });

  it("the report file decides, not stdout", () => {
    const g = gradeResult("junit", run({ stdout: "99 passed, 0 failed\n" }), { reportFile: pass2 });
    assert.deepEqual([g.outcome, g.testsPassed, g.testsTotal], ["passed", 2, 2]);
    assert.deepEqual(g.tests, { "m::a": "passed", "m::b": "passed" });
  });

  it("expected ids: missing or extra tests fail with the difference named", () => {
    const expected = { version: 1 as const, ids: ["m::a", "m::b", "m::c", "m::d", "m::e"] };
    const g = gradeResult("junit", run({}), { reportFile: pass2, expected });
    assert.deepEqual(
      [g.outcome, g.error],
      ["failed", "missing 3 expected tests: m::c, m::d, m::e"],
    );
    const fake = junit('<testcase classname="m" name="a"/><testcase classname="m" name="x"/>');
    const g2 = gradeResult("junit", run({}), {
      reportFile: fake,
      expected: { version: 1, ids: ["m::a", "m::b"] },
    });
    assert.equal(g2.error, "missing 1 expected tests: m::b; 1 unexpected tests: m::x");
    const good = gradeResult("junit", run({}), {
      reportFile: pass2,
      expected: { version: 1, ids: ["m::a", "m::b"] },
    });
    assert.equal(good.outcome, "passed");
  });

  it("expected count for formats without names", () => {
    const g = gradeResult("summary-line", run({ stdout: ok }), {
      expected: { version: 1, count: 9 },
    });
    assert.deepEqual([g.outcome, g.error], ["failed", "expected 9 tests, 3 ran"]);
  });

  it("a flagged answer's pass is unverifiable unless a report file gave it", () => {
    const flagged = { answerFlags: ["process_exit"] };
    const g = gradeResult("summary-line", run({ stdout: ok }), flagged);
    assert.deepEqual([g.outcome, g.error], ["failed", "unverifiable pass: process_exit"]);
    assert.equal(gradeResult("exit-code", run({}), flagged).outcome, "failed");
    const libtest = "running 1 test\ntest a ... ok\n\ntest result: ok. 1 passed; 0 failed\n";
    // Where the output names each test, an exit alone forges nothing (a CLI's main may exit)...
    assert.equal(gradeResult("cargo", run({ stdout: libtest }), flagged).outcome, "passed");
    // ...but imitating the runner's lines does.
    const printed = gradeResult("cargo", run({ stdout: libtest }), {
      answerFlags: ["process_exit", "runner_summary_output"],
    });
    assert.deepEqual([printed.outcome, printed.testsPassed, printed.error], [
      "failed",
      1,
      "unverifiable pass: runner_summary_output",
    ]);
    assert.equal(
      gradeResult("junit", run({}), { ...flagged, reportFile: pass2 }).outcome,
      "passed",
    );
  });

  it("failed with counts when some tests fail", () => {
    const g = gradeResult("summary-line", run({ stdout: "2 passed, 1 failed\n", code: 1 }));
    assert.deepEqual([g.outcome, g.testsPassed, g.testsTotal, g.error], ["failed", 2, 3, null]);
  });

  it("build_error when nothing ran and the command failed", () => {
    const g = gradeResult("cargo", run({ stderr: "error: could not compile `x`\n", code: 101 }));
    assert.deepEqual([g.outcome, g.testsPassed, g.testsTotal, g.error], [
      "build_error",
      null,
      null,
      "error: could not compile `x`",
    ]);
  });

  it("failed, not passed, when the command succeeds without running a test", () => {
    const g = gradeResult("go-json", run({ stdout: '{"Action":"pass","Package":"p"}\n' }));
    assert.deepEqual([g.outcome, g.error], ["failed", "no tests ran"]);
  });

  it("timeout keeps the counts seen so far", () => {
    const g = gradeResult(
      "summary-line",
      run({ stdout: "1 passed, 0 failed\n", timedOut: true, signal: "SIGKILL", code: null }),
    );
    assert.deepEqual([g.outcome, g.testsPassed, g.testsTotal, g.error], [
      "timeout",
      1,
      1,
      "grading timed out",
    ]);
  });

  it("cancelled wins over everything", () => {
    assert.equal(
      gradeResult("exit-code", run({ cancelled: true, code: null })).outcome,
      "cancelled",
    );
  });

  it("exit-code counts one test", () => {
    const g = gradeResult("exit-code", run({ code: 3 }));
    assert.deepEqual([g.outcome, g.testsPassed, g.testsTotal], ["failed", 0, 1]);
  });

  it("a process killed at the memory cap says so", () => {
    const g = gradeResult(
      "summary-line",
      run({ code: null, signal: "SIGKILL", memoryLimitHit: true }),
    );
    assert.deepEqual([g.outcome, g.error], [
      "build_error",
      "killed by SIGKILL (memory limit reached)",
    ]);
  });
});
