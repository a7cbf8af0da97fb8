// The one module that owns SQL: runs/history.db through node:sqlite, WAL mode, a busy
// timeout (the dashboard reads while a CLI run writes), versioned migrations and
// verb-noun queries. Nothing else writes SQL.
import { DatabaseSync } from "node:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { LeaderboardRow } from "./wire.ts";

export type { LeaderboardRow } from "./wire.ts";

const BUSY_TIMEOUT_MS = 10_000;

const MIGRATIONS: string[] = [
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
];

export type RunStatus = "running" | "finished" | "cancelled" | "interrupted" | "failed";

export interface RunRow {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  settings_json: string;
  summary_json: string | null;
  parent_run_id: string | null;
  parent_kind: string | null;
  pid: number | null;
}

export interface AttemptRow {
  id: number;
  run_id: string;
  task_id: string;
  model: string;
  sample: number;
  outcome: string | null;
  stage: string;
  tests_passed: number | null;
  tests_total: number | null;
  duration_s: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
  error: string | null;
  attempt_dir: string;
  response_text: string | null;
  response_meta_json: string | null;
  cached: number;
  started_at: string | null;
  finished_at: string | null;
}

/** A run with its attempt counts (and per-model totals once finished), for lists. */
export interface RunOverviewRow {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  settings_json: string;
  parent_run_id: string | null;
  parent_kind: string | null;
  pid: number | null;
  /** `summary.totals` as JSON text, or null before the run finished. */
  totals_json: string | null;
  attempts_total: number;
  attempts_done: number;
  attempts_passed: number;
}

/** One task's graded and passed attempts by one model (for the catalog). */
export interface TaskModelCount {
  task_id: string;
  model: string;
  graded: number;
  passed: number;
}

export interface EventRow {
  id: number;
  run_id: string;
  type: string;
  data_json: string;
  created_at: string;
}

/** An open history database. */
export class HistoryDb {
  readonly db: DatabaseSync;

