// Prints the README's catalog table (Markdown) from the task folders, with each task's
// test count from the newest passing reference attempt in runs/history.db.
// Usage: deno run --allow-read --allow-env --allow-write=runs scripts/catalog_table.ts
import { join } from "node:path";
import { loadCatalog } from "../harness/catalog.ts";
import { loadConfig } from "../lib/config.ts";
import { openStore } from "../lib/store/open.ts";

const config = loadConfig();
const { tasks } = await loadCatalog([join(config.root, "tasks")]);
const store = await openStore(config, config.runsDir);
const counts = new Map(
  (await store.referenceTestCounts()).map((r) => [r.task_id, r.tests_total]),
);
await store.close();
console.log("| task | language | category | difficulty | tests | title |");
console.log("|---|---|---|---|---|---|");
for (const t of tasks) {
  const m = t.meta;
  console.log(
    `| \`${t.id}\` | ${m.language} | ${m.category} | ${m.difficulty} | ${
      counts.get(t.id) ?? "?"
    } | ${m.title} |`,
  );
}
