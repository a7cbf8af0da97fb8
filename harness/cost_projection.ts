// The projected cost of a run before it starts (--max-cost's companion): prompt sizes ×
// the models' published prices × attempts × tries. Tokens are estimated from characters;
// the answer is taken to be as long as the task's solution; every try is assumed used, each
// resending the conversation so far plus a full feedback message — an upper estimate.
// Unknown prices make the projection unknown rather than a guess.
import { join } from "node:path";
import type { Task } from "./catalog.ts";
import { chooseRun, type PlanContext } from "./plan.ts";
import { providerOptions } from "./providers/options.ts";
import { createProvider } from "./providers/registry.ts";
import type { RunRequest } from "./request.ts";
import { FEEDBACK_OUTPUT_BYTES } from "./modes/feedback.ts";
import { buildPrompt } from "./prompt.ts";
import type { Provider } from "./providers/types.ts";
import type { RunSettings } from "./run.ts";

/** The usual characters per token of English text and code for GPT-style tokenizers. */
const CHARS_PER_TOKEN = 4;

export interface ModelProjection {
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  /** null when the model's prices are unknown. */
  cost_usd: number | null;
}

export interface CostProjection {
  /** null when any model's prices are unknown. */
  cost_usd: number | null;
  models: ModelProjection[];
}

async function solutionChars(task: Task): Promise<number> {
  let n = 0;
  for (const f of task.solutionFiles) {
    n += (await Deno.stat(join(task.dir, "solution", f)).catch(() => ({ size: 0 }))).size;
  }
  return n;
}

/** Estimated tokens of one attempt of `task` over `tries` tries: [prompt, completion]. */
export async function attemptTokens(
  task: Task,
  includeTests: boolean,
  tries: number,
): Promise<[number, number]> {
  const prompt = (await buildPrompt(task, includeTests)).length / CHARS_PER_TOKEN;
  const answer = (await solutionChars(task)) / CHARS_PER_TOKEN;
  const feedback = FEEDBACK_OUTPUT_BYTES / CHARS_PER_TOKEN;
  let sent = 0;
  for (let i = 0; i < tries; i++) sent += prompt + i * (answer + feedback);
  return [Math.ceil(sent), Math.ceil(answer * tries)];
}

/** The projected tokens and cost of running `tasks` with `settings` on `providers`. */
export async function projectCost(
  tasks: readonly Task[],
  settings: RunSettings,
  providers: ReadonlyMap<string, Provider>,
): Promise<CostProjection> {
  let prompt = 0, completion = 0;
  for (const task of tasks) {
    const [p, c] = await attemptTokens(task, settings.include_tests, settings.tries ?? 1);
    prompt += p * settings.samples;
    completion += c * settings.samples;
  }
  const models: ModelProjection[] = [];
  for (const model of settings.models) {
    const prices = await providers.get(model)?.prices?.() ?? null;
    const known = prices && prices.prompt !== null && prices.completion !== null;
    models.push({
      model,
      prompt_tokens: prompt,
      completion_tokens: completion,
      cost_usd: known ? prompt * prices.prompt! + completion * prices.completion! : null,
    });
  }
  const costs = models.map((m) => m.cost_usd);
  return {
    cost_usd: costs.includes(null) ? null : costs.reduce((x, y) => x! + y!, 0),
    models,
  };
}

/** One line for the terminal: `projected cost: at most $0.1234 (…)`, or why it is unknown. */
export function projectionLine(p: CostProjection, maxCostUsd: number | null): string {
  const unknown = p.models.filter((m) => m.cost_usd === null).map((m) => m.model);
  const cap = maxCostUsd === null ? "" : `; --max-cost $${maxCostUsd}`;
  if (p.cost_usd === null) {
    return `projected cost: unknown (no published prices for ${unknown.join(", ")})${cap}`;
  }
  const tokens = p.models.reduce((n, m) => n + m.prompt_tokens + m.completion_tokens, 0);
  return `projected cost: at most $${p.cost_usd.toFixed(4)} (~${tokens} tokens)${cap}`;
}

/**
 * The projection of a new run `req` before it is planned for real (the Launch form): its
 * tasks and settings as `bench` would choose them, priced without preflights. Throws
 * UsageError as chooseRun and createProvider do (unknown task, selector or model).
 */
export async function projectRequest(req: RunRequest, ctx: PlanContext): Promise<CostProjection> {
  const { tasks, settings, replayText } = chooseRun(req, ctx);
  const opts = providerOptions(req, ctx, replayText);
  const providers = new Map(settings.models.map((m) => [m, createProvider(m, opts)]));
  return await projectCost(tasks, settings, providers);
}
