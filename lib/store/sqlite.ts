// The embedded store: runs/history.db through node:sqlite, WAL mode, a busy timeout (the
// dashboard reads while a CLI run writes), versioned migrations (migrations.ts) and
// verb-noun queries. The one module that writes SQL. Every failure is a StoreError whose
// one-line message names the database file ("…/history.db: disk I/O error").
import { DatabaseSync } from "node:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { attemptDirName, type AttemptResult, type LeaderboardRow } from "../wire.ts";
import { MIGRATIONS } from "./migrations.ts";
import {
  ATTEMPT_COLUMNS,
  type Row,
  runOverview,
  runRecord,
  storedAnswer,
  storedAttempt,
} from "./rows.ts";
import {
  type AttemptKey,
  type EventRow,
  type NewRun,
  type RunOverview,
  type RunRecord,
  type RunStatus,
  type Store,
  type StoredAnswer,
  type StoredAttempt,
  StoreError,
  type TaskModelCount,
} from "./store.ts";

const BUSY_TIMEOUT_MS = 10_000;
const KEY = "run_id = ? AND task_id = ? AND model = ? AND sample = ?";

/** The SQLite store at `path` (created and migrated on open). */
export class SqliteStore implements Store {
  readonly #db: DatabaseSync;

  /** Opens (creating and migrating) the database; throws StoreError naming the file. */
  constructor(readonly location: string) {
    try {
      mkdirSync(dirname(location), { recursive: true });
      this.#db = new DatabaseSync(location);
    } catch (e) {
      throw storeError(location, e);
    }
    try {
      this.#db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      this.#db.exec("PRAGMA journal_mode = WAL");
      this.#db.exec("PRAGMA synchronous = NORMAL");
      this.#db.exec("PRAGMA foreign_keys = ON");
      this.#migrate();
    } catch (e) {
      this.#db.close();
      throw storeError(location, e);
    }
  }

