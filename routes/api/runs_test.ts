// POST /api/runs and /resume answer by the planner's error type: bad input 400, a state
// conflict 409, a provider that cannot be used 503, and a bug a plain 500 with its stack in
// the log only.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "../app.ts";
import { type Config, loadConfig, PROJECT_ROOT } from "../../lib/config.ts";
import { SqliteStore } from "../../lib/store/sqlite.ts";
import type { AppDeps } from "../../server/router.ts";
import { appDeps } from "../../tests/app_deps.ts";
import { addRun, TEST_SETTINGS } from "../../tests/store_builders.ts";

const FIXTURES = fileURLToPath(new URL("../../tests/fixtures/catalog", import.meta.url));

function deps(over: Partial<Config> = {}, env: Record<string, string> = {}): Promise<AppDeps> {
  const runsDir = join(Deno.makeTempDirSync(), "runs");
  const config = loadConfig(PROJECT_ROOT, {
    BENCH_RUNS_DIR: runsDir,
    OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
    ...env,
  });
  Deno.mkdirSync(runsDir, { recursive: true });
  return appDeps(new SqliteStore(join(runsDir, "history.db")), { ...config, ...over }, [FIXTURES]);
}

async function post(d: AppDeps, path: string, body: unknown) {
  const res = await createApp(d).fetch(
    new Request(`http://127.0.0.1:8000${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), text };
}

/** Runs `body` with console.error captured; returns what was logged. */
async function capturingErrors(body: () => Promise<void>): Promise<string[]> {
  const logged: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) =>
    logged.push(args.map((a) => a instanceof Error ? a.stack : String(a)).join(" "));
  try {
    await body();
  } finally {
    console.error = original;
  }
  return logged;
}

Deno.test("runs API - a planner bug is a plain 500, its stack only in the log", async () => {
  // A configuration without a project root makes the planner itself throw (a TypeError
  // from node:path): nothing the client sent is wrong.
  const d = await deps({ root: undefined as unknown as string });
  let res: Awaited<ReturnType<typeof post>> | undefined;
  const logged = await capturingErrors(async () => {
    res = await post(d, "/api/runs", { models: ["reference"], task: ["fx_python"] });
  });
  await d.store.close();
  assert.deepEqual([res!.status, res!.type, res!.text], [
    500,
    "text/plain; charset=UTF-8",
    "Internal Server Error",
  ]);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /^unexpected error on POST \/api\/runs: TypeError/);
  assert.match(logged[0], /\n\s+at .*harness\/plan\.ts/);
});

Deno.test("runs API - bad input is a 400 naming what is wrong", async () => {
  const d = await deps();
  try {
    const badBody = await post(d, "/api/runs", { samples: 0, colour: "red" });
    assert.equal(badBody.status, 400);
    assert.deepEqual(JSON.parse(badBody.text).issues.map((i: { path: string }) => i.path), [
      "samples",
      "colour",
    ]);
    const model = await post(d, "/api/runs", { models: ["refrence"], task: ["fx_python"] });
    assert.deepEqual([model.status, JSON.parse(model.text)], [
      400,
      { error: 'unknown model "refrence" (did you mean reference?)' },
    ]);
    const task = await post(d, "/api/runs", { models: ["reference"], task: ["fx_pyton"] });
    assert.deepEqual([task.status, JSON.parse(task.text)], [
      400,
      { error: 'unknown task "fx_pyton" (did you mean fx_python?)' },
    ]);
  } finally {
    await d.store.close();
  }
});

Deno.test("runs API - a provider that cannot be used is a 503 with its reason", async () => {
  const d = await deps(); // OPENAI_BASE_URL points at a closed loopback port
  try {
    const res = await post(d, "/api/runs", { models: ["openai/gpt-x"], task: ["fx_python"] });
    assert.equal(res.status, 503);
    assert.match(
      JSON.parse(res.text).error,
      /^cannot reach OpenAI-compatible server at http:\/\/127\.0\.0\.1:9\/v1 /,
    );
  } finally {
    await d.store.close();
  }
});

Deno.test("runs API - resuming a run still running in a live process is a 409", async () => {
  const d = await deps();
  try {
    await addRun(d.store as SqliteStore, {
      id: "run_live",
      status: "running",
      settings: { ...TEST_SETTINGS, models: ["reference"], task_ids: ["fx_python"] },
    });
    const res = await post(d, "/api/runs/run_live/resume", {});
    assert.deepEqual([res.status, JSON.parse(res.text)], [
      409,
      { error: `--resume: run run_live is still running (pid ${Deno.pid})` },
    ]);
  } finally {
    await d.store.close();
  }
});

Deno.test("runs API - a projection prices the run before launch; unknown prices are null", async () => {
  const d = await deps(); // OPENAI_BASE_URL points at a closed loopback port: no prices
  try {
    const free = await post(d, "/api/runs/projection", {
      models: ["reference-second-try"],
      task: ["fx_python"],
      samples: 2,
      tries: 2,
    });
    assert.equal(free.status, 200, free.text);
    const body = JSON.parse(free.text);
    assert.equal(body.cost_usd, 0);
    assert.equal(body.models[0].model, "reference-second-try");
    assert.ok(body.models[0].prompt_tokens > 2 * 2048, free.text); // two tries, 8 KB feedback
    const priced = await post(d, "/api/runs/projection", {
      models: ["reference", "openai/gpt-x"],
      task: ["fx_python"],
    });
    const p = JSON.parse(priced.text);
    assert.deepEqual([
      priced.status,
      p.cost_usd,
      p.models.map((m: { cost_usd: unknown }) => m.cost_usd),
    ], [
      200,
      null,
      [0, null],
    ]);
    const bad = await post(d, "/api/runs/projection", {
      models: ["refrence"],
      task: ["fx_python"],
    });
    assert.equal(bad.status, 400);
  } finally {
    await d.store.close();
  }
});
