// One try of an attempt, in three stages: ask the model, apply its answer to the workspace,
// grade the workspace in the sandbox. A one-shot attempt is one such try; --tries loops
// them (tries.ts). Each stage either hands on to the next or ends the try with a result.
import { join } from "node:path";
import { DEFAULT_MAX_ANSWER_BYTES } from "../../lib/config.ts";
import type { AttemptResult } from "../../lib/wire.ts";
import { applyAnswer } from "../answer/apply.ts";
import { AnswerRejected, clipToBytes, parseAnswerBounded } from "../answer/bounded.ts";
import { isLazyFile } from "../grading/lazy.ts";
import { scanAppliedFiles } from "../grading/tamper.ts";
import { type ModelAnswer, ModelError, type TextMessage } from "../providers/types.ts";
import { attemptKey } from "../run.ts";
import { copyTree, listFiles } from "../safe_fs.ts";
import { layOutWorkspace } from "../sandbox/layout.ts";
import {
  type AttemptContext,
  blankResult,
  gradeAndRecord,
  keyOf,
  oneLine,
  tryFile,
} from "./attempt.ts";
import type { TryEnd } from "./feedback.ts";

/** What one try starts from. */
export interface TrySpec {
  /** 1-based. */
  index: number;
  prompt: string;
  /** The conversation so far, ending with this try's user message (tries ≥ 2). */
  messages?: TextMessage[];
  /** The workspace the previous try left (null: the task's starter workspace). */
  from: string | null;
  /** Copy the edited workspace here (before grading) for a next try; null: no next try. */
  keep: string | null;
}

/** A finished try: its result, the answer text (null when none came) and how it ended. */
export interface TryRun {
  result: AttemptResult;
  answer: string | null;
  end: TryEnd;
}

function ended(result: AttemptResult, answer: string | null, output: string | null): TryRun {
  return { result, answer, end: { outcome: result.outcome, error: result.error, output } };
}

/** The sandbox folder of an attempt (the same for every try: each lays it out anew). */
export function sandboxDirOf(ctx: AttemptContext): string {
  return join(ctx.recorder.runDir, ctx.job.dir, "sandbox");
}

/** Stage 1: the model's answer (stored, for a regrade), or the result that ends the try. */
async function askModel(
  ctx: AttemptContext,
  spec: TrySpec,
): Promise<ModelAnswer | AttemptResult> {
  const { plan, job, signal } = ctx;
  const stored = plan.storedAnswers?.get(attemptKey(job.task.id, job.model, job.sample));
  if (stored) return stored;
  if (plan.storedAnswers) {
    return blankResult(job, "model_error", "no stored answer to regrade", ctx.elapsed());
  }
  try {
    return await plan.providers.get(job.model)!.complete({
      task: job.task,
      prompt: spec.prompt,
      messages: spec.messages,
      temperature: plan.settings.temperature,
      sample: job.sample,
      signal,
    });
  } catch (e) {
    if (signal.aborted) return blankResult(job, "cancelled", null, ctx.elapsed());
    const msg = e instanceof ModelError ? e.message : oneLine(String((e as Error).message ?? e));
    await ctx.recorder.writeAttemptFile(job.dir, tryFile(spec.index, "response.txt"), "");
    return blankResult(job, "model_error", msg, ctx.elapsed());
  }
}

/** The text of every file under `ws` (the laid-out workspace, before an edit: lazy check). */
async function readTexts(ws: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const f of await listFiles(ws)) {
    texts.set(f, await Deno.readTextFile(join(ws, f)).catch(() => ""));
  }
  return texts;
}

/** Lays out the sandbox's workspace: the task's starter, or what the previous try left. */
async function layOut(ctx: AttemptContext, spec: TrySpec): Promise<string> {
  const sandboxDir = sandboxDirOf(ctx);
  if (spec.from === null) return await layOutWorkspace(ctx.job.task, sandboxDir);
  await Deno.remove(sandboxDir, { recursive: true }).catch(() => {});
  await copyTree(spec.from, join(sandboxDir, "workspace"));
  return join(sandboxDir, "workspace");
}

