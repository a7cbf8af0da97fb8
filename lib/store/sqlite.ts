// The embedded store: runs/history.db through node:sqlite, WAL mode, a busy timeout (the
// dashboard reads while a CLI run writes), versioned migrations (migrations.ts) and
// verb-noun queries. The one module that writes SQL. Every failure is a StoreError whose
// one-line message names the database file ("…/history.db: disk I/O error").
import { DatabaseSync } from "node:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { attemptDirName, type AttemptResult, tryBucket } from "../wire.ts";
import { MIGRATIONS } from "./migrations.ts";
import {
  ATTEMPT_COLUMNS,
  type Row,
  runOverview,
  runRecord,
  storedAnswer,
  storedAttempt,
} from "./rows.ts";
import { countAttempt, recountRun, SUITE_BUCKETS } from "./sqlite_stats.ts";
import {
  type AttemptKey,
  type Bucket,
  type BucketKind,
  type EventRow,
  type ModelBestRun,
  type ModelRun,
  type NewRun,
  type RunOverview,
  type RunRecord,
  type RunStatus,
  type Store,
  type StoredAnswer,
  type StoredAttempt,
  StoreError,
  type SuiteRecord,
  type TaskModelCount,
  type TaskOutcomes,
  type TaskStats,
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
        `INSERT INTO runs (id, started_at, status, settings_json, parent_run_id, parent_kind, pid,
           suite_id, suite_name, suite_tasks)
         VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        run.id,
        run.startedAt,
        JSON.stringify(run.settings),
        run.parentRunId ?? null,
        run.parentKind ?? null,
        run.pid,
        run.suite.id,
        run.suite.name,
        run.suite.tasks,
      );
    });
  }

  endRun(
    id: string,
    end: { status: RunStatus; finishedAt: string; summary: unknown; error?: string | null },
  ): Promise<void> {
    return this.#q((db) =>
      inTransaction(db, () => {
        const from = this.#status(db, id);
        db.prepare(
          "UPDATE runs SET status = ?, finished_at = ?, summary_json = ?, error = ? WHERE id = ?",
        ).run(end.status, end.finishedAt, JSON.stringify(end.summary), end.error ?? null, id);
        if (from) recountRun(db, id, from, end.status);
      })
    );
  }

  reopenRun(id: string, pid: number): Promise<void> {
    return this.#q((db) =>
      inTransaction(db, () => {
        const from = this.#status(db, id);
        db.prepare(
          "UPDATE runs SET status = 'running', finished_at = NULL, error = NULL, pid = ? WHERE id = ?",
        ).run(pid, id);
        if (from) recountRun(db, id, from, "running");
      })
    );
  }

  #status(db: DatabaseSync, id: string): string | undefined {
    const row = db.prepare("SELECT status FROM runs WHERE id = ?").get(id) as Row | undefined;
    return row ? String(row.status) : undefined;
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
    return this.#q((db) => {
      let stored = false;
      inTransaction(db, () => {
        const before = db.prepare(`SELECT result_json, lease FROM attempts WHERE ${KEY}`)
          .get(runId, r.task_id, r.model, r.sample) as Row | undefined;
        // A grader whose lease was handed to another records nothing.
        if (!before || (lease !== undefined && before.lease !== lease)) return;
        if (before.result_json) {
          countAttempt(db, runId, JSON.parse(String(before.result_json)), -1);
        }
        countAttempt(db, runId, r, 1);
        stored = true;
        db.prepare(
          `UPDATE attempts SET outcome = ?, stage = 'done', tests_passed = ?, tests_total = ?,
           duration_s = ?, prompt_tokens = ?, completion_tokens = ?, cost_usd = ?, error = ?,
           cached = ?, finished_at = ?, result_json = ?, try_bucket = ?
         WHERE ${KEY}`,
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
          tryBucket(r),
          runId,
          r.task_id,
          r.model,
          r.sample,
        );
      });
      return stored;
    });
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
      const row = db.prepare(`${RUN_SELECT} WHERE id = ?`).get(id) as Row | undefined;
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

  listSuites(): Promise<SuiteRecord[]> {
    return this.#q((db) =>
      (db.prepare(
        `SELECT suite_id AS id, COUNT(*) AS runs,
           MAX(CASE WHEN status = 'finished' THEN finished_at END) AS last_finished_at,
           (SELECT suite_name FROM runs n WHERE n.suite_id = r.suite_id
            ORDER BY started_at DESC, id DESC LIMIT 1) AS name,
           MAX(suite_tasks) AS tasks
         FROM runs r WHERE status IN ('finished', 'cancelled')
         GROUP BY suite_id ORDER BY last_finished_at DESC, suite_id`,
      ).all() as Row[]).map((r) => ({
        id: String(r.id),
        name: String(r.name),
        tasks: Number(r.tasks),
        runs: Number(r.runs),
        last_finished_at: r.last_finished_at as string | null,
      }))
    );
  }

  listSuiteRuns(suiteId: string): Promise<RunRecord[]> {
    return this.#q((db) =>
      (db.prepare(`${RUN_SELECT} WHERE suite_id = ? ORDER BY started_at, id`).all(suiteId) as Row[])
        .map(runRecord)
    );
  }

  listSuiteTaskStats(suiteId: string): Promise<TaskStats[]> {
    return this.#q((db) =>
      (db.prepare(
        `SELECT * FROM suite_task_stats WHERE suite_id = ? AND attempts > 0 ORDER BY model, task_id`,
      ).all(suiteId) as Row[]).map(({ suite_id: _s, cost_n, ...r }) =>
        ({
          ...r,
          cost_usd: Number(cost_n) > 0 ? r.cost_usd : null,
        }) as unknown as TaskStats
      )
    );
  }

  listSuiteBuckets(suiteId: string, kind: BucketKind): Promise<Bucket[]> {
    return this.#q((db) =>
      db.prepare(
        `SELECT model, bucket, n FROM ${SUITE_BUCKETS[kind]} WHERE suite_id = ? AND n > 0
         ORDER BY model, bucket`,
      ).all(suiteId) as unknown as Bucket[]
    );
  }

  listSuiteBestRuns(suiteId: string): Promise<ModelBestRun[]> {
    return this.#q((db) =>
      db.prepare(
        `SELECT m.model, m.runs, s.run_id, r.started_at, r.finished_at,
           CAST(s.passed AS REAL) / s.graded AS accuracy, s.graded, s.passed,
           CASE WHEN s.cost_n > 0 THEN s.cost_usd END AS cost_usd, s.duration_s,
           s.prompt_tokens, s.completion_tokens
         FROM suite_models m
           JOIN run_stats s ON s.run_id = m.best_run_id AND s.model = m.model
           JOIN runs r ON r.id = m.best_run_id
         WHERE m.suite_id = ? ORDER BY m.model`,
      ).all(suiteId) as unknown as ModelBestRun[]
    );
  }

  listModelRuns(model: string): Promise<ModelRun[]> {
    return this.#q((db) =>
      db.prepare(
        `SELECT r.id AS run_id, r.suite_id FROM run_stats s JOIN runs r ON r.id = s.run_id
         WHERE s.model = ? AND r.status IN ('finished', 'cancelled') AND s.attempts > 0
         ORDER BY r.started_at, r.id`,
      ).all(model) as unknown as ModelRun[]
    );
  }

  countTaskOutcomes(
    runIds: readonly string[],
    notGraded: readonly string[],
    model?: string,
  ): Promise<TaskOutcomes[]> {
    return this.#q((db) =>
      (db.prepare(
        `WITH ungraded(outcome) AS (SELECT value FROM json_each(?2)),
         graded AS (
           SELECT task_id, outcome, run_id || '/' || attempt_dir AS link, try_bucket AS try
           FROM attempts
           WHERE run_id IN (SELECT value FROM json_each(?1)) AND outcome IS NOT NULL
             AND outcome NOT IN ungraded AND (?3 IS NULL OR model = ?3)
           ORDER BY task_id, run_id, model, sample)
         SELECT task_id, COUNT(*) AS n, SUM(outcome = 'passed') AS c,
           group_concat(link, char(10)) AS links,
           group_concat(CASE WHEN try NOT IN (1, -1) THEN try END, ',') AS later_tries
         FROM graded GROUP BY task_id ORDER BY task_id`,
      ).all(JSON.stringify(runIds), JSON.stringify(notGraded), model ?? null) as Row[]).map((
        r,
      ) => ({
        task_id: String(r.task_id),
        n: Number(r.n),
        c: Number(r.c),
        links: String(r.links).split("\n"),
        later_tries: r.later_tries ? String(r.later_tries).split(",").map(Number) : [],
      }))
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
  // A caller already in a transaction (finishAttempt inside a migration) joins it.
  if (db.isTransaction) return fn();
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

const RUN_COLUMNS = `id, started_at, finished_at, status, settings_json, parent_run_id,
    parent_kind, pid, error, suite_id, suite_name, suite_tasks,
    json_extract(summary_json, '$.stamp.harness_commit') AS "commit"`;
const RUN_SELECT = `SELECT ${RUN_COLUMNS} FROM runs`;

const RUN_OVERVIEW_SELECT = `SELECT r.id, r.started_at, r.finished_at, r.status, r.settings_json,
    r.parent_run_id, r.parent_kind, r.pid, r.error, r.suite_id, r.suite_name, r.suite_tasks,
    json_extract(r.summary_json, '$.stamp.harness_commit') AS "commit",
    json_extract(r.summary_json, '$.totals') AS totals_json,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id) AS attempts_total,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id AND a.outcome IS NOT NULL)
      AS attempts_done,
    (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.id AND a.outcome = 'passed')
      AS attempts_passed
  FROM runs r`;
