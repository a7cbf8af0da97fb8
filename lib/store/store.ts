// The history store's interface: what the engine, the server and the pages need from the
// place runs, attempts and progress events are kept. Every method returns a Promise so an
// implementation over a network database (PostgreSQL) fits behind it with no caller
// changed; lib/store/sqlite.ts is the embedded one. Run state is written only through
// harness/lifecycle.ts (see lifecycle_test.ts, which greps for other writers).
import type { Attempt, AttemptResult, RunSettings } from "../wire.ts";

export type RunStatus = "running" | "finished" | "cancelled" | "interrupted" | "failed";

/** Statuses whose graded attempts count toward their suite (what a cancelled run graded is real). */
export const COUNTED_STATUSES: readonly RunStatus[] = ["finished", "cancelled"];

/** Whether a run of `status` counts toward its suite. */
export function countsTowardSuite(status: unknown): boolean {
  return (COUNTED_STATUSES as readonly unknown[]).includes(status);
}

/** A run's suite as stored (see lib/suite_id.ts): its id, readable name and task count. */
export interface RunSuite {
  id: string;
  name: string;
  tasks: number;
}

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
  suite: RunSuite;
  /** The harness commit of the run's reproducibility stamp; null until it ends, or unknown. */
  commit: string | null;
}

/** A suite that has finished or cancelled runs. */
export interface SuiteRecord {
  id: string;
  /** The name its newest run gave it. */
  name: string;
  tasks: number;
  /** Its finished and cancelled runs. */
  runs: number;
  /** When its latest finished (not cancelled) run ended. */
  last_finished_at: string | null;
}

/**
 * A suite's finished attempts of one model on one task, summed over its finished and
 * cancelled runs. `attempts`, `cost_usd` (null when no attempt knew its cost), `duration_s`
 * and the token counts cover every finished attempt; the rest only graded ones
 * (`graded_tokens`: prompt + completion tokens of the `graded_token_n` graded attempts that
 * reported any).
 */
export interface TaskStats {
  model: string;
  task_id: string;
  attempts: number;
  cost_usd: number | null;
  duration_s: number;
  prompt_tokens: number;
  completion_tokens: number;
  graded: number;
  passed: number;
  /** Graded attempts whose answer was malformed or did not apply. */
  malformed: number;
  tests_passed: number;
  tests_total: number;
  graded_tokens: number;
  graded_token_n: number;
  /** Finished attempts with integrity flags (signs the answer tampered with grading). */
  flagged: number;
  /** Graded attempts with placeholder code in an applied file. */
  lazy: number;
}

/**
 * The histograms kept per suite and model over graded attempts: `duration` buckets
 * (lib/duration_histogram.ts), and `try`: bucket i > 0 counts attempts passed on try i, -i
 * those not passed after i tries (so the suite's number of tries is known too).
 */
export type BucketKind = "duration" | "try";

/** How many graded attempts of a model fell in a bucket of a histogram. */
export interface Bucket {
  model: string;
  bucket: number;
  n: number;
}

/** A model's best run on a suite (the seed's leaderboard figure) and how many it has. */
export interface ModelBestRun {
  model: string;
  /** Its finished and cancelled runs on the suite. */
  runs: number;
  run_id: string;
  started_at: string;
  finished_at: string | null;
  /** passed / graded of that run. */
  accuracy: number;
  graded: number;
  passed: number;
  cost_usd: number | null;
  duration_s: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** A finished or cancelled run of a model, and its suite. */
export interface ModelRun {
  run_id: string;
  suite_id: string;
}

/** Graded attempts on one task: n tried, c passed, and `run_id/attempt_dir` of each. */
export interface TaskOutcomes {
  task_id: string;
  n: number;
  c: number;
  links: string[];
  /**
   * Try buckets (wire.ts tryBucket) of those that went past their first try; every other
   * passed one passed on try 1, every other failed one failed its only try. (One-shot runs
   * list none, so a comparison of them reads no per-attempt tries.)
   */
  later_tries: number[];
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
  suite: RunSuite;
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

  // Suites and the aggregates the leaderboard and comparisons read.
  /**
   * Suites with finished or cancelled runs, the one with the latest finished (not
   * cancelled) run first.
   */
  listSuites(): Promise<SuiteRecord[]>;
  /** A suite's runs (any status), oldest first. */
  listSuiteRuns(suiteId: string): Promise<RunRecord[]>;
  /**
   * A suite's aggregates by model and task, over its finished and cancelled runs. Kept up
   * to date as attempts finish and runs end or reopen: reading them scans no attempt.
   */
  listSuiteTaskStats(suiteId: string): Promise<TaskStats[]>;
  /** A suite's histogram of `kind` by model, over the same runs. */
  listSuiteBuckets(suiteId: string, kind: BucketKind): Promise<Bucket[]>;
  /**
   * Per model with graded attempts on the suite: its best finished or cancelled run there
   * by accuracy (passed / graded), equal accuracy going to the lower cost (unknown last),
   * then the shorter run, then the later run id (harness/leaderboard.ts bestRun's rule);
   * with that run's totals and the model's count of runs.
   */
  listSuiteBestRuns(suiteId: string): Promise<ModelBestRun[]>;
  /** A model's finished and cancelled runs (with attempts), oldest first. */
  listModelRuns(model: string): Promise<ModelRun[]>;
  /**
   * These runs' graded attempts (outcome not in `notGraded`; of `model` only, when given)
   * counted by task, sorted by task id; links by run, model and sample.
   */
  countTaskOutcomes(
    runIds: readonly string[],
    notGraded: readonly string[],
    model?: string,
  ): Promise<TaskOutcomes[]>;

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
