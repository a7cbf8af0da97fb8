// The reproducibility stamp in every summary.json: what code, toolchains, tasks, prompt
// template, model settings and host produced these numbers.
import type { Task } from "./catalog.ts";
import { PROMPT_TEMPLATE_HASH } from "./prompt.ts";
import { runProcess } from "./sandbox/runner.ts";
import { sandboxToolchains } from "./sandbox/toolchains.ts";

export interface Stamp {
  harness_commit: string | null;
  harness_dirty: boolean | null;
  toolchains: Record<string, string>;
  task_hashes: Record<string, string>;
  prompt_template_hash: string;
  model_settings: { temperature: number; samples: number; include_tests: boolean };
  host: { cores: number; memory_bytes: number | null; os: string; deno: string };
}

async function git(args: string[], cwd: string): Promise<string | null> {
  try {
    const r = await runProcess({
      argv: ["git", ...args],
      cwd,
      env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
      timeoutMs: 10_000,
    });
    return r.code === 0 ? r.stdout.trim() : null;
  } catch {
    return null;
  }
}

export async function reproducibilityStamp(
  tasks: Task[],
  settings: { temperature: number; samples: number; include_tests: boolean },
  projectRoot: string,
): Promise<Stamp> {
  const commit = await git(["rev-parse", "HEAD"], projectRoot);
  const status = commit
    ? await git(["status", "--porcelain", "--untracked-files=no"], projectRoot)
    : null;
  let memory: number | null = null;
  try {
    memory = Deno.systemMemoryInfo().total;
  } catch { /* not permitted */ }
  return {
    harness_commit: commit,
    harness_dirty: status === null ? null : status.length > 0,
    toolchains: Object.fromEntries((await sandboxToolchains()).map((t) => [t.name, t.version])),
    task_hashes: Object.fromEntries(tasks.map((t) => [t.id, t.contentHash])),
    prompt_template_hash: PROMPT_TEMPLATE_HASH,
    model_settings: {
      temperature: settings.temperature,
      samples: settings.samples,
      include_tests: settings.include_tests,
    },
    host: {
      cores: navigator.hardwareConcurrency,
      memory_bytes: memory,
      os: `${Deno.build.os}-${Deno.build.arch}`,
      deno: Deno.version.deno,
    },
  };
}
