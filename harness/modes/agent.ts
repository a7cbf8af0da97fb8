// Agent mode (`--agent`), one attempt: lay out the workspace, run the tool loop
// (agent_loop.ts) over it, then grade what the agent left with a fresh sandboxed run of the
// hidden tests — never a `run_tests` result. A model that answers in plain text instead is
// parsed and applied as in one-shot mode. Artifacts: prompt.txt, transcript.jsonl,
// response.txt (the last message), patch.diff (starter → final), the grade's logs.
import { join } from "node:path";
import { DEFAULT_MAX_ANSWER_BYTES } from "../../lib/config.ts";
import { type AgentSettings, type AttemptResult, unfinishedResult } from "../../lib/wire.ts";
import { applyAnswer, type ApplyReport, snapshot, unifiedDiff } from "../answer/apply.ts";
import { AnswerRejected, clipToBytes, parseAnswerBounded } from "../answer/bounded.ts";
import type { Task } from "../catalog.ts";
import { missingDependencies } from "../deps.ts";
import { scanAppliedFiles } from "../grading/tamper.ts";
import type { Provider } from "../providers/types.ts";
import { buildPrompt } from "../prompt.ts";
import { layOutWorkspace } from "../sandbox/layout.ts";
import { missingRequirement } from "../sandbox/requirements.ts";
import { type AttemptContext, gradeAndRecord, gradeOptions, keyOf } from "./attempt.ts";
import { runAgentLoop } from "./agent_loop.ts";
import { type ProbeNotes, pruneNonRegular, runTestsOnCopy } from "./agent_probe.ts";
import { WorkspaceTools } from "./agent_tools.ts";

/** What a provider without tool calls ends every agent attempt with. */
export const NO_TOOLS = "this provider does not support tools";
/** What a model its endpoint lists without tool support ends every agent attempt with. */
export const MODEL_NO_TOOLS = "this model does not support tools (per its provider's model list)";

/** Why `provider` cannot work in agent mode, or null when it can (or cannot tell). */
export async function toolsRefusal(provider: Provider): Promise<string | null> {
  if (!provider.chat) return NO_TOOLS;
  return (await provider.toolSupport?.()) === false ? MODEL_NO_TOOLS : null;
}

/** Added to the task prompt: how the agent works. */
const AGENT_INSTRUCTIONS = `
You work in the task's workspace with tools: list_files, read_file, write_file (only the
files you may edit), run_tests (runs the tests on your workspace; limited runs) and submit.
Make the tests pass, then call submit: your workspace as you leave it is graded.
`;

/** Applies a plain-text answer as one-shot mode would; null when it holds no readable edit. */
async function applyText(ws: string, text: string, task: Task, maxBytes: number) {
  try {
    return await applyAnswer(ws, await parseAnswerBounded(text, maxBytes), task.meta.editable);
  } catch (e) {
    if (e instanceof AnswerRejected) return e.message;
    throw e;
  }
}

/**
 * Why an answer that never called a tool is not graded, judged as one-shot mode judges it
 * (`text`: its apply report, or why it could not be read); null when it is graded.
 */
function noEditReason(
  text: ApplyReport | string | null,
  usedTools: boolean,
): Pick<AttemptResult, "outcome" | "error"> | null {
  if (usedTools || text === null) return null;
  if (typeof text === "string") return { outcome: "malformed_response", error: text };
  const f = text.failed[0];
  if (f) return { outcome: "patch_error", error: `${f.path}: ${f.reason}` };
  if (text.applied.length) return null;
  return { outcome: "malformed_response", error: "no usable edit in the response" };
}

