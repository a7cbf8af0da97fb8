// `deno task bench`: flags → a run plan → the orchestrator, with terminal progress and a
// closing table. Also --regrade (grade stored answers again) and --dry-run (prompts only).
import { join, resolve } from "node:path";
import { type Config, loadConfig } from "../lib/config.ts";
import { HistoryDb } from "../lib/db.ts";
import { type Catalog, loadCatalog, selectTasks, type Task } from "./catalog.ts";
import { flagHelp, type FlagSpec, type FlagValues, parseFlags, UsageError } from "./flags.ts";
import { catalogTable, progressPrinter, totalsTable } from "./progress.ts";
import { createProvider } from "./providers/registry.ts";
import type { ModelAnswer, Provider } from "./providers/types.ts";
import { attemptDirName, newRunId } from "./record.ts";
import { attemptKey, executeRun, type RunPlan, type RunSettings, type RunSummary } from "./run.ts";
import { bwrapAvailable } from "./sandbox/sandbox.ts";
import { buildPrompt } from "./prompt.ts";
import { pythonDepsInstaller } from "./deps.ts";

export const BENCH_FLAGS: FlagSpec[] = [
  { name: "task", kind: "repeat", value: "ID", help: "a task id (repeatable)" },
  {
    name: "tasks",
    kind: "string",
    value: "SEL",
    help: "all | id,id | lang:go | tag:x | category:x | list",
  },
  { name: "tasks-dir", kind: "repeat", value: "DIR", help: "another catalog folder (repeatable)" },
  {
    name: "models",
    kind: "multi",
    value: "ID…",
    help: "model ids: reference, starter, replay, <provider>/<model>",
  },
  {
    name: "samples",
    kind: "int",
    min: 1,
    value: "N",
    help: "attempts per task and model (default 1)",
  },
  {
    name: "temperature",
    kind: "number",
    min: 0,
    value: "T",
    help: "sampling temperature (default DEFAULT_TEMPERATURE or 0)",
  },
  {
    name: "concurrency",
    kind: "int",
    min: 1,
    value: "N",
    help: "attempts at once (default: cores)",
  },
  {
    name: "output-dir",
    kind: "string",
    value: "DIR",
    help: "where runs are written (default runs/)",
  },
  { name: "include-tests", kind: "bool", help: "show the tests to the model" },
  {
    name: "install-deps",
    kind: "bool",
    help: "pip-install a task's requirements.txt (needs network)",
  },
  { name: "dry-run", kind: "bool", help: "write prompt.txt files only" },
  {
    name: "response-file",
    kind: "string",
    value: "F",
    help: "replay this stored answer (model `replay`)",
  },
  {
    name: "response-text",
    kind: "string",
    value: "T",
    help: "replay this answer text (model `replay`)",
  },
  {
    name: "regrade",
    kind: "string",
    value: "RUN_ID",
    help: "grade a finished run's stored answers again",
  },
  { name: "timeout", kind: "number", min: 1, value: "S", help: "override every task's timeout_s" },
  {
    name: "unsafe-no-sandbox",
    kind: "bool",
    help: "grade without bubblewrap (model code runs on the host)",
  },
  { name: "help", kind: "bool", help: "show this help" },
];

/** Everything a command needs from its environment, resolved once. */
export interface CliContext {
  config: Config;
  runsDir: string;
  catalog: Catalog;
}

export async function loadContext(flags: FlagValues, config = loadConfig()): Promise<CliContext> {
  const runsDir = resolve(flags["output-dir"] as string ?? config.runsDir);
  const dirs = [
    join(config.root, "tasks"),
    ...(flags["tasks-dir"] as string[] ?? []).map((d) => resolve(d)),
  ];
  const catalog = await loadCatalog(dirs);
  for (const p of catalog.problems) console.error(`skipped task: ${p.message}`);
  return { config, runsDir, catalog };
}

/** The folder whose node_modules the sandbox exposes (happy-dom for HTML tasks). */
export function supportNodeModules(config: Config): string | undefined {
  const dir = join(config.root, "node_modules");
  try {
    Deno.statSync(join(dir, "happy-dom"));
    return dir;
  } catch {
    return undefined;
  }
}

/** Latest known test count per task (from any run's graded attempts). */
function knownTestCounts(db: HistoryDb): Map<string, number | null> {
  const rows = db.db.prepare(
    `SELECT task_id, MAX(tests_total) AS n FROM attempts
     WHERE outcome = 'passed' GROUP BY task_id`,
  ).all() as { task_id: string; n: number | null }[];
  return new Map(rows.map((r) => [r.task_id, r.n]));
}

