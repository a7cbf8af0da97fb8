// Lays out one attempt's sandbox folder as the spec says: a copy of workspace/ (to which
// the model's edits are then applied), and a fresh copy of tests/ made after the edits.
// Copies refuse symlinks and special files (the task folder may have changed since it was
// loaded): nothing outside the catalog is ever copied into runs/ and served.
import { join } from "node:path";
import type { Task } from "../catalog.ts";
import { copyTree as copyDir } from "../safe_fs.ts";

/** Creates `<sandboxDir>/workspace` from the task's starter files. */
export async function layOutWorkspace(task: Task, sandboxDir: string): Promise<string> {
  const ws = join(sandboxDir, "workspace");
  await Deno.remove(sandboxDir, { recursive: true }).catch(() => {});
  await copyDir(join(task.dir, "workspace"), ws);
  return ws;
}

/** Copies the task's tests into the sandbox (into `tests_into`, else `tests/`). */
export async function layOutTests(task: Task, sandboxDir: string) {
  const into = task.meta.evaluation.tests_into ?? "tests";
  await copyDir(join(task.dir, "tests"), join(sandboxDir, into));
}

/** Lays `solution/` over the workspace (the trusted warm-up and validation use this). */
export async function layOutSolution(task: Task, sandboxDir: string) {
  await copyDir(join(task.dir, "solution"), join(sandboxDir, "workspace"));
}
