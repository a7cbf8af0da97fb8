// `deno task bench`: flags → a run plan → the orchestrator, with terminal progress and a
// closing table. Also --regrade (grade stored answers again) and --dry-run (prompts only).
import { join, resolve } from "node:path";
import { type Config, loadConfig } from "../lib/config.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import type { Store } from "../lib/store/store.ts";
import { attemptDirName } from "../lib/wire.ts";
import { reopenRun } from "./lifecycle.ts";
import { type Catalog, loadCatalog, type Task } from "./catalog.ts";
import { flagHelp, type FlagSpec, type FlagValues, parseFlags, UsageError } from "./flags.ts";
import { catalogTable, progressPrinter, totalsTable } from "./progress.ts";
import { closeProviders } from "./providers/options.ts";
import { listModels } from "./providers/registry.ts";
import { DEFAULT_MAX_CONNECTIONS } from "./providers/semaphore.ts";
import type { ModelAnswer, ModelInfo } from "./providers/types.ts";
import { newRunId } from "./record.ts";
import { attemptKey, executeRun, type RunPlan, type RunSettings, type RunSummary } from "./run.ts";
import { buildPrompt } from "./prompt.ts";
import {
  basePlan,
  buildResumePlan,
  buildRunPlan,
  catalogDirs,
  chooseRun,
  requireSandbox,
} from "./plan.ts";

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
  {
    name: "resume",
    kind: "string",
    value: "RUN_ID",
    help: "continue an interrupted run: keep finished attempts, redo the rest",
  },
  {
    name: "max-retries",
    kind: "int",
    min: 0,
    value: "N",
    help: "retries of a model call on 429, 5xx, timeouts, dropped connections (default 4)",
  },
  {
    name: "max-connections",
    kind: "int",
    min: 1,
    value: "N",
    help: `parallel model calls per provider (default ${DEFAULT_MAX_CONNECTIONS})`,
  },
  { name: "no-cache", kind: "bool", help: "always call the model (ignore the response cache)" },
  {
    name: "list-models",
    kind: "string",
    value: "PROVIDER",
    help: "list what a provider's endpoint offers: openrouter, openai, lmstudio, ollama",
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
  const catalog = await loadCatalog(catalogDirs(config, flags["tasks-dir"] as string[] ?? []));
  for (const p of catalog.problems) console.error(`skipped task: ${p.message}`);
  return { config, runsDir, catalog };
}

/** Runs a plan with Ctrl-C/SIGTERM cancelling it; prints progress and the table. */
export async function runWithSignals(plan: RunPlan, store: Store): Promise<RunSummary> {
  const controller = new AbortController();
  const onSignal = () => {
    if (!controller.signal.aborted) console.error("\ncancelling: ending running attempts…");
    controller.abort();
  };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  try {
    const summary = await executeRun(plan, {
      store,
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

async function regradePlan(flags: FlagValues, ctx: CliContext, store: Store): Promise<RunPlan> {
  const parentId = flags.regrade as string;
  const parent = await store.getRun(parentId);
  if (!parent) throw new UsageError(`--regrade: no run "${parentId}" in ${store.location}`);
  const old = parent.settings;
  const rows = await store.listAnswers(parentId);
  const byId = new Map(ctx.catalog.tasks.map((t) => [t.id, t]));
  const missing = [...new Set(rows.map((r) => r.task_id))].filter((id) => !byId.has(id));
  if (missing.length) {
    throw new UsageError(`--regrade: task ${missing[0]} is no longer in the catalog`);
  }
  const stored = new Map<string, ModelAnswer>();
  for (const r of rows) {
    const meta = r.meta as Record<string, never>;
    stored.set(attemptKey(r.task_id, r.model, r.sample), {
      text: r.text,
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
    ...basePlan(ctx),
    tasks,
    settings,
    providers: new Map(),
    storedAnswers: stored,
    parent: { runId: parentId, kind: "regrade" },
  };
}

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
  if (flags["list-models"] !== undefined) {
    const config = loadConfig();
    console.log(modelListTable(await listModels(flags["list-models"] as string, config)));
    return 0;
  }
  const ctx = await loadContext(flags);
  await Deno.mkdir(ctx.runsDir, { recursive: true });
  const store = new SqliteStore(join(ctx.runsDir, "history.db"));
  try {
    if (flags.tasks === "list") {
      console.log(catalogTable(
        ctx.catalog.tasks,
        new Map((await store.referenceTestCounts()).map((r) => [r.task_id, r.tests_total])),
      ));
      return 0;
    }
    let plan: RunPlan;
    if (flags.regrade !== undefined) plan = await regradePlan(flags, ctx, store);
    else if (flags.resume !== undefined) {
      plan = await buildResumePlan(flags, ctx, store, flags.resume as string);
    } else if (flags["dry-run"]) {
      const { tasks, settings } = chooseRun(flags, ctx);
      await writeDryRun(ctx.runsDir, tasks, settings);
      return 0;
    } else plan = await buildRunPlan(flags, ctx);
    try {
      requireSandbox(plan.settings);
      if (flags.resume !== undefined) await reopenRun(store, plan.runId);
      const summary = await runWithSignals(plan, store);
      return summary.status === "cancelled" ? 130 : 0;
    } finally {
      await closeProviders(plan.providers.values());
    }
  } finally {
    await store.close();
  }
}
