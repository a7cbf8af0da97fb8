import assert from "node:assert/strict";
import { join } from "node:path";
import { CatalogCache } from "./catalog_cache.ts";
import { FIXTURES } from "../tests/helpers.ts";

/** A copy of the fixture catalog's Python task in a fresh folder we may edit. */
async function scratchCatalog(): Promise<{ root: string; meta: string }> {
  const root = await Deno.makeTempDir({ prefix: "catalog_cache_" });
  await new Deno.Command("cp", { args: ["-r", join(FIXTURES, "fx_python"), root] }).output();
  return { root, meta: join(root, "fx_python", "metadata.json") };
}

Deno.test("catalog cache - two gets without a change load once", async () => {
  const { root } = await scratchCatalog();
  const cache = new CatalogCache([root]);
  const first = await cache.get();
  const second = await cache.get();
  assert.equal(cache.loads, 1);
  assert.equal(second, first);
  assert.deepEqual(first.tasks.map((t) => t.id), ["fx_python"]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("catalog cache - a task edited on disk shows up on the next get", async () => {
  const { root, meta } = await scratchCatalog();
  const cache = new CatalogCache([root]);
  const before = (await cache.get()).tasks[0];
  const json = JSON.parse(await Deno.readTextFile(meta));
  await Deno.writeTextFile(meta, JSON.stringify({ ...json, title: "A new title" }, null, 2));
  const after = (await cache.get()).tasks[0];
  assert.equal(cache.loads, 2);
  assert.equal(after.meta.title, "A new title");
  assert.notEqual(after.contentHash, before.contentHash);
  await Deno.remove(root, { recursive: true });
});

Deno.test("catalog cache - a file edited deep in a task, same size, is seen by its mtime", async () => {
  const { root } = await scratchCatalog();
  const cache = new CatalogCache([root]);
  const before = (await cache.get()).tasks[0];
  const file = join(root, "fx_python", "workspace", before.workspaceFiles[0]);
  const text = await Deno.readTextFile(file);
  await Deno.writeTextFile(file, text.replace(/[a-z]/, (ch) => ch === "a" ? "b" : "a"));
  await Deno.utime(file, new Date(), new Date(Date.now() + 60_000));
  const after = (await cache.get()).tasks[0];
  assert.equal(cache.loads, 2);
  assert.notEqual(after.contentHash, before.contentHash);
  await Deno.remove(root, { recursive: true });
});

Deno.test("catalog cache - a task added or removed shows up on the next get", async () => {
  const { root } = await scratchCatalog();
  const cache = new CatalogCache([root]);
  assert.equal((await cache.get()).tasks.length, 1);
  await Deno.remove(join(root, "fx_python"), { recursive: true });
  const emptied = await cache.get();
  assert.deepEqual([emptied.tasks.length, emptied.problems.length], [0, 0]);
  await Deno.remove(root, { recursive: true });
  const gone = await cache.get();
  assert.equal(gone.problems.length, 1);
  assert.equal(cache.loads, 3);
});

Deno.test("catalog cache - requests arriving together share one load", async () => {
  const { root } = await scratchCatalog();
  const cache = new CatalogCache([root]);
  const [a, b] = await Promise.all([cache.get(), cache.get()]);
  assert.equal(a, b);
  assert.equal(cache.loads, 1);
  await Deno.remove(root, { recursive: true });
});
