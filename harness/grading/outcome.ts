// Turns a finished grading command into exactly one outcome of the spec, with counts.
// A pass comes from the runner's structured report (the harness-chosen report file, or the
// go command's own events and libtest's per-test lines), agrees with the exit status and
// names every expected test. A report read from the graded process's own output (summary
// line, exit code, TAP, libtest lines, even test2json whose frame marker the code can print)
// cannot tell a printed pass from a real one: there, a pass whose answer carries a tamper
// flag is graded failed as unverifiable (see unverifiableBy). With a report file, flags are
// recorded only.
import { NOT_GRADED_OUTCOMES, type Outcome } from "../../lib/wire.ts";
import type { TaskMetadata } from "../catalog.ts";
import type { SandboxResult } from "../sandbox/sandbox.ts";
import { firstErrorLine } from "./build_error.ts";
import { parseCargo } from "./cargo.ts";
import { parseDenoTest } from "./deno_report.ts";
import { parseExitCode } from "./exit_code.ts";
import { expectedMismatch, type ExpectedTests } from "./expected.ts";
import { parseGoJson } from "./go_json.ts";
import { parseJest } from "./jest.ts";
import { type JunitIdStyle, parseJunit } from "./junit.ts";
import { parseSummaryLine } from "./summary_line.ts";
import { parseTap } from "./tap.ts";
import type { ReportParser, TestReport, TestStatus } from "./types.ts";

export { type Outcome, OUTCOMES } from "../../lib/wire.ts";

type ReportKind = TaskMetadata["evaluation"]["report"];

/** Outcomes that are the harness's or provider's fault: never in a model's pass rate. */
export const NOT_GRADED: ReadonlySet<Outcome> = new Set(NOT_GRADED_OUTCOMES);

/** Parsers of the command's output, for formats graded without a report file. */
export const OUTPUT_PARSERS: Record<ReportKind, ReportParser> = {
  "pytest": () => noReport(),
  "junit": () => noReport(),
  "jest": () => noReport(),
  "go-json": parseGoJson,
  "cargo": parseCargo,
  "tap": parseTap,
  "deno": parseDenoTest,
  "summary-line": parseSummaryLine,
  "exit-code": parseExitCode,
};

const JUNIT_STYLE: Partial<Record<ReportKind, JunitIdStyle>> = { tap: "suites" };

export interface Grade {
  outcome: Outcome;
  testsPassed: number | null;
  testsTotal: number | null;
  /** One line, or null. */
  error: string | null;
  /** Test id → result, when the report names its tests. */
  tests: Record<string, TestStatus> | null;
  /** Ids of tests the runner skipped or ignored. */
  skipped: string[];
  /** Integrity problems seen in the report (e.g. a test reported twice, differently). */
  flags: string[];
}

/** What the grader knows besides the process result. */
export interface GradeContext {
  /** The report file's text; null when the runner was told to write one and did not. */
  reportFile?: string | null;
  expected?: ExpectedTests | null;
  /** Tamper flags of the applied answer. */
  answerFlags?: readonly string[];
}

const COMPILE_FAILED = /^.*(compilation failed|\berror(\[E\d+\])?: ).*$/m;

function noReport(): TestReport {
  return { tests: null, passed: 0, failed: 0, total: 0, buildFailed: false, noReport: true };
}

function lastMeaningfulLine(text: string): string | null {
  // JSON events (go test -json) are the runner's frame, not a message.
  const lines = text.split("\n").map((l) => l.trim())
    .filter((l) => l && !/^[-=_*]+$/.test(l) && !l.startsWith("{"));
  return lines.at(-1)?.slice(0, 300) ?? null;
}

/** Why the build failed: the report's compiler line, else the first one in the output. */
function buildErrorText(report: TestReport, r: SandboxResult): string | null {
  return report.buildError ?? firstErrorLine(r.stderr) ?? firstErrorLine(r.stdout) ??
    lastMeaningfulLine(r.stderr) ?? lastMeaningfulLine(r.stdout);
}

// node --test reports a test file that fails to load (a syntax error in the code under
// test) as one failed test named for the file; its diagnostics carry the SyntaxError.
const NODE_LOAD_ERROR = /^# (?:file:\/\/\S+:\d+\n(?:#.*\n)*?)?# (SyntaxError: .+)$/m;

