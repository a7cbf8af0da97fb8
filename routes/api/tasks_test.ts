// GET /api/tasks through the app: the catalog is cached between requests and a task edited
// on disk shows up on the next one.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createApp } from "../app.ts";
import { loadConfig } from "../../lib/config.ts";
import { SqliteStore } from "../../lib/store/sqlite.ts";
import { appDeps } from "../../tests/app_deps.ts";
import { FIXTURES } from "../../tests/helpers.ts";

Deno.test("GET /api/tasks - cached between requests, reloaded after a task is edited", async () => {
  const dir = await Deno.makeTempDir({ prefix: "api_tasks_" });
  const catalogDir = join(dir, "tasks");
  await Deno.mkdir(catalogDir);
  await new Deno.Command("cp", { args: ["-r", join(FIXTURES, "fx_go"), catalogDir] }).output();
  const store = new SqliteStore(join(dir, "history.db"));
  const config = { ...loadConfig(), runsDir: dir, apiToken: null };
  const deps = await appDeps(store, config, [catalogDir]);
  const catalog = deps.catalog;
  const app = createApp(deps);
  const titles = async () => {
    const res = await app.fetch(new Request("http://127.0.0.1/api/tasks"));
    assert.equal(res.status, 200);
    return (await res.json()).tasks.map((t: { title: string }) => t.title);
  };
  const [first] = await titles();
  assert.deepEqual(await titles(), [first]);
  assert.equal(catalog.loads, 1);

  const metaPath = join(catalogDir, "fx_go", "metadata.json");
  const meta = JSON.parse(await Deno.readTextFile(metaPath));
  await Deno.writeTextFile(metaPath, JSON.stringify({ ...meta, title: "Edited on disk" }));
  assert.deepEqual(await titles(), ["Edited on disk"]);
  assert.equal(catalog.loads, 2);
  await store.close();
  await Deno.remove(dir, { recursive: true });
});
