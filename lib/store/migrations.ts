// The SQLite schema, as numbered migrations applied in order (schema_version holds the
// last one applied). A migration is SQL, or a function for what SQL cannot do alone.
import type { DatabaseSync } from "node:sqlite";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type AttemptResult, type Outcome, tryBucket, unfinishedResult } from "../wire.ts";
import { addSuitesAndStats } from "./sqlite_stats.ts";

export type Migration = string | ((db: DatabaseSync, path: string) => void);

export const MIGRATIONS: Migration[] = [
  `CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     started_at TEXT NOT NULL,
     finished_at TEXT,
     status TEXT NOT NULL,
     settings_json TEXT NOT NULL,
     summary_json TEXT,
     parent_run_id TEXT,
     parent_kind TEXT,
     pid INTEGER
   );
   CREATE TABLE attempts (
     id INTEGER PRIMARY KEY,
     run_id TEXT NOT NULL REFERENCES runs(id),
     task_id TEXT NOT NULL,
     model TEXT NOT NULL,
     sample INTEGER NOT NULL,
     outcome TEXT,
     stage TEXT NOT NULL DEFAULT 'queued',
     tests_passed INTEGER,
     tests_total INTEGER,
     duration_s REAL,
     prompt_tokens INTEGER,
     completion_tokens INTEGER,
     cost_usd REAL,
     error TEXT,
     attempt_dir TEXT NOT NULL,
     response_text TEXT,
     response_meta_json TEXT,
     cached INTEGER NOT NULL DEFAULT 0,
     started_at TEXT,
     finished_at TEXT,
     UNIQUE (run_id, task_id, model, sample)
   );
   CREATE INDEX attempts_model ON attempts(model, run_id);
   CREATE TABLE events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     run_id TEXT NOT NULL,
     type TEXT NOT NULL,
     data_json TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX events_run ON events(run_id, id);`,
  // 2: the server's run list (recent first) and the leaderboard (finished runs only).
  `CREATE INDEX runs_recent ON runs(started_at DESC, id DESC);
   CREATE INDEX runs_status ON runs(status, id);`,
  // 3: the whole AttemptResult (the columns above stay as its queryable projection) and a
  // failed run's reason.
  `ALTER TABLE attempts ADD COLUMN result_json TEXT;
   ALTER TABLE runs ADD COLUMN error TEXT;`,
  backfillResults,
  // 5: each run's suite, and per-run aggregates kept as attempts finish (sqlite_stats.ts).
  addSuitesAndStats,
  // 6: which grader holds an attempt (distributed mode: a pg-boss job's lease).
  "ALTER TABLE attempts ADD COLUMN lease TEXT;",
  // 7: each finished attempt's try bucket (wire.ts tryBucket), which comparisons count by
  // task: a column, so they read no JSON.
  addTryBuckets,
];

function addTryBuckets(db: DatabaseSync) {
  db.exec("ALTER TABLE attempts ADD COLUMN try_bucket INTEGER");
  const rows = db.prepare(
    "SELECT id, result_json FROM attempts WHERE outcome IS NOT NULL AND result_json IS NOT NULL",
  ).all() as { id: number; result_json: string }[];
  const save = db.prepare("UPDATE attempts SET try_bucket = ? WHERE id = ?");
  for (const r of rows) save.run(tryBucket(JSON.parse(r.result_json)), r.id);
}

/**
 * Migration 4: fills result_json of attempts finished before migration 3 from their
 * result.json beside the database (runs/<run>/<dir>/result.json) when it is there and
 * matches the row, else from the row's columns (retries, grade time and edits were not
 * kept: 0, null and none).
 */
function backfillResults(db: DatabaseSync, path: string) {
  const runsDir = dirname(path);
  const rows = db.prepare(
    `SELECT id, run_id, task_id, model, sample, outcome, tests_passed, tests_total, duration_s,
            prompt_tokens, completion_tokens, cost_usd, error, attempt_dir, cached,
            response_meta_json
     FROM attempts WHERE outcome IS NOT NULL AND result_json IS NULL`,
  ).all() as Record<string, string | number | null>[];
  const save = db.prepare("UPDATE attempts SET result_json = ? WHERE id = ?");
  for (const r of rows) {
    save.run(JSON.stringify(savedResult(runsDir, r) ?? resultFromColumns(r)), r.id);
  }
}

function savedResult(runsDir: string, r: Record<string, unknown>): unknown {
  const file = join(runsDir, String(r.run_id), String(r.attempt_dir), "result.json");
  try {
    if (!existsSync(file)) return undefined;
    const saved = JSON.parse(readFileSync(file, "utf8"));
    const same = saved.task_id === r.task_id && saved.model === r.model &&
      saved.sample === r.sample && saved.outcome === r.outcome;
    return same ? saved : undefined;
  } catch {
    return undefined; // unreadable: the columns are the record
  }
}

/**
 * An AttemptResult from the pre-3 columns of a finished attempt row; what those columns did
 * not keep (retries, grade time, edits, flags) takes the unfinished-result defaults.
 */
export function resultFromColumns(r: Record<string, string | number | null>): AttemptResult {
  const meta = JSON.parse(String(r.response_meta_json ?? "{}"));
  return {
    ...unfinishedResult(String(r.task_id), String(r.model), Number(r.sample)),
    outcome: r.outcome as Outcome,
    tests_passed: r.tests_passed as number | null,
    tests_total: r.tests_total as number | null,
    duration_s: Number(r.duration_s ?? 0),
    prompt_tokens: r.prompt_tokens as number | null,
    completion_tokens: r.completion_tokens as number | null,
    cost_usd: r.cost_usd as number | null,
    error: r.error as string | null,
    attempt_dir: String(r.attempt_dir),
    cached: r.cached === 1,
    latency_ms: meta.latency_ms ?? null,
    first_token_ms: meta.first_token_ms ?? null,
  };
}