  /** Opens (creating and migrating) the database at `path`. */
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.exec("PRAGMA journal_mode = WAL");
    this.db.exec("PRAGMA synchronous = NORMAL");
    this.db.exec("PRAGMA foreign_keys = ON");
    this.#migrate();
  }

  #migrate() {
    this.db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const row = this.db.prepare("SELECT MAX(version) AS v FROM schema_version").get() as {
      v: number | null;
    };
    for (let v = (row.v ?? 0) + 1; v <= MIGRATIONS.length; v++) {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        this.db.exec(MIGRATIONS[v - 1]);
        this.db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(v);
        this.db.exec("COMMIT");
      } catch (e) {
        this.db.exec("ROLLBACK");
        throw e;
      }
    }
  }

  schemaVersion(): number {
    return (this.db.prepare("SELECT MAX(version) AS v FROM schema_version").get() as { v: number })
      .v;
  }

  close() {
    this.db.close();
  }

  insertRun(run: {
    id: string;
    startedAt: string;
    settings: unknown;
    parentRunId?: string | null;
    parentKind?: string | null;
  }) {
    this.db.prepare(
      `INSERT INTO runs (id, started_at, status, settings_json, parent_run_id, parent_kind, pid)
       VALUES (?, ?, 'running', ?, ?, ?, ?)`,
    ).run(
      run.id,
      run.startedAt,
      JSON.stringify(run.settings),
      run.parentRunId ?? null,
      run.parentKind ?? null,
      Deno.pid,
    );
  }

  finishRun(id: string, status: RunStatus, finishedAt: string, summary: unknown) {
    this.db.prepare(
      "UPDATE runs SET status = ?, finished_at = ?, summary_json = ? WHERE id = ?",
    ).run(status, finishedAt, JSON.stringify(summary), id);
  }

  /** Takes an interrupted or cancelled run up again (--resume): `running`, owned by this process. */
  reopenRun(id: string) {
    this.db.prepare(
      "UPDATE runs SET status = 'running', finished_at = NULL, pid = ? WHERE id = ?",
    ).run(Deno.pid, id);
  }

  /** Marks `running` runs whose process is gone as `interrupted`; returns their ids. */
  markInterruptedRuns(isAlive: (pid: number) => boolean): string[] {
    const rows = this.db.prepare("SELECT id, pid FROM runs WHERE status = 'running'").all() as {
      id: string;
      pid: number | null;
    }[];
    const gone = rows.filter((r) => r.pid === null || !isAlive(r.pid)).map((r) => r.id);
    const mark = this.db.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ?");
    for (const id of gone) mark.run(id);
    return gone;
  }

  getRun(id: string): RunRow | undefined {
    return this.db.prepare("SELECT * FROM runs WHERE id = ?").get(id) as RunRow | undefined;
  }

  listRuns(limit: number, offset: number): RunRow[] {
    return this.db.prepare("SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?")
      .all(limit, offset) as unknown as RunRow[];
  }

  countRuns(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM runs").get() as { n: number }).n;
  }

  /** Inserts the queued attempt (or keeps an existing one, for resume). */
  insertAttempt(a: { runId: string; taskId: string; model: string; sample: number; dir: string }) {
    this.db.prepare(
      `INSERT OR IGNORE INTO attempts (run_id, task_id, model, sample, attempt_dir)
       VALUES (?, ?, ?, ?, ?)`,
    ).run(a.runId, a.taskId, a.model, a.sample, a.dir);
  }

  setAttemptStage(runId: string, taskId: string, model: string, sample: number, stage: string) {
    this.db.prepare(
      `UPDATE attempts SET stage = ?, started_at = COALESCE(started_at, ?)
       WHERE run_id = ? AND task_id = ? AND model = ? AND sample = ?`,
    ).run(stage, new Date().toISOString(), runId, taskId, model, sample);
  }

  /** Stores the model's answer apart from its grade, so it can be graded again. */
  saveResponse(
    key: { runId: string; taskId: string; model: string; sample: number },
    text: string,
    meta: unknown,
  ) {
    this.db.prepare(
      `UPDATE attempts SET response_text = ?, response_meta_json = ?
       WHERE run_id = ? AND task_id = ? AND model = ? AND sample = ?`,
    ).run(text, JSON.stringify(meta), key.runId, key.taskId, key.model, key.sample);
  }

  finishAttempt(r: {
    runId: string;
    taskId: string;
    model: string;
    sample: number;
    outcome: string;
    testsPassed: number | null;
    testsTotal: number | null;
    durationS: number;
    promptTokens: number | null;
    completionTokens: number | null;
    costUsd: number | null;
    error: string | null;
    cached: boolean;
  }) {
    this.db.prepare(
      `UPDATE attempts SET outcome = ?, stage = 'done', tests_passed = ?, tests_total = ?,
         duration_s = ?, prompt_tokens = ?, completion_tokens = ?, cost_usd = ?, error = ?,
         cached = ?, finished_at = ?
       WHERE run_id = ? AND task_id = ? AND model = ? AND sample = ?`,
    ).run(
      r.outcome,
      r.testsPassed,
      r.testsTotal,
      r.durationS,
      r.promptTokens,
      r.completionTokens,
      r.costUsd,
      r.error,
      r.cached ? 1 : 0,
      new Date().toISOString(),
      r.runId,
      r.taskId,
      r.model,
      r.sample,
    );
  }

  listAttempts(runId: string): AttemptRow[] {
    return this.db.prepare(
      "SELECT * FROM attempts WHERE run_id = ? ORDER BY task_id, model, sample",
    ).all(runId) as unknown as AttemptRow[];
  }

  /** Test count of each task's newest passing `reference` attempt. */
  referenceTestCounts(): { task_id: string; tests_total: number }[] {
    return this.db.prepare(
      `SELECT task_id, tests_total FROM attempts a
       WHERE model = 'reference' AND outcome = 'passed' AND id = (
         SELECT MAX(id) FROM attempts b
         WHERE b.task_id = a.task_id AND b.model = 'reference' AND b.outcome = 'passed')`,
    ).all() as unknown as { task_id: string; tests_total: number }[];
  }

  /**
   * Per task and model, over every recorded attempt: how many were graded (`notGraded`
   * outcomes are not) and how many of those passed. For the catalog's pass rates.
   */
  passCountsByTaskAndModel(notGraded: readonly string[]): TaskModelCount[] {
    return this.db.prepare(
      `WITH ungraded(outcome) AS (SELECT value FROM json_each(?))
       SELECT task_id, model, COUNT(*) AS graded, SUM(outcome = 'passed') AS passed
       FROM attempts
       WHERE outcome IS NOT NULL AND outcome NOT IN ungraded
       GROUP BY task_id, model
       ORDER BY task_id, model`,
    ).all(JSON.stringify(notGraded)) as unknown as TaskModelCount[];
  }

  /** A task's latest attempts (any run), newest first. */
  listTaskAttempts(taskId: string, limit: number): AttemptRow[] {
    return this.db.prepare(
      "SELECT * FROM attempts WHERE task_id = ? ORDER BY id DESC LIMIT ?",
    ).all(taskId, limit) as unknown as AttemptRow[];
  }

  /** Appends a progress event and returns its id. */
  insertEvent(runId: string, type: string, data: unknown): number {
    const r = this.db.prepare(
      "INSERT INTO events (run_id, type, data_json, created_at) VALUES (?, ?, ?, ?)",
    ).run(runId, type, JSON.stringify(data), new Date().toISOString());
    return Number(r.lastInsertRowid);
  }

  /** Events after `afterId` (all runs, or one), oldest first. */
  listEventsAfter(afterId: number, runId?: string, limit = 1000): EventRow[] {
    if (runId) {
      return this.db.prepare(
        "SELECT * FROM events WHERE id > ? AND run_id = ? ORDER BY id LIMIT ?",
      ).all(afterId, runId, limit) as unknown as EventRow[];
    }
    return this.db.prepare("SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?")
      .all(afterId, limit) as unknown as EventRow[];
  }

  /** The newest event id (0 when there is none). */
  maxEventId(): number {
    return (this.db.prepare("SELECT COALESCE(MAX(id), 0) AS n FROM events").get() as { n: number })
      .n;
  }

  /** Runs, newest first, with attempt counts and finished runs' per-model totals. */
  listRunOverviews(limit: number, offset: number): RunOverviewRow[] {
    return this.db.prepare(
      `${RUN_OVERVIEW_SELECT} ORDER BY r.started_at DESC, r.id DESC LIMIT ? OFFSET ?`,
    ).all(limit, offset) as unknown as RunOverviewRow[];
  }

  getRunOverview(id: string): RunOverviewRow | undefined {
    return this.db.prepare(`${RUN_OVERVIEW_SELECT} WHERE r.id = ?`).get(id) as
      | RunOverviewRow
      | undefined;
  }

  /**
   * For each model, its best-accuracy finished run with that same run's cost, duration and
   * tokens; equal accuracy goes to the lower cost (unknown cost last), then the shorter run.
   * Accuracy is passed / graded attempts, where `notGraded` outcomes do not count.
   */
  bestRunPerModel(notGraded: readonly string[]): LeaderboardRow[] {
    return this.db.prepare(
      `WITH ungraded(outcome) AS (SELECT value FROM json_each(?1)),
       graded_attempts AS (
         SELECT a.model, a.run_id, a.outcome, a.tests_passed, a.tests_total, a.cost_usd,
                a.duration_s, a.prompt_tokens, a.completion_tokens,
                a.outcome NOT IN ungraded AS graded
         FROM runs r JOIN attempts a ON a.run_id = r.id
         WHERE r.status = 'finished' AND a.outcome IS NOT NULL
       ),
       per_run AS (
         SELECT model, run_id,
                COUNT(*) AS attempts,
                SUM(graded) AS graded,
                SUM(outcome = 'passed') AS passed,
                COALESCE(SUM(graded * tests_passed), 0) AS tests_passed,
                COALESCE(SUM(graded * tests_total), 0) AS tests_total,
                SUM(cost_usd) AS cost_usd,
                COALESCE(SUM(duration_s), 0) AS duration_s,
                COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens,
                COALESCE(SUM(completion_tokens), 0) AS completion_tokens
         FROM graded_attempts
         GROUP BY model, run_id
       ),
       ranked AS (
         SELECT *, CAST(passed AS REAL) / graded AS accuracy,
                COUNT(*) OVER (PARTITION BY model) AS runs,
                ROW_NUMBER() OVER (
                  PARTITION BY model
                  ORDER BY CAST(passed AS REAL) / graded DESC, cost_usd IS NULL, cost_usd,
                           duration_s, run_id DESC
                ) AS rank
         FROM per_run WHERE graded > 0
       )
       SELECT ranked.model, ranked.run_id, r.started_at, r.finished_at, accuracy, passed,
              graded, attempts, tests_passed, tests_total, cost_usd, duration_s,
              prompt_tokens, completion_tokens, ranked.runs
       FROM ranked JOIN runs r ON r.id = ranked.run_id
       WHERE rank = 1
       ORDER BY accuracy DESC, cost_usd IS NULL, cost_usd, ranked.model`,
    ).all(JSON.stringify(notGraded)) as unknown as LeaderboardRow[];
  }
}

const RUN_OVERVIEW_SELECT = `SELECT r.id, r.started_at, r.finished_at, r.status, r.settings_json,
    r.parent_run_id, r.parent_kind, r.pid,
    json_extract(r.summary_json, '$.totals') AS totals_json,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id) AS attempts_total,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id AND a.outcome IS NOT NULL)
      AS attempts_done,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id AND a.outcome = 'passed')
      AS attempts_passed
  FROM runs r`;