  #migrate() {
    this.#db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    for (let v = this.schemaVersion() + 1; v <= MIGRATIONS.length; v++) {
      this.#db.exec("BEGIN IMMEDIATE");
      try {
        const m = MIGRATIONS[v - 1];
        if (typeof m === "string") this.#db.exec(m);
        else m(this.#db, this.location);
        this.#db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(v);
        this.#db.exec("COMMIT");
      } catch (e) {
        this.#db.exec("ROLLBACK");
        throw e;
      }
    }
  }

  /** The last migration applied. */
  schemaVersion(): number {
    const row = this.#db.prepare("SELECT MAX(version) AS v FROM schema_version").get() as Row;
    return Number(row.v ?? 0);
  }

  /** Runs `fn` as one query: a Promise, and any failure a StoreError naming the file. */
  #q<T>(fn: (db: DatabaseSync) => T): Promise<T> {
    try {
      return Promise.resolve(fn(this.#db));
    } catch (e) {
      return Promise.reject(storeError(this.location, e));
    }
  }

  close(): Promise<void> {
    return this.#q((db) => {
      if (db.isOpen) db.close();
    });
  }

  insertRun(run: NewRun): Promise<void> {
    return this.#q((db) => {
      db.prepare(
        `INSERT INTO runs (id, started_at, status, settings_json, parent_run_id, parent_kind, pid)
         VALUES (?, ?, 'running', ?, ?, ?, ?)`,
      ).run(
        run.id,
        run.startedAt,
        JSON.stringify(run.settings),
        run.parentRunId ?? null,
        run.parentKind ?? null,
        run.pid,
      );
    });
  }

  endRun(
    id: string,
    end: { status: RunStatus; finishedAt: string; summary: unknown; error?: string | null },
  ): Promise<void> {
    return this.#q((db) => {
      db.prepare(
        "UPDATE runs SET status = ?, finished_at = ?, summary_json = ?, error = ? WHERE id = ?",
      ).run(end.status, end.finishedAt, JSON.stringify(end.summary), end.error ?? null, id);
    });
  }

  reopenRun(id: string, pid: number): Promise<void> {
    return this.#q((db) => {
      db.prepare(
        "UPDATE runs SET status = 'running', finished_at = NULL, error = NULL, pid = ? WHERE id = ?",
      ).run(pid, id);
    });
  }

  markInterruptedRuns(isAlive: (pid: number) => boolean): Promise<string[]> {
    return this.#q((db) => {
      const rows = db.prepare("SELECT id, pid FROM runs WHERE status = 'running'").all() as Row[];
      const gone = rows.filter((r) => r.pid === null || !isAlive(Number(r.pid)))
        .map((r) => String(r.id));
      const mark = db.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ?");
      for (const id of gone) mark.run(id);
      return gone;
    });
  }

  insertAttempts(keys: AttemptKey[]): Promise<void> {
    return this.#q((db) => {
      const add = db.prepare(
        `INSERT OR IGNORE INTO attempts (run_id, task_id, model, sample, attempt_dir)
         VALUES (?, ?, ?, ?, ?)`,
      );
      inTransaction(db, () => {
        for (const k of keys) {
          add.run(
            k.runId,
            k.taskId,
            k.model,
            k.sample,
            attemptDirName(k.taskId, k.model, k.sample),
          );
        }
      });
    });
  }

  setAttemptStage(k: AttemptKey, stage: string): Promise<void> {
    return this.#q((db) => {
      db.prepare(
        `UPDATE attempts SET stage = ?, started_at = COALESCE(started_at, ?) WHERE ${KEY}`,
      ).run(stage, new Date().toISOString(), k.runId, k.taskId, k.model, k.sample);
    });
  }

  saveResponse(k: AttemptKey, text: string, meta: Record<string, unknown>): Promise<void> {
    return this.#q((db) => {
      db.prepare(`UPDATE attempts SET response_text = ?, response_meta_json = ? WHERE ${KEY}`)
        .run(text, JSON.stringify(meta), k.runId, k.taskId, k.model, k.sample);
    });
  }

  leaseAttempt(k: AttemptKey, lease: string | null, ifFree = false): Promise<boolean> {
    return this.#q((db) =>
      Number(
        db.prepare(
          `UPDATE attempts SET lease = ? WHERE ${KEY}${ifFree ? " AND lease IS NULL" : ""}`,
        )
          .run(lease, k.runId, k.taskId, k.model, k.sample).changes,
      ) === 1
    );
  }

  finishAttempt(runId: string, r: AttemptResult, lease?: string): Promise<boolean> {
    return this.#q((db) =>
      Number(
        db.prepare(
          `UPDATE attempts SET outcome = ?, stage = 'done', tests_passed = ?, tests_total = ?,
             duration_s = ?, prompt_tokens = ?, completion_tokens = ?, cost_usd = ?, error = ?,
             cached = ?, finished_at = ?, result_json = ?
           WHERE ${KEY}${lease === undefined ? "" : " AND lease = ?"}`,
        ).run(
          r.outcome,
          r.tests_passed,
          r.tests_total,
          r.duration_s,
          r.prompt_tokens,
          r.completion_tokens,
          r.cost_usd,
          r.error,
          r.cached ? 1 : 0,
          new Date().toISOString(),
          JSON.stringify(r),
          runId,
          r.task_id,
          r.model,
          r.sample,
          ...(lease === undefined ? [] : [lease]),
        ).changes,
      ) === 1
    );
  }

  getAnswer(k: AttemptKey): Promise<StoredAnswer | undefined> {
    return this.#q((db) => {
      const row = db.prepare(
        `SELECT task_id, model, sample, response_text, response_meta_json FROM attempts
         WHERE ${KEY} AND response_text IS NOT NULL`,
      ).get(k.runId, k.taskId, k.model, k.sample) as Row | undefined;
      return row && storedAnswer(row);
    });
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.#q((db) => {
      const row = db.prepare("SELECT * FROM runs WHERE id = ?").get(id) as Row | undefined;
      return row && runRecord(row);
    });
  }

  countRuns(): Promise<number> {
    return this.#q((db) => Number((db.prepare("SELECT COUNT(*) AS n FROM runs").get() as Row).n));
  }

  listRunOverviews(limit: number, offset: number): Promise<RunOverview[]> {
    return this.#q((db) =>
      (db.prepare(`${RUN_OVERVIEW_SELECT} ORDER BY r.started_at DESC, r.id DESC LIMIT ? OFFSET ?`)
        .all(limit, offset) as Row[]).map(runOverview)
    );
  }

  getRunOverview(id: string): Promise<RunOverview | undefined> {
    return this.#q((db) => {
      const row = db.prepare(`${RUN_OVERVIEW_SELECT} WHERE r.id = ?`).get(id) as Row | undefined;
      return row && runOverview(row);
    });
  }

  listAttempts(runId: string): Promise<StoredAttempt[]> {
    return this.#q((db) =>
      (db.prepare(`${ATTEMPT_SELECT} WHERE run_id = ? ORDER BY task_id, model, sample`)
        .all(runId) as Row[]).map(storedAttempt)
    );
  }

  listTaskAttempts(taskId: string, limit: number): Promise<StoredAttempt[]> {
    return this.#q((db) =>
      (db.prepare(`${ATTEMPT_SELECT} WHERE task_id = ? ORDER BY id DESC LIMIT ?`)
        .all(taskId, limit) as Row[]).map(storedAttempt)
    );
  }

  listAnswers(runId: string): Promise<StoredAnswer[]> {
    return this.#q((db) =>
      (db.prepare(
        `SELECT task_id, model, sample, response_text, response_meta_json FROM attempts
         WHERE run_id = ? AND response_text IS NOT NULL ORDER BY task_id, model, sample`,
      ).all(runId) as Row[]).map(storedAnswer)
    );
  }

  referenceTestCounts(): Promise<{ task_id: string; tests_total: number }[]> {
    return this.#q((db) =>
      db.prepare(
        `SELECT task_id, tests_total FROM attempts a
         WHERE model = 'reference' AND outcome = 'passed' AND id = (
           SELECT MAX(id) FROM attempts b
           WHERE b.task_id = a.task_id AND b.model = 'reference' AND b.outcome = 'passed')`,
      ).all() as unknown as { task_id: string; tests_total: number }[]
    );
  }

  passCountsByTaskAndModel(notGraded: readonly string[]): Promise<TaskModelCount[]> {
    return this.#q((db) =>
      db.prepare(
        `WITH ungraded(outcome) AS (SELECT value FROM json_each(?))
         SELECT task_id, model, COUNT(*) AS graded, SUM(outcome = 'passed') AS passed
         FROM attempts
         WHERE outcome IS NOT NULL AND outcome NOT IN ungraded
         GROUP BY task_id, model
         ORDER BY task_id, model`,
      ).all(JSON.stringify(notGraded)) as unknown as TaskModelCount[]
    );
  }

  bestRunPerModel(notGraded: readonly string[]): Promise<LeaderboardRow[]> {
    return this.#q((db) =>
      db.prepare(BEST_RUN_PER_MODEL).all(JSON.stringify(notGraded)) as unknown as LeaderboardRow[]
    );
  }

  insertEvent(runId: string, type: string, data: unknown): Promise<number> {
    return this.#q((db) =>
      Number(
        db.prepare("INSERT INTO events (run_id, type, data_json, created_at) VALUES (?, ?, ?, ?)")
          .run(runId, type, JSON.stringify(data), new Date().toISOString()).lastInsertRowid,
      )
    );
  }

  insertEvents(events: { runId: string; type: string; data: unknown }[]): Promise<void> {
    return this.#q((db) => {
      const add = db.prepare(
        "INSERT INTO events (run_id, type, data_json, created_at) VALUES (?, ?, ?, ?)",
      );
      inTransaction(db, () => {
        const now = new Date().toISOString();
        for (const e of events) add.run(e.runId, e.type, JSON.stringify(e.data), now);
      });
    });
  }

  listEventsAfter(afterId: number, runId?: string, limit = 1000): Promise<EventRow[]> {
    return this.#q((db) =>
      (runId
        ? db.prepare("SELECT * FROM events WHERE id > ? AND run_id = ? ORDER BY id LIMIT ?")
          .all(afterId, runId, limit)
        : db.prepare("SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?")
          .all(afterId, limit)) as unknown as EventRow[]
    );
  }

  maxEventId(): Promise<number> {
    return this.#q((db) =>
      Number((db.prepare("SELECT COALESCE(MAX(id), 0) AS n FROM events").get() as Row).n)
    );
  }
}

