import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parseJest } from "./jest.ts";
import { gradeResult } from "./outcome.ts";
import { planReport } from "./report_file.ts";
import { sandboxResult } from "../../tests/sandbox_results.ts";

// A real report: `jest --ci --json --outputFile=…` over sum.spec.js (five tests in nested
// describe blocks, one failing, one skipped, one todo) and broken.spec.js (requires a
// module that does not exist, so the file fails to load).
const REPORT = Deno.readTextFileSync(
  fileURLToPath(new URL("./testdata/jest_report.json", import.meta.url)),
);

const result = sandboxResult({ code: 1 });

/** The report with only the test files whose name ends with `suffix`. */
function only(suffix: string): string {
  const doc = JSON.parse(REPORT);
  doc.testResults = doc.testResults.filter((r: { name: string }) => r.name.endsWith(suffix));
  return JSON.stringify(doc);
}

describe("jest report", () => {
  it("ids are file > describe blocks > title; skipped and todo tests are not run", () => {
    const r = parseJest(only("sum.spec.js"))!;
    assert.deepEqual(Object.fromEntries(r.tests!), {
      "sum.spec.js > sum > adds": "passed",
      "sum.spec.js > sum > negative > adds negatives": "passed",
      "sum.spec.js > sum > negative > is wrong on purpose": "failed",
      "sum.spec.js > top level": "passed",
    });
    assert.deepEqual([r.passed, r.failed, r.total, r.buildFailed], [3, 1, 4, false]);
    assert.deepEqual(r.skipped, ["sum.spec.js > sum > skipped one", "sum.spec.js > sum > later"]);
  });

  it("a test file that fails to load counts as a failed test", () => {
    const r = parseJest(REPORT)!;
    assert.deepEqual([r.passed, r.failed, r.total, r.buildFailed], [3, 2, 5, false]);
    assert.equal(r.buildError, "Cannot find module './missing-module' from 'broken.spec.js'");
  });

  it("only files that fail to load: a build error with jest's message", () => {
    const g = gradeResult("jest", result, { reportFile: only("broken.spec.js") });
    assert.deepEqual([g.outcome, g.error], [
      "build_error",
      "Cannot find module './missing-module' from 'broken.spec.js'",
    ]);
  });

  it("graded from the report file: failed with counts, passed when all pass", () => {
    const failed = gradeResult("jest", result, { reportFile: only("sum.spec.js") });
    assert.deepEqual([failed.outcome, failed.testsPassed, failed.testsTotal], ["failed", 3, 4]);
    const doc = JSON.parse(only("sum.spec.js"));
    doc.testResults[0].assertionResults[2].status = "passed";
    const passed = gradeResult("jest", { ...result, code: 0 }, {
      reportFile: JSON.stringify(doc),
    });
    assert.deepEqual([passed.outcome, passed.testsPassed, passed.testsTotal], ["passed", 4, 4]);
  });

  it("missing, truncated or foreign JSON is no test report", () => {
    for (const reportFile of [null, REPORT.slice(0, REPORT.length / 2), '{"ok":true}', "[]"]) {
      const g = gradeResult("jest", { ...result, code: 0 }, { reportFile });
      assert.deepEqual([g.outcome, g.error], ["failed", "no test report"]);
    }
  });

  it("the runner is told the report path through BENCH_REPORT_FILE", () => {
    const argv = ["sh", "-c", 'jest --ci --json --outputFile="$BENCH_REPORT_FILE"'];
    assert.deepEqual(planReport("jest", argv, "/.report/n/report.xml"), {
      argv,
      env: { BENCH_REPORT_FILE: "/.report/n/report.xml" },
      usesFile: true,
    });
  });
});
