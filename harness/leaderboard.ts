// Leaderboard rows for one suite: each model's graded attempts from its finished runs on the
// suite, pooled, with every metric of stats.ts, ranked with ties; plus the seed's figure, the
// model's best single run. Runs on different suites never meet here: the caller passes one.
import { type AttemptResult, type ModelTotals, passRatesByTry, tryBucket } from "../lib/wire.ts";
import type { BestRun, SuiteLeaderboardRow } from "../lib/wire_stats.ts";
import {
  countByTask,
  isGraded,
  median,
  passAt1,
  passAtKs,
  rankRows,
  type TaskCounts,
  testsPassRate,
} from "./stats.ts";

/** The figures of a model's run that pick its best run. */
export type RunTotals = Pick<
  ModelTotals,
  "graded" | "passed" | "cost_usd" | "duration_s" | "prompt_tokens" | "completion_tokens"
>;

/** A finished run of the model on the suite, with the model's totals in that run. */
export interface RunOnSuite {
  run_id: string;
  started_at: string;
  finished_at: string | null;
  totals: RunTotals;
}

/** A model's attempts on one suite, pooled over its runs there: what its row is made of. */
export interface ModelOnSuite {
  model: string;
  /** Graded attempts per task. */
  tasks: TaskCounts[];
  attempts: number;
  graded: number;
  passed: number;
  /** Graded attempts whose answer was malformed or did not apply. */
  malformed: number;
  /** Every attempt's known cost (a provider error may still bill); null when none is known. */
  cost_usd: number | null;
  /** Prompt + completion tokens of the `token_attempts` graded attempts that reported any. */
  tokens: number;
  token_attempts: number;
  median_duration_s: number | null;
  /** Aider's pass_rate_1 … pass_rate_N over the graded attempts (lib/wire.ts passRatesByTry). */
  pass_rate_by_try: number[];
  /** Attempts with integrity flags. */
  flagged: number;
  /** Graded attempts with placeholder code in an applied file. */
  lazy: number;
  /** Its finished and cancelled runs on the suite. */
  runs: number;
  best_run: BestRun | null;
}

/** A model's pooled figures from its attempts themselves (exact median duration). */
export function summarizeAttempts(
  m: { model: string; attempts: readonly AttemptResult[]; runs: readonly RunOnSuite[] },
): ModelOnSuite {
  const graded = m.attempts.filter(isGraded);
  const costs = m.attempts.map((a) => a.cost_usd).filter((c): c is number => c !== null);
  const tokens = graded
    .filter((a) => a.prompt_tokens !== null || a.completion_tokens !== null)
    .map((a) => (a.prompt_tokens ?? 0) + (a.completion_tokens ?? 0));
  return {
    model: m.model,
    tasks: countByTask(graded),
    attempts: m.attempts.length,
    graded: graded.length,
    passed: graded.filter((a) => a.outcome === "passed").length,
    malformed: graded.filter((a) => MALFORMED.includes(a.outcome)).length,
    cost_usd: costs.length ? costs.reduce((s, c) => s + c, 0) : null,
    tokens: tokens.reduce((s, t) => s + t, 0),
    token_attempts: tokens.length,
    median_duration_s: median(graded.map((a) => a.duration_s)),
    pass_rate_by_try: passRateByTry(graded),
    flagged: m.attempts.filter((a) => (a.integrity_flags?.length ?? 0) > 0).length,
    lazy: graded.filter((a) => a.lazy).length,
    runs: m.runs.length,
    best_run: bestRun(m.runs),
  };
}

const MALFORMED: readonly string[] = ["malformed_response", "patch_error"];

/**
 * The best-accuracy run (passed / graded), as the seed's leaderboard picks it: equal accuracy
 * goes to the lower cost (unknown cost last), then the shorter run, then the newer run id.
 * Null when no run has a graded attempt.
 */
export function bestRun(runs: readonly RunOnSuite[]): BestRun | null {
  const scored = runs.filter((r) => r.totals.graded > 0).map((r) => ({
    run: r,
    accuracy: r.totals.passed / r.totals.graded,
  }));
  const cost = (c: number | null) => c ?? Infinity;
  scored.sort((x, y) =>
    y.accuracy - x.accuracy ||
    cost(x.run.totals.cost_usd) - cost(y.run.totals.cost_usd) ||
    x.run.totals.duration_s - y.run.totals.duration_s ||
    (x.run.run_id < y.run.run_id ? 1 : -1)
  );
  if (scored.length === 0) return null;
  const { run, accuracy } = scored[0];
  const t = run.totals;
  return {
    run_id: run.run_id,
    started_at: run.started_at,
    finished_at: run.finished_at,
    accuracy,
    passed: t.passed,
    graded: t.graded,
    cost_usd: t.cost_usd,
    duration_s: t.duration_s,
    prompt_tokens: t.prompt_tokens,
    completion_tokens: t.completion_tokens,
  };
}

/** Share of `graded` passed by try 1, 2… up to the most tries any attempt had. */
export function passRateByTry(graded: readonly AttemptResult[]): number[] {
  return passRatesByTry(graded.map((a) => ({ bucket: tryBucket(a), n: 1 })));
}

type UnrankedRow = Omit<SuiteLeaderboardRow, "rank" | "rank_label" | "tied">;

/** One model's metrics on the suite, or null when it has no graded attempt. */
export function modelRow(m: ModelOnSuite): UnrankedRow | null {
  if (m.graded === 0) return null;
  const p1 = passAt1(m.tasks);
  return {
    model: m.model,
    tasks: p1.tasks,
    attempts: m.attempts,
    graded: m.graded,
    passed: m.passed,
    pass_at_1: p1.pass_at_1,
    se: p1.se,
    ci_low: p1.ci_low,
    ci_high: p1.ci_high,
    ...passAtKs(m.tasks),
    tests_pass_rate: testsPassRate(m.tasks),
    well_formed_rate: 1 - m.malformed / m.graded,
    pass_rate_by_try: m.pass_rate_by_try,
    lazy: m.lazy,
    cost_usd: m.cost_usd,
    cost_per_solved: m.cost_usd === null || m.passed === 0 ? null : m.cost_usd / m.passed,
    tokens_per_attempt: m.token_attempts ? m.tokens / m.token_attempts : null,
    median_duration_s: m.median_duration_s,
    runs: m.runs,
    flagged: m.flagged,
    best_run: m.best_run,
  };
}

/** The suite's leaderboard: one ranked row per model with a graded attempt, best first. */
export function leaderboardRows(models: readonly ModelOnSuite[]): SuiteLeaderboardRow[] {
  const rows = [...models].sort((x, y) => (x.model < y.model ? -1 : 1)).map(modelRow)
    .filter((r): r is UnrankedRow => r !== null); // by name first, so equal pass@1 ties stably
  return rows.length ? rankRows(rows) : [];
}
