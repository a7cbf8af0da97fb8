// The grading stage: runs a task's evaluation command over a laid-out sandbox and reads
// the outcome. Build caches are only ever written by trusted warm-ups: Cargo's target
// directory per task (a build of the task's own reference), copied into each attempt; Go's
// per toolchain (the standard library, sandbox/go_cache.ts), shared by every Go task as
// the read-only layer under each attempt's private one. No attempt's code can reach another
// attempt's result.
// Each grading gets a fresh report folder the runner writes its structured report into.
import { dirname, join } from "node:path";
import { SHARED_DIR, type Task } from "./catalog.ts";
import { dependencyMounts } from "./deps.ts";
import { loadExpected } from "./grading/expected.ts";
import { type Grade, gradeResult } from "./grading/outcome.ts";
import { makeReportDir, planReport, readReportFile, reportFileIn } from "./grading/report_file.ts";
import { sharedGoCache } from "./sandbox/go_cache.ts";
import { layOutSolution, layOutTests, layOutWorkspace } from "./sandbox/layout.ts";
import { reportDirInside, runInSandbox, type SandboxResult } from "./sandbox/sandbox.ts";

export interface GradeOptions {
  runsDir: string;
  projectRoot: string;
  unsafeNoSandbox: boolean;
  /** Replaces the task's timeout_s. */
  timeoutS?: number;
  signal?: AbortSignal;
  /** Folder with packages the sandbox may require (happy-dom for HTML tasks). */
  nodeModulesDir?: string;
  /** Extra read-only binds and environment (installed Python deps). */
  extraReadOnly?: Record<string, string>;
  env?: Record<string, string>;
  /** Tamper flags of the applied answer (see grading/tamper.ts). */
  answerFlags?: readonly string[];
  /** Grade without the task's expected tests (while they are being rewritten). */
  ignoreExpected?: boolean;
}

export interface GradeRun {
  grade: Grade;
  result: SandboxResult;
}

const CACHED_LANGUAGES = new Set(["rust"]);
const DEFAULT_MEMORY_MB = 2048;
const DEFAULT_OUTPUT_KB = 1024;
const warming = new Map<string, Promise<void>>();

/** The task's build-cache folder (keyed by content hash), or undefined if it has none. */
export function cacheDirFor(task: Task, runsDir: string): string | undefined {
  if (!CACHED_LANGUAGES.has(task.meta.language)) return undefined;
  return join(runsDir, ".cache", `${task.id}-${task.contentHash.slice(0, 12)}`);
}

function sandboxRequest(task: Task, sandboxDir: string, opts: GradeOptions) {
  const ev = task.meta.evaluation;
  return {
    sandboxDir,
    cwd: ev.cwd,
    argv: ev.command,
    timeoutMs: (opts.timeoutS ?? ev.timeout_s) * 1000,
    memoryMb: task.meta.limits?.memory_mb ?? DEFAULT_MEMORY_MB,
    outputKb: task.meta.limits?.output_kb ?? DEFAULT_OUTPUT_KB,
    nodeModulesDir: opts.nodeModulesDir,
    extraReadOnly: opts.extraReadOnly,
    env: opts.env,
    signal: opts.signal,
    unsafeNoSandbox: opts.unsafeNoSandbox,
    links: sharedLinks(task),
  };
}

/** The catalog's `_shared/<name>` folders the task names, at the same path in the sandbox. */
function sharedLinks(task: Task): Record<string, string> {
  const catalog = dirname(task.dir);
  return Object.fromEntries(
    (task.meta.shared ?? []).map((n) => [`${SHARED_DIR}/${n}`, join(catalog, SHARED_DIR, n)]),
  );
}

/** Builds the task's reference once into its cache folder (trusted code only). */
export function warmCache(task: Task, opts: GradeOptions): Promise<void> {
  const cacheDir = cacheDirFor(task, opts.runsDir);
  if (!cacheDir) return Promise.resolve();
  let pending = warming.get(cacheDir);
  if (!pending) {
    pending = (async () => {
      const marker = join(cacheDir, ".warm");
      try {
        await Deno.stat(marker);
        return;
      } catch { /* not warm yet */ }
      await Deno.mkdir(cacheDir, { recursive: true });
      const dir = await Deno.makeTempDir({ dir: join(opts.runsDir, ".cache"), prefix: "warm_" });
      try {
        await layOutWorkspace(task, dir);
        await layOutSolution(task, dir);
        await layOutTests(task, dir);
        const r = await runInSandbox({
          ...sandboxRequest(task, dir, { ...opts, signal: undefined }),
          cacheDir,
          writableCache: true,
        });
        if (!r.timedOut) await Deno.writeTextFile(marker, new Date().toISOString());
      } finally {
        await Deno.remove(dir, { recursive: true }).catch(() => {});
      }
    })();
    warming.set(cacheDir, pending);
    pending.finally(() => warming.delete(cacheDir));
  }
  return pending;
}

/** Grades the sandbox at `sandboxDir` (workspace already edited, tests not yet copied). */
export async function gradeSandbox(
  task: Task,
  sandboxDir: string,
  opts: GradeOptions,
): Promise<GradeRun> {
  const expected = opts.ignoreExpected ? null : await loadExpected(task.dir);
  await layOutTests(task, sandboxDir);
  const cacheDir = cacheDirFor(task, opts.runsDir);
  if (cacheDir) await warmCache(task, opts);
  const goCacheSeed = task.meta.language === "go"
    ? await sharedGoCache(task.meta.evaluation.command, opts) ?? undefined
    : undefined;
  const reportDir = await makeReportDir();
  try {
    const deps = await dependencyMounts(task, opts.runsDir, opts.unsafeNoSandbox);
    const base = sandboxRequest(task, sandboxDir, opts);
    const req = {
      ...base,
      cacheDir,
      goCacheSeed,
      reportDir,
      extraReadOnly: { ...deps.extraReadOnly, ...base.extraReadOnly },
      env: { ...deps.env, ...base.env },
      links: { ...base.links, ...deps.links },
      binDirs: deps.binDirs,
    };
    const inside = reportFileIn(reportDirInside(req)!);
    const plan = planReport(task.meta.evaluation.report, req.argv, inside);
    const result = await runInSandbox({
      ...req,
      argv: plan.argv,
      env: { ...req.env, ...plan.env },
    });
    const reportFile = plan.usesFile ? await readReportFile(reportDir.hostDir) : undefined;
    const grade = gradeResult(task.meta.evaluation.report, result, {
      reportFile,
      expected,
      answerFlags: opts.answerFlags,
    });
    return { grade, result };
  } finally {
    await Deno.remove(reportDir.hostDir, { recursive: true }).catch(() => {});
  }
}
