import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fixtureTasks } from "../tests/helpers.ts";
import { cacheDirFor, gradeSandbox, warmCache } from "./grade.ts";
import { layOutWorkspace } from "./sandbox/layout.ts";
import { SLOW_SUITE } from "../tests/slow.ts";

describe("grading with shared build caches", SLOW_SUITE, () => {
  it("a cache warmed by the reference never leaks into an older starter workspace", async () => {
    const runsDir = await Deno.makeTempDir({ prefix: "bench_cache_" });
    const [task] = await fixtureTasks(["fx_rust"]);
    const opts = { runsDir, projectRoot: ".", unsafeNoSandbox: false };
    // The starter's files are laid out first, so they are older than the warm build.
    const sandbox = join(runsDir, "attempt", "sandbox");
    await layOutWorkspace(task, sandbox);
    await new Promise((r) => setTimeout(r, 1100));
    await warmCache(task, opts);
    await Deno.stat(join(cacheDirFor(task, runsDir)!, ".warm"));
    const { grade } = await gradeSandbox(task, sandbox, opts);
    assert.deepEqual(
      [grade.outcome, grade.testsPassed, grade.testsTotal, grade.error],
      ["failed", 0, 2, null],
    );
    assert.deepEqual(grade.tests, { adds: "failed", adds_negatives: "failed" });
  });
});
