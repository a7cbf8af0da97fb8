// Terminal output of a run: a live progress line (done/total, passed, elapsed, ETA), and the
// closing table per model. Harness and provider failures are shown apart from pass rates.
import { formatHarnessErrors } from "../lib/wire_totals.ts";
import type { Task } from "./catalog.ts";
import type { ModelTotals } from "./record.ts";
import type { RunEvent } from "./run.ts";

const enc = new TextEncoder();

function fmtDuration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const m = Math.floor(s / 60);
  return m ? `${m}m${String(Math.round(s % 60)).padStart(2, "0")}s` : `${s.toFixed(1)}s`;
}

/** Returns an onEvent handler that prints progress to stderr. */
export function progressPrinter(): (e: RunEvent) => void {
  const tty = Deno.stderr.isTerminal();
  let total = 0, done = 0, passed = 0;
  const t0 = performance.now();
  return (e) => {
    if (e.type === "run_started") {
      total = e.total;
      Deno.stderr.writeSync(enc.encode(`${e.run_id}: ${total} attempts\n`));
      return;
    }
    if (e.type === "run_finished") {
      if (tty) Deno.stderr.writeSync(enc.encode("\n"));
      return;
    }
    if (e.type !== "attempt_finished") return;
    done++;
    if (e.attempt.outcome === "passed") passed++;
    const elapsed = (performance.now() - t0) / 1000;
    const eta = done ? (elapsed / done) * (total - done) : NaN;
    const a = e.attempt;
    const head = `[${done}/${total}] passed ${passed}  elapsed ${fmtDuration(elapsed)}  ETA ${
      done === total ? "0s" : fmtDuration(eta)
    }`;
    const tests = a.tests_total === null ? "" : ` ${a.tests_passed}/${a.tests_total} tests`;
    const tries = (a.tries?.length ?? 0) > 1 ? ` after ${a.tries.length} tries` : "";
    const line = `${a.outcome.padEnd(18)} ${a.task_id} ${a.model}#${a.sample}${tests}${tries}` +
      (a.error ? `  (${a.error.slice(0, 120)})` : "");
    if (tty) Deno.stderr.writeSync(enc.encode(`\r\x1b[2K${line}\n${head}`));
    else Deno.stderr.writeSync(enc.encode(`${head}  ${line}\n`));
  };
}

/** Formats rows as an aligned plain-text table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Outcomes with a column of their own; the rest are listed under "other". */
const OWN_COLUMN = [
  "passed",
  "failed",
  "harness_error",
  "malformed_response",
  "patch_error",
  "build_error",
  "timeout",
];

const percent = (r: number | null | undefined) =>
  r === null || r === undefined ? "-" : `${(r * 100).toFixed(1)}%`;

/** How many `pass_rate_i` figures the totals have (1 for one-shot runs). */
function triesShown(totals: ModelTotals[]): number {
  let n = 1;
  while (totals.some((t) => t[`pass_rate_${n + 1}`] !== undefined)) n++;
  return n;
}

/**
 * The closing table: one row per model; harness errors get their own column (not graded),
 * Aider's failure counters theirs, and runs with --tries one pass_rate_i column per try.
 */
export function totalsTable(totals: ModelTotals[]): string {
  const tries = triesShown(totals);
  const perTry = tries > 1 ? Array.from({ length: tries }, (_, i) => i + 1) : [];
  const rows = totals.map((t) => {
    const other = Object.entries(t.outcomes)
      .filter(([o]) => !OWN_COLUMN.includes(o))
      .map(([o, n]) => `${o}:${n}`).join(" ");
    return [
      t.model,
      percent(t.pass_rate),
      ...perTry.map((i) => percent(t[`pass_rate_${i}`])),
      `${t.passed}/${t.graded}`,
      `${t.tests_passed}/${t.tests_total}`,
      ...[t.well_formed, t.malformed, t.build_errors, t.timeouts, t.lazy].map((n) =>
        String(n ?? "-")
      ),
      `${t.prompt_tokens}+${t.completion_tokens}`,
      t.cost_usd === null ? "n/a" : `$${t.cost_usd.toFixed(4)}`,
      fmtDuration(t.duration_s),
      t.cached ? String(t.cached) : "",
      formatHarnessErrors(t),
      t.flagged ? String(t.flagged) : "",
      other,
    ];
  });
  return table(
    [
      "model",
      "pass rate",
      ...perTry.map((i) => `pass_rate_${i}`),
      "passed",
      "tests",
      "well formed",
      "malformed",
      "build errors",
      "timeouts",
      "lazy",
      "tokens (in+out)",
      "cost",
      "time",
      "cached",
      "harness errors",
      "flagged",
      "other",
    ],
    rows,
  );
}

/** The catalog listing: id, language, category, difficulty, tests. */
export function catalogTable(tasks: Task[], testCounts: Map<string, number | null>): string {
  return table(
    ["id", "language", "category", "difficulty", "tests"],
    tasks.map((t) => [
      t.id,
      t.meta.language,
      t.meta.category,
      t.meta.difficulty,
      String(testCounts.get(t.id) ?? "?"),
    ]),
  );
}
