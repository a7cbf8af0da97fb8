// What every evaluation mode gets for one attempt: the plan, the job, where its files go,
// the run's lifecycle and budget; and the small helpers the modes share (a blank result,
// one-line errors, per-try artifact names).
import type { AttemptResult } from "../../lib/wire.ts";
import { unfinishedResult } from "../../lib/wire.ts";
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

/** The attempt's key in lifecycle calls. */
export function keyOf(job: Job) {
  return { taskId: job.task.id, model: job.model, sample: job.sample };
}
