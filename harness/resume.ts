// --resume RUN_ID: continues a run whose process died (or was cancelled) under the same id.
// Attempts that reached an outcome are kept as they are (their stored result); queued,
// unfinished and cancelled ones run again. Besides marking dead runs interrupted, reads
// only: the caller reopens the run (lifecycle.reopenRun) once its providers passed preflight.
import { ConflictError, UsageError } from "../lib/errors.ts";
import type { Store } from "../lib/store/store.ts";
import { processAlive } from "../lib/util.ts";
import { type AttemptResult, finishedResults } from "../lib/wire.ts";
import type { Task } from "./catalog.ts";
import { interruptDeadRuns } from "./lifecycle.ts";
import type { RunSettings } from "./run.ts";

/** Outcomes that say "this attempt did not finish": it runs again on resume. */
const REDO: ReadonlySet<string> = new Set(["cancelled"]);

export interface ResumeParts {
  runId: string;
  tasks: Task[];
  settings: RunSettings;
  finished: AttemptResult[];
}

/**
 * What a resumed run needs: the old settings (with `overrides`), its tasks from `catalog`, and
 * the attempts to keep. Throws UsageError for an unknown run or one whose tasks left the
 * catalog, ConflictError for a finished one or one still running in a live process.
 */
export async function loadResume(
  store: Store,
  runId: string,
  catalog: Task[],
  overrides: Partial<Pick<RunSettings, "concurrency" | "timeout_s">> = {},
): Promise<ResumeParts> {
  await interruptDeadRuns(store, processAlive);
  const run = await store.getRun(runId);
  if (!run) throw new UsageError(`--resume: no run "${runId}" in ${store.location}`);
  if (run.status === "finished") {
    throw new ConflictError(`--resume: run ${runId} already finished; nothing to resume`);
  }
  if (run.status === "running") {
    throw new ConflictError(`--resume: run ${runId} is still running (pid ${run.pid})`);
  }
  const old = run.settings;
  const byId = new Map(catalog.map((t) => [t.id, t]));
  const gone = old.task_ids.find((id) => !byId.has(id));
  if (gone) {
    throw new UsageError(
      `--resume: task ${gone} is not in the catalog (pass the run's --tasks-dir again)`,
    );
  }
  const finished = finishedResults(await store.listAttempts(runId)).filter((r) =>
    !REDO.has(r.outcome) && old.models.includes(r.model) && old.task_ids.includes(r.task_id)
  );
  return {
    runId,
    tasks: old.task_ids.map((id) => byId.get(id)!),
    settings: {
      ...old,
      concurrency: overrides.concurrency ?? old.concurrency,
      timeout_s: overrides.timeout_s ?? old.timeout_s,
    },
    finished,
  };
}
