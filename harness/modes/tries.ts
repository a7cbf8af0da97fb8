// Test-feedback retries (--tries N, Aider's pass_rate_2): the attempt's tries in one
// conversation. When try i ends failed, build_error or timeout (or its answer was unusable)
// and tries are left, the model gets its answer back with the tail of the test output (or
// the reason) and is asked to fix the code; its new edits apply to the workspace as try i
// left it, graded with a fresh copy of the tests. With N = 1 this is the one-shot mode.
import { join } from "node:path";
import type { AttemptResult, TryResult } from "../../lib/wire.ts";
import { buildPrompt } from "../prompt.ts";
import type { TextMessage } from "../providers/types.ts";
import { missingDependencies } from "../deps.ts";
import { missingRequirement } from "../sandbox/requirements.ts";
import { type AttemptContext, blankResult, tryFile } from "./attempt.ts";
import { BUDGET_REACHED } from "./budget.ts";
import { feedbackMessage, RETRY_OUTCOMES } from "./feedback.ts";
import { runTry, sandboxDirOf, type TryRun } from "./one_shot.ts";

/** Where the workspace a try left waits for the next try (removed when the attempt ends). */
const KEPT_WORKSPACE = ".workspace_between_tries";

function sumOrNull(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((x, y) => x + y, 0) : null;
}

function tryResult(i: number, r: AttemptResult): TryResult {
  return {
    try: i,
    outcome: r.outcome,
    tests_passed: r.tests_passed,
    tests_total: r.tests_total,
    prompt_tokens: r.prompt_tokens,
    completion_tokens: r.completion_tokens,
    cost_usd: r.cost_usd,
    duration_s: r.duration_s,
    error: r.error,
    lazy: r.lazy,
  };
}

/** The attempt's result from its tries: the last one's outcome, the sums of all. */
export function combineTries(runs: AttemptResult[], durationS: number): AttemptResult {
  const last = runs.at(-1)!;
  const passed = runs.findIndex((r) => r.outcome === "passed");
  return {
    ...last,
    prompt_tokens: sumOrNull(runs.map((r) => r.prompt_tokens)),
    completion_tokens: sumOrNull(runs.map((r) => r.completion_tokens)),
    cost_usd: sumOrNull(runs.map((r) => r.cost_usd)),
    cached: runs.every((r) => r.cached),
    retries: runs.reduce((n, r) => n + r.retries, 0),
    edits_applied: [...new Set(runs.flatMap((r) => r.edits_applied))],
    integrity_flags: [...new Set(runs.flatMap((r) => r.integrity_flags))],
    lazy: runs.some((r) => r.lazy),
    tries: runs.map((r, i) => tryResult(i + 1, r)),
    passed_on_try: passed < 0 ? null : passed + 1,
    duration_s: durationS,
  };
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** Runs one attempt of `settings.tries` tries (1 when unset) and returns its result. */
export async function runTries(ctx: AttemptContext): Promise<AttemptResult> {
  const { plan, job, recorder } = ctx;
  const n = Math.max(1, plan.settings.tries ?? 1);
  const prompt = await buildPrompt(job.task, plan.settings.include_tests);
  await recorder.writeAttemptFile(job.dir, "prompt.txt", prompt);
  const missing =
    await missingRequirement(job.task.meta.requires, plan.settings.unsafe_no_sandbox) ??
      await missingDependencies(job.task, plan.runsDir);
  if (missing) return blankResult(job, "skipped", missing, ctx.elapsed());

  const keep = n > 1 ? join(recorder.runDir, job.dir, KEPT_WORKSPACE) : null;
  const messages: TextMessage[] = [{ role: "user", content: prompt }];
  const results: AttemptResult[] = [];
  let run: TryRun | undefined;
  try {
    for (let i = 1; i <= n; i++) {
      if (run) {
        if (ctx.budget.reached) {
          const all = combineTries(results, ctx.elapsed());
          return { ...all, outcome: "skipped", error: BUDGET_REACHED };
        }
        const feedback = feedbackMessage(run.end, sandboxDirOf(ctx), plan.secrets);
        messages.push({ role: "assistant", content: run.answer! }, {
          role: "user",
          content: feedback,
        });
        await recorder.writeAttemptFile(job.dir, tryFile(i, "prompt.txt"), feedback);
      }
      const t0 = performance.now();
      run = await runTry(ctx, {
        index: i,
        prompt,
        messages: i > 1 ? [...messages] : undefined,
        from: i > 1 && keep && await exists(keep) ? keep : null,
        keep: i < n ? keep : null,
      });
      results.push({ ...run.result, duration_s: Math.round(performance.now() - t0) / 1000 });
      if (run.answer === null || !RETRY_OUTCOMES.includes(run.result.outcome)) break;
    }
  } finally {
    if (keep) await Deno.remove(keep, { recursive: true }).catch(() => {});
  }
  return combineTries(results, ctx.elapsed());
}
