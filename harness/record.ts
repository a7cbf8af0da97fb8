// Writes the spec's run artifacts: per-attempt files, summary.json, latest_summary.json
// and <task>_latest.json. Everything written here passes through `redact` first.
import { join } from "node:path";
import { redact } from "../lib/config.ts";
import type { AttemptRow } from "../lib/db.ts";
import type { AttemptResult, ModelTotals } from "../lib/wire.ts";
import { NOT_GRADED, type Outcome, OUTCOMES } from "./grading/outcome.ts";

export type { AttemptResult, ModelTotals } from "../lib/wire.ts";

/** `model_slug`: every character outside [A-Za-z0-9._-] becomes `-`. */
export function modelSlug(model: string): string {
  return model.replace(/[^A-Za-z0-9._-]/g, "-");
}

export function attemptDirName(taskId: string, model: string, sample: number): string {
  return `${taskId}__${modelSlug(model)}__sample${String(sample).padStart(2, "0")}`;
}

/** A new run id like run_20261126T211206Z_k3x9q. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => alphabet[b % 36]);
  return `run_${stamp}_${rand.join("")}`;
}

/** Per-model totals; harness and provider failures are counted but never graded. */
export function totalsByModel(attempts: AttemptResult[], models: string[]): ModelTotals[] {
  return models.map((model) => {
    const mine = attempts.filter((a) => a.model === model);
    const graded = mine.filter((a) => !NOT_GRADED.has(a.outcome));
    const passed = graded.filter((a) => a.outcome === "passed").length;
    const costs = mine.map((a) => a.cost_usd).filter((c): c is number => c !== null);
    const outcomes: Partial<Record<Outcome, number>> = {};
    for (const o of OUTCOMES) {
      const n = mine.filter((a) => a.outcome === o).length;
      if (n) outcomes[o] = n;
    }
    return {
      model,
      attempts: mine.length,
      graded: graded.length,
      passed,
      pass_rate: graded.length ? passed / graded.length : null,
      tests_passed: graded.reduce((n, a) => n + (a.tests_passed ?? 0), 0),
      tests_total: graded.reduce((n, a) => n + (a.tests_total ?? 0), 0),
      prompt_tokens: mine.reduce((n, a) => n + (a.prompt_tokens ?? 0), 0),
      completion_tokens: mine.reduce((n, a) => n + (a.completion_tokens ?? 0), 0),
      cost_usd: costs.length ? costs.reduce((x, y) => x + y, 0) : null,
      duration_s: mine.reduce((n, a) => n + a.duration_s, 0),
      cached: mine.filter((a) => a.cached).length,
      flagged: mine.filter((a) => a.integrity_flags.length > 0).length,
      outcomes,
    };
  });
}

/** A finished attempt rebuilt from its database row (what result.json would hold). */
export function resultFromRow(r: AttemptRow): AttemptResult {
  const meta = JSON.parse(r.response_meta_json ?? "{}");
  return {
    task_id: r.task_id,
    model: r.model,
    sample: r.sample,
    outcome: r.outcome as Outcome,
    tests_passed: r.tests_passed,
    tests_total: r.tests_total,
    duration_s: r.duration_s ?? 0,
    prompt_tokens: r.prompt_tokens,
    completion_tokens: r.completion_tokens,
    cost_usd: r.cost_usd,
    error: r.error,
    attempt_dir: r.attempt_dir,
    cached: r.cached === 1,
    latency_ms: meta.latency_ms ?? null,
    first_token_ms: meta.first_token_ms ?? null,
    retries: 0,
    grade_s: null,
    edits_applied: [],
    edits_refused: [],
    output_truncated: false,
    // The row keeps no flags yet (the full result is stored by a later change).
    integrity_flags: [],
  };
}

/** Writes artifacts of one run, redacting secrets from every byte it writes. */
export class RunRecorder {
  constructor(
    readonly runsDir: string,
    readonly runId: string,
    private readonly secrets: readonly string[],
  ) {}

  get runDir(): string {
    return join(this.runsDir, this.runId);
  }

  async writeAttemptFile(attemptDir: string, name: string, text: string) {
    const dir = join(this.runDir, attemptDir);
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(join(dir, name), redact(text, this.secrets));
  }

  async writeJson(path: string, value: unknown) {
    const tmp = `${path}.tmp${crypto.randomUUID().slice(0, 6)}`;
    await Deno.writeTextFile(tmp, redact(JSON.stringify(value, null, 2), this.secrets) + "\n");
    await Deno.rename(tmp, path);
  }

  async writeResult(result: AttemptResult) {
    await Deno.mkdir(join(this.runDir, result.attempt_dir), { recursive: true });
    await this.writeJson(join(this.runDir, result.attempt_dir, "result.json"), result);
  }

  /** summary.json, the latest_summary.json copy, and <task>_latest.json per task. */
  async writeSummary(summary: { attempts: AttemptResult[] }) {
    await Deno.mkdir(this.runDir, { recursive: true });
    await this.writeJson(join(this.runDir, "summary.json"), summary);
    await this.writeJson(join(this.runsDir, "latest_summary.json"), summary);
    const byTask = Map.groupBy(summary.attempts, (a) => a.task_id);
    for (const [task, attempts] of byTask) {
      await this.writeJson(join(this.runsDir, `${task}_latest.json`), {
        run_id: this.runId,
        attempts,
      });
    }
  }
}
