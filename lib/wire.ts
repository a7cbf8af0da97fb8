// The shapes that cross process and network boundaries: attempt results, per-model totals,
// run settings and progress events, as the engine writes them to summary.json, the events
// table and the SSE streams; and the pure code over them that both the engine and the
// browser islands need (attempt-folder names, totals). No imports, so the engine, the
// server and the islands all share one definition.

export const OUTCOMES = [
  "passed",
  "failed",
  "build_error",
  "timeout",
  "malformed_response",
  "patch_error",
  "model_error",
  "skipped",
  "cancelled",
  "harness_error",
] as const;
export type Outcome = typeof OUTCOMES[number];

/** Outcomes that are the harness's or provider's fault: never in a model's pass rate. */
export const NOT_GRADED_OUTCOMES: readonly Outcome[] = [
  "model_error",
  "skipped",
  "cancelled",
  "harness_error",
];

export const EVENT_TYPES = [
  "run_started",
  "attempt_started",
  "attempt_stage",
  "attempt_finished",
  "run_finished",
] as const;

export interface RunSettings {
  models: string[];
  task_ids: string[];
  samples: number;
  temperature: number;
  concurrency: number;
  include_tests: boolean;
  install_deps: boolean;
  unsafe_no_sandbox: boolean;
  timeout_s: number | null;
}

/** A finished attempt: what result.json, summary.json, the store and the API hold. */
export interface AttemptResult {
  task_id: string;
  model: string;
  sample: number;
  outcome: Outcome;
  tests_passed: number | null;
  tests_total: number | null;
  duration_s: number;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
  error: string | null;
  attempt_dir: string;
  cached: boolean;
  latency_ms: number | null;
  first_token_ms: number | null;
  retries: number;
  grade_s: number | null;
  edits_applied: string[];
  edits_refused: { path: string; reason: string }[];
  output_truncated: boolean;
  /** Signs that the answer tampered with grading (absent in results recorded before). */
  integrity_flags?: string[];
  /**
   * The process that graded it, `<hostname>:<pid>` (a pg-boss worker or the run's own
   * process); absent in results recorded before workers existed.
   */
  worker?: string | null;
}

/**
 * An attempt as listed (API, pages, islands): its AttemptResult, whose `outcome` is null
 * until it finished, plus where it stands and where its files are.
 */
export interface Attempt extends Omit<AttemptResult, "outcome"> {
  outcome: Outcome | null;
  stage: string;
  started_at: string | null;
  finished_at: string | null;
  /** Prefix of the attempt's files, e.g. `/artifacts/<run>/<dir>/`. */
  artifacts: string;
}

/** `model_slug`: every character outside [A-Za-z0-9._-] becomes `-`. */
export function modelSlug(model: string): string {
  return model.replace(/[^A-Za-z0-9._-]/g, "-");
}

/** An attempt's folder in its run: `<task>__<model_slug>__sampleNN` (NN 0-based, 2+ digits). */
export function attemptDirName(taskId: string, model: string, sample: number): string {
  return `${taskId}__${modelSlug(model)}__sample${String(sample).padStart(2, "0")}`;
}

/** Where an attempt's files are served. */
export function artifactsPath(runId: string, attemptDir: string): string {
  return `/artifacts/${runId}/${attemptDir}/`;
}

/** The result fields of an attempt that has not finished (outcome null). */
export function unfinishedResult(
  taskId: string,
  model: string,
  sample: number,
): Omit<AttemptResult, "outcome"> & { outcome: null } {
  return {
    task_id: taskId,
    model,
    sample,
    outcome: null,
    tests_passed: null,
    tests_total: null,
    duration_s: 0,
    prompt_tokens: null,
    completion_tokens: null,
    cost_usd: null,
    error: null,
    attempt_dir: attemptDirName(taskId, model, sample),
    cached: false,
    latency_ms: null,
    first_token_ms: null,
    retries: 0,
    grade_s: null,
    edits_applied: [],
    edits_refused: [],
    output_truncated: false,
    integrity_flags: [],
    worker: null,
  };
}

