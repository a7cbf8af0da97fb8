// The PostgreSQL store's long queries, the same questions sqlite.ts asks: run lists with
// attempt counts, and a suite's figures. SQLite keeps a suite's sums in tables as attempts
// finish (sqlite_stats.ts); PostgreSQL computes them from the attempts of the suite's
// counted runs when asked, with the same definitions. Counts and sums are cast so `pg`
// returns numbers (it returns 64-bit integers and NUMERIC as strings); text is ordered
// COLLATE "C", byte order, as SQLite orders it.

/** A run's columns as runRecord (rows.ts) reads them. */
export const RUN_COLUMNS = `r.id, r.started_at, r.finished_at, r.status, r.settings_json,
    r.parent_run_id, r.parent_kind, r.pid, r.error, r.suite_id, r.suite_name, r.suite_tasks,
    r.summary_json::jsonb #>> '{stamp,harness_commit}' AS "commit"`;

export const RUN_OVERVIEW_SELECT = `SELECT ${RUN_COLUMNS},
    (r.summary_json::jsonb -> 'totals')::text AS totals_json,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id)::int AS attempts_total,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id AND a.outcome IS NOT NULL)::int
      AS attempts_done,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id AND a.outcome = 'passed')::int
      AS attempts_passed
  FROM runs r`;

/**
 * The finished attempts of suite $1's counted runs (finished and cancelled), each with
 * `graded` (its outcome is not one of $2).
 */
const SUITE_ATTEMPTS = `SELECT a.*, NOT (a.outcome = ANY($2)) AS graded
    FROM attempts a JOIN runs r ON r.id = a.run_id
    WHERE r.suite_id = $1 AND r.status IN ('finished', 'cancelled') AND a.outcome IS NOT NULL`;

const TOKENS_KNOWN = "(a.prompt_tokens IS NOT NULL OR a.completion_tokens IS NOT NULL)";

/** store.ts TaskStats per model and task of suite $1 ($2: the outcomes not graded). */
export const SUITE_TASK_STATS = `SELECT a.model, a.task_id,
    COUNT(*)::int AS attempts,
    SUM(a.cost_usd)::float8 AS cost_usd,
    COALESCE(SUM(a.duration_s), 0)::float8 AS duration_s,
    COALESCE(SUM(a.prompt_tokens), 0)::int AS prompt_tokens,
    COALESCE(SUM(a.completion_tokens), 0)::int AS completion_tokens,
    COUNT(*) FILTER (WHERE a.graded)::int AS graded,
    COUNT(*) FILTER (WHERE a.graded AND a.outcome = 'passed')::int AS passed,
    COUNT(*) FILTER (WHERE a.graded AND a.outcome IN ('malformed_response', 'patch_error'))::int
      AS malformed,
    COALESCE(SUM(a.tests_passed) FILTER (WHERE a.graded), 0)::int AS tests_passed,
    COALESCE(SUM(a.tests_total) FILTER (WHERE a.graded), 0)::int AS tests_total,
    COALESCE(SUM(COALESCE(a.prompt_tokens, 0) + COALESCE(a.completion_tokens, 0))
      FILTER (WHERE a.graded AND ${TOKENS_KNOWN}), 0)::int AS graded_tokens,
    COUNT(*) FILTER (WHERE a.graded AND ${TOKENS_KNOWN})::int AS graded_token_n,
    COUNT(*) FILTER (WHERE a.flagged = 1)::int AS flagged,
    COUNT(*) FILTER (WHERE a.graded AND a.lazy = 1)::int AS lazy
  FROM (${SUITE_ATTEMPTS}) a
  GROUP BY a.model, a.task_id
  ORDER BY a.model COLLATE "C", a.task_id COLLATE "C"`;

/** Suite $1's histogram of the bucket column `column` by model, over graded attempts. */
export const suiteBuckets = (column: "duration_bucket" | "try_bucket") =>
  `SELECT a.model, a.${column} AS bucket, COUNT(*)::int AS n
   FROM (${SUITE_ATTEMPTS}) a WHERE a.graded
   GROUP BY a.model, a.${column}
   ORDER BY a.model COLLATE "C", a.${column}`;

/**
 * Each model's best counted run on suite $1 and its number of counted runs, by the rule
 * store.ts listSuiteBestRuns states (sqlite_stats.ts CHOOSE_BEST asks the same).
 */
export const SUITE_BEST_RUNS = `WITH per_run AS (
    SELECT a.run_id, a.model,
      COUNT(*) FILTER (WHERE a.graded)::int AS graded,
      COUNT(*) FILTER (WHERE a.graded AND a.outcome = 'passed')::int AS passed,
      SUM(a.cost_usd)::float8 AS cost_usd,
      COALESCE(SUM(a.duration_s), 0)::float8 AS duration_s,
      COALESCE(SUM(a.prompt_tokens), 0)::int AS prompt_tokens,
      COALESCE(SUM(a.completion_tokens), 0)::int AS completion_tokens
    FROM (${SUITE_ATTEMPTS}) a GROUP BY a.run_id, a.model
  ),
  ranked AS (
    SELECT *, COUNT(*) OVER (PARTITION BY model)::int AS runs,
      ROW_NUMBER() OVER (
        PARTITION BY model
        ORDER BY graded > 0 DESC, passed::float8 / NULLIF(graded, 0) DESC, cost_usd IS NULL,
                 cost_usd, duration_s, run_id COLLATE "C" DESC
      ) AS rank
    FROM per_run
  )
  SELECT ranked.model, ranked.runs, ranked.run_id, r.started_at, r.finished_at,
    passed::float8 / graded AS accuracy, graded, passed, cost_usd, duration_s,
    prompt_tokens, completion_tokens
  FROM ranked JOIN runs r ON r.id = ranked.run_id
  WHERE rank = 1 AND graded > 0
  ORDER BY ranked.model COLLATE "C"`;

/**
 * Graded attempts of runs $1 (of model $3 when not null; $2: the outcomes not graded)
 * counted by task, with each one's link and the try buckets past a first try (store.ts).
 */
export const TASK_OUTCOMES = `WITH graded AS (
    SELECT task_id, outcome, run_id, model, sample, run_id || '/' || attempt_dir AS link,
      try_bucket AS try
    FROM attempts
    WHERE run_id = ANY($1) AND outcome IS NOT NULL AND NOT (outcome = ANY($2))
      AND ($3::text IS NULL OR model = $3)
  )
  SELECT task_id, COUNT(*)::int AS n, COUNT(*) FILTER (WHERE outcome = 'passed')::int AS c,
    string_agg(link, E'\n' ORDER BY run_id COLLATE "C", model COLLATE "C", sample) AS links,
    string_agg(try::text, ',' ORDER BY run_id COLLATE "C", model COLLATE "C", sample)
      FILTER (WHERE try NOT IN (1, -1)) AS later_tries
  FROM graded GROUP BY task_id ORDER BY task_id COLLATE "C"`;
