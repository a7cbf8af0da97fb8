// The JSON shapes the dashboard reads from /api and the event streams, written out here so
// islands depend on the wire format only (never on harness/ or lib/db). They mirror
// routes/api/run_schemas.ts, routes/api/leaderboard.ts and harness/run.ts's RunEvent.

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

/** Outcomes that are the harness's or the provider's fault: never in a pass rate. */
export const NOT_GRADED: readonly Outcome[] = [
  "model_error",
  "skipped",
  "cancelled",
  "harness_error",
];

export type RunStatus =
  | "queued"
  | "running"
  | "finished"
  | "cancelled"
  | "interrupted"
  | "failed";

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

export interface ModelTotals {
  model: string;
  attempts: number;
  graded: number;
  passed: number;
  pass_rate: number | null;
  tests_passed: number;
  tests_total: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number | null;
  duration_s: number;
}

export interface Attempt {
  task_id: string;
  model: string;
  sample: number;
  outcome: Outcome | null;
  stage: string;
  tests_passed: number | null;
  tests_total: number | null;
  duration_s: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
  error: string | null;
  cached: boolean;
  started_at: string | null;
  finished_at: string | null;
  attempt_dir: string;
  /** Prefix of the attempt's files, e.g. `/artifacts/<run>/<dir>/`. */
  artifacts: string;
}

export interface RunView {
  run_id: string;
  status: RunStatus;
  started_at: string | null;
  finished_at: string | null;
  settings: RunSettings;
  position: number | null;
  progress: { done: number; total: number; passed: number };
  totals: ModelTotals[] | null;
  resumable: boolean;
}

export interface RunDetail extends RunView {
  attempts: Attempt[];
}

export interface LeaderboardEntry {
  rank: number;
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
  runs: number;
}

/** An attempt's result as attempt_finished carries it (a superset of what the UI reads). */
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
  | { type: "run_finished"; run_id: string; status: RunStatus; totals: ModelTotals[] };

export const EVENT_TYPES = [
  "run_started",
  "attempt_started",
  "attempt_stage",
  "attempt_finished",
  "run_finished",
] as const;

/** A task as the Launch Run form needs it. */
export interface TaskChoice {
  id: string;
  title: string;
  language: string;
  category: string;
  tags: string[];
}

/** What GET /api/models answers. */
export interface ModelsInfo {
  default_model: string | null;
  builtins: { id: string; description: string }[];
  kinds: string[];
  endpoints: { provider: string; models: { id: string }[] | null; error: string | null }[];
}
