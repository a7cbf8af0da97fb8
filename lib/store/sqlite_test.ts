// What only the SQLite store has: the migration that backfills whole results, and one-line
// errors naming the database file. What both stores do is tested in store_test.ts.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { storeWithRuns } from "../../tests/store_builders.ts";
import { MIGRATIONS } from "./migrations.ts";
import { SqliteStore } from "./sqlite.ts";
import { StoreError } from "./store.ts";

Deno.test("store - migration 4 backfills results from result.json, else from the columns", async () => {
  const dir = Deno.makeTempDirSync();
  const path = join(dir, "history.db");
  // A version-2 database, as the store before result_json left it.
  const old = new DatabaseSync(path);
  old.exec("CREATE TABLE schema_version (version INTEGER NOT NULL)");
  for (const [i, m] of MIGRATIONS.slice(0, 2).entries()) {
    old.exec(m as string);
    old.prepare("INSERT INTO schema_version (version) VALUES (?)").run(i + 1);
  }
  old.exec(`INSERT INTO runs (id, started_at, status, settings_json)
            VALUES ('run_old', '2026-01-01T00:00:00Z', 'finished', '{}')`);
  const add = old.prepare(
    `INSERT INTO attempts (run_id, task_id, model, sample, outcome, stage, tests_passed,
       tests_total, duration_s, cost_usd, attempt_dir, cached, response_meta_json)
     VALUES ('run_old', ?, 'm', 0, 'passed', 'done', 4, 4, 2.5, 0.1, ?, 1, ?)`,
  );
  add.run("kept", "kept__m__sample00", null);
  add.run("lost", "lost__m__sample00", JSON.stringify({ latency_ms: 120 }));
  old.exec(`INSERT INTO attempts (run_id, task_id, model, sample, attempt_dir)
            VALUES ('run_old', 'queued', 'm', 0, 'queued__m__sample00')`);
  old.close();
  const saved = {
    task_id: "kept",
    model: "m",
    sample: 0,
    outcome: "passed",
    retries: 2,
    grade_s: 0.7,
  };
  Deno.mkdirSync(join(dir, "run_old", "kept__m__sample00"), { recursive: true });
  Deno.writeTextFileSync(
    join(dir, "run_old", "kept__m__sample00", "result.json"),
    JSON.stringify(saved),
  );

  const store = new SqliteStore(path);
  assert.equal(store.schemaVersion(), MIGRATIONS.length);
  const byTask = new Map((await store.listAttempts("run_old")).map((a) => [a.task_id, a]));
  assert.deepEqual([byTask.get("kept")!.retries, byTask.get("kept")!.grade_s], [2, 0.7]);
  const lost = byTask.get("lost")!;
  assert.deepEqual(
    [lost.outcome, lost.tests_passed, lost.duration_s, lost.cost_usd, lost.cached, lost.latency_ms],
    ["passed", 4, 2.5, 0.1, true, 120],
  );
  assert.deepEqual([lost.retries, lost.grade_s, lost.edits_applied, lost.integrity_flags], [
    0,
    null,
    [],
    [],
  ]);
  assert.equal(byTask.get("queued")!.outcome, null);
  await store.close();
});

Deno.test("store - a database that is not one is refused in one line naming the file", () => {
  const path = join(Deno.makeTempDirSync(), "history.db");
  Deno.writeFileSync(path, crypto.getRandomValues(new Uint8Array(8192)));
  assert.throws(() => new SqliteStore(path), (e: Error) => {
    assert.ok(e instanceof StoreError);
    assert.equal(e.message, `${path}: file is not a database`);
    return true;
  });
});

Deno.test("store - a failing query rejects with the file and the cause", async () => {
  const store = await storeWithRuns();
  await store.close();
  await assert.rejects(store.getRun("x"), (e: Error) => {
    assert.ok(e instanceof StoreError);
    assert.equal(e.message, `${store.location}: database is not open`);
    return true;
  });
});
