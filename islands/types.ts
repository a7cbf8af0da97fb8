// The JSON shapes the dashboard reads from /api and the event streams. Islands depend on
// the wire format only (never on harness/ or lib/db): the engine's shapes come from
// lib/wire.ts, the API's own from here (they mirror routes/api/run_schemas.ts and
// routes/api/leaderboard.ts).
import type { LeaderboardRow, ModelTotals, Outcome, RunSettings } from "../lib/wire.ts";

export {
  type AttemptResult,
  EVENT_TYPES,
  type ModelTotals,
  NOT_GRADED_OUTCOMES as NOT_GRADED,
  type Outcome,
  OUTCOMES,
  type RunEvent,
  type RunSettings,
} from "../lib/wire.ts";

export type RunStatus =
  | "queued"
  | "running"
  | "finished"
  | "cancelled"
  | "interrupted"
  | "failed";

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
  /** Tamper signs in the applied answer (absent where the API does not carry them yet). */
  integrity_flags?: string[];
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

/** A leaderboard line as GET /api/leaderboard answers it. */
export interface LeaderboardEntry extends LeaderboardRow {
  rank: number;
}

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
