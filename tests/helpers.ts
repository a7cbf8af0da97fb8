// Shared by the integration tests: the fixture catalog and a plan over it.
import { fileURLToPath } from "node:url";
import { loadCatalog, type Task } from "../harness/catalog.ts";
import { createProvider } from "../harness/providers/registry.ts";
import { newRunId } from "../harness/record.ts";
import type { RunPlan, RunSettings } from "../harness/run.ts";
import { PROJECT_ROOT } from "../lib/config.ts";

export const FIXTURES = fileURLToPath(new URL("./fixtures/catalog", import.meta.url));

export async function fixtureTasks(ids?: string[]): Promise<Task[]> {
  const { tasks, problems } = await loadCatalog([FIXTURES]);
  if (problems.length) throw new Error(problems.map((p) => p.message).join("\n"));
  return ids ? tasks.filter((t) => ids.includes(t.id)) : tasks.filter((t) => t.id !== "fx_hostile");
}

export function fixturePlan(
  tasks: Task[],
  runsDir: string,
  models: string[],
  over: Partial<RunSettings> = {},
  replayText?: string,
): RunPlan {
  const settings: RunSettings = {
    models,
    task_ids: tasks.map((t) => t.id),
    samples: 1,
    temperature: 0,
    concurrency: 2,
    include_tests: false,
    install_deps: false,
    unsafe_no_sandbox: false,
    timeout_s: null,
    ...over,
  };
  return {
    runId: newRunId(),
    tasks,
    settings,
    runsDir,
    projectRoot: PROJECT_ROOT,
    providers: new Map(models.map((m) => [m, createProvider(m, { replayText })])),
    secrets: [],
    nodeModulesDir: `${PROJECT_ROOT}/node_modules`,
  };
}

/** Runs `deno run main.ts …` as a separate process and returns its output. */
export async function runCli(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${PROJECT_ROOT}/main.ts`, ...args],
    cwd: PROJECT_ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
