// The PostgreSQL store's suite sums, kept as SQLite keeps them (sqlite_stats.ts) so the
// leaderboard never scans attempts — but kept per run rather than per attempt: a run adds
// its sums to its suite when it ends counted (finished or cancelled) and takes them out when
// it stops counting (reopened to resume). Many workers finish attempts at once, and a suite's
// figures only count ended runs, so one INSERT … SELECT at the end replaces a row lock per
// attempt. The sums' definitions match sqlite_stats.ts attemptSums; each attempt's buckets,
// flag and lazy mark are columns set when it finishes (postgres.ts finishAttempt).
//   suite_task_stats     per suite, model and task: the leaderboard's rows
//   suite_buckets        per suite, model and histogram (`duration`, `try`) bucket
//   run_model_stats      per counted run and model: its totals, for the best run
import type pg from "pg";
import { NOT_GRADED_OUTCOMES } from "../wire.ts";
import { COUNTED_STATUSES } from "./store.ts";

/** The runs `r` that count toward their suites. */
const COUNTED_RUN = `r.status IN (${COUNTED_STATUSES.map((s) => `'${s}'`).join(", ")})`;

const NOT_GRADED = NOT_GRADED_OUTCOMES.map((o) => `'${o}'`).join(", ");
const GRADED = `a.outcome NOT IN (${NOT_GRADED})`;
const TOKENS_KNOWN = "(a.prompt_tokens IS NOT NULL OR a.completion_tokens IS NOT NULL)";

/** The sums of store.ts TaskStats, over the attempts `a` of one group. */
const TASK_SUMS: Record<string, string> = {
  attempts: "COUNT(*)",
  cost_usd: "COALESCE(SUM(a.cost_usd), 0)",
  cost_n: "COUNT(a.cost_usd)",
  duration_s: "COALESCE(SUM(a.duration_s), 0)",
  prompt_tokens: "COALESCE(SUM(a.prompt_tokens), 0)",
  completion_tokens: "COALESCE(SUM(a.completion_tokens), 0)",
  graded: `COUNT(*) FILTER (WHERE ${GRADED})`,
  passed: `COUNT(*) FILTER (WHERE ${GRADED} AND a.outcome = 'passed')`,
  malformed:
    `COUNT(*) FILTER (WHERE ${GRADED} AND a.outcome IN ('malformed_response', 'patch_error'))`,
  tests_passed: `COALESCE(SUM(a.tests_passed) FILTER (WHERE ${GRADED}), 0)`,
  tests_total: `COALESCE(SUM(a.tests_total) FILTER (WHERE ${GRADED}), 0)`,
  graded_tokens: `COALESCE(SUM(COALESCE(a.prompt_tokens, 0) + COALESCE(a.completion_tokens, 0))
    FILTER (WHERE ${GRADED} AND ${TOKENS_KNOWN}), 0)`,
  graded_token_n: `COUNT(*) FILTER (WHERE ${GRADED} AND ${TOKENS_KNOWN})`,
  flagged: "COUNT(*) FILTER (WHERE a.flagged = 1)",
  lazy: `COUNT(*) FILTER (WHERE ${GRADED} AND a.lazy = 1)`,
};
const TASK_COLUMNS = Object.keys(TASK_SUMS);
const REAL = new Set(["cost_usd", "duration_s"]);

/** Migration 6: the tables, filled from the runs that count already. */
export const STATS_TABLES = `
  CREATE TABLE suite_task_stats (suite_id TEXT NOT NULL, model TEXT NOT NULL,
    task_id TEXT NOT NULL,
    ${
  TASK_COLUMNS.map((c) => `${c} ${REAL.has(c) ? "DOUBLE PRECISION" : "BIGINT"} NOT NULL`)
    .join(", ")
},
    PRIMARY KEY (suite_id, model, task_id));
  CREATE TABLE suite_buckets (suite_id TEXT NOT NULL, kind TEXT NOT NULL, model TEXT NOT NULL,
    bucket INTEGER NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (suite_id, kind, model, bucket));
  CREATE TABLE run_model_stats (run_id TEXT NOT NULL, model TEXT NOT NULL,
    suite_id TEXT NOT NULL, graded BIGINT NOT NULL, passed BIGINT NOT NULL,
    cost_usd DOUBLE PRECISION NOT NULL, cost_n BIGINT NOT NULL,
    duration_s DOUBLE PRECISION NOT NULL, prompt_tokens BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL, PRIMARY KEY (run_id, model));
  CREATE INDEX run_model_stats_suite ON run_model_stats(suite_id, model);
  CREATE INDEX run_model_stats_model ON run_model_stats(model);
  ${addSql(COUNTED_RUN, "1").join(";\n")};
  ${runModelSql(COUNTED_RUN)}`;

/**
 * The statements adding `sign` (SQL: 1, or a parameter) times the sums of the finished
 * attempts of the runs `where` selects (a condition on `r`, the run) to their suites.
 */
