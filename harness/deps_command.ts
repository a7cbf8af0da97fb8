// `deno task bench deps install [--tasks SEL]`: fetches the test dependencies of the
// selected tasks (all tasks by default) into the cache that grading binds (deps.ts), one
// line per dependency set. Needs the network; grading afterwards does not.
import { Command } from "commander";
import { errorLine } from "../lib/util.ts";
import { selectTasks, type Task } from "./catalog.ts";
import { withAction } from "./command.ts";
import { UsageError } from "../lib/errors.ts";
import { type Dependencies, type Ecosystem, ECOSYSTEMS, installEcosystem } from "./deps.ts";
import { bwrapAvailable } from "./sandbox/sandbox.ts";
import { addRunOptions, requestFromOptions, SELECTOR_ONLY } from "./run_options.ts";
import { loadContext } from "./terminal.ts";

/** Every distinct (ecosystem, spec) the tasks declare, with the tasks that declare it. */
function distinctSets(tasks: Task[]) {
  const sets = new Map<
    string,
    { eco: Ecosystem; spec: NonNullable<Dependencies[Ecosystem]>; ids: string[] }
  >();
  for (const t of tasks) {
    for (const eco of ECOSYSTEMS) {
      const spec = t.meta.dependencies?.[eco];
      if (spec === undefined) continue;
      const key = `${eco} ${JSON.stringify(spec)}`;
      const set = sets.get(key) ?? { eco, spec, ids: [] };
      set.ids.push(t.id);
      sets.set(key, set);
    }
  }
  return [...sets.values()];
}

async function installDeps(opts: Record<string, unknown>): Promise<number> {
  const req = requestFromOptions(opts);
  if (!bwrapAvailable()) {
    throw new UsageError("bench deps install needs bubblewrap: apt-get install bubblewrap");
  }
  const ctx = await loadContext(req);
  const tasks = selectTasks(ctx.catalog.tasks, req.tasks ?? "all", req.task);
  let failed = 0;
  for (const { eco, spec, ids } of distinctSets(tasks)) {
    const who = ids.length === 1 ? ids[0] : `${ids.length} tasks`;
    try {
      const folder = await installEcosystem(ctx.runsDir, eco, spec);
      console.log(`${eco} (${who}): ${folder}`);
    } catch (e) {
      failed++;
      console.error(`${eco} (${who}): ${errorLine(e)}`);
    }
  }
  if (!failed) console.log(`dependencies of ${tasks.length} task(s) installed`);
  return failed ? 1 : 0;
}

/** The `bench deps` command, with its `install` subcommand. */
export function depsCommand(): Command {
  const install = addRunOptions(
    new Command("install").summary("fetch the test dependencies of the selected tasks"),
    ["tasks", "task", "tasks_dirs", "output_dir"],
    SELECTOR_ONLY,
  );
  return new Command("deps").summary("test dependencies (npm, pip, Maven)")
    .addCommand(withAction(install, installDeps));
}
