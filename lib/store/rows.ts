// Row → record conversions both stores share: their SELECTs return the same column names
// (SQLite and PostgreSQL alike), so a row reads the same way whichever database it came from.
import { artifactsPath, queuedAttempt } from "../wire.ts";
import { resultFromColumns } from "./migrations.ts";
import type { RunOverview, RunRecord, RunStatus, StoredAttempt } from "./store.ts";

/** A row as either driver returns it. */
export type Row = Record<string, string | number | null>;

/** A stored run from a `runs` row. */
export function runRecord(r: Row): RunRecord {
  return {
    id: String(r.id),
    started_at: String(r.started_at),
    finished_at: r.finished_at as string | null,
    status: r.status as RunStatus,
    settings: JSON.parse(String(r.settings_json)),
    parent_run_id: r.parent_run_id as string | null,
    parent_kind: r.parent_kind as string | null,
    pid: r.pid === null ? null : Number(r.pid),
    error: r.error as string | null,
    suite: { id: String(r.suite_id), name: String(r.suite_name), tasks: Number(r.suite_tasks) },
    commit: (r.commit as string | null) ?? null,
  };
}

/** A run overview from a RUN_OVERVIEW_SELECT row. */
export function runOverview(r: Row): RunOverview {
  return {
    ...runRecord(r),
    totals: r.totals_json ? JSON.parse(String(r.totals_json)) : null,
    attempts_total: Number(r.attempts_total),
    attempts_done: Number(r.attempts_done),
    attempts_passed: Number(r.attempts_passed),
  };
}

/** A listed attempt from an ATTEMPT_SELECT row: its whole result when it finished. */
export function storedAttempt(r: Row): StoredAttempt {
  const runId = String(r.run_id);
  const dir = String(r.attempt_dir);
  const result = r.result_json
    ? JSON.parse(String(r.result_json))
    : r.outcome !== null
    ? resultFromColumns(r)
    : queuedAttempt(runId, String(r.task_id), String(r.model), Number(r.sample));
  return {
    ...result,
    // Recorded before integrity flags (or workers) existed: none.
    integrity_flags: result.integrity_flags ?? [],
    worker: result.worker ?? null,
    // Recorded before tries and lazy answers existed: one untracked try, not lazy.
    tries: result.tries ?? [],
    passed_on_try: result.passed_on_try ?? (result.outcome === "passed" ? 1 : null),
    lazy: result.lazy ?? false,
    // Recorded before agent mode existed: one-shot.
    agent: result.agent ?? null,
    attempt_dir: dir,
    stage: String(r.stage),
    started_at: r.started_at as string | null,
    finished_at: r.finished_at as string | null,
    artifacts: artifactsPath(runId, dir),
    run_id: runId,
  };
}

/** A stored answer from a row of task_id, model, sample, response_text, response_meta_json. */
export function storedAnswer(r: Row) {
  return {
    task_id: String(r.task_id),
    model: String(r.model),
    sample: Number(r.sample),
    text: String(r.response_text),
    meta: JSON.parse(String(r.response_meta_json ?? "{}")),
  };
}

export const ATTEMPT_COLUMNS = `run_id, task_id, model, sample, outcome, stage, tests_passed,
    tests_total, duration_s, prompt_tokens, completion_tokens, cost_usd, error, attempt_dir,
    cached, response_meta_json, started_at, finished_at, result_json`;
