// The PostgreSQL store's two long queries, the same questions sqlite.ts asks: run lists
// with attempt counts, and each model's best-accuracy finished run. Counts and sums are
// cast so `pg` returns numbers (it returns 64-bit integers and NUMERIC as strings).

export const RUN_OVERVIEW_SELECT = `SELECT r.id, r.started_at, r.finished_at, r.status,
    r.settings_json, r.parent_run_id, r.parent_kind, r.pid, r.error,
    (r.summary_json::jsonb -> 'totals')::text AS totals_json,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id)::int AS attempts_total,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id AND a.outcome IS NOT NULL)::int
      AS attempts_done,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id AND a.outcome = 'passed')::int
      AS attempts_passed
  FROM runs r`;

export const BEST_RUN_PER_MODEL = `WITH graded_attempts AS (
    SELECT a.model, a.run_id, a.outcome, a.tests_passed, a.tests_total, a.cost_usd,
           a.duration_s, a.prompt_tokens, a.completion_tokens,
           CASE WHEN a.outcome = ANY($1) THEN 0 ELSE 1 END AS graded,
           CASE WHEN COALESCE(jsonb_array_length(a.result_json::jsonb -> 'integrity_flags'), 0)
             > 0 THEN 1 ELSE 0 END AS flagged
    FROM runs r JOIN attempts a ON a.run_id = r.id
    WHERE r.status = 'finished' AND a.outcome IS NOT NULL
  ),
  per_run AS (
    SELECT model, run_id,
           COUNT(*)::int AS attempts,
           SUM(graded)::int AS graded,
           SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END)::int AS passed,
           COALESCE(SUM(graded * tests_passed), 0)::int AS tests_passed,
           COALESCE(SUM(graded * tests_total), 0)::int AS tests_total,
           SUM(cost_usd)::float8 AS cost_usd,
           COALESCE(SUM(duration_s), 0)::float8 AS duration_s,
           COALESCE(SUM(prompt_tokens), 0)::int AS prompt_tokens,
           COALESCE(SUM(completion_tokens), 0)::int AS completion_tokens,
           SUM(flagged)::int AS flagged
    FROM graded_attempts
    GROUP BY model, run_id
  ),
  ranked AS (
    SELECT *, passed::float8 / graded AS accuracy,
           COUNT(*) OVER (PARTITION BY model)::int AS runs,
           ROW_NUMBER() OVER (
             PARTITION BY model
             ORDER BY passed::float8 / graded DESC, cost_usd IS NULL, cost_usd,
                      duration_s, run_id DESC
           ) AS rank
    FROM per_run WHERE graded > 0
  )
  SELECT ranked.model, ranked.run_id, r.started_at, r.finished_at, accuracy, passed,
         graded, attempts, tests_passed, tests_total, cost_usd, duration_s,
         prompt_tokens, completion_tokens, ranked.runs, ranked.flagged
  FROM ranked JOIN runs r ON r.id = ranked.run_id
  WHERE rank = 1
  ORDER BY accuracy DESC, cost_usd IS NULL, cost_usd, ranked.model COLLATE "C"`;
