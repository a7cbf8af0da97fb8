// What every evaluation mode gets for one attempt: the plan, the job, where its files go,
// the run's lifecycle and budget; and the small helpers the modes share (a blank result,
// one-line errors, per-try artifact names).
import type { AttemptResult } from "../../lib/wire.ts";
import { unfinishedResult } from "../../lib/wire.ts";
import { type GradeOptions, gradeSandbox } from "../grade.ts";
import { TESTS_ARTIFACT } from "../grading/expected.ts";
import type { Outcome } from "../grading/outcome.ts";
import type { RunLifecycle } from "../lifecycle.ts";
import type { RunRecorder } from "../record.ts";
import type { Task } from "../catalog.ts";
import type { RunPlan } from "../run.ts";
import type { Budget } from "./budget.ts";

/** One attempt to run: a task, a model, a sample, and its folder in the run. */
export interface Job {
  task: Task;
  model: string;
  sample: number;
  dir: string;
}

/** One attempt's surroundings, handed to the mode that runs it. */
export interface AttemptContext {
  plan: RunPlan;
  job: Job;
  recorder: RunRecorder;
  life: RunLifecycle;
  budget: Budget;
  signal: AbortSignal;
  /** Seconds since the attempt started. */
  elapsed(): number;
}

/** The first non-blank line of `text`, at most 400 characters. */
export function oneLine(text: string): string {
  return text.split("\n").map((l) => l.trim()).filter(Boolean)[0]?.slice(0, 400) ?? "error";
}

/** A result with no answer behind it (skipped, cancelled, model or harness errors). */
export function blankResult(
  job: Job,
  outcome: Outcome,
  error: string | null,
  s: number,
): AttemptResult {
  const base = unfinishedResult(job.task.id, job.model, job.sample);
  return { ...base, attempt_dir: job.dir, outcome, error, duration_s: s };
}

/** Where try `i`'s file `name` goes in the attempt folder: try 1 at the top, i ≥ 2 in tries/i/. */
export function tryFile(i: number, name: string): string {
  return i === 1 ? name : `tries/${i}/${name}`;
}

/** How a plan grades: its runs folder, sandbox settings, timeout and expected tests. */
export function gradeOptions(plan: RunPlan, signal: AbortSignal): GradeOptions {
  return {
    runsDir: plan.runsDir,
    projectRoot: plan.projectRoot,
    unsafeNoSandbox: plan.settings.unsafe_no_sandbox,
    timeoutS: plan.settings.timeout_s ?? undefined,
    signal,
    nodeModulesDir: plan.nodeModulesDir,
    ignoreExpected: plan.ignoreExpected,
  };
}

/**
 * Grades the workspace laid out in `sandboxDir` with a fresh copy of the tests (every mode's
 * final grade), writes its logs and tests.json (`file` names them: a later try's go in
 * tries/<i>/), and returns the result's graded fields and the grading output.
 */
export async function gradeAndRecord(
  ctx: AttemptContext,
  sandboxDir: string,
  answerFlags: readonly string[],
  file: (name: string) => string = (name) => name,
): Promise<{ graded: Partial<AttemptResult>; output: string }> {
  const { plan, job, recorder, signal } = ctx;
  const extra = plan.prepareDeps ? await plan.prepareDeps(job.task, sandboxDir) : {};
  const g0 = performance.now();
  const { grade, result } = await gradeSandbox(job.task, sandboxDir, {
    ...gradeOptions(plan, signal),
    answerFlags,
    ...extra,
  });
  await recorder.writeAttemptFile(job.dir, file("stdout.log"), result.stdout);
  await recorder.writeAttemptFile(job.dir, file("stderr.log"), result.stderr);
  await recorder.writeAttemptFile(
    job.dir,
    file(TESTS_ARTIFACT),
    JSON.stringify({ tests: grade.tests, skipped: grade.skipped }, null, 2) + "\n",
  );
  return {
    graded: {
      outcome: grade.outcome,
      tests_passed: grade.testsPassed,
      tests_total: grade.testsTotal,
      error: grade.error,
      integrity_flags: [...new Set([...answerFlags, ...grade.flags])],
      grade_s: Math.round(performance.now() - g0) / 1000,
      output_truncated: result.stdoutTruncated || result.stderrTruncated,
    },
    output: `${result.stdout}\n${result.stderr}`.trimEnd(),
  };
}

/** The attempt's key in lifecycle calls. */
export function keyOf(job: Job) {
  return { taskId: job.task.id, model: job.model, sample: job.sample };
}
