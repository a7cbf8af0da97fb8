// The SQLite store's aggregates, kept up to date as attempts finish and runs end, so the
// leaderboard never scans attempts. The same sums (STAT_COLUMNS) are kept at three grains:
//   task_stats         per run, model and task (what a run adds to its suite when it ends)
//   run_stats          per run and model (a run's totals: the best-run figure)
//   suite_task_stats   per suite, model and task, over the suite's counted runs (finished
//                      and cancelled): the leaderboard reads this, models × tasks rows
//   suite_models       per suite and model: its counted runs and its best run (the
//                      seed's figure), chosen again whenever one of its runs changes
// and two histograms of graded attempts per run and per suite: durations
// (lib/duration_histogram.ts) and tries (store.ts BucketKind). A run enters its suite's sums when it ends counted and leaves them when reopened.
// Also migration 5, which adds suites to runs and fills all of this from what is stored.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { type BucketKind, countsTowardSuite } from "./store.ts";
import { durationBucket } from "../duration_histogram.ts";
import { runMode, suiteId, taskCount, UNKNOWN_SUITE } from "../suite_id.ts";
import { type AttemptResult, NOT_GRADED_OUTCOMES, tryBucket } from "../wire.ts";

const MALFORMED = ["malformed_response", "patch_error"];

/**
 * The sums kept: attempts, cost (cost_n: attempts that knew it), duration and tokens over
 * every finished attempt (a run's totals); the rest over graded ones (the pass rates).
 */
const STAT_COLUMNS = [
  "attempts",
  "cost_usd",
  "cost_n",
  "duration_s",
  "prompt_tokens",
  "completion_tokens",
  "graded",
  "passed",
  "malformed",
  "tests_passed",
  "tests_total",
  "graded_tokens",
  "graded_token_n",
  "flagged",
  "lazy",
] as const;

const statTable = (name: string, keys: string[]) =>
  `CREATE TABLE ${name} (
    ${keys.map((k) => `${k} ${k === "bucket" ? "INTEGER" : "TEXT"} NOT NULL`).join(", ")},
    ${
    STAT_COLUMNS.map((c) =>
      `${c} ${c === "cost_usd" || c === "duration_s" ? "REAL" : "INTEGER"} NOT NULL DEFAULT 0`
    ).join(", ")
  },
    PRIMARY KEY (${keys.join(", ")})
  ) WITHOUT ROWID;`;

const BUCKET_KINDS: readonly BucketKind[] = ["duration", "try"];
const RUN_BUCKETS: Record<BucketKind, string> = {
  duration: "duration_buckets",
  try: "try_buckets",
};
/** The per-suite histogram table of each kind. */
export const SUITE_BUCKETS: Record<BucketKind, string> = {
  duration: "suite_duration_buckets",
  try: "suite_try_buckets",
};

/** The bucket a graded attempt falls in, for each histogram. */
function bucketsOf(r: AttemptResult): Record<BucketKind, number> {
  return { duration: durationBucket(Number(r.duration_s) || 0), try: tryBucket(r) };
}

const bucketTable = (name: string, scope: string) =>
  `CREATE TABLE ${name} (${scope} TEXT NOT NULL, model TEXT NOT NULL, bucket INTEGER NOT NULL,
     n INTEGER NOT NULL, PRIMARY KEY (${scope}, model, bucket)) WITHOUT ROWID;`;

export const STATS_SCHEMA = `
  ALTER TABLE runs ADD COLUMN suite_id TEXT NOT NULL DEFAULT '${UNKNOWN_SUITE.id}';
  ALTER TABLE runs ADD COLUMN suite_name TEXT NOT NULL DEFAULT '${UNKNOWN_SUITE.name}';
  ALTER TABLE runs ADD COLUMN suite_tasks INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX runs_suite ON runs(suite_id, status);
  ${statTable("task_stats", ["run_id", "model", "task_id"])}
  ${statTable("run_stats", ["run_id", "model"])}
  CREATE INDEX run_stats_model ON run_stats(model, run_id);
  CREATE TABLE suite_models (suite_id TEXT NOT NULL, model TEXT NOT NULL,
    runs INTEGER NOT NULL, best_run_id TEXT, PRIMARY KEY (suite_id, model)) WITHOUT ROWID;
  ${statTable("suite_task_stats", ["suite_id", "model", "task_id"])}
  ${BUCKET_KINDS.map((k) => bucketTable(RUN_BUCKETS[k], "run_id")).join("\n")}
  ${BUCKET_KINDS.map((k) => bucketTable(SUITE_BUCKETS[k], "suite_id")).join("\n")}`;

