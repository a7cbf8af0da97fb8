// Measures the server (a benchmark, not a test): each figure comes from a real server
// process on a loopback port, with runs in a temporary folder.
//   1. SSE delay: from an attempt's attempt_finished row being written to a client reading
//      it, for a run launched over HTTP (same process: the queue nudges the tail) and for a
//      CLI run in another process (found by polling the events table).
//   2. GET /api/leaderboard with ATTEMPTS attempts on one suite in history.db, and
//      GET /api/compare of two models over 1,000 tasks × 10 samples.
//   3. The server's resident memory while streaming to CLIENTS clients: idle, during a run,
//      and during a burst of BURST events written by another process.
//
//   deno run --allow-read --allow-write --allow-env --allow-run --allow-net=127.0.0.1 \
//     --allow-sys scripts/bench_server.ts [--attempts 100000] [--clients 50] [--burst 20000]
//     [--only sse|leaderboard|memory] [--store sqlite|postgres]
import { join } from "node:path";
import { Command, Option } from "commander";
import { numberAtLeast } from "../harness/command.ts";
import { PROJECT_ROOT } from "../lib/config.ts";
import { PostgresStore } from "../lib/store/postgres.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import type { Store } from "../lib/store/store.ts";
import type { Outcome } from "../lib/wire.ts";
import { sharedPostgres } from "../tests/pg.ts";
import { addRun } from "../tests/store_builders.ts";
import { compareOnSuite, suiteLeaderboard } from "../harness/suite_data.ts";
import {
  CHILD_PERMISSIONS,
  FIXTURE_CATALOG,
  isRunFinished,
  openEvents,
  postJson,
  type ServerProcess,
  type SseEvent,
  type SseReader,
  startServerProcess,
  tempRunsDir,
} from "../tests/server/helpers.ts";

const flags = new Command("bench_server.ts")
  .addOption(
    new Option("--attempts <n>", "attempts in the leaderboard database")
      .argParser(numberAtLeast(100, true)).default(100_000),
  )
  .addOption(
    new Option("--clients <n>", "event-stream clients for the memory figure")
      .argParser(numberAtLeast(1, true)).default(50),
  )
  .addOption(
    new Option("--burst <n>", "events written at once by another process")
      .argParser(numberAtLeast(0, true)).default(20_000),
  )
  .addOption(new Option("--only <figure>", "one figure").choices(["sse", "leaderboard", "memory"]))
  .addOption(
    new Option("--store <kind>", "the leaderboard's store: PostgreSQL is read directly, no HTTP")
      .choices(["sqlite", "postgres"]).default("sqlite"),
  )
  .parse(Deno.args, { from: "user" })
  .opts<{ attempts: number; clients: number; burst: number; only?: string; store: string }>();
const ONLY = flags.only;
const ATTEMPTS = flags.attempts;
const CLIENTS = flags.clients;
const BURST = flags.burst;
const LEADERBOARD_CALLS = 30;
const COLD_STARTS = 5;
const MODELS = 10;
const TASKS_PER_RUN = 10;

function stats(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `n=${s.length} median ${at(0.5).toFixed(1)}  p95 ${at(0.95).toFixed(1)}  max ${
    s[s.length - 1].toFixed(1)
  }`;
}

/** Resident set size of `pid` in MiB (Linux /proc, read by `sh`: Deno needs --allow-all). */
function rssMiB(pid: number): number {
  const out = new Deno.Command("sh", {
    args: ["-c", 'cat "/proc/$1/status"', "sh", String(pid)],
    stdout: "piped",
  }).outputSync();
  const status = new TextDecoder().decode(out.stdout);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

function loadAverage(): string {
  return Deno.loadavg().map((n) => n.toFixed(2)).join(" ");
}

/** Milliseconds from each attempt_finished row's write to its arrival at the client. */
async function delays(events: SseEvent[], arrivals: number[], store: SqliteStore) {
  const out: number[] = [];
  for (const [i, e] of events.entries()) {
    if (e.event !== "attempt_finished") continue;
    const row = (await store.listEventsAfter(Number(e.id) - 1, undefined, 1))[0];
    out.push(arrivals[i] - Date.parse(row.created_at));
  }
  return out;
}

async function collect(stream: SseReader, stop: (e: SseEvent) => boolean) {
  const events: SseEvent[] = [];
  const arrivals: number[] = [];
  for (;;) {
    const e = await stream.next(120_000);
    events.push(e);
    arrivals.push(Date.now());
    if (stop(e)) return { events, arrivals };
  }
}

async function sseDelay() {
  const runsDir = tempRunsDir();
  const server = await startServerProcess(runsDir);
  const store = new SqliteStore(join(runsDir, "history.db"));
  try {
    // Launched over HTTP: the engine runs inside the server.
    const { json } = await postJson(`${server.url}/api/runs`, {
      models: ["reference", "starter"],
      tasks: "srv_add",
      samples: 10,
    });
    const own = await openEvents(`${server.url}/api/runs/${json.run_id}/events`);
    const a = await collect(own, isRunFinished(json.run_id));
    await own.close();
    const inServer = await delays(a.events, a.arrivals, store);

    // A CLI run in another process: the server finds its rows by polling.
    const all = await openEvents(`${server.url}/api/events`);
    const cli = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...CHILD_PERMISSIONS,
        "main.ts",
        "bench",
        "--models",
        "reference",
        "starter",
        "--tasks",
        "srv_add",
        "--samples",
        "10",
        "--tasks-dir",
        FIXTURE_CATALOG,
      ],
      cwd: PROJECT_ROOT,
      env: { BENCH_RUNS_DIR: runsDir },
      stdout: "null",
      stderr: "null",
    }).spawn();
    const b = await collect(all, (e) => e.event === "run_finished");
    await all.close();
    await cli.status;
    const fromCli = await delays(b.events, b.arrivals, store);
    console.log(`SSE delay, run launched over HTTP (ms): ${stats(inServer)}`);
    console.log(`SSE delay, CLI run in another process (ms): ${stats(fromCli)}`);
  } finally {
    await store.close();
    await server.kill();
  }
}

