import assert from "node:assert/strict";
import { join } from "node:path";
import { createApp } from "./app.ts";
import { loadConfig, PROJECT_ROOT } from "../lib/config.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import type { AppDeps } from "../server/router.ts";
import { appDeps } from "../tests/app_deps.ts";

function deps(env: Record<string, string> = {}): Promise<AppDeps> {
  const runsDir = join(Deno.makeTempDirSync(), "runs");
  const config = loadConfig(PROJECT_ROOT, { BENCH_RUNS_DIR: runsDir, ...env });
  return appDeps(new SqliteStore(join(runsDir, "history.db")), config);
}

const call = (d: AppDeps, path: string, init?: RequestInit) =>
  createApp(d).fetch(new Request(`http://127.0.0.1:8000${path}`, init));

Deno.test("app - an unexpected error is logged and answered with a plain 500", async () => {
  const d = await deps();
  await d.store.close(); // every query now throws
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args);
  try {
    const res = await call(d, "/api/leaderboard");
    assert.equal(res.status, 500);
    assert.equal(res.headers.get("content-type"), "text/plain; charset=UTF-8");
    assert.equal(await res.text(), "Internal Server Error");
  } finally {
    console.error = original;
  }
  assert.equal(logged.length, 1);
  assert.match(String((logged[0] as unknown[])[0]), /unexpected error on GET \/api\/leaderboard/);
});

Deno.test("app - an unknown route answers a JSON 404", async () => {
  const d = await deps();
  const res = await call(d, "/api/nothing");
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { error: "no route for GET /api/nothing" });
  await d.store.close();
});

Deno.test("app - a remote binding's token rule holds for every mutating route", async () => {
  const d = await deps({ HOST: "10.1.2.3", BENCH_API_TOKEN: "tok-1234" });
  for (const path of ["/api/runs", "/api/runs/run_x/cancel", "/api/runs/run_x/resume"]) {
    const res = await call(d, path, { method: "POST", body: "{}" });
    assert.equal(res.status, 401, path);
    assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="benchmark-harness"');
    const ok = await call(d, path, {
      method: "POST",
      body: "{}",
      headers: { Authorization: "Bearer tok-1234", "content-type": "application/json" },
    });
    assert.notEqual(ok.status, 401, path);
    await ok.body?.cancel();
  }
  await d.store.close();
});

Deno.test("app - a loopback binding refuses requests naming another host", async () => {
  const d = await deps();
  const evil = await call(d, "/api/runs", { headers: { Host: "attacker.example:8000" } });
  assert.equal(evil.status, 403);
  assert.deepEqual(await evil.json(), {
    error: 'Host "attacker.example:8000" is not this server (bound to 127.0.0.1)',
  });
  for (const host of ["localhost:8000", "127.0.0.1:8000", "[::1]:8000"]) {
    const res = await call(d, "/api/runs", { headers: { Host: host } });
    assert.equal(res.status, 200, host);
    await res.body?.cancel();
  }
  await d.store.close();
});