/** `INSERT … ON CONFLICT DO UPDATE` adding the STAT_COLUMNS values to a row of `table`. */
function addStatsSql(table: string, keys: string[]): string {
  const cols = [...keys, ...STAT_COLUMNS];
  return `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})
    ON CONFLICT (${keys.join(", ")}) DO UPDATE SET
    ${STAT_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")}`;
}

const ADD_BUCKET = (table: string, scope: string) =>
  `INSERT INTO ${table} (${scope}, model, bucket, n) VALUES (?, ?, ?, ?)
   ON CONFLICT (${scope}, model, bucket) DO UPDATE SET n = n + excluded.n`;

function prepared(db: DatabaseSync) {
  let st = statements.get(db);
  if (!st) {
    st = {
      task: db.prepare(addStatsSql("task_stats", ["run_id", "model", "task_id"])),
      run: db.prepare(addStatsSql("run_stats", ["run_id", "model"])),
      suite: db.prepare(addStatsSql("suite_task_stats", ["suite_id", "model", "task_id"])),
      runOf: db.prepare("SELECT suite_id, status FROM runs WHERE id = ?"),
      dropBest: db.prepare("DELETE FROM suite_models WHERE suite_id = ? AND model = ?"),
      chooseBest: db.prepare(CHOOSE_BEST),
      ...Object.fromEntries(BUCKET_KINDS.flatMap((k) => [
        [`run_${k}`, db.prepare(ADD_BUCKET(RUN_BUCKETS[k], "run_id"))],
        [`suite_${k}`, db.prepare(ADD_BUCKET(SUITE_BUCKETS[k], "suite_id"))],
      ])),
    };
    statements.set(db, st);
  }
  return st;
}
/** Prepared once per database: the migration counts every stored attempt. */
const statements = new WeakMap<DatabaseSync, Record<string, StatementSync>>();

/** The STAT_COLUMNS values one attempt adds (`sign` 1) or takes away (-1). */
function attemptSums(r: AttemptResult, sign: 1 | -1): number[] {
  const duration = Number(r.duration_s) || 0; // an old result.json may lack it
  const g = NOT_GRADED_OUTCOMES.includes(r.outcome) ? 0 : sign;
  const tokensKnown = r.prompt_tokens !== null || r.completion_tokens !== null;
  return [
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
    tokensKnown ? g * ((r.prompt_tokens ?? 0) + (r.completion_tokens ?? 0)) : 0,
    tokensKnown ? g : 0,
    (r.integrity_flags?.length ?? 0) > 0 ? sign : 0,
    r.lazy ? g : 0,
  ];
}

const counted = countsTowardSuite;

/**
 * Adds a finished attempt to its run's aggregates, and to its suite's when the run already
 * counts there and `suiteToo` (`sign` 1), or takes it out again (-1: an attempt finished a
 * second time replaces its first result).
 */
export function countAttempt(
  db: DatabaseSync,
  runId: string,
  r: AttemptResult,
  sign: 1 | -1,
  suiteToo = true,
) {
  const st = prepared(db);
  const sums = attemptSums(r, sign);
  st.task.run(runId, r.model, r.task_id, ...sums);
  st.run.run(runId, r.model, ...sums);
  const graded = sums[6] !== 0;
  const buckets = bucketsOf(r);
  if (graded) {
    for (const k of BUCKET_KINDS) st[`run_${k}`].run(runId, r.model, buckets[k], sign);
  }
  const run = st.runOf.get(runId) as { suite_id: string; status: string } | undefined;
  if (suiteToo && run && counted(run.status)) {
    st.suite.run(run.suite_id, r.model, r.task_id, ...sums);
    if (graded) {
      for (const k of BUCKET_KINDS) st[`suite_${k}`].run(run.suite_id, r.model, buckets[k], sign);
    }
    chooseBestRun(db, run.suite_id, r.model);
  }
}

/**
 * A run's status changes from `from` to `to`: when that makes it count toward its suite
 * (it ended finished or cancelled) its sums are added to the suite's; when it stops
 * counting (reopened to resume) they are taken out.
 */
