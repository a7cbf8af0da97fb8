// Test builders for the history store: runs and attempts written the way the engine
// writes them (through harness/lifecycle.ts), from short specs, instead of raw SQL.
import { join } from "node:path";
import { interruptDeadRuns, RunLifecycle } from "../harness/lifecycle.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import type { RunStatus, RunSuite, Store } from "../lib/store/store.ts";
import {
  type AttemptResult,
  type Outcome,
  queuedAttempt,
  type RunSettings,
  totalsByModel,
} from "../lib/wire.ts";

/** An attempt: its model and outcome (null: not finished), and any result field. */
export type AttemptSpec = Omit<Partial<AttemptResult>, "outcome"> & {
  model: string;
  outcome: Outcome | null;
};

export interface RunSpec {
  id: string;
  status?: RunStatus;
  startedAt?: string;
  /** When it ended (default 2026-01-01T01:00:00Z). */
  finishedAt?: string;
  settings?: Partial<RunSettings>;
  /** Each attempt's task is `task_id`, else `t<index>`. */
  attempts?: AttemptSpec[];
  /** Its suite (default: `unknown`). */
  suite?: RunSuite;
  /** For a failed run: why. */
  error?: string;
}

export const TEST_SETTINGS: RunSettings = {
  models: [],
  task_ids: [],
  samples: 1,
  temperature: 0,
  concurrency: 1,
  include_tests: false,
  install_deps: false,
  unsafe_no_sandbox: false,
  timeout_s: null,
};

/** A finished attempt's full result, with test-friendly defaults. */
export function attemptResult(spec: AttemptSpec & { outcome: Outcome }, i = 0): AttemptResult {
  const taskId = spec.task_id ?? `t${i}`;
  return {
    ...queuedAttempt("", taskId, spec.model, spec.sample ?? 0),
    duration_s: 1,
    prompt_tokens: 10,
    completion_tokens: 5,
    cost_usd: 0.5,
    ...spec,
    task_id: taskId,
  } as AttemptResult;
}

/** Writes one run, its attempts and its end (by `status`, default finished). */
export async function addRun(store: Store, spec: RunSpec): Promise<void> {
  const attempts = (spec.attempts ?? []).map((a, i) => ({ ...a, task_id: a.task_id ?? `t${i}` }));
  const settings: RunSettings = {
    ...TEST_SETTINGS,
    models: [...new Set(attempts.map((a) => a.model))],
    task_ids: [...new Set(attempts.map((a) => a.task_id))],
    ...spec.settings,
  };
  const life = new RunLifecycle(store, spec.id);
  const start = {
    startedAt: spec.startedAt ?? "2026-01-01T00:00:00Z",
    settings,
    suite: spec.suite,
  };
  await life.started(
    start,
    attempts.map((a) => ({ taskId: a.task_id, model: a.model, sample: a.sample ?? 0 })),
  );
  const results: AttemptResult[] = [];
  for (const [i, a] of attempts.entries()) {
    if (a.outcome === null) continue;
    const r = attemptResult({ ...a, outcome: a.outcome }, i);
    results.push(r);
    await life.attemptFinished(r);
  }
  const status = spec.status ?? "finished";
  if (status === "finished" || status === "cancelled") {
    await life.ended({
      status,
      finished_at: spec.finishedAt ?? "2026-01-01T01:00:00Z",
      totals: totalsByModel(results, settings.models),
    });
  } else if (status === "failed") await life.failed(spec.error ?? "failed", start);
  else if (status === "interrupted") {
    await interruptDeadRuns(store, () => false);
  }
}

/** A new SQLite store in a temporary folder holding `runs`. */
export async function storeWithRuns(runs: RunSpec[] = [], dir?: string): Promise<SqliteStore> {
  const store = new SqliteStore(join(dir ?? Deno.makeTempDirSync(), "history.db"));
  return await withRuns(store, runs);
}

/** `store` with `runs` added. */
export async function withRuns<S extends Store>(store: S, runs: RunSpec[]): Promise<S> {
  for (const r of runs) await addRun(store, r);
  return store;
}
