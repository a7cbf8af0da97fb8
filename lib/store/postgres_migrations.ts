// The PostgreSQL schema: the same logical tables as the SQLite one (migrations.ts), written
// for PostgreSQL, as numbered migrations applied in order under an advisory lock (several
// processes may open the store at once). schema_version holds the last one applied.

import { STATS_TABLES } from "./postgres_stats.ts";

/** Key of the advisory lock migrations run under ("bench" in ASCII). */
export const MIGRATION_LOCK = 0x62656e6368;

export const PG_MIGRATIONS: string[] = [
  `CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     started_at TEXT NOT NULL,
     finished_at TEXT,
     status TEXT NOT NULL,
     settings_json TEXT NOT NULL,
     summary_json TEXT,
     parent_run_id TEXT,
     parent_kind TEXT,
     pid INTEGER,
     error TEXT,
     -- The machine pid belongs to: only that machine can tell whether the run's process lives.
     host TEXT
   );
   CREATE INDEX runs_recent ON runs(started_at DESC, id DESC);
   CREATE INDEX runs_status ON runs(status, id);
   CREATE TABLE attempts (
     id BIGSERIAL PRIMARY KEY,
     run_id TEXT NOT NULL REFERENCES runs(id),
     task_id TEXT NOT NULL,
     model TEXT NOT NULL,
     sample INTEGER NOT NULL,
     outcome TEXT,
     stage TEXT NOT NULL DEFAULT 'queued',
     tests_passed INTEGER,
     tests_total INTEGER,
     duration_s DOUBLE PRECISION,
     prompt_tokens INTEGER,
     completion_tokens INTEGER,
     cost_usd DOUBLE PRECISION,
     error TEXT,
     attempt_dir TEXT NOT NULL,
     response_text TEXT,
     response_meta_json TEXT,
     cached INTEGER NOT NULL DEFAULT 0,
     started_at TEXT,
     finished_at TEXT,
     result_json TEXT,
     lease TEXT,
     UNIQUE (run_id, task_id, model, sample)
   );
   CREATE INDEX attempts_model ON attempts(model, run_id);
   CREATE INDEX attempts_task ON attempts(task_id, id);
   CREATE TABLE events (
     id BIGSERIAL PRIMARY KEY,
     run_id TEXT NOT NULL,
     type TEXT NOT NULL,
     data_json TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX events_run ON events(run_id, id);`,
  // 2: the files of attempts graded on other machines (prompt, response, diff, logs),
  // within the runner's output caps, so the server can serve them.
  `CREATE TABLE attempt_files (
     run_id TEXT NOT NULL,
     attempt_dir TEXT NOT NULL,
     name TEXT NOT NULL,
     content BYTEA NOT NULL,
     PRIMARY KEY (run_id, attempt_dir, name)
   );`,
  // 3: runs cancelled while workers on other machines hold their jobs (pg_fleet.ts).
  `CREATE TABLE cancelled_runs (
     run_id TEXT PRIMARY KEY,
     cancelled_at TEXT NOT NULL
   );`,
  // 4: each run's suite (harness/suite.ts). The suite figures are computed from attempts
  // when read (postgres_queries.ts): no aggregate tables to keep, unlike SQLite's.
  `ALTER TABLE runs ADD COLUMN suite_id TEXT NOT NULL DEFAULT 'unknown';
   ALTER TABLE runs ADD COLUMN suite_name TEXT NOT NULL DEFAULT 'unknown';
   ALTER TABLE runs ADD COLUMN suite_tasks INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX runs_suite ON runs(suite_id, status);`,
  // 5: what a suite's figures count of each finished attempt beyond the columns above —
  // its try bucket (wire.ts tryBucket), duration bucket (duration_histogram.ts), whether it
  // has integrity flags and a lazy answer — set as it finishes, so reading them parses no
  // JSON. Filled here for attempts finished before it, by the same definitions.
  `ALTER TABLE attempts ADD COLUMN try_bucket INTEGER;
   ALTER TABLE attempts ADD COLUMN duration_bucket INTEGER;
   ALTER TABLE attempts ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE attempts ADD COLUMN lazy INTEGER NOT NULL DEFAULT 0;
   UPDATE attempts SET try_bucket = COALESCE((result_json::jsonb ->> 'passed_on_try')::int,
     CASE WHEN outcome = 'passed' THEN 1
     ELSE -GREATEST(1, COALESCE(jsonb_array_length(result_json::jsonb -> 'tries'), 0)) END),
     duration_bucket = CASE WHEN COALESCE(duration_s, 0) >= 0.001
       THEN floor(ln(duration_s / 0.001) / ln(1.02))::int ELSE -1 END,
     flagged = CASE WHEN COALESCE(jsonb_array_length(result_json::jsonb -> 'integrity_flags'), 0)
       > 0 THEN 1 ELSE 0 END,
     lazy = CASE WHEN (result_json::jsonb ->> 'lazy') = 'true' THEN 1 ELSE 0 END
   WHERE outcome IS NOT NULL AND result_json IS NOT NULL;`,
  // 6: a suite's sums, kept as runs end (postgres_stats.ts), filled from the counted runs.
  STATS_TABLES,
];
