// The history store's interface: what the engine, the server and the pages need from the
// place runs, attempts and progress events are kept. Every method returns a Promise so an
// implementation over a network database (PostgreSQL) fits behind it with no caller
// changed; lib/store/sqlite.ts is the embedded one. Run state is written only through
// harness/lifecycle.ts (see lifecycle_test.ts, which greps for other writers).
import type { Attempt, AttemptResult, LeaderboardRow, RunSettings } from "../wire.ts";

export type { LeaderboardRow } from "../wire.ts";

export type RunStatus = "running" | "finished" | "cancelled" | "interrupted" | "failed";

/** A stored run. */
export interface RunRecord {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  settings: RunSettings;
  parent_run_id: string | null;
  parent_kind: string | null;
  /** The process that runs (or ran) it. */
  pid: number | null;
  /** Why it failed, when it did. */
  error: string | null;
}

/** A run with its attempt counts (and per-model totals once finished), for lists. */
export interface RunOverview extends RunRecord {
  /** `summary.totals` once finished, else null. */
  totals: unknown[] | null;
  attempts_total: number;
  attempts_done: number;
  attempts_passed: number;
}

/** An attempt as stored: its run and the listed shape. */
export interface StoredAttempt extends Attempt {
  run_id: string;
}

/** Which attempt: a run, a task, a model, a sample. */
export interface AttemptKey {
  runId: string;
  taskId: string;
  model: string;
  sample: number;
}

/** A model's stored answer (for --regrade). */
export interface StoredAnswer {
  task_id: string;
  model: string;
  sample: number;
  text: string;
  /** What the provider said about it (tokens, cost, latency), as saved. */
  meta: Record<string, unknown>;
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

export interface NewRun {
  id: string;
  startedAt: string;
  settings: RunSettings;
  parentRunId?: string | null;
  parentKind?: string | null;
  pid: number;
}

/**
 * A store that failed: `message` is one line naming the store's file (or address) and the
 * cause, e.g. `runs/history.db: database or disk is full`.
 */
export class StoreError extends Error {
  override name = "StoreError";
}

/** The history store. Methods reject with StoreError. */
export interface Store {
  /** The file (or address) it keeps its data in, for messages. */
  readonly location: string;
  close(): Promise<void>;

  // Run state: called only by harness/lifecycle.ts.
  insertRun(run: NewRun): Promise<void>;
  /** Ends a run: its status, end time, summary (summary.json's) and failure reason. */
  endRun(
    id: string,
    end: { status: RunStatus; finishedAt: string; summary: unknown; error?: string | null },
  ): Promise<void>;
  /** Takes a stopped run up again: `running`, owned by `pid`. */
  reopenRun(id: string, pid: number): Promise<void>;
  /** Marks `running` runs whose process is gone as `interrupted`; returns their ids. */
  markInterruptedRuns(isAlive: (pid: number) => boolean): Promise<string[]>;

  // Attempts.
  /** Inserts queued attempts (keeping existing ones, for resume). */
  insertAttempts(keys: AttemptKey[]): Promise<void>;
  setAttemptStage(key: AttemptKey, stage: string): Promise<void>;
  /** Stores the model's answer apart from its grade, so it can be graded again. */
  saveResponse(key: AttemptKey, text: string, meta: Record<string, unknown>): Promise<void>;
  /**
   * Takes an attempt for the grader holding `lease` (null: frees it). With `ifFree`, only
   * an attempt nobody holds is taken. Resolves true when this call took it.
   */
  leaseAttempt(key: AttemptKey, lease: string | null, ifFree?: boolean): Promise<boolean>;
  /**
   * Stores a finished attempt's whole result. With `lease`, only while that lease still
   * holds the attempt (a grader whose job was handed to another records nothing): resolves
   * true when it was stored.
   */
  finishAttempt(runId: string, result: AttemptResult, lease?: string): Promise<boolean>;
  /** The model's stored answer for one attempt, if it answered. */
  getAnswer(key: AttemptKey): Promise<StoredAnswer | undefined>;

  // Reads.
  getRun(id: string): Promise<RunRecord | undefined>;
  countRuns(): Promise<number>;
  /** Runs, newest first, with attempt counts and finished runs' per-model totals. */
  listRunOverviews(limit: number, offset: number): Promise<RunOverview[]>;
  getRunOverview(id: string): Promise<RunOverview | undefined>;
  /** A run's attempts, by task, model and sample. */
  listAttempts(runId: string): Promise<StoredAttempt[]>;
  /** A task's latest attempts (any run), newest first. */
  listTaskAttempts(taskId: string, limit: number): Promise<StoredAttempt[]>;
  /** A run's stored answers. */
  listAnswers(runId: string): Promise<StoredAnswer[]>;
  /** Test count of each task's newest passing `reference` attempt. */
  referenceTestCounts(): Promise<{ task_id: string; tests_total: number }[]>;
  /** Per task and model: graded attempts (`notGraded` outcomes are not) and passed ones. */
  passCountsByTaskAndModel(notGraded: readonly string[]): Promise<TaskModelCount[]>;
  /**
   * For each model, its best-accuracy finished run with that same run's cost, duration,
   * tokens and flagged attempts; equal accuracy goes to the lower cost (unknown cost last),
   * then the shorter run. Accuracy is passed / graded attempts.
   */
  bestRunPerModel(notGraded: readonly string[]): Promise<LeaderboardRow[]>;

  // Progress events.
  /** Appends an event and returns its id. */
  insertEvent(runId: string, type: string, data: unknown): Promise<number>;
  /** Appends events in one transaction (readers see all or none). */
  insertEvents(events: { runId: string; type: string; data: unknown }[]): Promise<void>;
  /** Events after `afterId` (all runs, or one), oldest first. */
  listEventsAfter(afterId: number, runId?: string, limit?: number): Promise<EventRow[]>;
  /** The newest event id (0 when there is none). */
  maxEventId(): Promise<number>;
}

/**
 * A store that keeps attempt files itself (PostgreSQL: workers on other machines write
 * them), so the server can serve what is not on its own disk.
 */
export interface AttemptFileStore {
  putAttemptFile(runId: string, dir: string, name: string, bytes: Uint8Array): Promise<void>;
  /** The file's bytes, or undefined when it was never stored. */
  readAttemptFile(runId: string, dir: string, name: string): Promise<Uint8Array | undefined>;
}

/** Whether `store` keeps attempt files (see AttemptFileStore). */
export function keepsAttemptFiles(store: Store): store is Store & AttemptFileStore {
  return "readAttemptFile" in store;
}
