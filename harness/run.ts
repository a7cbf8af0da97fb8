// The orchestrator: expands a plan into attempts and hands each to the run's evaluation
// mode (modes/: one-shot, --tries, --agent) with bounded concurrency, within the run's
// budget, or to pg-boss workers (RunHooks.remote, distributed mode). Every state change (and its progress event) goes through the run's RunLifecycle.
// Stages stay in their modules.
import type { Store } from "../lib/store/store.ts";
import {
  attemptDirName,
  type AttemptResult,
  type ModelTotals,
  type RunEvent,
  type RunSettings,
  totalsByModel,
} from "../lib/wire.ts";
import type { Task } from "./catalog.ts";
import type { GradeOptions } from "./grade.ts";
import { RunLifecycle } from "./lifecycle.ts";
import { type AttemptContext, blankResult, type Job, keyOf, oneLine } from "./modes/attempt.ts";
import { Budget, BUDGET_REACHED } from "./modes/budget.ts";
import { runAgentAttempt } from "./modes/agent.ts";
import { runTries } from "./modes/tries.ts";
import type { ModelAnswer, Provider } from "./providers/types.ts";
import { RunRecorder } from "./record.ts";
import { SandboxUnavailableError } from "./sandbox/sandbox.ts";
import { reproducibilityStamp, type Stamp } from "./stamp.ts";
import { describeSuite, runMode } from "./suite.ts";
import type { SuiteInfo } from "../lib/wire_stats.ts";

export type { RunEvent, RunSettings } from "../lib/wire.ts";

export interface RunPlan {
  runId: string;
  tasks: Task[];
  settings: RunSettings;
  runsDir: string;
  projectRoot: string;
  providers: Map<string, Provider>;
  /** For --regrade: stored answers by attempt key; no provider is called. */
  storedAnswers?: Map<string, ModelAnswer>;
  parent?: { runId: string; kind: "regrade" | "resume" };
  /** For --resume: attempts already finished, kept as they are. */
  finished?: AttemptResult[];
  secrets: readonly string[];
  /** Answers above this many bytes are not parsed (malformed_response) and stored cut. */
  maxAnswerBytes?: number;
  nodeModulesDir?: string;
  /** The task selector the run was asked for (names its suite); the catalog it chose from. */
  selector?: string;
  catalogHashes?: Record<string, string>;
  /** The request's provider flags, for workers that open their own providers (distributed). */
  providerFlags?: ProviderFlags;
  /** Prepares dependencies (--install-deps); returns extra binds and env, or throws. */
  prepareDeps?: (task: Task, sandboxDir: string) => Promise<Partial<GradeOptions>>;
  /** Grade without the tasks' expected tests (validate-tasks --write-expected rewrites them). */
  ignoreExpected?: boolean;
}

/** Provider flags of a request (never a key: workers read their own .env). */
export interface ProviderFlags {
  max_retries?: number;
  max_connections?: number;
  no_cache?: boolean;
  replay_text?: string;
}

export interface RunSummary {
  run_id: string;
  status: "finished" | "cancelled";
  started_at: string;
  finished_at: string;
  duration_s: number;
  parent_run_id: string | null;
  parent_kind: string | null;
  settings: RunSettings;
  stamp: Stamp;
  suite: SuiteInfo;
  totals: ModelTotals[];
  attempts: AttemptResult[];
}

export interface RunHooks {
  store: Store;
  signal: AbortSignal;
  onEvent?: (e: RunEvent) => void;
  /**
   * Grades the jobs elsewhere (distributed mode: pg-boss workers) instead of this process's
   * pool; resolves to their results once each is recorded (or the run is cancelled).
   */
  remote?: RemoteGrader;
}

/** Grades `jobs` of `plan` outside this process; see RunHooks.remote. */
export type RemoteGrader = (
  plan: RunPlan,
  jobs: readonly Job[],
  hooks: { life: RunLifecycle; signal: AbortSignal; onEvent?: (e: RunEvent) => void },
) => Promise<AttemptResult[]>;

export function attemptKey(taskId: string, model: string, sample: number): string {
  return `${taskId}\0${model}\0${sample}`;
}

/** The evaluation mode that runs one attempt of a run with `settings`. */
function modeOf(plan: RunPlan): (ctx: AttemptContext) => Promise<AttemptResult> {
  // A regrade of an agent run grades its stored net diffs as one-shot answers.
  return plan.settings.agent && !plan.storedAnswers ? runAgentAttempt : runTries;
}

/** This process as a grader: `<hostname>:<pid>`, recorded on every result it grades. */
export const WORKER_ID = `${Deno.hostname()}:${Deno.pid}`;

/**
 * Runs one attempt in the run's mode (seconds count from here) and returns its result,
 * stamped with this process (WORKER_ID). An error that escapes the mode is the attempt's
 * `harness_error` (its stack in stderr.log); one writing that file (a full disk) rejects.
 * Used by the in-process pool and by pg-boss workers alike.
 */