function inTransaction(db: DatabaseSync, fn: () => void) {
  db.exec("BEGIN");
  try {
    fn();
    db.exec("COMMIT");
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}

/** `<file>: <cause>` in one line (node:sqlite's messages name no file). */
function storeError(location: string, e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  // node:sqlite sometimes appends the path itself ("unable to open database file: <path>").
  const cause = String((e as Error)?.message ?? e).split("\n")[0].replace(`: ${location}`, "");
  return new StoreError(`${location}: ${cause}`, { cause: e });
}

const ATTEMPT_SELECT = `SELECT ${ATTEMPT_COLUMNS} FROM attempts`;

const RUN_OVERVIEW_SELECT = `SELECT r.id, r.started_at, r.finished_at, r.status, r.settings_json,
    r.parent_run_id, r.parent_kind, r.pid, r.error,
    json_extract(r.summary_json, '$.totals') AS totals_json,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id) AS attempts_total,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id AND a.outcome IS NOT NULL)
      AS attempts_done,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id AND a.outcome = 'passed')
      AS attempts_passed
  FROM runs r`;

const BEST_RUN_PER_MODEL = `WITH ungraded(outcome) AS (SELECT value FROM json_each(?1)),
  graded_attempts AS (
    SELECT a.model, a.run_id, a.outcome, a.tests_passed, a.tests_total, a.cost_usd,
           a.duration_s, a.prompt_tokens, a.completion_tokens,
           a.outcome NOT IN ungraded AS graded,
           COALESCE(json_array_length(a.result_json, '$.integrity_flags'), 0) > 0 AS flagged
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
           COALESCE(SUM(completion_tokens), 0) AS completion_tokens,
           SUM(flagged) AS flagged
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
         prompt_tokens, completion_tokens, ranked.runs, ranked.flagged
  FROM ranked JOIN runs r ON r.id = ranked.run_id
  WHERE rank = 1
  ORDER BY accuracy DESC, cost_usd IS NULL, cost_usd, ranked.model`;
