// Test dependencies: `bench deps install` fetches a task's npm package (a tiny real one)
// into runs/.deps in a networked sandbox, and the offline grading sandbox then finds it
// from the workspace; without the installed cache the task is skipped with the exact
// command that installs it — never failed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

const CATALOG = fileURLToPath(new URL("./fixtures/deps_catalog", import.meta.url));
const select = ["--tasks-dir", CATALOG, "--tasks", "fx_npm_dep"];

async function bench(out: string) {
  const r = await runCli(["bench", ...select, "--output-dir", out, "--models", "reference"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(await Deno.readTextFile(join(out, "latest_summary.json"))).attempts[0];
}

describe("bench deps install", SLOW_SUITE, () => {
  it("installs an npm dependency that grading then reads; without it the task is skipped", async () => {
    const out = await Deno.makeTempDir({ prefix: "bench_deps_" });
    const install = await runCli(["bench", "deps", "install", ...select, "--output-dir", out]);
    assert.equal(install.code, 0, install.stderr);
    assert.match(install.stdout, /^npm \(fx_npm_dep\): .*\/\.deps\/npm\/[0-9a-f]{64}$/m);
    const passed = await bench(out);
    assert.deepEqual([passed.outcome, passed.tests_passed, passed.tests_total], ["passed", 2, 2]);

    await Deno.remove(join(out, ".deps"), { recursive: true });
    const skipped = await bench(out);
    assert.deepEqual([skipped.outcome, skipped.error], [
      "skipped",
      "missing dependencies: run deno task bench deps install --tasks fx_npm_dep",
    ]);
  });
});
