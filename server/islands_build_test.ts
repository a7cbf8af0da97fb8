// The islands bundle: built into a folder named by its content (the same sources give the
// same folder, reused), with the chart library split into a chunk of its own.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BUILD_DIR, buildIslands } from "./islands_build.ts";
import { PROJECT_ROOT } from "../lib/config.ts";

describe("islands build", () => {
  it("bundles into static/build/<content hash>/, the same folder for the same sources", async () => {
    const first = await buildIslands();
    const second = await buildIslands();
    assert.match(first, /^\/static\/build\/[0-9a-f]{16}\/client\.js$/);
    assert.equal(second, first);
    const dir = join(PROJECT_ROOT, BUILD_DIR, first.split("/")[3]);
    const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    const chunk = files.find((f) => /^chart_lib-[A-Z0-9]+\.js$/.test(f));
    assert.ok(chunk, `a chart chunk among ${files.join(", ")}`);
    const client = Deno.readTextFileSync(join(dir, "client.js"));
    assert.ok(client.includes("[data-island]"), "the entry finds island roots");
    assert.ok(client.includes(chunk), "the entry loads the chart chunk on demand");
    // chart.js keeps its banner ("Chart.js v4…") in the chunk, never in the entry.
    assert.ok(!client.includes("Chart.js"), "chart.js is not in the entry");
    assert.ok(Deno.readTextFileSync(join(dir, chunk)).includes("Chart.js v4"));
    const leftovers = [...Deno.readDirSync(join(PROJECT_ROOT, BUILD_DIR))]
      .filter((e) => e.name.startsWith(".tmp-"));
    assert.deepEqual(leftovers, []);
  });
});