/** A node test run in which nothing passed because the code did not parse: the error. */
function nodeSyntaxError(kind: ReportKind, report: TestReport, r: SandboxResult) {
  if (kind !== "tap" || report.passed > 0 || report.failed === 0) return null;
  return NODE_LOAD_ERROR.exec(r.stdout)?.[1] ?? firstErrorLine(
    r.stderr.split("\n").filter((l) => l.startsWith("SyntaxError:")).join("\n"),
  );
}

/** Reads the report of a grading run: the report file when one was asked for, else output. */
export function readReport(kind: ReportKind, r: SandboxResult, ctx: GradeContext): TestReport {
  if (ctx.reportFile === undefined) return OUTPUT_PARSERS[kind](r);
  if (ctx.reportFile === null) return noReport();
  if (kind === "jest") return parseJest(ctx.reportFile) ?? noReport();
  return parseJunit(ctx.reportFile, JUNIT_STYLE[kind] ?? "classname") ?? noReport();
}

/** Formats whose report names no test: nothing but the flags tells a printed pass apart. */
const UNNAMED: ReadonlySet<ReportKind> = new Set(["summary-line", "exit-code"]);

/**
 * The flag that makes a pass read from the graded process's own output unverifiable, or
 * null. Any flag does in formats that name no test. Where the output names each test (go
 * test's events, libtest's lines, TAP), an early exit cannot forge the named results (go
 * test fails a test that exits, libtest leaves its binary's report incomplete), so only the
 * flags that imitate or bypass the runner's output count: honest command-line tools call
 * os.Exit or std::process::exit in main, and must not lose a pass for it.
 */
function unverifiableBy(kind: ReportKind, flags: readonly string[]): string | null {
  if (UNNAMED.has(kind)) return flags[0] ?? null;
  return flags.find((f) => f !== "process_exit") ?? null;
}

/** Decides the outcome of a grading run from its report and process result. */
export function gradeResult(kind: ReportKind, r: SandboxResult, ctx: GradeContext = {}): Grade {
  const report = readReport(kind, r, ctx);
  const tests = report.tests ? Object.fromEntries(report.tests) : null;
  const base = { tests, skipped: report.skipped ?? [], flags: report.flags ?? [] };
  const grade = (outcome: Outcome, error: string | null, counted = true): Grade => ({
    outcome,
    testsPassed: counted ? report.passed : null,
    testsTotal: counted ? report.total : null,
    error,
    ...base,
  });
  if (r.cancelled) return grade("cancelled", null, false);
  const ran = report.total > 0 && !(kind === "exit-code" && (r.timedOut || r.signal));
  if (r.timedOut) {
    const why = r.memoryLimitHit ? "grading timed out (memory limit reached)" : "grading timed out";
    return grade("timeout", why, ran);
  }
  const killed = r.signal
    ? `killed by ${r.signal}${r.memoryLimitHit ? " (memory limit reached)" : ""}`
    : null;
  if (report.buildFailed) return grade("build_error", killed ?? buildErrorText(report, r), false);
  // Anything the graded code prints here can at worst turn its failure into another failure.
  const syntax = killed ? null : nodeSyntaxError(kind, report, r);
  if (syntax) return grade("build_error", syntax, false);
  if (report.noReport) {
    // Only the runner's own words make a missing report a build error.
    const compiler = COMPILE_FAILED.exec(r.stderr)?.[0].trim();
    if (!killed && r.code !== 0 && compiler) {
      return grade("build_error", firstErrorLine(r.stderr) ?? compiler, false);
    }
    return grade("failed", killed ?? "no test report", false);
  }
  if (!ran) {
    if (r.code === 0) return grade("failed", "no tests ran");
    return grade("build_error", killed ?? buildErrorText(report, r), false);
  }
  if (killed) return grade("failed", killed);
  if (report.incomplete) return grade("failed", report.incomplete);
  if (report.failed > 0) return grade("failed", null);
  if (r.code !== 0) return grade("failed", `exit code ${r.code} although every test passed`);
  const mismatch = ctx.expected ? expectedMismatch(ctx.expected, tests, report.total) : null;
  if (mismatch) return grade("failed", mismatch);
  const flag = ctx.reportFile === undefined ? unverifiableBy(kind, ctx.answerFlags ?? []) : null;
  if (flag) return grade("failed", `unverifiable pass: ${flag}`);
  return grade("passed", null);
}
