// The PostgreSQL store's long queries, the same questions sqlite.ts asks: run lists with
// attempt counts, and the graded attempts of runs by task (a suite's kept sums are in
// postgres_stats.ts). Counts are cast so `pg` returns numbers (it returns 64-bit integers
// and NUMERIC as strings); text is ordered COLLATE "C", byte order, as SQLite orders it.

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