export async function gradeJob(ctx: Omit<AttemptContext, "elapsed">): Promise<AttemptResult> {
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0) / 1000;
  let result: AttemptResult;
  try {
    await ctx.life.attemptStarted(keyOf(ctx.job));
    result = await modeOf(ctx.plan)({ ...ctx, elapsed });
  } catch (e) {
    const err = e as Error;
    const msg = e instanceof SandboxUnavailableError
      ? err.message
      : oneLine(`${err.name}: ${err.message}`);
    await ctx.recorder.writeAttemptFile(
      ctx.job.dir,
      "stderr.log",
      `harness error\n${err.stack ?? err}`,
    );
    result = blankResult(ctx.job, "harness_error", msg, 0);
  }
  return { ...result, worker: WORKER_ID };
}

/** Runs the plan to the end (or cancellation) and returns its summary. */
export async function executeRun(plan: RunPlan, hooks: RunHooks): Promise<RunSummary> {
  const { signal } = hooks;
  const started = new Date();
  const recorder = new RunRecorder(plan.runsDir, plan.runId, plan.secrets);
  const life = new RunLifecycle(hooks.store, plan.runId, hooks.onEvent);
  const budget = Budget.of(plan.settings);
  const jobs: Job[] = [];
  for (const task of plan.tasks) {
    for (const model of plan.settings.models) {
      for (let sample = 0; sample < plan.settings.samples; sample++) {
        jobs.push({ task, model, sample, dir: attemptDirName(task.id, model, sample) });
      }
    }
  }
  const stamp = await reproducibilityStamp(plan.tasks, plan.settings, plan.projectRoot);
  const suite = describeSuite(
    {
      task_hashes: stamp.task_hashes,
      include_tests: plan.settings.include_tests,
      prompt_template_hash: stamp.prompt_template_hash,
      mode: runMode(plan.settings),
    },
    plan.selector,
    plan.catalogHashes ?? {},
  );
  await Deno.mkdir(recorder.runDir, { recursive: true });
  await life.started(
    {
      startedAt: started.toISOString(),
      settings: plan.settings,
      parent: plan.parent,
      suite: { id: suite.suite_id, name: suite.name, tasks: suite.tasks },
    },
    jobs.map((j) => ({ taskId: j.task.id, model: j.model, sample: j.sample })),
  );

  const results = new Map<string, AttemptResult>();
  for (const r of plan.finished ?? []) {
    results.set(attemptKey(r.task_id, r.model, r.sample), r);
    // What a resumed run spent before it stopped counts against its caps.
    if (!r.cached) budget.spend(r.cost_usd, r.prompt_tokens, r.completion_tokens);
    await life.attemptFinished(r, true);
  }
  const queue = jobs.filter((j) => !results.has(attemptKey(j.task.id, j.model, j.sample)));
  const finish = async (job: Job, r: AttemptResult) => {
    results.set(attemptKey(job.task.id, job.model, job.sample), r);
    await recorder.writeResult(r);
    await life.attemptFinished(r);
  };

  // A fault that escapes one worker (a full disk, a failing store) stops the run: the other
  // workers take no new job and their attempts in flight are aborted, so nothing of this
  // run is still working when the caller records it failed.
  const halt = new AbortController();
  const working = AbortSignal.any([signal, halt.signal]);
  let fault: { error: unknown } | undefined;
  const work = async () => {
    while (queue.length > 0 && !fault) {
      const job = queue.shift()!;
      if (signal.aborted) {
        await finish(job, blankResult(job, "cancelled", null, 0));
        continue;
      }
      if (budget.reached) {
        await finish(job, blankResult(job, "skipped", BUDGET_REACHED, 0));
        continue;
      }
      await finish(job, await gradeJob({ plan, job, recorder, life, budget, signal: working }));
    }
  };
  const worker = () =>
    work().catch((error) => {
      fault ??= { error };
      halt.abort();
    });
  if (hooks.remote) {
    const done = await hooks.remote(plan, queue, { life, signal, onEvent: hooks.onEvent });
    for (const r of done) results.set(attemptKey(r.task_id, r.model, r.sample), r);
  } else {
    await Promise.all(Array.from({ length: Math.max(1, plan.settings.concurrency) }, worker));
  }
  if (fault) throw fault.error;

  const attempts = jobs.map((j) => results.get(attemptKey(j.task.id, j.model, j.sample))!);
  const finished = new Date();
  const status = signal.aborted ? "cancelled" : "finished";
  const summary: RunSummary = {
    run_id: plan.runId,
    status,
    started_at: started.toISOString(),
    finished_at: finished.toISOString(),
    duration_s: (finished.getTime() - started.getTime()) / 1000,
    parent_run_id: plan.parent?.runId ?? null,
    parent_kind: plan.parent?.kind ?? null,
    settings: plan.settings,
    stamp,
    suite,
    totals: totalsByModel(attempts, plan.settings.models, plan.settings.tries),
    attempts,
  };
  await recorder.writeSummary(summary);
  await life.ended(summary);
  return summary;
}
