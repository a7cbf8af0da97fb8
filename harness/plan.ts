// Flags → a run plan, shared by `deno task bench` and the server's POST /api/runs: which
// tasks and models, the resolved settings, the providers (checked before any attempt) and
// the sandbox requirement. Nothing here runs an attempt.
import { join, resolve } from "node:path";
import type { Config } from "../lib/config.ts";
import type { Store } from "../lib/store/store.ts";
import { type Catalog, selectTasks, type Task } from "./catalog.ts";
import { pythonDepsInstaller } from "./deps.ts";
import { type FlagValues, UsageError } from "./flags.ts";
import { openProviders, providerOptions } from "./providers/options.ts";
import { newRunId } from "./record.ts";
import { loadResume } from "./resume.ts";
import type { RunPlan, RunSettings } from "./run.ts";
import { bwrapAvailable } from "./sandbox/sandbox.ts";

/** What a plan is built from: settings, where runs go, and the loaded catalog. */
export interface PlanContext {
  config: Config;
  runsDir: string;
  catalog: Catalog;
}

/** The catalog folders: the project's `tasks/`, then each extra folder (`--tasks-dir`). */
export function catalogDirs(config: Config, extra: readonly string[] = []): string[] {
  return [join(config.root, "tasks"), ...extra.map((d) => resolve(d))];
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

/** What every plan shares: where it runs and what it may not write (secrets). */
export function basePlan(
  ctx: PlanContext,
): Pick<RunPlan, "runId" | "runsDir" | "projectRoot" | "secrets" | "nodeModulesDir"> {
  return {
    runId: newRunId(),
    runsDir: ctx.runsDir,
    projectRoot: ctx.config.root,
    secrets: ctx.config.secretValues,
    nodeModulesDir: supportNodeModules(ctx.config),
  };
}

/** The replay text of --response-text / --response-file; throws UsageError for a bad file. */
export function readResponse(flags: FlagValues): string | undefined {
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

/**
 * Tasks, settings and replay text of a new run, without side effects (a dry run stops here).
 * Throws a one-line Error for an unknown task or selector, UsageError when no model is named.
 */
export function chooseRun(
  flags: FlagValues,
  ctx: PlanContext,
): { tasks: Task[]; settings: RunSettings; replayText: string | undefined } {
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
  return { tasks, settings, replayText };
}

/**
 * The plan of a new run: providers created and preflighted, dependency installer ready.
 * Throws a one-line Error for what the request got wrong (unknown task or model, replay
 * without text, a provider's failed preflight, --install-deps without network).
 */
export async function buildRunPlan(flags: FlagValues, ctx: PlanContext): Promise<RunPlan> {
  const { tasks, settings, replayText } = chooseRun(flags, ctx);
  const providers = await openProviders(settings.models, providerOptions(flags, ctx, replayText));
  return {
    ...basePlan(ctx),
    tasks,
    settings,
    providers,
    prepareDeps: settings.install_deps ? await pythonDepsInstaller() : undefined,
  };
}

/**
 * --resume: the stopped run's plan under its own id, with only unfinished attempts left to
 * run (flags may override concurrency and timeout). The caller reopens the run's row right
 * before executing it. Throws UsageError for an unknown, finished or still running run, or
 * one whose tasks left the catalog; a one-line Error when a provider fails its preflight.
 */
export async function buildResumePlan(
  flags: FlagValues,
  ctx: PlanContext,
  store: Store,
  runId: string,
): Promise<RunPlan> {
  const parts = await loadResume(store, runId, ctx.catalog.tasks, {
    concurrency: flags.concurrency as number | undefined,
    timeout_s: flags.timeout as number | undefined,
  });
  return {
    ...basePlan(ctx),
    ...parts,
    providers: await openProviders(parts.settings.models, providerOptions(flags, ctx)),
    prepareDeps: parts.settings.install_deps ? await pythonDepsInstaller() : undefined,
  };
}

/** Throws UsageError when grading would need bubblewrap and it is not installed. */
export function requireSandbox(settings: RunSettings) {
  if (!settings.unsafe_no_sandbox && !bwrapAvailable()) {
    throw new UsageError(
      "bubblewrap (bwrap) is not installed: install it (apt-get install bubblewrap) or pass " +
        "--unsafe-no-sandbox to grade model code unsandboxed",
    );
  }
}