function addSql(where: string, sign: string): string[] {
  const from = `FROM attempts a JOIN runs r ON r.id = a.run_id
    WHERE ${where} AND a.outcome IS NOT NULL`;
  const bucket = (kind: string, column: string) =>
    `SELECT r.suite_id, '${kind}' AS kind, a.model, a.${column} AS bucket, ${sign} * COUNT(*) AS n
     ${from} AND ${GRADED} GROUP BY r.suite_id, a.model, a.${column}`;
  return [
    `INSERT INTO suite_task_stats (suite_id, model, task_id, ${TASK_COLUMNS.join(", ")})
     SELECT r.suite_id, a.model, a.task_id,
       ${TASK_COLUMNS.map((c) => `${sign} * ${TASK_SUMS[c]}`).join(",\n       ")}
     ${from} GROUP BY r.suite_id, a.model, a.task_id
     ORDER BY a.model COLLATE "C", a.task_id COLLATE "C"
     ON CONFLICT (suite_id, model, task_id) DO UPDATE SET
     ${TASK_COLUMNS.map((c) => `${c} = suite_task_stats.${c} + excluded.${c}`).join(", ")}`,
    `INSERT INTO suite_buckets (suite_id, kind, model, bucket, n)
     SELECT * FROM (${bucket("duration", "duration_bucket")} UNION ALL
       ${bucket("try", "try_bucket")}) b
     ORDER BY b.kind, b.model COLLATE "C", b.bucket
     ON CONFLICT (suite_id, kind, model, bucket) DO UPDATE SET n = suite_buckets.n + excluded.n`,
  ];
}

/** The statement recording per-model totals of the runs `where` selects. */
function runModelSql(where: string): string {
  return `INSERT INTO run_model_stats (run_id, model, suite_id, graded, passed, cost_usd, cost_n,
      duration_s, prompt_tokens, completion_tokens)
    SELECT a.run_id, a.model, r.suite_id, ${TASK_SUMS.graded}, ${TASK_SUMS.passed},
      ${TASK_SUMS.cost_usd}, ${TASK_SUMS.cost_n}, ${TASK_SUMS.duration_s},
      ${TASK_SUMS.prompt_tokens}, ${TASK_SUMS.completion_tokens}
    FROM attempts a JOIN runs r ON r.id = a.run_id
    WHERE ${where} AND a.outcome IS NOT NULL
    GROUP BY a.run_id, a.model, r.suite_id`;
}

const ADD_RUN = addSql("r.id = $1", "$2::int");
const ADD_RUN_MODELS = runModelSql("r.id = $1");

/** Adds run `runId`'s sums to its suite (it ended counted), inside transaction `c`. */
export async function countRun(c: pg.PoolClient, runId: string): Promise<void> {
  for (const sql of ADD_RUN) await c.query(sql, [runId, 1]);
  await c.query(ADD_RUN_MODELS, [runId]);
}

/** Takes run `runId`'s sums out of its suite (it stopped counting), inside `c`. */
export async function uncountRun(c: pg.PoolClient, runId: string): Promise<void> {
  for (const sql of ADD_RUN) await c.query(sql, [runId, -1]);
  await c.query("DELETE FROM run_model_stats WHERE run_id = $1", [runId]);
}

/** store.ts TaskStats of suite $1 (cost null when no attempt knew it). */
export const SUITE_TASK_STATS = `SELECT model, task_id,
    ${
  TASK_COLUMNS.filter((c) => c !== "cost_n").map((c) =>
    c === "cost_usd"
      ? "CASE WHEN cost_n > 0 THEN cost_usd END AS cost_usd"
      : `${c}${REAL.has(c) ? "" : "::int"} AS ${c}`
  ).join(",\n    ")
}
  FROM suite_task_stats WHERE suite_id = $1 AND attempts > 0
  ORDER BY model COLLATE "C", task_id COLLATE "C"`;

/** Suite $1's histogram of kind $2 by model. */
export const SUITE_BUCKETS = `SELECT model, bucket, n::int AS n FROM suite_buckets
  WHERE suite_id = $1 AND kind = $2 AND n > 0 ORDER BY model COLLATE "C", bucket`;

/**
 * Each model's best counted run on suite $1 and its number of counted runs, by the rule
 * store.ts listSuiteBestRuns states (sqlite_stats.ts CHOOSE_BEST asks the same).
 */
export const SUITE_BEST_RUNS = `WITH ranked AS (
    SELECT s.*, COUNT(*) OVER (PARTITION BY s.model)::int AS runs,
      ROW_NUMBER() OVER (
        PARTITION BY s.model
        ORDER BY s.graded > 0 DESC, s.passed::float8 / NULLIF(s.graded, 0) DESC, s.cost_n = 0,
                 CASE WHEN s.cost_n > 0 THEN s.cost_usd END, s.duration_s,
                 s.run_id COLLATE "C" DESC
      ) AS rank
    FROM run_model_stats s WHERE s.suite_id = $1
  )
  SELECT ranked.model, ranked.runs, ranked.run_id, r.started_at, r.finished_at,
    passed::float8 / graded AS accuracy, graded::int AS graded, passed::int AS passed,
    CASE WHEN cost_n > 0 THEN cost_usd END AS cost_usd, duration_s,
    prompt_tokens::int AS prompt_tokens, completion_tokens::int AS completion_tokens
  FROM ranked JOIN runs r ON r.id = ranked.run_id
  WHERE rank = 1 AND graded > 0
  ORDER BY ranked.model COLLATE "C"`;

/** A model's counted runs with finished attempts, oldest first, with their suites. */
export const MODEL_RUNS = `SELECT r.id AS run_id, r.suite_id
  FROM run_model_stats s JOIN runs r ON r.id = s.run_id
  WHERE s.model = $1
  ORDER BY r.started_at COLLATE "C", r.id COLLATE "C"`;
