// Distributed mode end to end, with a real PostgreSQL (tests/pg.ts) and real worker and
// bench processes: two workers share a run (and give the embedded mode's outcomes), a
// worker killed with SIGKILL loses nothing, a worker without Go takes no Go job,
// cancelling a run stops its jobs on every worker, and with BENCH_ARTIFACTS_URL a worker's
// files go to an S3 bucket (tests/s3.ts) from which the server serves them.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { loadConfig } from "../lib/config.ts";
import { PostgresStore } from "../lib/store/postgres.ts";
import { createApp } from "../routes/app.ts";
import { appDeps } from "./app_deps.ts";
import type { StoredAttempt } from "../lib/store/store.ts";
import { FIXTURES } from "./helpers.ts";
import { FIXTURE_CATALOG as SERVER_FIXTURES } from "./server/helpers.ts";
import { POSTGRES_INSTALLED, sharedPostgres } from "./pg.ts";
import { startS3 } from "./s3.ts";
import { RUN_SLOW } from "./slow.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const TEST = {
  ignore: !RUN_SLOW || !POSTGRES_INSTALLED,
  sanitizeResources: false,
  sanitizeOps: false,
};
const TASKS = "fx_python,fx_javascript,fx_go,fx_cpp,fx_rust,fx_html";
// One cache folder for every process of a test (as one machine would have), so toolchain
// caches stay warm; attempt files still travel through PostgreSQL.
const CACHE_RUNS = Deno.makeTempDirSync({ prefix: "bench_dist_" });

interface Proc {
  child: Deno.ChildProcess;
  out: Promise<string>;
}

function spawn(args: string[], env: Record<string, string>): Proc {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "main.ts"), ...args],
    cwd: ROOT,
    env: { BENCH_RUNS_DIR: CACHE_RUNS, ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const dec = async (s: ReadableStream<Uint8Array>) => await new Response(s).text();
  const out = Promise.all([dec(child.stdout), dec(child.stderr)]).then(([o, e]) => o + e);
  return { child, out };
}

const worker = (url: string, concurrency: number, env: Record<string, string> = {}) =>
  spawn(["worker", "--concurrency", String(concurrency), "--grace", "5"], {
    BENCH_DATABASE_URL: url,
    ...env,
  });

const bench = (url: string, extra: string[], env: Record<string, string> = {}) =>
  spawn(["bench", "--tasks-dir", FIXTURES, ...extra], { BENCH_DATABASE_URL: url, ...env });

async function stopAll(...procs: Proc[]) {
  for (const p of procs) {
    try {
      p.child.kill("SIGTERM");
    } catch { /* already gone */ }
    await p.child.status;
  }
}