/** An attempt that has not started: what a run_started event implies for each job. */
export function queuedAttempt(
  runId: string,
  taskId: string,
  model: string,
  sample: number,
): Attempt {
  const base = unfinishedResult(taskId, model, sample);
  return {
    ...base,
    stage: "queued",
    started_at: null,
    finished_at: null,
    artifacts: artifactsPath(runId, base.attempt_dir),
  };
}

/** The finished attempts' results, in order (unfinished ones left out). */
export function finishedResults(
  attempts: readonly (Attempt & { run_id?: string })[],
): AttemptResult[] {
  return attempts.filter((a) => a.outcome !== null).map((a) => {
    const { stage: _s, started_at: _a, finished_at: _f, artifacts: _p, run_id: _r, ...r } = a;
    return r as AttemptResult;
  });
}

/**
 * Per-model totals of finished attempts, in `models` order: the one place run totals are
 * computed (summary.json, run_finished, the API's live totals, the run page).
 * Harness and provider failures are counted but never graded.
 */
export function totalsByModel(attempts: readonly AttemptResult[], models: string[]): ModelTotals[] {
  const notGraded = new Set<Outcome>(NOT_GRADED_OUTCOMES);
  return models.map((model) => {
    const mine = attempts.filter((a) => a.model === model);
    const graded = mine.filter((a) => !notGraded.has(a.outcome));
    const passed = graded.filter((a) => a.outcome === "passed").length;
    const costs = mine.map((a) => a.cost_usd).filter((c): c is number => c !== null);
    const outcomes: Partial<Record<Outcome, number>> = {};
    for (const o of OUTCOMES) {
      const n = mine.filter((a) => a.outcome === o).length;
      if (n) outcomes[o] = n;
    }
    return {
      model,
      attempts: mine.length,
      graded: graded.length,
      passed,
      pass_rate: graded.length ? passed / graded.length : null,
      tests_passed: graded.reduce((n, a) => n + (a.tests_passed ?? 0), 0),
      tests_total: graded.reduce((n, a) => n + (a.tests_total ?? 0), 0),
      prompt_tokens: mine.reduce((n, a) => n + (a.prompt_tokens ?? 0), 0),
      completion_tokens: mine.reduce((n, a) => n + (a.completion_tokens ?? 0), 0),
      cost_usd: costs.length ? costs.reduce((x, y) => x + y, 0) : null,
      duration_s: mine.reduce((n, a) => n + a.duration_s, 0),
      cached: mine.filter((a) => a.cached).length,
      outcomes,
    };
  });
}

/** How far a run got: attempts in all, finished, passed. */
export function progressOf(attempts: readonly Attempt[], total = attempts.length) {
  const done = attempts.filter((a) => a.outcome !== null);
  return {
    done: done.length,
    total: Math.max(total, attempts.length),
    passed: done.filter((a) => a.outcome === "passed").length,
  };
}

export interface ModelTotals {
  model: string;
  attempts: number;
  /** Attempts that count toward the pass rate (not harness/provider failures). */
  graded: number;
  passed: number;
  pass_rate: number | null;
  tests_passed: number;
  tests_total: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number | null;
  duration_s: number;
  cached: number;
  outcomes: Partial<Record<Outcome, number>>;
}

export type RunEvent =
  | { type: "run_started"; run_id: string; total: number; settings: RunSettings }
  | { type: "attempt_started"; run_id: string; task_id: string; model: string; sample: number }
  | {
    type: "attempt_stage";
    run_id: string;
    task_id: string;
    model: string;
    sample: number;
    stage: string;
  }
  | { type: "attempt_finished"; run_id: string; attempt: AttemptResult }
  | {
    type: "run_finished";
    run_id: string;
    status: "finished" | "cancelled" | "failed";
    totals: ModelTotals[];
  };

/** One leaderboard line: a model's best-accuracy finished run and that run's figures. */
export interface LeaderboardRow {
  model: string;
  run_id: string;
  started_at: string;
  finished_at: string | null;
  accuracy: number;
  passed: number;
  graded: number;
  attempts: number;
  tests_passed: number;
  tests_total: number;
  cost_usd: number | null;
  duration_s: number;
  prompt_tokens: number;
  completion_tokens: number;
  /** How many finished runs of this model were compared. */
  runs: number;
  /** Attempts of that run with integrity flags (tampering signs). */
  flagged: number;
}
