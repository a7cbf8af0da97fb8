// Benchmark (not a test): the harness's `reference` run over the catalog against running
// the same test commands directly on the host, each with cold and with warm build caches.
// Directly, Go tasks share one GOCACHE as on a developer's host; Cargo gets a target
// directory per task. Usage:
//   deno run -A scripts/bench_harness.ts [--tasks SEL] [--tasks-dir DIR]... [--concurrency N]
// Prints per-language and total wall-clock seconds for the four runs, and harness/direct.
import { join } from "node:path";
import { loadCatalog, selectTasks, type Task } from "../harness/catalog.ts";
import { createProvider } from "../harness/providers/registry.ts";
import { newRunId } from "../harness/record.ts";
import { executeRun, type RunSettings } from "../harness/run.ts";
import { layOutSolution, layOutTests, layOutWorkspace } from "../harness/sandbox/layout.ts";
import { runProcess } from "../harness/sandbox/runner.ts";
import { PROJECT_ROOT } from "../lib/config.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";

const args = Deno.args;
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const concurrency = Number(flag("concurrency") ?? navigator.hardwareConcurrency);
const extraDirs = args.flatMap((a, i) => a === "--tasks-dir" ? [args[i + 1]] : []);
const { tasks: all } = await loadCatalog([join(PROJECT_ROOT, "tasks"), ...extraDirs]);
const tasks = selectTasks(all, flag("tasks") ?? "all", []);

/** Runs each task's test command on the host over workspace+solution, `concurrency` at once. */
async function direct(cacheRoot: string): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  const queue = [...tasks];
  const worker = async () => {
    while (queue.length) {
      const task = queue.shift()!;
      const dir = await Deno.makeTempDir({ prefix: "direct_" });
      await layOutWorkspace(task, dir);
      await layOutSolution(task, dir);
      await layOutTests(task, dir);
      const cache = join(cacheRoot, task.id);
      const goCache = join(cacheRoot, "host-go");
      const t0 = performance.now();
      const r = await runProcess({
        argv: task.meta.evaluation.command,
        cwd: join(dir, task.meta.evaluation.cwd),
        env: {
          ...Deno.env.toObject(),
          GOCACHE: goCache,
          CARGO_TARGET_DIR: join(cache, "target"),
          GOFLAGS: "-mod=mod",
          NODE_PATH: join(PROJECT_ROOT, "node_modules"),
        },
        timeoutMs: task.meta.evaluation.timeout_s * 1000,
      });
      times.set(task.id, (performance.now() - t0) / 1000);
      if (r.code !== 0) console.error(`direct: ${task.id} exited ${r.code}`);
      await Deno.remove(dir, { recursive: true });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return times;
}

async function harness(runsDir: string): Promise<{ wall: number; perTask: Map<string, number> }> {
  const store = new SqliteStore(join(runsDir, "history.db"));
  const settings: RunSettings = {
    models: ["reference"],
    task_ids: tasks.map((t) => t.id),
    samples: 1,
    temperature: 0,
    concurrency,
    include_tests: false,
    install_deps: false,
    unsafe_no_sandbox: false,
    timeout_s: null,
  };
  const t0 = performance.now();
  const summary = await executeRun({
    runId: newRunId(),
    tasks,
    settings,
    runsDir,
    projectRoot: PROJECT_ROOT,
    providers: new Map([["reference", createProvider("reference")]]),
    secrets: [],
    nodeModulesDir: join(PROJECT_ROOT, "node_modules"),
  }, { store, signal: new AbortController().signal });
  const wall = (performance.now() - t0) / 1000;
  await store.close();
  const bad = summary.attempts.filter((a) => a.outcome !== "passed");
  for (const a of bad) console.error(`harness: ${a.task_id} ${a.outcome} ${a.error ?? ""}`);
  return { wall, perTask: new Map(summary.attempts.map((a) => [a.task_id, a.duration_s])) };
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await f();
  return [(performance.now() - t0) / 1000, v];
}

const scratch = await Deno.makeTempDir({ prefix: "bench_harness_" });
const [directCold, dc] = await timed(() => direct(join(scratch, "direct-cache")));
const [directWarm, dw] = await timed(() => direct(join(scratch, "direct-cache")));
const hc = await harness(join(scratch, "runs"));
const hw = await harness(join(scratch, "runs"));

const byLang = (m: Map<string, number>) => {
  const out: Record<string, number> = {};
  for (const t of tasks as Task[]) {
    out[t.meta.language] = (out[t.meta.language] ?? 0) + (m.get(t.id) ?? 0);
  }
  return out;
};
console.log(
  `${tasks.length} tasks, concurrency ${concurrency}, ${navigator.hardwareConcurrency} cores`,
);
console.log("wall clock (s):");
console.log(`  direct  cold ${directCold.toFixed(1)}  warm ${directWarm.toFixed(1)}`);
console.log(`  harness cold ${hc.wall.toFixed(1)}  warm ${hw.wall.toFixed(1)}`);
console.log(
  "sum of per-task seconds by language (direct cold / direct warm / harness cold / harness warm):",
);
const langs = [...new Set(tasks.map((t) => t.meta.language))];
const [a, b, c, d] = [byLang(dc), byLang(dw), byLang(hc.perTask), byLang(hw.perTask)];
for (const l of langs) {
  console.log(
    `  ${l.padEnd(11)} ${a[l].toFixed(1)} / ${b[l].toFixed(1)} / ${c[l].toFixed(1)} / ${
      d[l].toFixed(1)
    }   harness warm / direct warm ${(d[l] / b[l]).toFixed(2)}x`,
  );
}
console.log("per task (s): direct cold / direct warm / harness cold / harness warm");
for (const t of tasks) {
  const row = [dc, dw, hc.perTask, hw.perTask].map((m) => (m.get(t.id) ?? NaN).toFixed(1));
  console.log(`  ${t.id.padEnd(40)} ${row.join(" / ")}`);
}
await Deno.remove(scratch, { recursive: true }).catch(() => {});