/** Polls `check` every 200 ms until it is true or `ms` passed (then throws naming `what`). */
async function until(what: string, ms: number, check: () => Promise<boolean>) {
  const end = Date.now() + ms;
  while (!await check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function onlyRun(store: PostgresStore): Promise<string> {
  const [run] = await store.listRunOverviews(1, 0);
  return run?.id ?? "";
}

const summary = (attempts: StoredAttempt[]) =>
  attempts.map((a) => `${a.task_id} ${a.model} ${a.outcome} ${a.tests_passed}/${a.tests_total}`);

async function finishedEventsPerAttempt(store: PostgresStore, runId: string) {
  const counts = new Map<string, number>();
  for (const e of await store.listEventsAfter(0, runId, 10_000)) {
    if (e.type !== "attempt_finished") continue;
    const a = JSON.parse(e.data_json).attempt;
    const k = `${a.task_id} ${a.model}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

Deno.test({
  name: "distributed - two workers share a run and give the embedded mode's outcomes",
  ...TEST,
  fn: async () => {
    const url = await (await sharedPostgres()).newDatabase();
    const embeddedDir = await Deno.makeTempDir();
    const embedded = spawn(
      ["bench", "--tasks-dir", FIXTURES, "--tasks", TASKS, "--models", "reference", "starter"],
      { BENCH_RUNS_DIR: embeddedDir },
    );
    assert.equal((await embedded.child.status).code, 0, await embedded.out);
    const { SqliteStore } = await import("../lib/store/sqlite.ts");
    const local = new SqliteStore(join(embeddedDir, "history.db"));
    const embeddedAttempts = await local.listAttempts((await local.listRunOverviews(1, 0))[0].id);
    await local.close();

    const [a, b] = [worker(url, 1), worker(url, 1)];
    const run = bench(url, ["--tasks", TASKS, "--models", "reference", "starter"]);
    const status = await run.child.status;
    const log = await run.out;
    await stopAll(a, b);
    assert.equal(status.code, 0, log);
    const store = await PostgresStore.open(url);
    const runId = await onlyRun(store);
    const attempts = await store.listAttempts(runId);
    assert.equal(attempts.length, 12);
    assert.deepEqual(summary(attempts), summary(embeddedAttempts));
    const pids = [a.child.pid, b.child.pid].map((p) => `${Deno.hostname()}:${p}`);
    const byWorker = pids.map((w) => attempts.filter((x) => x.worker === w).length);
    assert.ok(byWorker.every((n) => n > 0), `each worker graded some: ${byWorker}`);
    assert.equal(byWorker[0] + byWorker[1], 12);
    assert.ok(
      embeddedAttempts.every((x) => x.worker === `${Deno.hostname()}:${embedded.child.pid}`),
    );
    // The files of an attempt graded by a worker are in the database for the server.
    const stdout = await store.readAttemptFile(
      runId,
      "fx_python__reference__sample00",
      "stdout.log",
    );
    assert.match(new TextDecoder().decode(stdout), /3 passed/);
    assert.ok((await a.out).includes(`serves python, javascript, go, rust, cpp, java, html`));
    await store.close();
  },
});

Deno.test({
  name:
    "distributed - a worker killed with SIGKILL mid-run loses nothing; each attempt is recorded once",
  ...TEST,
  fn: async () => {
    const url = await (await sharedPostgres()).newDatabase();
    const store = await PostgresStore.open(url);
    const doomed = worker(url, 2);
    const run = bench(url, ["--tasks", TASKS, "--models", "reference"]);
    let runId = "";
    let held: string[] = [];
    await until("the worker to hold attempts", 60_000, async () => {
      runId = await onlyRun(store);
      held = (await store.listAttempts(runId))
        .filter((x) => x.stage !== "queued" && x.outcome === null).map((x) => x.task_id);
      return held.length > 0;
    });
    doomed.child.kill("SIGKILL");
    await doomed.child.status;
    const killedAt = Date.now();
    const rescuer = worker(url, 6);
    const status = await run.child.status;
    const log = await run.out;
    await stopAll(rescuer);
    assert.equal(status.code, 0, log);
    const attempts = await store.listAttempts(runId);
    assert.deepEqual(attempts.map((x) => x.outcome), Array(6).fill("passed"));
    const rescuerId = `${Deno.hostname()}:${rescuer.child.pid}`;
    const byTask = new Map(attempts.map((x) => [x.task_id, x]));
    assert.ok(held.every((t) => byTask.get(t)!.worker === rescuerId), "the dead one's jobs redone");
    // Each held job was taken over within 60 s of the kill (its lease lapsed, not 15 min).
    const events = await store.listEventsAfter(0, runId, 10_000);
    for (const task of held) {
      const restart = events.find((e) =>
        e.type === "attempt_started" && JSON.parse(e.data_json).task_id === task &&
        Date.parse(e.created_at) > killedAt
      );
      assert.ok(restart, `${task} started again`);
      const after = Date.parse(restart.created_at) - killedAt;
      assert.ok(after < 60_000, `${task} taken over after ${after} ms`);
      console.log(`${task}: taken over ${after} ms after the kill`);
    }
    const counts = await finishedEventsPerAttempt(store, runId);
    assert.deepEqual([...counts.values()], Array(6).fill(1));
    await store.close();
  },
});

Deno.test({
  name: "distributed - a worker without Go never takes a Go job",
  ...TEST,
  fn: async () => {
    const url = await (await sharedPostgres()).newDatabase();
    const store = await PostgresStore.open(url);
    const path = (Deno.env.get("PATH") ?? "").split(":").filter((d) => {
      try {
        Deno.statSync(join(d, "go"));
        return false;
      } catch {
        return true;
      }
    }).join(":");
    const noGo = worker(url, 2, { PATH: path });
    const run = bench(url, ["--tasks", "fx_python,fx_go", "--models", "reference"]);
    let runId = "";
    await until("the Python attempt", 60_000, async () => {
      runId = await onlyRun(store);
      const py = (await store.listAttempts(runId)).find((x) => x.task_id === "fx_python");
      return py?.outcome === "passed";
    });
    await new Promise((r) => setTimeout(r, 3_000)); // time to take the Go job, if it would
    const go = (await store.listAttempts(runId)).find((x) => x.task_id === "fx_go")!;
    assert.deepEqual([go.stage, go.outcome], ["queued", null]);
    const withGo = worker(url, 1);
    assert.equal((await run.child.status).code, 0, await run.out);
    await stopAll(noGo, withGo);
    const done = (await store.listAttempts(runId)).find((x) => x.task_id === "fx_go")!;
    assert.deepEqual([done.outcome, done.worker], [
      "passed",
      `${Deno.hostname()}:${withGo.child.pid}`,
    ]);
    assert.match(await noGo.out, /serves python, javascript, rust, cpp, java, html \(/);
    await store.close();
  },
});

Deno.test({
  name: "distributed - cancelling a run stops its jobs on every worker and drops the queued ones",
  ...TEST,
  fn: async () => {
    const url = await (await sharedPostgres()).newDatabase();
    const store = await PostgresStore.open(url);
    // An answer whose tests never end: each attempt runs until it is stopped.
    const hang = "calc.py\n```python\nimport time\ndef add(a, b):\n    time.sleep(600)\n```\n";
    const [a, b] = [worker(url, 1), worker(url, 1)];
    const run = bench(url, [
      "--task",
      "fx_python",
      "--samples",
      "4",
      "--response-text",
      hang,
      "--timeout",
      "300",
    ]);
    let runId = "";
    await until("both workers grading", 60_000, async () => {
      runId = await onlyRun(store);
      return (await store.listAttempts(runId)).filter((x) => x.stage === "grade").length === 2;
    });
    const t0 = Date.now();
    run.child.kill("SIGINT");
    assert.equal((await run.child.status).code, 130, await run.out);
    assert.ok(Date.now() - t0 < 30_000, `cancelled in ${Date.now() - t0} ms`);
    await stopAll(a, b);
    const attempts = await store.listAttempts(runId);
    assert.deepEqual(attempts.map((x) => x.outcome), Array(4).fill("cancelled"));
    const graders = new Set(attempts.map((x) => x.worker).filter(Boolean));
    assert.equal(graders.size, 2, "the running attempts were stopped by their own workers");
    assert.equal((await store.getRun(runId))?.status, "cancelled");
    await store.close();
  },
});

Deno.test({
  name: "distributed - SIGTERM hands a worker's unfinished job back to the queue",
  ...TEST,
  fn: async () => {
    const url = await (await sharedPostgres()).newDatabase();
    const store = await PostgresStore.open(url);
    const hang = "calc.py\n```python\nimport time\ndef add(a, b):\n    time.sleep(600)\n```\n";
    const leaving = spawn(["worker", "--concurrency", "1", "--grace", "1"], {
      BENCH_DATABASE_URL: url,
    });
    const run = bench(url, ["--task", "fx_python", "--response-text", hang, "--timeout", "15"]);
    let runId = "";
    await until("the worker grading", 60_000, async () => {
      runId = await onlyRun(store);
      return (await store.listAttempts(runId))[0]?.stage === "grade";
    });
    const t0 = Date.now();
    leaving.child.kill("SIGTERM");
    assert.equal((await leaving.child.status).code, 0);
    assert.ok(Date.now() - t0 < 15_000, `stopped in ${Date.now() - t0} ms`);
    assert.match(await leaving.out, /stopping \(jobs in hand get 1 s\)[\s\S]*stopped/);
    assert.equal((await store.listAttempts(runId))[0].outcome, null, "nothing recorded");
    const next = worker(url, 1);
    assert.equal((await run.child.status).code, 0, await run.out);
    await stopAll(next);
    const [a] = await store.listAttempts(runId);
    assert.deepEqual([a.outcome, a.worker], ["timeout", `${Deno.hostname()}:${next.child.pid}`]);
    await store.close();
  },
});

Deno.test({
  name:
    "distributed - a cancelled run resumes through the queue: its cancelled attempts are redone",
  ...TEST,
  fn: async () => {
    const url = await (await sharedPostgres()).newDatabase();
    const store = await PostgresStore.open(url);
    const w = worker(url, 1);
    // srv_slow's tests take a few seconds: long enough to cancel one mid-grade.
    const flags = ["--tasks-dir", SERVER_FIXTURES, "--task", "srv_slow", "--models", "reference"];
    const run = bench(url, [...flags, "--samples", "2"]);
    let runId = "";
    await until("the worker grading", 60_000, async () => {
      runId = await onlyRun(store);
      return (await store.listAttempts(runId)).some((x) => x.stage === "grade");
    });
    run.child.kill("SIGINT");
    assert.equal((await run.child.status).code, 130, await run.out);
    assert.deepEqual((await store.listAttempts(runId)).map((x) => x.outcome), [
      "cancelled",
      "cancelled",
    ]);
    const again = bench(url, [...flags, "--resume", runId]);
    assert.equal((await again.child.status).code, 0, await again.out);
    await stopAll(w);
    const attempts = await store.listAttempts(runId);
    assert.deepEqual(attempts.map((x) => x.outcome), ["passed", "passed"]);
    assert.equal((await store.getRun(runId))?.status, "finished");
    await store.close();
  },
});

Deno.test({
  name: "distributed - with BENCH_ARTIFACTS_URL a worker's files go to the bucket and are served",
  ...TEST,
  fn: async () => {
    const url = await (await sharedPostgres()).newDatabase();
    const s3 = await startS3();
    const env = { ...s3.env, BENCH_ARTIFACTS_URL: `s3://${s3.bucket}/ci` };
    try {
      const w = worker(url, 1, env);
      // Two tries, so the second try's files (tries/2/) travel too.
      const run = bench(
        url,
        ["--task", "fx_python", "--models", "reference-second-try", "--tries", "2"],
        env,
      );
      assert.equal((await run.child.status).code, 0, await run.out);
      await stopAll(w);
      const store = await PostgresStore.open(url);
      const runId = await onlyRun(store);
      const dir = "fx_python__reference-second-try__sample00";
      const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
      const keys = (listed.Contents ?? []).map((o) => o.Key).sort();
      const each = ["patch.diff", "prompt.txt", "response.txt", "stderr.log", "stdout.log"];
      assert.deepEqual(
        keys,
        [
          ...each,
          "result.json",
          "tests.json",
          ...[...each, "tests.json"].map((f) => `tries/2/${f}`),
        ].map((f) => `ci/${runId}/${dir}/${f}`).sort(),
      );
      // Not in PostgreSQL's attempt_files.
      assert.equal(await store.readAttemptFile(runId, dir, "stdout.log"), undefined);

      // A server elsewhere (its runs folder empty) serves them from the bucket, Range too.
      const config = loadConfig(ROOT, {
        ...env,
        BENCH_DATABASE_URL: url,
        BENCH_RUNS_DIR: await Deno.makeTempDir(),
      });
      const app = createApp(await appDeps(store, config));
      const first = `http://127.0.0.1:8000/artifacts/${runId}/${dir}/stdout.log`;
      assert.match(await (await app.fetch(new Request(first))).text(), /3 failed/);
      const path = `http://127.0.0.1:8000/artifacts/${runId}/${dir}/tries/2/stdout.log`;
      const whole = await (await app.fetch(new Request(path))).text();
      assert.match(whole, /3 passed/);
      const part = await app.fetch(new Request(path, { headers: { Range: "bytes=0-9" } }));
      assert.equal(part.status, 206);
      assert.equal(part.headers.get("content-range"), `bytes 0-9/${whole.length}`);
      assert.equal(await part.text(), whole.slice(0, 10));
      const missing = await app.fetch(new Request(path.replace("stdout.log", "nope.log")));
      assert.equal(missing.status, 404);
      // The bucket gone: a 503 that names nothing of it (the reason goes to the server's log).
      await s3.stop();
      const down = await app.fetch(new Request(path));
      assert.deepEqual([down.status, await down.json()], [503, {
        error: "artifact store unavailable",
      }]);
      await store.close();
    } finally {
      await s3.stop().catch(() => {});
    }
  },
});
