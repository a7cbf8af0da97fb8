// Attempts out as CSV (RFC 4180) or JSON Lines, one row per attempt: where it came from (run,
// suite, the harness commit of the run's stamp), then every AttemptResult field. For people
// who want their own analysis in a spreadsheet, pandas or R.
import type { AttemptResult } from "../lib/wire.ts";

/** One run's attempts with what identifies their origin. */
export interface RunAttempts {
  run_id: string;
  suite_id: string | null;
  /** The reproducibility stamp's harness_commit; null when git was unavailable. */
  commit: string | null;
  attempts: readonly AttemptResult[];
}

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type ExportFormat = typeof EXPORT_FORMATS[number];

/** Every column, in order; the README's "Reading the numbers" documents each. */
export const EXPORT_COLUMNS = [
  "run_id",
  "suite_id",
  "commit",
  "task_id",
  "model",
  "sample",
  "outcome",
  "tests_passed",
  "tests_total",
  "duration_s",
  "prompt_tokens",
  "completion_tokens",
  "cost_usd",
  "error",
  "attempt_dir",
  "cached",
  "latency_ms",
  "first_token_ms",
  "retries",
  "grade_s",
  "edits_applied",
  "edits_refused",
  "output_truncated",
  "integrity_flags",
  "tries",
  "passed_on_try",
  "lazy",
  "agent",
  "worker",
] as const satisfies readonly (keyof AttemptResult | "run_id" | "suite_id" | "commit")[];

/** A spreadsheet runs a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: empty for null, JSON for lists, text prefixed with `'` when a spreadsheet
 * would run it as a formula (edit paths and errors can carry model output), and quoted per
 * RFC 4180 when it holds a comma, quote or line break.
 */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s: string;
  if (typeof v === "string") s = FORMULA_START.test(v) ? `'${v}` : v;
  else if (typeof v === "object") s = JSON.stringify(v);
  else s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function row(run: RunAttempts, a: AttemptResult): Record<string, unknown> {
  const full: Record<string, unknown> = {
    ...a,
    run_id: run.run_id,
    suite_id: run.suite_id,
    commit: run.commit,
  };
  return Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, full[c] ?? null]));
}

/**
 * The export line by line, each with its terminator (CRLF for CSV, LF for JSONL), so a
 * server can stream a large run. CSV starts with the header line. Throws a RangeError for an
 * unknown format.
 */
export function* exportLines(
  format: ExportFormat,
  runs: readonly RunAttempts[],
): Generator<string> {
  if (!EXPORT_FORMATS.includes(format)) {
    throw new RangeError(`unknown export format "${format}" (one of ${EXPORT_FORMATS.join(", ")})`);
  }
  if (format === "csv") yield EXPORT_COLUMNS.join(",") + "\r\n";
  for (const run of runs) {
    for (const a of run.attempts) {
      const r = row(run, a);
      yield format === "csv"
        ? EXPORT_COLUMNS.map((c) => csvField(r[c])).join(",") + "\r\n"
        : JSON.stringify(r) + "\n";
    }
  }
}

/** The whole export as one string (see exportLines). */
export function exportAttempts(format: ExportFormat, runs: readonly RunAttempts[]): string {
  return [...exportLines(format, runs)].join("");
}
