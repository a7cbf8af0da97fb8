// Leaderboard rows for one suite: each model's graded attempts from its finished runs on the
// suite, pooled, with every metric of stats.ts, ranked with ties; plus the seed's figure, the
// model's best single run. Runs on different suites never meet here: the caller passes one.
import type { AttemptResult, ModelTotals } from "../lib/wire.ts";
import type { BestRun, SuiteLeaderboardRow } from "../lib/wire_stats.ts";
import {
  countByTask,
  isGraded,
  median,
  passAt1,
  passAtKs,
  rankRows,
  testsPassRate,
} from "./stats.ts";

/** A finished run of the model on the suite, with the model's totals in that run. */
export interface RunOnSuite {
  run_id: string;
  started_at: string;
  finished_at: string | null;
  totals: ModelTotals;
}

/** Everything a model did on one suite. */
export interface ModelOnSuite {
  model: string;
  attempts: readonly AttemptResult[];
  runs: readonly RunOnSuite[];
}

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
  const tries = Math.max(1, ...graded.map((a) => a.tries?.length ?? 0));
  const on = graded.map((a) => a.passed_on_try ?? (a.outcome === "passed" ? 1 : null));
  return Array.from(
    { length: tries },
    (_, i) => on.filter((t) => t !== null && t <= i + 1).length / graded.length,
  );
}

type UnrankedRow = Omit<SuiteLeaderboardRow, "rank" | "rank_label" | "tied">;

/**
 * One model's metrics on the suite, or null when it has no graded attempt. Money counts every
 * attempt (a provider error may still bill); tokens and durations count graded attempts.
 */
export function modelRow(m: ModelOnSuite): UnrankedRow | null {
  const graded = m.attempts.filter(isGraded);
  if (graded.length === 0) return null;
  const counts = countByTask(graded);
  const p1 = passAt1(counts);
  const passed = graded.filter((a) => a.outcome === "passed").length;
  const malformed =
    graded.filter((a) => a.outcome === "malformed_response" || a.outcome === "patch_error").length;
  const costs = m.attempts.map((a) => a.cost_usd).filter((c): c is number => c !== null);
  const cost_usd = costs.length ? costs.reduce((s, c) => s + c, 0) : null;
  const tokens = graded
    .filter((a) => a.prompt_tokens !== null || a.completion_tokens !== null)
    .map((a) => (a.prompt_tokens ?? 0) + (a.completion_tokens ?? 0));
  return {
    model: m.model,
    tasks: p1.tasks,
    attempts: m.attempts.length,
    graded: graded.length,
    passed,
    pass_at_1: p1.pass_at_1,
    se: p1.se,
    ci_low: p1.ci_low,
    ci_high: p1.ci_high,
    ...passAtKs(counts),
    tests_pass_rate: testsPassRate(counts),
    well_formed_rate: 1 - malformed / graded.length,
    pass_rate_by_try: passRateByTry(graded),
    lazy: graded.filter((a) => a.lazy).length,
    cost_usd,
    cost_per_solved: cost_usd === null || passed === 0 ? null : cost_usd / passed,
    tokens_per_attempt: tokens.length ? tokens.reduce((s, t) => s + t, 0) / tokens.length : null,
    median_duration_s: median(graded.map((a) => a.duration_s)),
    runs: m.runs.length,
    best_run: bestRun(m.runs),
  };
}

/** The suite's leaderboard: one ranked row per model with a graded attempt, best first. */
export function leaderboardRows(models: readonly ModelOnSuite[]): SuiteLeaderboardRow[] {
  const rows = [...models].sort((x, y) => (x.model < y.model ? -1 : 1)).map(modelRow)
    .filter((r): r is UnrankedRow => r !== null); // by name first, so equal pass@1 ties stably
  return rows.length ? rankRows(rows) : [];
}
