// The orchestrator: expands a plan into attempts, runs them through the pipeline
// (prompt → model → apply → grade → record) with bounded concurrency. Every state change
// (and its progress event) goes through the run's RunLifecycle. Stages stay in their modules.
import { join } from "node:path";
import { DEFAULT_MAX_ANSWER_BYTES } from "../lib/config.ts";
import type { Store } from "../lib/store/store.ts";
import {
  attemptDirName,
  type AttemptResult,
  type ModelTotals,
  type RunEvent,
  type RunSettings,
  totalsByModel,
  unfinishedResult,
} from "../lib/wire.ts";
import { applyAnswer } from "./answer/apply.ts";
import { AnswerRejected, clipToBytes, parseAnswerBounded } from "./answer/bounded.ts";
import type { Task } from "./catalog.ts";
import { type GradeOptions, gradeSandbox } from "./grade.ts";
import type { Outcome } from "./grading/outcome.ts";
import { RunLifecycle } from "./lifecycle.ts";
import { buildPrompt } from "./prompt.ts";
import { type ModelAnswer, ModelError, type Provider } from "./providers/types.ts";
import { RunRecorder } from "./record.ts";
import { layOutWorkspace } from "./sandbox/layout.ts";
import { missingRequirement } from "./sandbox/toolchains.ts";
import { SandboxUnavailableError } from "./sandbox/sandbox.ts";
import { reproducibilityStamp, type Stamp } from "./stamp.ts";

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
  /** The request's provider flags, for workers that open their own providers (distributed). */
  providerFlags?: ProviderFlags;
  /** Prepares dependencies (--install-deps); returns extra binds and env, or throws. */
  prepareDeps?: (task: Task, sandboxDir: string) => Promise<Partial<GradeOptions>>;
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

/** One attempt to grade: a task, a model, a sample, and its folder name. */
export interface Job {
  task: Task;
  model: string;
  sample: number;
  dir: string;
}

function oneLine(text: string): string {
  return text.split("\n").map((l) => l.trim()).filter(Boolean)[0]?.slice(0, 400) ?? "error";
}

/** Runs the plan to the end (or cancellation) and returns its summary. */
export async function executeRun(plan: RunPlan, hooks: RunHooks): Promise<RunSummary> {
  const { signal } = hooks;
  const started = new Date();
  const recorder = new RunRecorder(plan.runsDir, plan.runId, plan.secrets);
  const life = new RunLifecycle(hooks.store, plan.runId, hooks.onEvent);
  const jobs: Job[] = [];
  for (const task of plan.tasks) {
    for (const model of plan.settings.models) {
      for (let sample = 0; sample < plan.settings.samples; sample++) {
        jobs.push({ task, model, sample, dir: attemptDirName(task.id, model, sample) });
      }
    }
  }
  const stamp = await reproducibilityStamp(plan.tasks, plan.settings, plan.projectRoot);
  await Deno.mkdir(recorder.runDir, { recursive: true });
  await life.started(
    { startedAt: started.toISOString(), settings: plan.settings, parent: plan.parent },
    jobs.map((j) => ({ taskId: j.task.id, model: j.model, sample: j.sample })),
  );

  const results = new Map<string, AttemptResult>();
  for (const r of plan.finished ?? []) {
    results.set(attemptKey(r.task_id, r.model, r.sample), r);
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
      await finish(job, await gradeJob(plan, job, recorder, life, working));
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
    totals: totalsByModel(attempts, plan.settings.models),
    attempts,
  };
  await recorder.writeSummary(summary);
  await life.ended(summary);
  return summary;
}

/** This process as a grader: `<hostname>:<pid>`, recorded on every result it grades. */
export const WORKER_ID = `${Deno.hostname()}:${Deno.pid}`;

/**
 * Grades one job through the pipeline and returns its result, stamped with this process
 * (WORKER_ID). An error that escapes the pipeline is the attempt's `harness_error` (its
 * stack in stderr.log); one writing that file (a full disk) rejects. Used by the
 * in-process pool and by pg-boss workers alike.
 */
export async function gradeJob(
  plan: RunPlan,
  job: Job,
  recorder: RunRecorder,
  life: RunLifecycle,
  signal: AbortSignal,
): Promise<AttemptResult> {
  let result: AttemptResult;
  try {
    result = await runAttempt(plan, job, recorder, life, signal);
  } catch (e) {
    const err = e as Error;
    const msg = e instanceof SandboxUnavailableError
      ? err.message
      : oneLine(`${err.name}: ${err.message}`);
    await recorder.writeAttemptFile(job.dir, "stderr.log", `harness error\n${err.stack ?? err}`);
    result = blankResult(job, "harness_error", msg, 0);
  }
  return { ...result, worker: WORKER_ID };
}

/** A result for `job` that ended before grading (cancelled, skipped, a provider error…). */
export function blankResult(
  job: Job,
  outcome: Outcome,
  error: string | null,
  s: number,
): AttemptResult {
  const base = unfinishedResult(job.task.id, job.model, job.sample);
  return { ...base, attempt_dir: job.dir, outcome, error, duration_s: s };
}