export function recountRun(
  db: DatabaseSync,
  runId: string,
  from: string,
  to: string,
  bestToo = true,
) {
  if (counted(from) === counted(to)) return;
  const sign = counted(to) ? 1 : -1;
  const cols = STAT_COLUMNS.join(", ");
  const sums = STAT_COLUMNS.map((c) => `${sign} * ${c}`).join(", ");
  db.prepare(
    `INSERT INTO suite_task_stats (suite_id, model, task_id, ${cols})
     SELECT r.suite_id, t.model, t.task_id, ${sums}
     FROM task_stats t JOIN runs r ON r.id = t.run_id WHERE t.run_id = ?
     ON CONFLICT (suite_id, model, task_id) DO UPDATE SET
     ${STAT_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")}`,
  ).run(runId);
  for (const k of BUCKET_KINDS) {
    db.prepare(
      `INSERT INTO ${SUITE_BUCKETS[k]} (suite_id, model, bucket, n)
       SELECT r.suite_id, b.model, b.bucket, ${sign} * b.n
       FROM ${RUN_BUCKETS[k]} b JOIN runs r ON r.id = b.run_id WHERE b.run_id = ?
       ON CONFLICT (suite_id, model, bucket) DO UPDATE SET n = n + excluded.n`,
    ).run(runId);
  }
  if (!bestToo) return;
  const models = db.prepare(
    "SELECT r.suite_id, s.model FROM run_stats s JOIN runs r ON r.id = s.run_id WHERE s.run_id = ?",
  ).all(runId) as { suite_id: string; model: string }[];
  for (const m of models) chooseBestRun(db, m.suite_id, m.model);
}

/**
 * Counts a model's counted runs on a suite and picks its best: by accuracy (passed /
 * graded), equal accuracy going to the lower cost (unknown last), then the shorter run, then
 * the later run id (the seed's rule; harness/leaderboard.ts bestRun states it too). Reads
 * the model's runs on the suite, once per run end: the leaderboard then reads one row.
 */
export function chooseBestRun(db: DatabaseSync, suite: string, model: string) {
  const st = prepared(db);
  st.dropBest.run(suite, model);
  st.chooseBest.run(suite, model);
}

const CHOOSE_BEST = `INSERT INTO suite_models (suite_id, model, runs, best_run_id)
  SELECT ?1, ?2, COUNT(*), (
    SELECT s.run_id FROM run_stats s JOIN runs r ON r.id = s.run_id
    WHERE s.model = ?2 AND r.suite_id = ?1 AND r.status IN ('finished', 'cancelled')
      AND s.graded > 0
    ORDER BY CAST(s.passed AS REAL) / s.graded DESC, s.cost_n = 0,
             CASE WHEN s.cost_n > 0 THEN s.cost_usd END, s.duration_s, s.run_id DESC
    LIMIT 1)
  FROM run_stats s JOIN runs r ON r.id = s.run_id
  WHERE s.model = ?2 AND r.suite_id = ?1 AND r.status IN ('finished', 'cancelled')
    AND s.attempts > 0
  HAVING COUNT(*) > 0`;

/**
 * Migration 5: suites on runs and the aggregate tables, filled from what is stored. A run
 * whose summary kept its reproducibility stamp gets its suite from it (named `custom`: which
 * selector it ran is not recorded); one without (never finished) the suite `unknown`.
 */
export function addSuitesAndStats(db: DatabaseSync) {
  db.exec(STATS_SCHEMA);
  const runs = db.prepare("SELECT id, status, summary_json FROM runs").all() as {
    id: string;
    status: string;
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
      mode: runMode(summary.settings ?? {}),
    });
    setSuite.run(id, `custom (${taskCount(n)})`, n, run.id);
  }
  // Per run first; then each counted run joins its suite, as if it ended now.
  const attempts = db.prepare(
    "SELECT run_id, result_json FROM attempts WHERE outcome IS NOT NULL AND result_json IS NOT NULL",
  ).all() as { run_id: string; result_json: string }[];
  for (const a of attempts) countAttempt(db, a.run_id, JSON.parse(a.result_json), 1, false);
  for (const run of runs) recountRun(db, run.id, "running", run.status, false);
  const pairs = db.prepare(
    "SELECT DISTINCT r.suite_id, s.model FROM run_stats s JOIN runs r ON r.id = s.run_id",
  ).all() as { suite_id: string; model: string }[];
  for (const p of pairs) chooseBestRun(db, p.suite_id, p.model);
}
