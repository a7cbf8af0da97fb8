// One planner: a RunRequest (from the command line or POST /api/runs) and an already
// loaded catalog become a RunPlan — a new run, a regrade of stored answers, the rest of an
// interrupted run, or the starter/reference validation of tasks. Which tasks and models,
// the resolved settings, the providers (checked before any attempt) and the sandbox
// requirement are decided here; nothing here runs an attempt or writes a run's state.
import { join, resolve } from "node:path";
import type { Config } from "../lib/config.ts";
import type { Store, StoredAnswer } from "../lib/store/store.ts";
import { UsageError } from "../lib/errors.ts";
import { errorLine } from "../lib/util.ts";
import { type Catalog, selectTasks, type Task } from "./catalog.ts";
import { pythonDepsInstaller } from "./install_deps.ts";
import { agentSettings, warnToolless } from "./modes/agent_settings.ts";
import { openProviders, providerOptions } from "./providers/options.ts";
import { createProvider } from "./providers/registry.ts";
import type { ModelAnswer } from "./providers/types.ts";
import { newRunId } from "./record.ts";
import type { RunRequest } from "./request.ts";
import { loadResume } from "./resume.ts";
import { attemptKey, type ProviderFlags, type RunPlan, type RunSettings } from "./run.ts";
import { bwrapAvailable } from "./sandbox/sandbox.ts";

/** What a plan is built from besides the request: settings, where runs go, the catalog. */
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
function basePlan(
  ctx: PlanContext,
): Pick<
  RunPlan,
  "runId" | "runsDir" | "projectRoot" | "secrets" | "maxAnswerBytes" | "nodeModulesDir"
> {
  return {
    runId: newRunId(),
    runsDir: ctx.runsDir,
    projectRoot: ctx.config.root,
    secrets: ctx.config.secretValues,
    maxAnswerBytes: ctx.config.maxAnswerBytes,
    nodeModulesDir: supportNodeModules(ctx.config),
  };
}

/** The replay text of --response-text / --response-file; throws UsageError for a bad file. */
export function readResponse(req: RunRequest): string | undefined {
  if (req.response_text !== undefined) return req.response_text;
  if (req.response_file === undefined) return undefined;
  try {
    return Deno.readTextFileSync(req.response_file);
  } catch (e) {
    throw new UsageError(`--response-file ${req.response_file}: ${errorLine(e)}`);
  }
}

function settingsFrom(
  req: RunRequest,
  config: Config,
  models: string[],
  tasks: Task[],
): RunSettings {
  return {
    models,
    task_ids: tasks.map((t) => t.id),
    samples: req.samples ?? 1,
    temperature: req.temperature ?? config.defaultTemperature,
    concurrency: req.concurrency ?? navigator.hardwareConcurrency,
    include_tests: req.include_tests,
    install_deps: req.install_deps,
    unsafe_no_sandbox: req.unsafe_no_sandbox,
    timeout_s: req.timeout ?? null,
    tries: req.tries ?? 1,
    max_cost_usd: req.max_cost ?? null,
    max_tokens: req.max_tokens ?? null,
    agent: agentSettings(req),
  };
}

/**
 * Tasks, settings and replay text of a new run, without side effects (a dry run stops here).
 * Throws UsageError for an unknown task or selector, or when no model is named.
 */
export function chooseRun(
  req: RunRequest,
  ctx: PlanContext,
): { tasks: Task[]; settings: RunSettings; replayText: string | undefined } {
  const tasks = selectTasks(ctx.catalog.tasks, req.tasks, req.task);
  const replayText = readResponse(req);
  const models = req.models ??
    (replayText !== undefined
      ? ["replay"]
      : ctx.config.defaultModel
      ? [ctx.config.defaultModel]
      : []);
  if (models.length === 0) {
    throw new UsageError("no model: pass --models or set DEFAULT_MODEL in .env");
  }
  return {
    tasks,
    settings: settingsFrom(req, ctx.config, [...new Set(models)], tasks),
    replayText,
  };
}

// Providers open last: what comes after them would have to close them on failure.
async function newRunPlan(req: RunRequest, ctx: PlanContext): Promise<RunPlan> {
  const { tasks, settings, replayText } = chooseRun(req, ctx);
  const base = basePlan(ctx);
  const prepareDeps = settings.install_deps ? await pythonDepsInstaller(base.runsDir) : undefined;
  const providers = await openProviders(
    settings.models,
    providerOptions(req, ctx, replayText),
  );
  if (settings.agent) await warnToolless(providers.values());
  return { ...base, ...suiteOrigin(req.tasks, ctx), tasks, settings, providers, prepareDeps };
}

/** What names a run's suite: its selector and the catalog it chose from. */
function suiteOrigin(selector: string | undefined, ctx: PlanContext) {
  return {
    selector,
    catalogHashes: Object.fromEntries(ctx.catalog.tasks.map((t) => [t.id, t.contentHash])),
  };
}

