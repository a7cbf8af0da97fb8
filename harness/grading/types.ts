// What a report parser reads out of a finished grading command: per-test results when the
// format names its tests, else bare counts, and whether the build failed before any test.

/** A test's result; skipped and ignored tests are left out of a report entirely. */
export type TestStatus = "passed" | "failed";

export interface TestReport {
  /** Test id → result, for formats that name their tests (null for count-only formats). */
  tests: Map<string, TestStatus> | null;
  passed: number;
  failed: number;
  /** Tests reported by the runner (passed + failed + errors; skips excluded). */
  total: number;
  /** The runner said compilation or collection failed before tests ran. */
  buildFailed: boolean;
  /** The compiler's or collector's first error line, when the runner gave one. */
  buildError?: string | null;
  /** The structured report the format requires was missing, truncated or unparseable. */
  noReport?: boolean;
  /** Ids of tests the runner skipped or ignored (not run, so not in the total). */
  skipped?: string[];
  /** Integrity problems seen in the report itself (a test reported twice, differently). */
  flags?: string[];
  /** Why the report is cut short (a test binary ended before its summary), or undefined. */
  incomplete?: string;
}

/** What the grading command left behind: its output and the harness-chosen report file. */
export interface RunOutput {
  stdout: string;
  stderr: string;
  code: number | null;
}

export type ReportParser = (out: RunOutput) => TestReport;

/** A report built from per-test results (counts derived from the map). */
export function fromTests(
  tests: Map<string, TestStatus>,
  extra: Partial<TestReport> = {},
): TestReport {
  let passed = 0;
  for (const s of tests.values()) if (s === "passed") passed++;
  return {
    tests,
    passed,
    failed: tests.size - passed,
    total: tests.size,
    buildFailed: false,
    ...extra,
  };
}

/** A report with counts only. */
export function fromCounts(passed: number, failed: number, buildFailed = false): TestReport {
  return { tests: null, passed, failed, total: passed + failed, buildFailed };
}

/** Records `status` for `id`; a second, different result for the same id fails it. */
export function record(
  tests: Map<string, TestStatus>,
  flags: Set<string>,
  id: string,
  status: TestStatus,
) {
  const before = tests.get(id);
  if (before && before !== status) {
    flags.add("duplicate_test_result");
    tests.set(id, "failed");
  } else if (!before) tests.set(id, status);
}
