// The JSON shapes the dashboard reads from /api and the event streams. Islands depend on
// the wire format only (never on harness/ or lib/db): the engine's shapes come from
// lib/wire.ts, the API's own from here (they mirror routes/api/run_schemas.ts and
// routes/api/leaderboard.ts).
import type { Attempt, ModelTotals, RunSettings } from "../lib/wire.ts";

export {
  type Attempt,
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
  /** Why a failed run failed; else null. */
  error: string | null;
}

export interface RunDetail extends RunView {
  attempts: Attempt[];
}

/** A task as the Launch Run form needs it. */
export interface TaskChoice {
  id: string;
  title: string;
  language: string;
  category: string;
  tags: string[];
  /** metadata `source.name` of an imported task (the `source:` selector). */
  source?: string | null;
  /** Its catalog folder (the `dir:` selector). */
  dir?: string;
}

/** What GET /api/models answers. */
export interface ModelsInfo {
  default_model: string | null;
  builtins: { id: string; description: string }[];
  kinds: string[];
  endpoints: { provider: string; models: { id: string }[] | null; error: string | null }[];
}