const SUITE = { id: "bench_suite", name: "catalog (10 tasks)", tasks: TASKS_PER_RUN };
/** Compare: two models, 1,000 tasks × 10 samples each (the figure). */
const COMPARE_TASKS = 1000;
const COMPARE_SAMPLES = 10;

/**
 * Writes ATTEMPTS attempts through the engine's lifecycle (slower than raw SQL, but real),
 * on one suite, with every tenth run cancelled (cancelled runs count too).
 */
async function fillHistory(store: Store) {
  const outcomes: Outcome[] = [
    "passed",
    "failed",
    "failed",
    "build_error",
    "timeout",
    "model_error",
  ];
  const perRun = MODELS * TASKS_PER_RUN;
  const runs = Math.ceil(ATTEMPTS / perRun);
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let r = 0; r < runs; r++) {
    const attempts = [];
    for (let m = 0; m < MODELS; m++) {
      for (let t = 0; t < TASKS_PER_RUN; t++) {
        attempts.push({
          task_id: `task_${t}`,
          model: `provider/model-${m}`,
          outcome: outcomes[Math.floor(random() * outcomes.length)],
          tests_passed: Math.floor(random() * 10),
          tests_total: 10,
          duration_s: random() * 30,
          prompt_tokens: Math.floor(random() * 4000),
          completion_tokens: Math.floor(random() * 2000),
          cost_usd: random() < 0.1 ? null : random() / 100,
        });
      }
    }
    await addRun(store, {
      id: `run_20260101T${String(r).padStart(6, "0")}Z_bench`,
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, r)).toISOString(),
      status: r % 10 === 9 ? "cancelled" : "finished",
      suite: SUITE,
      attempts,
    });
  }
  // Two models on COMPARE_TASKS tasks × COMPARE_SAMPLES samples, on a suite of their own.
  for (const model of ["cmp/a", "cmp/b"]) {
    const attempts = [];
    for (let t = 0; t < COMPARE_TASKS; t++) {
      for (let sample = 0; sample < COMPARE_SAMPLES; sample++) {
        const pass = random() < (model === "cmp/a" ? 0.5 : 0.55);
        attempts.push(
          { task_id: `t${t}`, model, sample, outcome: pass ? "passed" : "failed" } as const,
        );
      }
    }
    await addRun(store, {
      id: `run_compare_${model.slice(4)}`,
      suite: { id: "compare_suite", name: "compare (1000 tasks)", tasks: COMPARE_TASKS },
      attempts,
    });
  }
  return { runs, attempts: runs * perRun };
}

async function timeCalls(url: string, calls: number) {
  const times: number[] = [];
  let body: unknown;
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    body = await res.json();
    times.push(performance.now() - t0);
  }
  return { times, body };
}

/** A new store of the kind --store names (PostgreSQL: a throwaway server, tests/pg.ts). */
async function openBenchStore(runsDir: string): Promise<Store> {
  if (flags.store === "sqlite") return new SqliteStore(join(runsDir, "history.db"));
  return await PostgresStore.open(await (await sharedPostgres()).newDatabase());
}

