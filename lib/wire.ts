// The shapes that cross process and network boundaries: attempt results, per-model totals,
// run settings and progress events, as the engine writes them to summary.json, the events
// table and the SSE streams. Types and constants only, no imports, so the engine, the
// server and the browser islands all share one definition.

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
}
