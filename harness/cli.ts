// `deno task bench`: flags → a RunRequest → a plan (plan.ts) → the orchestrator, with
// terminal progress and a closing table. Also --regrade, --resume, --dry-run (prompts
// only), --tasks list (the catalog) and --list-models (a provider's offer).
import { join } from "node:path";
import { Command, Option } from "commander";
import { type Config, loadConfig } from "../lib/config.ts";
import { openStore } from "../lib/store/open.ts";
import { attemptDirName } from "../lib/wire.ts";
import { reopenRun } from "./lifecycle.ts";
import { UnavailableError, UsageError } from "../lib/errors.ts";
import { errorLine } from "../lib/util.ts";
import type { Task } from "./catalog.ts";
import { depsCommand } from "./deps_command.ts";
import { importCommand } from "./import_command.ts";
import { projectCost, projectionLine } from "./cost_projection.ts";
import { addStatsCommands } from "./stats_cli.ts";
import { numberAtLeast, withAction } from "./command.ts";
import { type Distributed, openDistributed } from "./queue/dispatch.ts";
import { chooseRun, planRun, requireSandbox } from "./plan.ts";
import { loadContext, runWithSignals } from "./terminal.ts";
import { catalogTable } from "./progress.ts";
import { buildPrompt } from "./prompt.ts";
import { closeProviders } from "./providers/options.ts";
import { listModels } from "./providers/registry.ts";
import type { ModelInfo } from "./providers/types.ts";
import { newRunId } from "./record.ts";
import type { RunRequest } from "./request.ts";
import { addRunOptions, BENCH_FIELDS, requestFromOptions } from "./run_options.ts";
import type { RunSettings } from "./run.ts";

/** `--list-models`: one line per model, with prices per million tokens where published. */
function modelListTable(models: ModelInfo[]): string {
  const perM = (p: number | null) => p === null ? "-" : `$${(p * 1e6).toFixed(2)}`;
  const width = Math.max(5, ...models.map((m) => m.id.length));
  return [
    `${"model".padEnd(width)}  ${"in/Mtok".padStart(9)}  ${"out/Mtok".padStart(9)}  context`,
    ...[...models].sort((a, b) => a.id.localeCompare(b.id)).map((m) =>
      `${m.id.padEnd(width)}  ${perM(m.promptUsdPerToken).padStart(9)}  ${
        perM(m.completionUsdPerToken).padStart(9)
      }  ${m.contextLength ?? "-"}`
    ),
  ].join("\n");
}

async function printModelList(provider: string, config: Config): Promise<number> {
  try {
    console.log(modelListTable(await listModels(provider, config)));
  } catch (e) {
    throw e instanceof UsageError ? e : new UnavailableError(errorLine(e), { cause: e });
  }
  return 0;
}

async function writeDryRun(runsDir: string, tasks: Task[], settings: RunSettings) {
  const runId = newRunId();
  for (const task of tasks) {
    for (const model of settings.models) {
      for (let s = 0; s < settings.samples; s++) {
        const dir = join(runsDir, runId, attemptDirName(task.id, model, s));
        await Deno.mkdir(dir, { recursive: true });
        await Deno.writeTextFile(
          join(dir, "prompt.txt"),
          await buildPrompt(task, settings.include_tests),
        );
        console.log(join(dir, "prompt.txt"));
      }
    }
  }
}

/** Plans and executes `req`; returns the exit code (130 when cancelled). */
async function bench(req: RunRequest, localWorkers: number): Promise<number> {
  const ctx = await loadContext(req);
  await Deno.mkdir(ctx.runsDir, { recursive: true });
  const store = await openStore(ctx.config, ctx.runsDir);
  let dist: Distributed | undefined;
  try {
    if (req.tasks === "list") {
      console.log(catalogTable(
        ctx.catalog.tasks,
        new Map((await store.referenceTestCounts()).map((r) => [r.task_id, r.tests_total])),
      ));
      return 0;
    }
    if (req.dry_run && req.regrade === undefined && req.resume === undefined) {
      const { tasks, settings } = chooseRun(req, ctx);
      await writeDryRun(ctx.runsDir, tasks, settings);
      return 0;
    }
    const plan = await planRun(req, ctx, store);
    try {
      requireSandbox(plan.settings);
      if (req.regrade === undefined) {
        const projected = await projectCost(plan.tasks, plan.settings, plan.providers);
        console.error(projectionLine(projected, plan.settings.max_cost_usd ?? null));
      }
      if (req.resume !== undefined) await reopenRun(store, plan.runId);
      dist = await openDistributed(ctx.config, store, {
        localWorkers,
        runsDir: ctx.runsDir,
        log: console.error,
      });
      if (dist) console.error(distributedNote(store.location, localWorkers, dist.localLanguages));
      const summary = await runWithSignals(plan, store, dist?.grader);
      return summary.status === "cancelled" ? 130 : 0;
    } finally {
      await closeProviders(plan.providers.values());
    }
  } finally {
    await dist?.close();
    await store.close();
  }
}

/** What a distributed run tells its user first: where the jobs go and who grades them. */
function distributedNote(location: string, localWorkers: number, languages: readonly string[]) {
  const here = localWorkers > 0
    ? `; ${localWorkers} local worker(s) grade ${languages.join(", ") || "nothing (no toolchain)"}`
    : "; grading needs workers: deno task worker";
  return `distributed: attempts queued in ${location}${here}`;
}

/** The `bench` subcommand. */
export function benchCommand(): Command {
  const cmd = addRunOptions(
    new Command("bench").summary("run a benchmark").description(
      "Asks models to solve catalog tasks and grades their answers in the sandbox.",
    ),
    BENCH_FIELDS,
  ).addOption(
    new Option(
      "--list-models <provider>",
      "list what a provider's endpoint offers: openrouter, openai, lmstudio, ollama",
    ),
  ).addOption(localWorkersOption()).enablePositionalOptions().addCommand(depsCommand())
    .addCommand(importCommand());
  return withAction(
    addStatsCommands(cmd),
    ({ listModels, localWorkers, ...opts }: Record<string, unknown>) =>
      listModels !== undefined
        ? printModelList(String(listModels), loadConfig())
        : bench(requestFromOptions(opts), Number(localWorkers ?? 0)),
  );
}

/** `--local-workers N`: with BENCH_DATABASE_URL, this process grades queued jobs too. */
export function localWorkersOption(): Option {
  return new Option(
    "--local-workers <n>",
    "with BENCH_DATABASE_URL: grade this many queued attempts at once in this process too",
  ).argParser(numberAtLeast(0, true));
}
