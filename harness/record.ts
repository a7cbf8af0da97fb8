// Writes the spec's run artifacts: per-attempt files, summary.json, latest_summary.json
// and <task>_latest.json. Everything written here passes through `redact` first.
import { dirname, join } from "node:path";
import { redact } from "../lib/config.ts";
import type { AttemptResult } from "../lib/wire.ts";

export type { AttemptResult, ModelTotals } from "../lib/wire.ts";

/** A new run id like run_20261126T211206Z_k3x9q. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => alphabet[b % 36]);
  return `run_${stamp}_${rand.join("")}`;
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

  /** Writes `name` (a relative path: `tries/2/stdout.log`) in the attempt's folder. */
  async writeAttemptFile(attemptDir: string, name: string, text: string) {
    const path = join(this.runDir, attemptDir, name);
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, redact(text, this.secrets));
  }

  /** Appends to an attempt file (transcript.jsonl), redacted like every write. */
  async appendAttemptFile(attemptDir: string, name: string, text: string) {
    const dir = join(this.runDir, attemptDir);
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(join(dir, name), redact(text, this.secrets), { append: true });
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
