// The shared store: the same Store on PostgreSQL through a `pg` Pool, for many processes
// on many machines (server, bench, workers). Same logical schema as SQLite, its own
// migrations (postgres_migrations.ts, run under an advisory lock), and two things SQLite
// has no need of: attempt files kept in the database (workers grade elsewhere) and a
// NOTIFY per event so followers on other machines wake at once. Every failure is a
// StoreError whose one line names the URL without its password.
import pg from "pg";
import { durationBucket } from "../duration_histogram.ts";
import { attemptDirName, type AttemptResult, tryBucket } from "../wire.ts";
import { MIGRATION_LOCK, PG_MIGRATIONS } from "./postgres_migrations.ts";
import { RUN_COLUMNS, RUN_OVERVIEW_SELECT, TASK_OUTCOMES } from "./postgres_queries.ts";
import {
  countRun,
  MODEL_RUNS,
  SUITE_BEST_RUNS,
  SUITE_BUCKETS,
  SUITE_TASK_STATS,
  uncountRun,
} from "./postgres_stats.ts";
import {
  ATTEMPT_COLUMNS,
  type Row,
  runOverview,
  runRecord,
  storedAnswer,
  storedAttempt,
} from "./rows.ts";
import {
  type AttemptFileStore,
  type AttemptKey,
  type Bucket,
  type BucketKind,
  countsTowardSuite,
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

/** The channel every inserted event is announced on (payload: its id). */
export const EVENTS_CHANNEL = "bench_events";
/** Connections per process: a server or worker needs a handful, never one per attempt. */
const POOL_MAX = 10;
const KEY = "run_id = $1 AND task_id = $2 AND model = $3 AND sample = $4";
const keyArgs = (k: AttemptKey) => [k.runId, k.taskId, k.model, k.sample];

/** `postgres://user@host:port/db`: the URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    return u.toString().replace(/@@/, "@");
  } catch {
    return "postgres://(unparsable URL)";
  }
}

/** The PostgreSQL store at `url`; `open()` it (migrating) before use. */
export class PostgresStore implements Store, AttemptFileStore {
  readonly location: string;
  readonly pool: pg.Pool;

  private constructor(readonly url: string, max: number) {
    this.location = redactUrl(url);
    this.pool = new pg.Pool({ connectionString: url, max });
    // An idle client losing its server must not crash the process; the next query reports it.
    this.pool.on("error", () => {});
  }

  /** Connects and migrates; rejects with a StoreError naming the URL. */
  static async open(url: string, max = POOL_MAX): Promise<PostgresStore> {
    const store = new PostgresStore(url, max);
    try {
      await store.#migrate();
    } catch (e) {
      await store.pool.end().catch(() => {});
      throw storeError(store.location, e);
    }
    return store;
  }

  async #migrate() {
    const c = await this.pool.connect();
    try {
      await c.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      await c.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      for (let v = await this.#version(c) + 1; v <= PG_MIGRATIONS.length; v++) {
        await c.query("BEGIN");
        try {
          await c.query(PG_MIGRATIONS[v - 1]);
          await c.query("INSERT INTO schema_version (version) VALUES ($1)", [v]);
          await c.query("COMMIT");
        } catch (e) {
          await c.query("ROLLBACK");
          throw e;
        }
      }
    } finally {
      await c.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
      c.release();
    }
  }

  async #version(c: pg.PoolClient): Promise<number> {
    const r = await c.query("SELECT MAX(version) AS v FROM schema_version");
    return Number(r.rows[0].v ?? 0);
  }

  /** The last migration applied. */
  async schemaVersion(): Promise<number> {
    return await this.#q(async () => {
      const c = await this.pool.connect();
      try {
        return await this.#version(c);
      } finally {
        c.release();
      }
    });
  }

  /** Runs `fn`; any failure becomes a StoreError naming the URL. */
  async #q<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw storeError(this.location, e);
    }
  }

  #rows(sql: string, args: unknown[] = []): Promise<Row[]> {
    return this.#q(async () => (await this.pool.query(sql, args)).rows);
  }

  #count(sql: string, args: unknown[]): Promise<number> {
    return this.#q(async () => (await this.pool.query(sql, args)).rowCount ?? 0);
  }

  async #tx(fn: (c: pg.PoolClient) => Promise<void>): Promise<void> {
    await this.#q(async () => {
      const c = await this.pool.connect();
      try {
        await c.query("BEGIN");
        await fn(c);
        await c.query("COMMIT");
      } catch (e) {
        await c.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    });
  }

  async close(): Promise<void> {
    await this.#q(() => this.pool.end());
  }

  async insertRun(run: NewRun): Promise<void> {
    await this.#rows(
      `INSERT INTO runs (id, started_at, status, settings_json, parent_run_id, parent_kind, pid,
         host, suite_id, suite_name, suite_tasks)
       VALUES ($1, $2, 'running', $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        run.id,
        run.startedAt,
        JSON.stringify(run.settings),
        run.parentRunId ?? null,
        run.parentKind ?? null,
        run.pid,
        Deno.hostname(),
        run.suite.id,
        run.suite.name,
        run.suite.tasks,
      ],
    );
  }

  async endRun(
    id: string,
    end: { status: RunStatus; finishedAt: string; summary: unknown; error?: string | null },
  ): Promise<void> {
    await this.#changeStatus(id, end.status, (c) =>
      c.query(
        "UPDATE runs SET status = $1, finished_at = $2, summary_json = $3, error = $4 WHERE id = $5",
        [end.status, end.finishedAt, JSON.stringify(end.summary), end.error ?? null, id],
      ));
  }

  async reopenRun(id: string, pid: number): Promise<void> {
    await this.#changeStatus(id, "running", (c) =>
      c.query(
        `UPDATE runs SET status = 'running', finished_at = NULL, error = NULL, pid = $1, host = $3
         WHERE id = $2`,
        [pid, id, Deno.hostname()],
      ));
  }

  /**
   * Changes a run's status with `update` and, in the same transaction, adds its sums to its
   * suite when it starts counting or takes them out when it stops (postgres_stats.ts). The
   * run's row is locked first, so attempts finishing meanwhile are counted exactly once.
   */
  async #changeStatus(id: string, to: string, update: (c: pg.PoolClient) => Promise<unknown>) {
    await this.#tx(async (c) => {
      const { rows } = await c.query("SELECT status FROM runs WHERE id = $1 FOR UPDATE", [id]);
      const was = rows[0] ? countsTowardSuite(rows[0].status) : false;
      if (was && !countsTowardSuite(to)) await uncountRun(c, id);
      await update(c);
      if (!was && countsTowardSuite(to)) await countRun(c, id);
    });
  }

  // A pid names a process on one machine only, so only runs started on this machine are
  // judged: a bench running on another machine is not this server's to interrupt.
  async markInterruptedRuns(isAlive: (pid: number) => boolean): Promise<string[]> {
    const rows = await this.#rows(
      "SELECT id, pid FROM runs WHERE status = 'running' AND (host = $1 OR host IS NULL)",
      [Deno.hostname()],
    );
    const gone = rows.filter((r) => r.pid === null || !isAlive(Number(r.pid))).map((r) =>
      String(r.id)
    );
    if (gone.length) {
      await this.#rows("UPDATE runs SET status = 'interrupted' WHERE id = ANY($1)", [gone]);
    }
    return gone;
  }

  async insertAttempts(keys: AttemptKey[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#rows(
      `INSERT INTO attempts (run_id, task_id, model, sample, attempt_dir)
       SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int[], $5::text[])
       ON CONFLICT (run_id, task_id, model, sample) DO NOTHING`,
      [
        keys.map((k) => k.runId),
        keys.map((k) => k.taskId),
        keys.map((k) => k.model),
        keys.map((k) => k.sample),
        keys.map((k) => attemptDirName(k.taskId, k.model, k.sample)),
      ],
    );
  }

  async setAttemptStage(k: AttemptKey, stage: string): Promise<void> {
    await this.#rows(
      `UPDATE attempts SET stage = $5, started_at = COALESCE(started_at, $6) WHERE ${KEY}`,
      [...keyArgs(k), stage, new Date().toISOString()],
    );
  }

  async saveResponse(k: AttemptKey, text: string, meta: Record<string, unknown>): Promise<void> {
    await this.#rows(
      `UPDATE attempts SET response_text = $5, response_meta_json = $6 WHERE ${KEY}`,
      [...keyArgs(k), text, JSON.stringify(meta)],
    );
  }

  async leaseAttempt(k: AttemptKey, lease: string | null, ifFree = false): Promise<boolean> {
    const free = ifFree ? " AND lease IS NULL" : "";
    return await this.#count(`UPDATE attempts SET lease = $5 WHERE ${KEY}${free}`, [
      ...keyArgs(k),
      lease,
    ]) === 1;
  }

  async finishAttempt(runId: string, r: AttemptResult, lease?: string): Promise<boolean> {
    const args = [
      runId,
      r.task_id,
      r.model,
      r.sample,
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
      durationBucket(Number(r.duration_s) || 0),
      (r.integrity_flags?.length ?? 0) > 0 ? 1 : 0,
      r.lazy ? 1 : 0,
    ];
    const held = lease === undefined ? "" : " AND lease = $20";
    let stored = false;
    await this.#tx(async (c) => {
      // A run that already counts (rare: an attempt finished after its run ended) has its
      // suite sums taken out and put back around the change; the share lock keeps the run
      // from ending or reopening meanwhile.
      const { rows } = await c.query("SELECT status FROM runs WHERE id = $1 FOR SHARE", [runId]);
      const counts = rows[0] ? countsTowardSuite(rows[0].status) : false;
      if (counts) await uncountRun(c, runId);
      const done = await c.query(
        `UPDATE attempts SET outcome = $5, stage = 'done', tests_passed = $6, tests_total = $7,
           duration_s = $8, prompt_tokens = $9, completion_tokens = $10, cost_usd = $11,
           error = $12, cached = $13, finished_at = $14, result_json = $15, try_bucket = $16,
           duration_bucket = $17, flagged = $18, lazy = $19
         WHERE ${KEY}${held}`,
        lease === undefined ? args : [...args, lease],
      );
      stored = done.rowCount === 1;
      if (counts) await countRun(c, runId);
    });
    return stored;
  }

  async getAnswer(k: AttemptKey): Promise<StoredAnswer | undefined> {
    const [row] = await this.#rows(
      `SELECT task_id, model, sample, response_text, response_meta_json FROM attempts
       WHERE ${KEY} AND response_text IS NOT NULL`,
      keyArgs(k),
    );
    return row && storedAnswer(row);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const [row] = await this.#rows(`SELECT ${RUN_COLUMNS} FROM runs r WHERE r.id = $1`, [id]);
    return row && runRecord(row);
  }

  async countRuns(): Promise<number> {
    return Number((await this.#rows("SELECT COUNT(*) AS n FROM runs"))[0].n);
  }

  async listRunOverviews(limit: number, offset: number): Promise<RunOverview[]> {
    return (await this.#rows(
      `${RUN_OVERVIEW_SELECT} ORDER BY r.started_at DESC, r.id DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    )).map(runOverview);
  }

  async getRunOverview(id: string): Promise<RunOverview | undefined> {
    const [row] = await this.#rows(`${RUN_OVERVIEW_SELECT} WHERE r.id = $1`, [id]);
    return row && runOverview(row);
  }

  async listAttempts(runId: string): Promise<StoredAttempt[]> {
    return (await this.#rows(
      `SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE run_id = $1
       ORDER BY task_id COLLATE "C", model COLLATE "C", sample`,
      [runId],
    )).map(storedAttempt);
  }

  async listTaskAttempts(taskId: string, limit: number): Promise<StoredAttempt[]> {
    return (await this.#rows(
      `SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE task_id = $1 ORDER BY id DESC LIMIT $2`,
      [taskId, limit],
    )).map(storedAttempt);
  }

  async listAnswers(runId: string): Promise<StoredAnswer[]> {
    return (await this.#rows(
      `SELECT task_id, model, sample, response_text, response_meta_json FROM attempts
       WHERE run_id = $1 AND response_text IS NOT NULL
       ORDER BY task_id COLLATE "C", model COLLATE "C", sample`,
      [runId],
    )).map(storedAnswer);
  }

  /**
   * What run `runId`'s finished attempts spent, fleet-wide: cost (unknown counts as 0) and
   * prompt + completion tokens, cached answers left out (they cost nothing this run).
   */
  async runSpending(runId: string): Promise<{ cost_usd: number; tokens: number }> {
    const [row] = await this.#rows(
      `SELECT COALESCE(SUM(cost_usd), 0)::float8 AS cost_usd,
         COALESCE(SUM(COALESCE(prompt_tokens, 0) + COALESCE(completion_tokens, 0)), 0)::float8
           AS tokens
       FROM attempts WHERE run_id = $1 AND outcome IS NOT NULL AND cached = 0`,
      [runId],
    );
    return { cost_usd: Number(row.cost_usd), tokens: Number(row.tokens) };
  }

  async referenceTestCounts(): Promise<{ task_id: string; tests_total: number }[]> {
    return (await this.#rows(
      `SELECT DISTINCT ON (task_id) task_id, tests_total FROM attempts
       WHERE model = 'reference' AND outcome = 'passed'
       ORDER BY task_id, id DESC`,
    )).map((r) => ({ task_id: String(r.task_id), tests_total: Number(r.tests_total) }));
  }

  async passCountsByTaskAndModel(notGraded: readonly string[]): Promise<TaskModelCount[]> {
    return (await this.#rows(
      `SELECT task_id, model, COUNT(*)::int AS graded,
              SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END)::int AS passed
       FROM attempts
       WHERE outcome IS NOT NULL AND NOT (outcome = ANY($1))
       GROUP BY task_id, model
       ORDER BY task_id COLLATE "C", model COLLATE "C"`,
      [notGraded],
    )) as unknown as TaskModelCount[];
  }

  async listSuites(): Promise<SuiteRecord[]> {
    return (await this.#rows(
      `SELECT suite_id AS id, COUNT(*)::int AS runs,
         MAX(CASE WHEN status = 'finished' THEN finished_at END) AS last_finished_at,
         (SELECT suite_name FROM runs n WHERE n.suite_id = r.suite_id
          ORDER BY started_at COLLATE "C" DESC, id COLLATE "C" DESC LIMIT 1) AS name,
         MAX(suite_tasks)::int AS tasks
       FROM runs r WHERE status IN ('finished', 'cancelled')
       GROUP BY suite_id
       ORDER BY MAX(CASE WHEN status = 'finished' THEN finished_at END) COLLATE "C" DESC NULLS LAST,
         suite_id COLLATE "C"`,
    )) as unknown as SuiteRecord[];
  }

  async listSuiteRuns(suiteId: string): Promise<RunRecord[]> {
    return (await this.#rows(
      `SELECT ${RUN_COLUMNS} FROM runs r WHERE r.suite_id = $1
       ORDER BY r.started_at COLLATE "C", r.id COLLATE "C"`,
      [suiteId],
    )).map(runRecord);
  }

  async listSuiteTaskStats(suiteId: string): Promise<TaskStats[]> {
    return (await this.#rows(SUITE_TASK_STATS, [suiteId])) as unknown as TaskStats[];
  }

  async listSuiteBuckets(suiteId: string, kind: BucketKind): Promise<Bucket[]> {
    return (await this.#rows(SUITE_BUCKETS, [suiteId, kind])) as unknown as Bucket[];
  }

  async listSuiteBestRuns(suiteId: string): Promise<ModelBestRun[]> {
    return (await this.#rows(SUITE_BEST_RUNS, [suiteId])) as unknown as ModelBestRun[];
  }

  async listModelRuns(model: string): Promise<ModelRun[]> {
    return (await this.#rows(MODEL_RUNS, [model])) as unknown as ModelRun[];
  }

  async countTaskOutcomes(
    runIds: readonly string[],
    notGraded: readonly string[],
    model?: string,
  ): Promise<TaskOutcomes[]> {
    return (await this.#rows(TASK_OUTCOMES, [runIds, notGraded, model ?? null])).map((r) => ({
      task_id: String(r.task_id),
      n: Number(r.n),
      c: Number(r.c),
      links: String(r.links).split("\n"),
      later_tries: r.later_tries ? String(r.later_tries).split(",").map(Number) : [],
    }));
  }

  async insertEvent(runId: string, type: string, data: unknown): Promise<number> {
    const [row] = await this.#rows(
      `WITH e AS (
         INSERT INTO events (run_id, type, data_json, created_at) VALUES ($1, $2, $3, $4)
         RETURNING id)
       SELECT id, pg_notify('${EVENTS_CHANNEL}', id::text) FROM e`,
      [runId, type, JSON.stringify(data), new Date().toISOString()],
    );
    return Number(row.id);
  }

  async insertEvents(events: { runId: string; type: string; data: unknown }[]): Promise<void> {
    if (events.length === 0) return;
    const now = new Date().toISOString();
    await this.#tx(async (c) => {
      for (const e of events) {
        await c.query(
          "INSERT INTO events (run_id, type, data_json, created_at) VALUES ($1, $2, $3, $4)",
          [e.runId, e.type, JSON.stringify(e.data), now],
        );
      }
      await c.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`);
    });
  }

  async listEventsAfter(afterId: number, runId?: string, limit = 1000): Promise<EventRow[]> {
    const rows = runId
      ? await this.#rows(
        "SELECT * FROM events WHERE id > $1 AND run_id = $2 ORDER BY id LIMIT $3",
        [afterId, runId, limit],
      )
      : await this.#rows("SELECT * FROM events WHERE id > $1 ORDER BY id LIMIT $2", [
        afterId,
        limit,
      ]);
    return rows.map((r) => ({ ...r, id: Number(r.id) }) as unknown as EventRow);
  }

  async maxEventId(): Promise<number> {
    return Number((await this.#rows("SELECT COALESCE(MAX(id), 0) AS n FROM events"))[0].n);
  }

  /**
   * Calls `onEvent` whenever any process inserts events (LISTEN on one dedicated
   * connection); resolves to a function that stops listening.
   */
  async listenEvents(onEvent: () => void): Promise<() => Promise<void>> {
    return await this.#q(async () => {
      const client = new pg.Client({ connectionString: this.url });
      client.on("error", () => {}); // a lost listener only slows followers to their poll
      await client.connect();
      client.on("notification", () => onEvent());
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      return async () => {
        await client.end().catch(() => {});
      };
    });
  }

  async putAttemptFile(runId: string, dir: string, name: string, bytes: Uint8Array) {
    await this.#rows(
      `INSERT INTO attempt_files (run_id, attempt_dir, name, content) VALUES ($1, $2, $3, $4)
       ON CONFLICT (run_id, attempt_dir, name) DO UPDATE SET content = EXCLUDED.content`,
      [runId, dir, name, bytes],
    );
  }

  async readAttemptFile(runId: string, dir: string, name: string) {
    const [row] = await this.#rows(
      "SELECT content FROM attempt_files WHERE run_id = $1 AND attempt_dir = $2 AND name = $3",
      [runId, dir, name],
    );
    return row ? new Uint8Array(row.content as unknown as Uint8Array) : undefined;
  }
}

/** `<url>: <cause>` in one line. */
function storeError(location: string, e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const err = e as Error & { code?: string };
  const text = err?.message || err?.code || String(e);
  return new StoreError(`${location}: ${text.split("\n")[0]}`, { cause: e });
}