/** A stored answer as a provider's answer: graded again without calling the model. */
export function answerFromStored(r: StoredAnswer): ModelAnswer {
  const meta = r.meta as Record<string, never>;
  return {
    text: r.text,
    promptTokens: meta.prompt_tokens ?? null,
    completionTokens: meta.completion_tokens ?? null,
    costUsd: meta.cost_usd ?? null,
    latencyMs: meta.latency_ms ?? 0,
    firstTokenMs: meta.first_token_ms ?? null,
    cached: true,
    noEdits: meta.no_edits ?? false,
  };
}

/** --regrade: the stored answers of run `req.regrade`, graded again; no model is called. */
async function regradePlan(
  req: RunRequest,
  parentId: string,
  ctx: PlanContext,
  store: Store,
): Promise<RunPlan> {
  const parent = await store.getRun(parentId);
  if (!parent) throw new UsageError(`--regrade: no run "${parentId}" in ${store.location}`);
  const old = parent.settings;
  if ((old.tries ?? 1) > 1) {
    throw new UsageError(
      `--regrade: run ${parentId} used --tries ${old.tries}; only one-shot runs can be regraded`,
    );
  }
  const rows = await store.listAnswers(parentId);
  const byId = new Map(ctx.catalog.tasks.map((t) => [t.id, t]));
  const missing = rows.map((r) => r.task_id).find((id) => !byId.has(id));
  if (missing) throw new UsageError(`--regrade: task ${missing} is no longer in the catalog`);
  const stored = new Map<string, ModelAnswer>();
  for (const r of rows) stored.set(attemptKey(r.task_id, r.model, r.sample), answerFromStored(r));
  const settings: RunSettings = {
    ...old,
    concurrency: req.concurrency ?? old.concurrency,
    timeout_s: req.timeout ?? old.timeout_s,
    unsafe_no_sandbox: req.unsafe_no_sandbox || old.unsafe_no_sandbox,
  };
  return {
    ...basePlan(ctx),
    // the parent's selector: its suite's name less the task count
    ...suiteOrigin(parent.suite.name.replace(/ \(\d+ tasks?\)$/, ""), ctx),
    tasks: old.task_ids.filter((id) => byId.has(id)).map((id) => byId.get(id)!),
    settings,
    providers: new Map(),
    storedAnswers: stored,
    parent: { runId: parentId, kind: "regrade" as const },
  };
}

/**
 * --resume: the stopped run's plan under its own id, with only unfinished attempts left to
 * run (the request may override concurrency and timeout). The caller reopens the run's row
 * right before executing it.
 */
async function resumePlan(req: RunRequest, runId: string, ctx: PlanContext, store: Store) {
  const parts = await loadResume(store, runId, ctx.catalog.tasks, {
    concurrency: req.concurrency,
    timeout_s: req.timeout,
  });
  const base = basePlan(ctx);
  const prepareDeps = parts.settings.install_deps
    ? await pythonDepsInstaller(base.runsDir)
    : undefined;
  const providers = await openProviders(parts.settings.models, providerOptions(req, ctx));
  return { ...base, ...parts, providers, prepareDeps };
}

/**
 * The plan of a `bench` request: a regrade (`regrade`), the rest of a stopped run
 * (`resume`) or a new run. Throws UsageError for what the request got wrong (unknown task,
 * model or run, replay without text, --install-deps without network, both --regrade and
 * --resume), ConflictError for a run that cannot be resumed now, UnavailableError when a
 * provider fails its preflight.
 */
export async function planRun(
  req: RunRequest,
  ctx: PlanContext,
  store: Store,
): Promise<RunPlan> {
  if (req.regrade !== undefined && req.resume !== undefined) {
    throw new UsageError("--regrade and --resume cannot be combined");
  }
  const plan = req.regrade !== undefined
    ? await regradePlan(req, req.regrade, ctx, store)
    : req.resume !== undefined
    ? await resumePlan(req, req.resume, ctx, store)
    : await newRunPlan(req, ctx);
  return { ...plan, providerFlags: providerFlags(req) };
}

/** The request's provider flags, which workers open their own providers with. */
function providerFlags(req: RunRequest): ProviderFlags {
  return {
    max_retries: req.max_retries,
    max_connections: req.max_connections,
    no_cache: req.no_cache,
    replay_text: readResponse(req),
  };
}

/**
 * The plan of `validate-tasks`: `starter` and `reference` on every selected task, through
 * the same pipeline as a benchmark. Throws UsageError for an unknown task or selector.
 */
export function planValidate(req: RunRequest, ctx: PlanContext): RunPlan {
  const tasks = selectTasks(ctx.catalog.tasks, req.tasks, req.task);
  const settings = settingsFrom(req, ctx.config, ["starter", "reference"], tasks);
  return {
    ...basePlan(ctx),
    ...suiteOrigin(req.tasks, ctx),
    tasks,
    settings,
    providers: new Map(settings.models.map((m) => [m, createProvider(m)])),
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
