// --install-deps: a Python task's workspace/requirements.txt, installed with pip through the
// test-dependency cache (deps.ts) before grading, and read by the grading sandbox through
// PYTHONPATH. Refused in one line when the package index cannot be reached.
import { join } from "node:path";
import type { Task } from "./catalog.ts";
import { UsageError } from "../lib/errors.ts";
import { dependencyMounts, installEcosystem } from "./deps.ts";
import type { GradeOptions } from "./grade.ts";
import { runProcess } from "./sandbox/runner.ts";

const INDEX_PROBE_TIMEOUT_MS = 20_000;

/** Whether pip can reach its package index from this machine. */
async function indexReachable(): Promise<boolean> {
  try {
    const r = await runProcess({
      argv: ["python3", "-m", "pip", "index", "versions", "pip", "--disable-pip-version-check"],
      env: Deno.env.toObject(),
      timeoutMs: INDEX_PROBE_TIMEOUT_MS,
    });
    return r.code === 0;
  } catch {
    return false;
  }
}

/** The task's own requirements (not the attempt's copy, which the answer may have edited). */
async function requirements(task: Task): Promise<string[] | null> {
  try {
    const text = await Deno.readTextFile(join(task.dir, "workspace", "requirements.txt"));
    return text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  } catch {
    return null;
  }
}

/** Returns the prepareDeps hook, or throws UsageError when there is no network. */
export async function pythonDepsInstaller(runsDir: string): Promise<
  (task: Task) => Promise<Partial<GradeOptions>>
> {
  if (!await indexReachable()) {
    throw new UsageError(
      "--install-deps needs network access to the Python package index, which is unreachable " +
        "here: pre-install the dependencies or drop --install-deps",
    );
  }
  return async (task) => {
    const reqs = task.meta.language === "python" ? await requirements(task) : null;
    if (!reqs?.length) return {};
    const pip = await installEcosystem(runsDir, "pip", reqs);
    const m = await dependencyMounts(task, runsDir, false, { pip });
    return { extraReadOnly: m.extraReadOnly, env: m.env };
  };
}
