// --resume RUN_ID: continues a run whose process died (or was cancelled) under the same id.
// Attempts that reached an outcome are kept as they are (their result.json, else their
// database row); queued, unfinished and cancelled ones run again. Reads only: the caller
// reopens the run once its providers passed preflight.
import { join } from "node:path";
import type { AttemptRow, HistoryDb } from "../lib/db.ts";
import { ConflictError, UsageError } from "../lib/errors.ts";
import { processAlive } from "../lib/util.ts";
import type { Task } from "./catalog.ts";
import { type AttemptResult, resultFromRow } from "./record.ts";
import type { RunSettings } from "./run.ts";

/** Outcomes that say "this attempt did not finish": it runs again on resume. */
const REDO: ReadonlySet<string> = new Set(["cancelled"]);

export interface ResumeParts {
  runId: string;
  tasks: Task[];
  settings: RunSettings;
  finished: AttemptResult[];
}

/** The attempt's result.json when it is there and matches its row, else the row's fields. */
async function keptResult(runDir: string, r: AttemptRow): Promise<AttemptResult> {
  try {
    const saved = JSON.parse(
      await Deno.readTextFile(join(runDir, r.attempt_dir, "result.json")),
    ) as AttemptResult;
    if (
      saved.task_id === r.task_id && saved.model === r.model && saved.sample === r.sample &&
      saved.outcome === r.outcome
    ) return saved;
  } catch { /* missing or unreadable: fall back to the row */ }
  return resultFromRow(r);
}

/**
 * What a resumed run needs: the old settings (with `overrides`), its tasks from `catalog`, and
 * the attempts to keep. Throws UsageError for an unknown run or one whose tasks left the
 * catalog, ConflictError for a finished one or one still running in a live process.
 */
export async function loadResume(
  db: HistoryDb,
  runId: string,
  catalog: Task[],
  runsDir: string,
  overrides: Partial<Pick<RunSettings, "concurrency" | "timeout_s">> = {},
): Promise<ResumeParts> {
  db.markInterruptedRuns(processAlive);
  const run = db.getRun(runId);
  if (!run) throw new UsageError(`--resume: no run "${runId}" in ${db.path}`);
  if (run.status === "finished") {
    throw new ConflictError(`--resume: run ${runId} already finished; nothing to resume`);
  }
  if (run.status === "running") {
    throw new ConflictError(`--resume: run ${runId} is still running (pid ${run.pid})`);
  }
  const old = JSON.parse(run.settings_json) as RunSettings;
  const byId = new Map(catalog.map((t) => [t.id, t]));
  const gone = old.task_ids.find((id) => !byId.has(id));
  if (gone) {
    throw new UsageError(
      `--resume: task ${gone} is not in the catalog (pass the run's --tasks-dir again)`,
    );
  }
  const runDir = join(runsDir, runId);
  const finished: AttemptResult[] = [];
  for (const r of db.listAttempts(runId)) {
    if (r.outcome === null || REDO.has(r.outcome)) continue;
    if (!old.models.includes(r.model) || !old.task_ids.includes(r.task_id)) continue;
    finished.push(await keptResult(runDir, r));
  }
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