async function runAttempt(
  plan: RunPlan,
  job: Job,
  recorder: RunRecorder,
  life: RunLifecycle,
  signal: AbortSignal,
): Promise<AttemptResult> {
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0) / 1000;
  const { task, model, sample } = job;
  const key = { taskId: task.id, model, sample };
  const stage = (name: string) => life.attemptStage(key, name);
  await life.attemptStarted(key);
  const prompt = await buildPrompt(task, plan.settings.include_tests);
  await recorder.writeAttemptFile(job.dir, "prompt.txt", prompt);

  const missing = await missingRequirement(task.meta.requires);
  if (missing) return blankResult(job, "skipped", missing, elapsed());

  await stage("model");
  let answer: ModelAnswer;
  const stored = plan.storedAnswers?.get(attemptKey(task.id, model, sample));
  if (stored) answer = stored;
  else if (plan.storedAnswers) {
    return blankResult(job, "model_error", "no stored answer to regrade", elapsed());
  } else {
    try {
      answer = await plan.providers.get(model)!.complete({
        task,
        prompt,
        temperature: plan.settings.temperature,
        sample,
        signal,
      });
    } catch (e) {
      if (signal.aborted) return blankResult(job, "cancelled", null, elapsed());
      const msg = e instanceof ModelError ? e.message : oneLine(String((e as Error).message ?? e));
      await recorder.writeAttemptFile(job.dir, "response.txt", "");
      return blankResult(job, "model_error", msg, elapsed());
    }
  }
  const maxBytes = plan.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  const kept = clipToBytes(answer.text, maxBytes);
  await recorder.writeAttemptFile(job.dir, "response.txt", kept);
  await life.answered(key, kept, {
    prompt_tokens: answer.promptTokens,
    completion_tokens: answer.completionTokens,
    cost_usd: answer.costUsd,
    no_edits: answer.noEdits ?? false,
    latency_ms: answer.latencyMs,
    first_token_ms: answer.firstTokenMs,
  });
  const base: AttemptResult = {
    ...blankResult(job, "harness_error", null, 0),
    prompt_tokens: answer.promptTokens,
    completion_tokens: answer.completionTokens,
    cost_usd: answer.costUsd,
    cached: answer.cached,
    latency_ms: answer.latencyMs,
    first_token_ms: answer.firstTokenMs,
    retries: answer.retries ?? 0,
  };

  await stage("apply");
  let parsed;
  try {
    parsed = await parseAnswerBounded(answer.noEdits ? "" : answer.text, maxBytes);
  } catch (e) {
    if (!(e instanceof AnswerRejected)) throw e;
    return { ...base, outcome: "malformed_response", error: e.message, duration_s: elapsed() };
  }
  const sandboxDir = join(recorder.runDir, job.dir, "sandbox");
  const ws = await layOutWorkspace(task, sandboxDir);
  const report = await applyAnswer(ws, parsed, task.meta.editable);
  await recorder.writeAttemptFile(job.dir, "patch.diff", report.patch);
  const withEdits = { ...base, edits_applied: report.applied, edits_refused: report.refused };
  if (report.failed.length) {
    const f = report.failed[0];
    return {
      ...withEdits,
      outcome: "patch_error",
      error: `${f.path}: ${f.reason}`,
      duration_s: elapsed(),
    };
  }
  if (report.applied.length === 0 && !answer.noEdits) {
    const why = report.refused.length
      ? `no usable edit (refused: ${report.refused.map((r) => `${r.path} ${r.reason}`).join("; ")})`
      : "no usable edit in the response";
    return {
      ...withEdits,
      outcome: "malformed_response",
      error: oneLine(why),
      duration_s: elapsed(),
    };
  }

  await stage("grade");
  if (signal.aborted) return { ...withEdits, outcome: "cancelled", duration_s: elapsed() };
  const extra = plan.prepareDeps ? await plan.prepareDeps(task, sandboxDir) : {};
  const g0 = performance.now();
  const { grade, result } = await gradeSandbox(task, sandboxDir, {
    runsDir: plan.runsDir,
    projectRoot: plan.projectRoot,
    unsafeNoSandbox: plan.settings.unsafe_no_sandbox,
    timeoutS: plan.settings.timeout_s ?? undefined,
    signal,
    nodeModulesDir: plan.nodeModulesDir,
    ...extra,
  });
  await recorder.writeAttemptFile(job.dir, "stdout.log", result.stdout);
  await recorder.writeAttemptFile(job.dir, "stderr.log", result.stderr);
  return {
    ...withEdits,
    outcome: grade.outcome,
    tests_passed: grade.testsPassed,
    tests_total: grade.testsTotal,
    error: grade.error,
    grade_s: Math.round(performance.now() - g0) / 1000,
    output_truncated: result.stdoutTruncated || result.stderrTruncated,
    duration_s: elapsed(),
  };
}
