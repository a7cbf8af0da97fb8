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
  /** Tries per attempt (--tries): later tries see the test output. Absent in older runs: 1. */
  tries?: number;
  /** Spending cap in USD (--max-cost): no attempt or try starts once it is reached. */
  max_cost_usd?: number | null;
  /** Cap on the run's total tokens (--max-tokens), like max_cost_usd. */
  max_tokens?: number | null;
  /** Agent mode's limits (`--agent`); null or absent for one-shot runs. */
  agent?: AgentSettings | null;
}

/** One try of an attempt (--tries): what it cost and how it ended. */
export interface TryResult {
  /** 1-based. */
  try: number;
  outcome: Outcome;
  tests_passed: number | null;
  tests_total: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
  duration_s: number;
  error: string | null;
  lazy: boolean;
}

/** The limits of an agent-mode run (README: agent mode). */
export interface AgentSettings {
  max_turns: number;
  max_test_runs: number;
  attempt_timeout_s: number;
  /** Prompt plus completion tokens one attempt may use; null when unlimited. */
  max_attempt_tokens: number | null;
}

/** Why an agent's loop ended: it submitted, a limit, a text answer, or a failed call. */
export const AGENT_END_REASONS = [
  "submit",
  "max_turns",
  "max_tokens",
  "timeout",
  "no_tools",
  "model_error",
  "cancelled",
] as const;
export type AgentEndReason = typeof AGENT_END_REASONS[number];

/** What an agent-mode attempt did, besides its grade. */
export interface AgentStats {
  /** Model calls made. */
  turns: number;
  /** Tool calls by tool name (unknown names counted as asked). */
  tool_calls: Record<string, number>;
  /** `run_tests` calls that ran the tests (refused ones not counted). */
  test_runs: number;
  ended_by: AgentEndReason;
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
  /** Tamper signs found in the applied answer and its test report; empty when none. */
  integrity_flags: string[];
  /** Every try, in order (one for a one-shot attempt; none when no model was asked). */
  tries: TryResult[];
  /** The try that passed (1-based); null when none did. */
  passed_on_try: number | null;
  /** Some try applied placeholder code ("rest of the code unchanged", a bare `...`). */
  lazy: boolean;
  /** Agent mode's record of the loop; null for one-shot attempts. */
  agent: AgentStats | null;
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
    tries: [],
    passed_on_try: null,
    lazy: false,
    agent: null,
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

/** Outcomes of answers that could not be used (Aider's "malformed responses"). */
const MALFORMED_OUTCOMES: readonly Outcome[] = ["malformed_response", "patch_error"];

/** What tells the try an attempt passed on (both fields absent in results from before tries). */
type TriedAttempt =
  & Pick<AttemptResult, "outcome">
  & Partial<Pick<AttemptResult, "passed_on_try" | "tries">>;

/** The try an attempt passed on: `passed_on_try`, or 1 for a pass recorded before tries. */
function passedOn(a: TriedAttempt): number | null {
  if (a.passed_on_try !== undefined && a.passed_on_try !== null) return a.passed_on_try;
  return a.outcome === "passed" ? 1 : null;
}

/**
 * Where a graded attempt falls in a `try` histogram: i > 0 when it passed on try i, -i when
 * it did not pass after i tries (so a histogram also tells how many tries there were).
 */
export function tryBucket(a: TriedAttempt): number {
  return passedOn(a) ?? -Math.max(1, a.tries?.length ?? 0);
}

/**
 * Aider's pass_rate_1 … pass_rate_N from a `try` histogram: the share of its attempts passed
 * by try i, N the most tries any attempt had. `[]` for an empty histogram.
 */
export function passRatesByTry(buckets: readonly { bucket: number; n: number }[]): number[] {
  const total = buckets.reduce((s, b) => s + b.n, 0);
  if (total === 0) return [];
  const tries = Math.max(1, ...buckets.map((b) => Math.abs(b.bucket)));
  const passedOn = new Array<number>(tries).fill(0);
  for (const b of buckets) if (b.bucket > 0) passedOn[b.bucket - 1] += b.n;
  let sum = 0;
  return passedOn.map((n) => (sum += n) / total);
}

/**
 * Per-model totals of finished attempts, in `models` order: the one place run totals are
 * computed (summary.json, run_finished, the API's live totals, the run page).
 * Harness and provider failures are counted but never graded. `tries` (the run's --tries)
 * sets how many `pass_rate_i` figures there are, at least as many as any attempt's tries.
 */
export function totalsByModel(
  attempts: readonly AttemptResult[],
  models: string[],
  tries = 1,
): ModelTotals[] {
  const notGraded = new Set<Outcome>(NOT_GRADED_OUTCOMES);
  const maxTries = Math.max(1, tries, ...attempts.map((a) => a.tries?.length ?? 0));
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
    const passRates: Record<`pass_rate_${number}`, number | null> = {};
    for (let i = 1; i <= maxTries; i++) {
      const by = graded.filter((a) => (passedOn(a) ?? Infinity) <= i).length;
      passRates[`pass_rate_${i}`] = graded.length ? by / graded.length : null;
    }
    const count = (o: Outcome) => outcomes[o] ?? 0;
    return {
      model,
      attempts: mine.length,
      graded: graded.length,
      passed,
      pass_rate: graded.length ? passed / graded.length : null,
      ...passRates,
      tests_passed: graded.reduce((n, a) => n + (a.tests_passed ?? 0), 0),
      tests_total: graded.reduce((n, a) => n + (a.tests_total ?? 0), 0),
      prompt_tokens: mine.reduce((n, a) => n + (a.prompt_tokens ?? 0), 0),
      completion_tokens: mine.reduce((n, a) => n + (a.completion_tokens ?? 0), 0),
      cost_usd: costs.length ? costs.reduce((x, y) => x + y, 0) : null,
      duration_s: mine.reduce((n, a) => n + a.duration_s, 0),
      cached: mine.filter((a) => a.cached).length,
      flagged: mine.filter((a) => a.integrity_flags.length > 0).length,
      well_formed: graded.filter((a) => !MALFORMED_OUTCOMES.includes(a.outcome)).length,
      malformed: MALFORMED_OUTCOMES.reduce((n, o) => n + count(o), 0),
      build_errors: count("build_error"),
      timeouts: count("timeout"),
      lazy: mine.filter((a) => a.lazy).length,
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
  /** Attempts with at least one integrity flag. */
  flagged: number;
  // The failure counters (Aider's report) are absent in totals recorded before they existed.
  /** Graded attempts whose answer parsed and applied (Aider's "well formed"). */
  well_formed?: number;
  /** malformed_response and patch_error attempts. */
  malformed?: number;
  build_errors?: number;
  timeouts?: number;
  /** Attempts with placeholder code in an applied file (`lazy: true`). */
  lazy?: number;
  /** `pass_rate_i`: share of graded attempts passed by try i (Aider's pass_rate_1, _2…). */
  [passRate: `pass_rate_${number}`]: number | null;
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
