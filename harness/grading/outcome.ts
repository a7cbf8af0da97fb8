// Turns a finished grading command into exactly one outcome of the spec, with counts.
import { NOT_GRADED_OUTCOMES, type Outcome } from "../../lib/wire.ts";
import type { TaskMetadata } from "../catalog.ts";
import type { SandboxResult } from "../sandbox/sandbox.ts";
import { parseCargo } from "./cargo.ts";
import { parseDenoTest } from "./deno_report.ts";
import { parseExitCode } from "./exit_code.ts";
import { parseGoJson } from "./go_json.ts";
import { parsePytest } from "./pytest.ts";
import { parseSummaryLine } from "./summary_line.ts";
import { parseTap } from "./tap.ts";
import type { ReportParser } from "./types.ts";

export { type Outcome, OUTCOMES } from "../../lib/wire.ts";

/** Outcomes that are the harness's or provider's fault: never in a model's pass rate. */
export const NOT_GRADED: ReadonlySet<Outcome> = new Set(NOT_GRADED_OUTCOMES);

export const PARSERS: Record<TaskMetadata["evaluation"]["report"], ReportParser> = {
  "pytest": parsePytest,
  "go-json": parseGoJson,
  "cargo": parseCargo,
  "tap": parseTap,
  "deno": parseDenoTest,
  "summary-line": parseSummaryLine,
  "exit-code": parseExitCode,
};

export interface Grade {
  outcome: Outcome;
  testsPassed: number | null;
  testsTotal: number | null;
  /** One line, or null. */
  error: string | null;
}

function lastMeaningfulLine(text: string): string | null {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !/^[-=_*]+$/.test(l));
  return lines.at(-1)?.slice(0, 300) ?? null;
}

/** Decides the outcome of a grading run from its report format and process result. */
export function gradeResult(report: TaskMetadata["evaluation"]["report"], r: SandboxResult): Grade {
  if (r.cancelled) {
    return { outcome: "cancelled", testsPassed: null, testsTotal: null, error: null };
  }
  const counts = PARSERS[report](r);
  const ran = counts.total > 0 && !(report === "exit-code" && (r.timedOut || r.signal));
  const tp = ran ? counts.passed : null;
  const tt = ran ? counts.total : null;
  if (r.timedOut) {
    const why = r.memoryLimitHit ? "grading timed out (memory limit reached)" : "grading timed out";
    return { outcome: "timeout", testsPassed: tp, testsTotal: tt, error: why };
  }
  const killed = r.signal
    ? `killed by ${r.signal}${r.memoryLimitHit ? " (memory limit reached)" : ""}`
    : null;
  if (!ran) {
    if (r.code === 0 && !counts.buildFailed) {
      return { outcome: "failed", testsPassed: 0, testsTotal: 0, error: "no tests ran" };
    }
    return {
      outcome: "build_error",
      testsPassed: null,
      testsTotal: null,
      error: killed ?? lastMeaningfulLine(r.stderr) ?? lastMeaningfulLine(r.stdout),
    };
  }
  const allPassed = counts.failed === 0 && counts.passed === counts.total && r.code === 0;
  if (allPassed) return { outcome: "passed", testsPassed: tp, testsTotal: tt, error: null };
  const error = killed ??
    (counts.failed === 0 ? `exit code ${r.code} although every test passed` : null);
  return { outcome: "failed", testsPassed: tp, testsTotal: tt, error };
}
