// The islands bundle: built into a folder named by its content (the same sources give the
// same folder, reused): one module, small, with no chart library in it.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BUILD_DIR, buildIslands } from "./islands_build.ts";
import { PROJECT_ROOT } from "../lib/config.ts";

/** The home page's budget is 150 KB in all; the script's share of it. */
const MAX_BUNDLE_BYTES = 80_000;

describe("islands build", () => {
  it("bundles into static/build/<content hash>/, the same folder for the same sources", async () => {
    const first = await buildIslands();
    const second = await buildIslands();
    assert.match(first, /^\/static\/build\/[0-9a-f]{16}\/client\.js$/);
    assert.equal(second, first);
    const dir = join(PROJECT_ROOT, BUILD_DIR, first.split("/")[3]);
    const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(files, ["client.js", "client.js.map"]);
    const client = Deno.readTextFileSync(join(dir, "client.js"));
    assert.ok(client.includes("[data-island]"), "the entry finds island roots");
    // The charts are SVG drawn by islands/chart_svg.tsx; the whole bundle stays small.
    assert.ok(client.includes("chart-svg"), "the cost chart re-renders its SVG");
    assert.ok(client.length < MAX_BUNDLE_BYTES, `client.js is ${client.length} bytes`);
    const leftovers = [...Deno.readDirSync(join(PROJECT_ROOT, BUILD_DIR))]
      .filter((e) => e.name.startsWith(".tmp-"));
    assert.deepEqual(leftovers, []);
  });
});
