// The one module that changes run state: a run starts, its attempts move through stages
// and finish, and the run finishes, fails, is interrupted or is reopened. Each change is
// written to the store together with the progress event that announces it, so a reader of
// either sees the same story. Nothing else calls the store's write methods
// (lifecycle_test.ts greps the tree to keep it so).
import type { AttemptKey, RunRecord, RunSuite, Store } from "../lib/store/store.ts";
import { UNKNOWN_SUITE } from "../lib/suite_id.ts";
import type { AttemptResult, ModelTotals, RunEvent, RunSettings } from "../lib/wire.ts";

/** Summary fields the end of a run needs (summary.json's). */
export interface RunEnd {
  status: "finished" | "cancelled";
  finished_at: string;
  totals: ModelTotals[];
}

/** How a run began: what a run that never got stored needs to be stored as failed. */
export interface RunStart {
  startedAt: string;
  settings: RunSettings;
  parent?: { runId: string; kind: string };
  /** What its numbers are comparable with (harness/suite.ts); `unknown` for a run that failed before it knew. */
  suite?: RunSuite;
}

/** The state changes of one run, each stored and announced. */
export class RunLifecycle {
  constructor(
    readonly store: Store,
    readonly runId: string,
    private readonly onEvent?: (e: RunEvent) => void,
  ) {}

  /** Appends a progress event to the store, then tells the listener. */
  async emit(e: RunEvent): Promise<void> {
    await this.store.insertEvent(this.runId, e.type, e);
    this.onEvent?.(e);
  }

  /**
   * Records the run as started (a resumed run is already there, reopened) with its queued
   * attempts, and announces it.
   */
  async started(run: RunStart, attempts: Omit<AttemptKey, "runId">[]): Promise<void> {
    if (!await this.store.getRun(this.runId)) await this.#insert(run);
    await this.store.insertAttempts(attempts.map((a) => ({ ...a, runId: this.runId })));
    await this.emit({
      type: "run_started",
      run_id: this.runId,
      total: attempts.length,
      settings: run.settings,
    });
  }

  #insert(run: RunStart): Promise<void> {
    return this.store.insertRun({
      id: this.runId,
      startedAt: run.startedAt,
      settings: run.settings,
      parentRunId: run.parent?.runId,
      parentKind: run.parent?.kind,
      pid: Deno.pid,
      suite: run.suite ?? { ...UNKNOWN_SUITE, tasks: 0 },
    });
  }

  /** An attempt left the queue. */
  async attemptStarted(key: Omit<AttemptKey, "runId">): Promise<void> {
    await this.emit({ type: "attempt_started", run_id: this.runId, ...keyFields(key) });
  }

  /** An attempt reached a stage (model, apply, grade). */
  async attemptStage(key: Omit<AttemptKey, "runId">, stage: string): Promise<void> {
    await this.store.setAttemptStage({ ...key, runId: this.runId }, stage);
    await this.emit({ type: "attempt_stage", run_id: this.runId, ...keyFields(key), stage });
  }

  /** The model answered: the answer is kept apart from its grade (for --regrade). */
  async answered(
    key: Omit<AttemptKey, "runId">,
    text: string,
    meta: Record<string, unknown>,
  ): Promise<void> {
    await this.store.saveResponse({ ...key, runId: this.runId }, text, meta);
  }

  /**
   * An attempt finished: its whole result is stored. `kept` results (resume) are only
   * announced. With `lease` (a distributed grader's), it is stored and announced only while
   * that lease holds the attempt; resolves false when another grader took it over.
   */
  async attemptFinished(result: AttemptResult, kept = false, lease?: string): Promise<boolean> {
    if (!kept && !await this.store.finishAttempt(this.runId, result, lease)) return false;
    await this.emit({ type: "attempt_finished", run_id: this.runId, attempt: result });
    return true;
  }

  /**
   * A grader takes an attempt under `lease` (null: frees it for the next). With `ifFree`
   * only an attempt nobody holds; resolves true when taken.
   */
  lease(key: Omit<AttemptKey, "runId">, lease: string | null, ifFree = false): Promise<boolean> {
    return this.store.leaseAttempt({ ...key, runId: this.runId }, lease, ifFree);
  }

  /** The run ended (finished or cancelled) with `summary`. */
  async ended(summary: RunEnd): Promise<void> {
    await this.store.endRun(this.runId, {
      status: summary.status,
      finishedAt: summary.finished_at,
      summary,
    });
    await this.emit({
      type: "run_finished",
      run_id: this.runId,
      status: summary.status,
      totals: summary.totals,
    });
  }

  /**
   * The engine died before the run ended: records it `failed` with `reason` (one line) if
   * it is still `running` (or, stored from `start`, if it never was). Rejects with the
   * store's error when even that cannot be written (a full disk): try again later.
   */
  async failed(reason: string, start: RunStart): Promise<void> {
    const run = await this.store.getRun(this.runId);
    if (run && run.status !== "running") return;
    if (!run) await this.#insert(start);
    await this.store.endRun(this.runId, {
      status: "failed",
      finishedAt: new Date().toISOString(),
      summary: { run_id: this.runId, status: "failed", error: reason, totals: [] },
      error: reason,
    });
    await this.emit({ type: "run_finished", run_id: this.runId, status: "failed", totals: [] });
  }
}

/**
 * The one-line reason a run failed: the message's first line. Filesystem errors name their
 * file already (`No space left on device (os error 28): writefile '<path>'`), store errors
 * name the database (`<path>/history.db: database or disk is full`).
 */
function keyFields(k: Omit<AttemptKey, "runId">) {
  return { task_id: k.taskId, model: k.model, sample: k.sample };
}

/** Marks `running` runs whose process is gone (`isAlive` false) as `interrupted`. */
export function interruptDeadRuns(
  store: Store,
  isAlive: (pid: number) => boolean,
): Promise<string[]> {
  return store.markInterruptedRuns(isAlive);
}

/** Takes an interrupted or cancelled run up again: `running`, owned by this process. */
export function reopenRun(store: Store, run: RunRecord | string): Promise<void> {
  return store.reopenRun(typeof run === "string" ? run : run.id, Deno.pid);
}