function readResponse(flags: FlagValues): string | undefined {
  if (flags["response-text"] !== undefined) return flags["response-text"] as string;
  const file = flags["response-file"] as string | undefined;
  if (file === undefined) return undefined;
  try {
    return Deno.readTextFileSync(file);
  } catch (e) {
    throw new UsageError(`--response-file ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
}

export function settingsFrom(
  flags: FlagValues,
  config: Config,
  models: string[],
  tasks: Task[],
): RunSettings {
  return {
    models,
    task_ids: tasks.map((t) => t.id),
    samples: flags.samples as number ?? 1,
    temperature: flags.temperature as number ?? config.defaultTemperature,
    concurrency: flags.concurrency as number ?? navigator.hardwareConcurrency,
    include_tests: Boolean(flags["include-tests"]),
    install_deps: Boolean(flags["install-deps"]),
    unsafe_no_sandbox: Boolean(flags["unsafe-no-sandbox"]),
    timeout_s: flags.timeout as number ?? null,
  };
}

/** Runs a plan with Ctrl-C/SIGTERM cancelling it; prints progress and the table. */
export async function runWithSignals(plan: RunPlan, db: HistoryDb): Promise<RunSummary> {
  const controller = new AbortController();
  const onSignal = () => {
    if (!controller.signal.aborted) console.error("\ncancelling: ending running attempts…");
    controller.abort();
  };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  try {
    const summary = await executeRun(plan, {
      db,
      signal: controller.signal,
      onEvent: progressPrinter(),
    });
    console.log(totalsTable(summary.totals));
    console.log(`\nartifacts: ${join(plan.runsDir, plan.runId)}`);
    return summary;
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, onSignal);
  }
}

function requireSandbox(settings: RunSettings) {
  if (!settings.unsafe_no_sandbox && !bwrapAvailable()) {
    throw new UsageError(
      "bubblewrap (bwrap) is not installed: install it (apt-get install bubblewrap) or pass " +
        "--unsafe-no-sandbox to grade model code unsandboxed",
    );
  }
}

function regradePlan(flags: FlagValues, ctx: CliContext, db: HistoryDb): RunPlan {
  const parentId = flags.regrade as string;
  const parent = db.getRun(parentId);
  if (!parent) throw new UsageError(`--regrade: no run "${parentId}" in ${db.path}`);
  const old = JSON.parse(parent.settings_json) as RunSettings;
  const rows = db.listAttempts(parentId).filter((r) => r.response_text !== null);
  const byId = new Map(ctx.catalog.tasks.map((t) => [t.id, t]));
  const missing = [...new Set(rows.map((r) => r.task_id))].filter((id) => !byId.has(id));
  if (missing.length) {
    throw new UsageError(`--regrade: task ${missing[0]} is no longer in the catalog`);
  }
  const stored = new Map<string, ModelAnswer>();
  for (const r of rows) {
    const meta = JSON.parse(r.response_meta_json ?? "{}");
    stored.set(attemptKey(r.task_id, r.model, r.sample), {
      text: r.response_text!,
      promptTokens: meta.prompt_tokens ?? null,
      completionTokens: meta.completion_tokens ?? null,
      costUsd: meta.cost_usd ?? null,
      latencyMs: meta.latency_ms ?? 0,
      firstTokenMs: meta.first_token_ms ?? null,
      cached: true,
      noEdits: meta.no_edits ?? false,
    });
  }
  const tasks = old.task_ids.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  const settings: RunSettings = {
    ...old,
    concurrency: flags.concurrency as number ?? old.concurrency,
    timeout_s: flags.timeout as number ?? old.timeout_s,
    unsafe_no_sandbox: Boolean(flags["unsafe-no-sandbox"]) || old.unsafe_no_sandbox,
  };
  return {
    runId: newRunId(),
    tasks,
    settings,
    runsDir: ctx.runsDir,
    projectRoot: ctx.config.root,
    providers: new Map(),
    storedAnswers: stored,
    parent: { runId: parentId, kind: "regrade" },
    secrets: ctx.config.secretValues,
    nodeModulesDir: supportNodeModules(ctx.config),
  };
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

/** `bench`: returns the process exit code. */
export async function benchCommand(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, BENCH_FLAGS);
  if (flags.help) {
    console.log(`usage: deno task bench [flags]\n\n${flagHelp(BENCH_FLAGS)}`);
    return 0;
  }
  const ctx = await loadContext(flags);
  await Deno.mkdir(ctx.runsDir, { recursive: true });
  const db = new HistoryDb(join(ctx.runsDir, "history.db"));
  try {
    if (flags.tasks === "list") {
      console.log(catalogTable(ctx.catalog.tasks, knownTestCounts(db)));
      return 0;
    }
    let plan: RunPlan;
    if (flags.regrade !== undefined) plan = regradePlan(flags, ctx, db);
    else {
      const tasks = selectTasks(
        ctx.catalog.tasks,
        flags.tasks as string | undefined,
        flags.task as string[] ?? [],
      );
      const replayText = readResponse(flags);
      const models = flags.models as string[] ??
        (replayText !== undefined
          ? ["replay"]
          : ctx.config.defaultModel
          ? [ctx.config.defaultModel]
          : []);
      if (models.length === 0) {
        throw new UsageError("no model: pass --models or set DEFAULT_MODEL in .env");
      }
      const settings = settingsFrom(flags, ctx.config, [...new Set(models)], tasks);
      if (flags["dry-run"]) {
        await writeDryRun(ctx.runsDir, tasks, settings);
        return 0;
      }
      const providers = new Map<string, Provider>();
      for (const m of settings.models) providers.set(m, createProvider(m, { replayText }));
      for (const p of providers.values()) await p.preflight?.();
      plan = {
        runId: newRunId(),
        tasks,
        settings,
        runsDir: ctx.runsDir,
        projectRoot: ctx.config.root,
        providers,
        secrets: ctx.config.secretValues,
        nodeModulesDir: supportNodeModules(ctx.config),
        prepareDeps: settings.install_deps ? await pythonDepsInstaller() : undefined,
      };
    }
    requireSandbox(plan.settings);
    try {
      const summary = await runWithSignals(plan, db);
      return summary.status === "cancelled" ? 130 : 0;
    } finally {
      for (const p of plan.providers.values()) await p.close?.();
    }
  } finally {
    db.close();
  }
}
