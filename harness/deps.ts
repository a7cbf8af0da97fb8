// --install-deps: installs a Python task's workspace/requirements.txt with pip, in a
// sandbox of its own that may use the network (the grading sandbox never can), into a
// folder the grading sandbox then reads through PYTHONPATH.
import { join } from "node:path";
import type { Task } from "./catalog.ts";
import { UsageError } from "../lib/errors.ts";
import type { GradeOptions } from "./grade.ts";
import { runProcess } from "./sandbox/runner.ts";
import { runInSandbox, SANDBOX_UID } from "./sandbox/sandbox.ts";

const INDEX_PROBE_TIMEOUT_MS = 20_000;
const INSTALL_TIMEOUT_MS = 300_000;
const DEPS_MOUNT = "/opt/bench/pydeps";

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

/** Returns the prepareDeps hook, or throws UsageError when there is no network. */
export async function pythonDepsInstaller(): Promise<
  (task: Task, sandboxDir: string) => Promise<Partial<GradeOptions>>
> {
  if (!await indexReachable()) {
    throw new UsageError(
      "--install-deps needs network access to the Python package index, which is unreachable " +
        "here: pre-install the dependencies or drop --install-deps",
    );
  }
  return async (task, sandboxDir) => {
    const reqs = join(sandboxDir, "workspace", "requirements.txt");
    if (task.meta.language !== "python") return {};
    try {
      await Deno.stat(reqs);
    } catch {
      return {};
    }
    const depsDir = join(sandboxDir, "..", "deps");
    await Deno.mkdir(depsDir, { recursive: true });
    await Deno.chown(depsDir, SANDBOX_UID, SANDBOX_UID);
    const r = await runInSandbox({
      sandboxDir,
      cwd: "workspace",
      argv: [
        "python3",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-cache-dir",
        "--disable-pip-version-check",
        "--target",
        "/deps",
        "-r",
        "requirements.txt",
      ],
      timeoutMs: INSTALL_TIMEOUT_MS,
      memoryMb: 2048,
      outputKb: 256,
      network: true,
      extraWritable: { [depsDir]: "/deps" },
    });
    if (r.code !== 0) {
      const last = (r.stderr || r.stdout).trim().split("\n").at(-1) ?? "";
      throw new Error(`pip install -r requirements.txt failed: ${last}`);
    }
    return { extraReadOnly: { [depsDir]: DEPS_MOUNT }, env: { PYTHONPATH: DEPS_MOUNT } };
  };
}