/** Runs one attempt in agent mode. Throws only for harness faults. */
export async function runAgentAttempt(ctx: AttemptContext): Promise<AttemptResult> {
  const { plan, job, recorder, life, signal } = ctx;
  const { task, model, sample } = job;
  const key = keyOf(job);
  const limits = plan.settings.agent as AgentSettings;
  const blank: AttemptResult = {
    ...unfinishedResult(task.id, model, sample),
    attempt_dir: job.dir,
    outcome: "harness_error",
  };
  // An agent's whole loop is its one try: pass_rate_1 is its pass rate.
  const done = (r: Partial<AttemptResult>): AttemptResult => ({
    ...blank,
    ...r,
    passed_on_try: r.outcome === "passed" ? 1 : null,
    duration_s: ctx.elapsed(),
  });
  const prompt = (await buildPrompt(task, plan.settings.include_tests)) + AGENT_INSTRUCTIONS;
  await recorder.writeAttemptFile(job.dir, "prompt.txt", prompt);
  const missing = await missingRequirement(task.meta.requires, plan.settings.unsafe_no_sandbox) ??
    await missingDependencies(task, plan.runsDir);
  if (missing) return done({ outcome: "skipped", error: missing });
  const provider = plan.providers.get(model)!;
  const refused = await toolsRefusal(provider);
  if (refused) return done({ outcome: "model_error", error: refused });

  await life.attemptStage(key, "agent");
  const sandboxDir = join(recorder.runDir, job.dir, "sandbox");
  const ws = await layOutWorkspace(task, sandboxDir);
  const before = await snapshot(ws);
  const tools = new WorkspaceTools(ws, task.meta.editable);
  await recorder.writeAttemptFile(job.dir, "transcript.jsonl", "");
  const notes: ProbeNotes = { removed: [] };
  const loop = await runAgentLoop({
    task,
    provider,
    prompt,
    temperature: plan.settings.temperature,
    sample,
    limits,
    tools,
    signal,
    runTests: async (sig) =>
      runTestsOnCopy({
        task,
        workspace: ws,
        probeDir: join(recorder.runDir, job.dir, "probe"),
        grade: { ...gradeOptions(plan, sig), ...await plan.prepareDeps?.(task, sandboxDir) },
        secrets: plan.secrets,
      }, notes),
    record: (entry) =>
      recorder.appendAttemptFile(job.dir, "transcript.jsonl", JSON.stringify(entry) + "\n"),
  });
  ctx.budget.spend(loop.costUsd, loop.promptTokens, loop.completionTokens);
  const maxBytes = plan.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  await recorder.writeAttemptFile(job.dir, "response.txt", clipToBytes(loop.lastText, maxBytes));
  const ran: Partial<AttemptResult> = {
    agent: loop.stats,
    prompt_tokens: loop.promptTokens,
    completion_tokens: loop.completionTokens,
    cost_usd: loop.costUsd,
    latency_ms: Math.round(loop.latencyMs),
    retries: loop.retries,
  };
  if (loop.stats.ended_by === "cancelled") return done({ ...ran, outcome: "cancelled" });
  if (loop.stats.ended_by === "model_error") {
    return done({ ...ran, outcome: "model_error", error: loop.error });
  }

  await life.attemptStage(key, "apply");
  const removed = [...notes.removed, ...await pruneNonRegular(ws)];
  let text: ApplyReport | string | null = null;
  if (loop.stats.ended_by === "no_tools") {
    text = await applyText(ws, loop.lastText, task, maxBytes);
  }
  const after = await snapshot(ws);
  const patch = unifiedDiff(before, after);
  await recorder.writeAttemptFile(job.dir, "patch.diff", patch);
  // The stored answer is the agent's net change as a diff, so --regrade grades it again.
  await life.answered(key, patch ? `\`\`\`diff\n${patch}\`\`\`\n` : "", {
    prompt_tokens: loop.promptTokens,
    completion_tokens: loop.completionTokens,
    cost_usd: loop.costUsd,
    latency_ms: loop.latencyMs,
    agent: loop.stats,
  });
  const changed = [...after.keys()].filter((p) => after.get(p) !== before.get(p));
  const flags = await scanAppliedFiles(ws, changed);
  const report = typeof text === "object" ? text : null;
  const edited: Partial<AttemptResult> = {
    ...ran,
    edits_applied: changed,
    edits_refused: [
      ...(report?.refused ?? []),
      ...removed.map((path) => ({ path, reason: "not a regular file (removed)" })),
    ],
    integrity_flags: [...flags],
  };
  const why = noEditReason(text, Object.keys(loop.stats.tool_calls).length > 0);
  if (why) return done({ ...edited, ...why });

  await life.attemptStage(key, "grade");
  if (signal.aborted) return done({ ...edited, outcome: "cancelled" });
  const { graded } = await gradeAndRecord(ctx, sandboxDir, flags);
  return done({ ...edited, ...graded });
}
