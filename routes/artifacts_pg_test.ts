// /artifacts/... in distributed mode: a file a worker on another machine stored in
// PostgreSQL (not on this server's disk) is served like a file on disk, Range included.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createApp } from "./app.ts";
import { loadConfig, PROJECT_ROOT } from "../lib/config.ts";
import { PostgresStore } from "../lib/store/postgres.ts";
import { appDeps } from "../tests/app_deps.ts";
import { POSTGRES_INSTALLED, sharedPostgres } from "../tests/pg.ts";
import { RUN_SLOW } from "../tests/slow.ts";

Deno.test({
  name: "artifacts - a file graded elsewhere is served from PostgreSQL, with Range",
  ignore: !RUN_SLOW || !POSTGRES_INSTALLED,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const url = await (await sharedPostgres()).newDatabase();
    const runsDir = join(Deno.makeTempDirSync(), "runs");
    const config = loadConfig(PROJECT_ROOT, { BENCH_RUNS_DIR: runsDir, BENCH_DATABASE_URL: url });
    const store = await PostgresStore.open(url);
    const d = await appDeps(store, config);
    const text = "line one\nline two\nline three\n";
    await store.putAttemptFile(
      "run_x1",
      "t__m__sample00",
      "stdout.log",
      new TextEncoder().encode(text),
    );
    const get = (path: string, headers: Record<string, string> = {}) =>
      createApp(d).fetch(new Request(`http://127.0.0.1:8000${path}`, { headers }));

    const whole = await get("/artifacts/run_x1/t__m__sample00/stdout.log");
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get("content-type"), "text/plain; charset=utf-8");
    assert.equal(await whole.text(), text);
    const part = await get("/artifacts/run_x1/t__m__sample00/stdout.log", { Range: "bytes=9-16" });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), `bytes 9-16/${text.length}`);
    assert.equal(await part.text(), "line two");
    const outside = await get("/artifacts/run_x1/t__m__sample00/stdout.log", {
      Range: "bytes=99-",
    });
    assert.equal(outside.status, 416);
    assert.equal((await get("/artifacts/run_x1/t__m__sample00/nope.log")).status, 404);
    assert.equal((await get("/artifacts/run_x1/t__m__sample00/%2e%2e")).status, 404);
    await store.close();
  },
});