/** Stage 2: parse and apply the answer; the result so far, or the one that ends the try. */
async function applyStep(
  ctx: AttemptContext,
  spec: TrySpec,
  answer: ModelAnswer,
  base: AttemptResult,
): Promise<{ done: AttemptResult } | { applied: AttemptResult; flags: string[] }> {
  const { job, plan } = ctx;
  const maxBytes = plan.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  let parsed;
  try {
    parsed = await parseAnswerBounded(answer.noEdits ? "" : answer.text, maxBytes);
  } catch (e) {
    if (!(e instanceof AnswerRejected)) throw e;
    return { done: { ...base, outcome: "malformed_response", error: e.message } };
  }
  const ws = await layOut(ctx, spec);
  const before = await readTexts(ws);
  const report = await applyAnswer(ws, parsed, job.task.meta.editable);
  await ctx.recorder.writeAttemptFile(job.dir, tryFile(spec.index, "patch.diff"), report.patch);
  if (spec.keep !== null) {
    await Deno.remove(spec.keep, { recursive: true }).catch(() => {});
    await copyTree(ws, spec.keep);
  }
  const flags = await scanAppliedFiles(ws, report.applied);
  let lazy = false;
  for (const f of report.applied) {
    const text = await Deno.readTextFile(join(ws, f)).catch(() => null); // null: deleted
    lazy ||= text !== null && isLazyFile(before.get(f) ?? null, text);
  }
  const applied: AttemptResult = {
    ...base,
    edits_applied: report.applied,
    edits_refused: report.refused,
    integrity_flags: [...flags],
    lazy,
  };
  if (report.failed.length) {
    const f = report.failed[0];
    return { done: { ...applied, outcome: "patch_error", error: `${f.path}: ${f.reason}` } };
  }
  if (report.applied.length === 0 && !answer.noEdits) {
    const why = report.refused.length
      ? `no usable edit (refused: ${report.refused.map((r) => `${r.path} ${r.reason}`).join("; ")})`
      : "no usable edit in the response";
    return { done: { ...applied, outcome: "malformed_response", error: oneLine(why) } };
  }
  return { applied, flags };
}

/** Stage 3: grade the edited workspace with a fresh copy of the tests. */
async function gradeStep(
  ctx: AttemptContext,
  spec: TrySpec,
  applied: AttemptResult,
  flags: string[],
): Promise<TryRun> {
  const { graded, output } = await gradeAndRecord(
    ctx,
    sandboxDirOf(ctx),
    flags,
    (name) => tryFile(spec.index, name),
  );
  return ended({ ...applied, ...graded }, null, output);
}

/**
 * Runs one try: ask, apply, grade. Its result carries this try's tokens and cost only;
 * `duration_s` is left to the caller. Throws only for faults of the harness (I/O).
 */
export async function runTry(ctx: AttemptContext, spec: TrySpec): Promise<TryRun> {
  const { job, life, recorder, plan } = ctx;
  const key = keyOf(job);
  await life.attemptStage(key, "model");
  const answer = await askModel(ctx, spec);
  if ("outcome" in answer) return ended(answer, null, null);
  // Cached and stored (regrade) answers cost nothing this run.
  if (!answer.cached) {
    ctx.budget.spend(answer.costUsd, answer.promptTokens, answer.completionTokens);
  }
  const kept = clipToBytes(answer.text, plan.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES);
  await recorder.writeAttemptFile(job.dir, tryFile(spec.index, "response.txt"), kept);
  await life.answered(key, kept, {
    prompt_tokens: answer.promptTokens,
    completion_tokens: answer.completionTokens,
    cost_usd: answer.costUsd,
    no_edits: answer.noEdits ?? false,
    latency_ms: answer.latencyMs,
    first_token_ms: answer.firstTokenMs,
    try: spec.index,
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
  await life.attemptStage(key, "apply");
  const step = await applyStep(ctx, spec, answer, base);
  if ("done" in step) return ended(step.done, kept, null);
  await life.attemptStage(key, "grade");
  if (ctx.signal.aborted) return ended({ ...step.applied, outcome: "cancelled" }, kept, null);
  const graded = await gradeStep(ctx, spec, step.applied, step.flags);
  return { ...graded, answer: kept };
}
