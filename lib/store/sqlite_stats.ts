// The SQLite store's per-run aggregates, kept up to date as attempts finish so the
// leaderboard never scans attempts: per run, model and task the counts and sums of its
// finished attempts (task_stats), and per run and model a histogram of graded attempts'
// durations (duration_buckets, see lib/duration_histogram.ts). Also the migration that adds
// suites to runs and fills these tables for attempts finished before they existed.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { durationBucket } from "../duration_histogram.ts";
import { suiteId, taskCount, UNKNOWN_SUITE } from "../suite_id.ts";
import { type AttemptResult, NOT_GRADED_OUTCOMES } from "../wire.ts";

const MALFORMED = ["malformed_response", "patch_error"];

export const STATS_SCHEMA = `
  ALTER TABLE runs ADD COLUMN suite_id TEXT NOT NULL DEFAULT '${UNKNOWN_SUITE.id}';
  ALTER TABLE runs ADD COLUMN suite_name TEXT NOT NULL DEFAULT '${UNKNOWN_SUITE.name}';
  ALTER TABLE runs ADD COLUMN suite_tasks INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX runs_suite ON runs(suite_id, status);
  -- attempts, cost, duration and tokens count every finished attempt (a run's totals);
  -- the rest only graded ones (the pass rates)
  CREATE TABLE task_stats (
    run_id TEXT NOT NULL REFERENCES runs(id),
    model TEXT NOT NULL,
    task_id TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    cost_n INTEGER NOT NULL DEFAULT 0,
    duration_s REAL NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    graded INTEGER NOT NULL DEFAULT 0,
    passed INTEGER NOT NULL DEFAULT 0,
    malformed INTEGER NOT NULL DEFAULT 0,
    tests_passed INTEGER NOT NULL DEFAULT 0,
    tests_total INTEGER NOT NULL DEFAULT 0,
    graded_tokens INTEGER NOT NULL DEFAULT 0,
    graded_token_n INTEGER NOT NULL DEFAULT 0,
    flagged INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, model, task_id)
  ) WITHOUT ROWID;
  CREATE TABLE duration_buckets (
    run_id TEXT NOT NULL REFERENCES runs(id),
    model TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (run_id, model, bucket)
  ) WITHOUT ROWID;`;

const ADD_TASK_STATS = `INSERT INTO task_stats VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
    ?11, ?12, ?13, ?14, ?15, ?16, ?17)
  ON CONFLICT (run_id, model, task_id) DO UPDATE SET
    attempts = attempts + ?4, cost_usd = cost_usd + ?5, cost_n = cost_n + ?6,
    duration_s = duration_s + ?7, prompt_tokens = prompt_tokens + ?8,
    completion_tokens = completion_tokens + ?9, graded = graded + ?10, passed = passed + ?11,
    malformed = malformed + ?12, tests_passed = tests_passed + ?13,
    tests_total = tests_total + ?14, graded_tokens = graded_tokens + ?15,
    graded_token_n = graded_token_n + ?16, flagged = flagged + ?17`;
const ADD_BUCKET = `INSERT INTO duration_buckets VALUES (?1, ?2, ?3, ?4)
  ON CONFLICT (run_id, model, bucket) DO UPDATE SET n = n + ?4`;

/** Prepared once per database: the migration counts every stored attempt. */
const statements = new WeakMap<DatabaseSync, { stats: StatementSync; bucket: StatementSync }>();

/**
 * Adds a finished attempt to its run's aggregates (`sign` 1), or takes it out again (-1:
 * an attempt finished a second time replaces its first result).
 */
export function countAttempt(db: DatabaseSync, runId: string, r: AttemptResult, sign: 1 | -1) {
  let st = statements.get(db);
  if (!st) {
    statements.set(db, st = { stats: db.prepare(ADD_TASK_STATS), bucket: db.prepare(ADD_BUCKET) });
  }
  const duration = Number(r.duration_s) || 0; // an old result.json may lack it
  const graded = !NOT_GRADED_OUTCOMES.includes(r.outcome);
  const g = graded ? sign : 0;
  const tokensKnown = r.prompt_tokens !== null || r.completion_tokens !== null;
  const tokens = (r.prompt_tokens ?? 0) + (r.completion_tokens ?? 0);
  st.stats.run(
    runId,
    r.model,
    r.task_id,
    sign,
    sign * (r.cost_usd ?? 0),
    r.cost_usd === null ? 0 : sign,
    sign * duration,
    sign * (r.prompt_tokens ?? 0),
    sign * (r.completion_tokens ?? 0),
    g,
    r.outcome === "passed" ? g : 0,
    MALFORMED.includes(r.outcome) ? g : 0,
    g * (r.tests_passed ?? 0),
    g * (r.tests_total ?? 0),
    tokensKnown ? g * tokens : 0,
    tokensKnown ? g : 0,
    (r.integrity_flags?.length ?? 0) > 0 ? sign : 0,
  );
  if (graded) st.bucket.run(runId, r.model, durationBucket(duration), sign);
}

/**
 * Migration 5: suites on runs and the aggregate tables, filled from what is stored. A run
 * whose summary kept its reproducibility stamp gets its suite from it (named `custom`: which
 * selector it ran is not recorded); one without (never finished) the suite `unknown`.
 */
export function addSuitesAndStats(db: DatabaseSync) {
  db.exec(STATS_SCHEMA);
  const runs = db.prepare("SELECT id, summary_json FROM runs").all() as {
    id: string;
    summary_json: string | null;
  }[];
  const setSuite = db.prepare(
    "UPDATE runs SET suite_id = ?, suite_name = ?, suite_tasks = ? WHERE id = ?",
  );
  for (const run of runs) {
    const summary = run.summary_json ? JSON.parse(run.summary_json) : null;
    const stamp = summary?.stamp;
    if (!stamp?.task_hashes || typeof stamp.prompt_template_hash !== "string") continue;
    const n = Object.keys(stamp.task_hashes).length;
    const id = suiteId({
      task_hashes: stamp.task_hashes,
      include_tests: Boolean(summary.settings?.include_tests),
      prompt_template_hash: stamp.prompt_template_hash,
    });
    setSuite.run(id, `custom (${taskCount(n)})`, n, run.id);
  }
  const attempts = db.prepare(
    "SELECT run_id, result_json FROM attempts WHERE outcome IS NOT NULL AND result_json IS NOT NULL",
  ).all() as { run_id: string; result_json: string }[];
  for (const a of attempts) countAttempt(db, a.run_id, JSON.parse(a.result_json), 1);
}