async function leaderboardTime() {
  const runsDir = tempRunsDir();
  const store = await openBenchStore(runsDir);
  const filled = await fillHistory(store);
  const direct: number[] = [];
  const compare: number[] = [];
  let rows = 0;
  for (let i = 0; i < LEADERBOARD_CALLS; i++) {
    let t0 = performance.now();
    rows = (await suiteLeaderboard(store, SUITE.id)).length;
    direct.push(performance.now() - t0);
    t0 = performance.now();
    await compareOnSuite(store, "cmp/a", "cmp/b");
    compare.push(performance.now() - t0);
  }
  await store.close();
  const http: number[] = [];
  const httpCompare: number[] = [];
  // Over HTTP for the embedded store only: a server on PostgreSQL answers from the same queries.
  for (let s = 0; s < (flags.store === "sqlite" ? COLD_STARTS : 0); s++) {
    const server = await startServerProcess(runsDir);
    try {
      // Nothing is cached: every request reads the aggregates afresh.
      const lb = await timeCalls(
        `${server.url}/api/leaderboard?suite=${SUITE.id}`,
        LEADERBOARD_CALLS,
      );
      http.push(...lb.times);
      const cmp = await timeCalls(`${server.url}/api/compare?a=cmp/a&b=cmp/b`, 5);
      httpCompare.push(...cmp.times);
    } finally {
      await server.kill();
    }
  }
  console.log(
    `GET /api/leaderboard, ${filled.attempts} attempts in ${filled.runs} runs on one suite, ` +
      `${rows} models (uncached, ${flags.store}):`,
  );
  if (http.length) console.log(`  over HTTP, ${COLD_STARTS} fresh servers (ms): ${stats(http)}`);
  console.log(`  suiteLeaderboard alone (ms): ${stats(direct)}`);
  console.log(`compare of two models, ${COMPARE_TASKS} tasks × ${COMPARE_SAMPLES} samples:`);
  if (httpCompare.length) console.log(`  GET /api/compare (ms): ${stats(httpCompare)}`);
  console.log(`  compareOnSuite alone (ms): ${stats(compare)}`);
}

async function memoryWhileStreaming() {
  const runsDir = tempRunsDir();
  const server: ServerProcess = await startServerProcess(runsDir);
  const pid = server.child.pid;
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssMiB(pid)), 50);
  try {
    await new Promise((r) => setTimeout(r, 500));
    const idle = rssMiB(pid);
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => openEvents(`${server.url}/api/events`)),
    );
    await new Promise((r) => setTimeout(r, 500));
    const connected = rssMiB(pid);

    samples.length = 0;
    const { json } = await postJson(`${server.url}/api/runs`, {
      models: ["reference", "starter"],
      tasks: "srv_add",
      samples: 10,
    });
    const received = await Promise.all(
      clients.map(async (c) => (await c.until(isRunFinished(json.run_id), 180_000)).length),
    );
    const duringRun = Math.max(...samples);

    samples.length = 0;
    const writer = new SqliteStore(join(runsDir, "history.db"));
    const t0 = performance.now();
    await writer.insertEvents([
      ...Array.from({ length: BURST }, (_, i) => ({
        runId: "run_burst",
        type: "attempt_stage",
        data: { type: "attempt_stage", i, pad: "x".repeat(200) },
      })),
      {
        runId: "run_burst",
        type: "run_finished",
        data: { type: "run_finished", run_id: "run_burst" },
      },
    ]);
    await writer.close();
    const burstCounts = await Promise.all(
      clients.map(async (c) => (await c.until(isRunFinished("run_burst"), 300_000)).length),
    );
    const burstMs = performance.now() - t0;
    const duringBurst = Math.max(...samples);
    await Promise.all(clients.map((c) => c.close()));
    await new Promise((r) => setTimeout(r, 1000));
    const after = rssMiB(pid);
    console.log(`server RSS with ${CLIENTS} event-stream clients (MiB):`);
    console.log(
      `  idle, no client ${idle.toFixed(1)}; ${CLIENTS} connected ${connected.toFixed(1)}`,
    );
    console.log(
      `  peak during a 20-attempt run ${duringRun.toFixed(1)} (each client got ${
        Math.min(...received)
      }–${Math.max(...received)} events)`,
    );
    console.log(
      `  peak during a burst of ${BURST + 1} events from another process ` +
        `${duringBurst.toFixed(1)} (all ${CLIENTS} clients had all ${
          Math.min(...burstCounts)
        } after ${(burstMs / 1000).toFixed(1)} s)`,
    );
    console.log(`  after the clients left ${after.toFixed(1)}`);
  } finally {
    clearInterval(sampler);
    await server.kill();
  }
}

console.log(`load average at start: ${loadAverage()} (${navigator.hardwareConcurrency} cores)`);
if (!ONLY || ONLY === "sse") await sseDelay();
if (!ONLY || ONLY === "leaderboard") await leaderboardTime();
if (!ONLY || ONLY === "memory") await memoryWhileStreaming();
console.log(`load average at end: ${loadAverage()}`);
