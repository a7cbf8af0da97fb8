// Benchmark (not a test): the distributed mode on this machine. Starts a throwaway
// PostgreSQL (tests/pg.ts) and measures
//  1. enqueue-to-start latency: pg-boss's created_on → started_on of each job, with idle
//     workers waiting (single-attempt runs, one after another);
//  2. throughput: one run of the same attempts graded by 1, 2 and 4 worker processes
//     (concurrency 1 each), against the embedded mode (in-process pool, concurrency 1, 2, 4).
// Usage: deno run -A scripts/bench_scale.ts [--tasks fx_python,fx_javascript] [--samples 6]
import { join } from "node:path";
import { PROJECT_ROOT } from "../lib/config.ts";
import { PostgresStore } from "../lib/store/postgres.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import type { Store } from "../lib/store/store.ts";
import { FIXTURES } from "../tests/helpers.ts";
import { startPostgres } from "../tests/pg.ts";

const flag = (name: string, fallback: string) => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : fallback;
};
const TASKS = flag("tasks", "fx_python,fx_javascript");
const SAMPLES = flag("samples", "6");
const LATENCY_RUNS = 15;
const caches = await Deno.makeTempDir({ prefix: "bench_scale_" });

function spawn(args: string[], env: Record<string, string>) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(PROJECT_ROOT, "main.ts"), ...args],
    cwd: PROJECT_ROOT,
    env: { BENCH_RUNS_DIR: caches, ...env },
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

async function bench(env: Record<string, string>, extra: string[]) {
  const child = spawn(
    ["bench", "--tasks-dir", FIXTURES, "--models", "reference", "starter", ...extra],
    env,
  );
  const out = await child.output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
}

/** Seconds from the newest run's start to its end, and its attempt count. */
async function newestRun(store: Store) {
  const [run] = await store.listRunOverviews(1, 0);
  const s = (Date.parse(run.finished_at!) - Date.parse(run.started_at)) / 1000;
  return { seconds: s, attempts: run.attempts_total };
}

async function startWorkers(url: string, n: number) {
  const workers = Array.from(
    { length: n },
    () => spawn(["worker", "--concurrency", "1", "--grace", "5"], { BENCH_DATABASE_URL: url }),
  );
  await new Promise((r) => setTimeout(r, 4_000)); // started and listening
  return async () => {
    for (const w of workers) w.kill("SIGTERM");
    for (const w of workers) await w.status;
  };
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

const server = await startPostgres();
const rows: string[] = [];
try {
  // Warm the toolchain caches once, so every configuration grades alike.
  await bench({ BENCH_RUNS_DIR: caches }, ["--tasks", TASKS]);

  for (const c of [1, 2, 4]) {
    await bench({ BENCH_RUNS_DIR: caches }, [
      "--tasks",
      TASKS,
      "--samples",
      SAMPLES,
      "--concurrency",
      String(c),
    ]);
    const store = new SqliteStore(join(caches, "history.db"));
    const r = await newestRun(store);
    await store.close();
    rows.push(`embedded  concurrency ${c}  ${fmt(r)}`);
  }

  for (const n of [1, 2, 4]) {
    const url = await server.newDatabase();
    const stop = await startWorkers(url, n);
    await bench({ BENCH_DATABASE_URL: url }, ["--tasks", TASKS, "--samples", SAMPLES]);
    await stop();
    const store = await PostgresStore.open(url);
    rows.push(`pg-boss   ${n} worker(s)     ${fmt(await newestRun(store))}`);
    await store.close();
  }

  // Latency: idle workers, one single-attempt run at a time.
  const url = await server.newDatabase();
  const stop = await startWorkers(url, 2);
  for (let i = 0; i < LATENCY_RUNS; i++) {
    await bench({ BENCH_DATABASE_URL: url }, ["--task", "fx_python", "--models", "starter"]);
  }
  await stop();
  const store = await PostgresStore.open(url);
  const ms = (await store.pool.query(
    `SELECT EXTRACT(EPOCH FROM (started_on - created_on)) * 1000 AS ms FROM pgboss.job
     WHERE started_on IS NOT NULL`,
  )).rows.map((r) => Number(r.ms));
  await store.close();
  console.log(
    `enqueue-to-start latency over ${ms.length} jobs: median ${pct(ms, 0.5).toFixed(1)} ms, ` +
      `p90 ${pct(ms, 0.9).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`,
  );
  console.log(rows.join("\n"));
} finally {
  await server.stop();
}

function fmt(r: { seconds: number; attempts: number }) {
  return `${r.attempts} attempts in ${r.seconds.toFixed(1)} s = ` +
    `${(r.attempts / r.seconds).toFixed(2)} attempts/s`;
}
