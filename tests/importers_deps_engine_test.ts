// Imported Java, JavaScript (jest) and C++ (Catch2 from the catalog's _shared/) tasks through
// the whole engine, after their test dependencies (JUnit's console launcher and AssertJ from
// Maven Central, jest and Babel from npm) are installed: each reference passes every test
// and each stub passes none. Needs the network for the install step only.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { loadCatalog } from "../harness/catalog.ts";
import { installTaskDependencies } from "../harness/deps.ts";
import { IMPORTERS } from "../harness/importers/registry.ts";
import { executeRun } from "../harness/run.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { fixturePlan } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

const POLYGLOT = fileURLToPath(new URL("./fixtures/importers/polyglot", import.meta.url));
const NEEDS_DEPS = /^(java|javascript|cpp)_/;

describe("imported tasks with dependencies and shared fixtures on the engine", SLOW_SUITE, () => {
  it("Java, JavaScript and C++: the reference passes, the stub fails", async () => {
    const out = await Deno.makeTempDir({ prefix: "bench_import_" });
    await IMPORTERS["aider-polyglot"](POLYGLOT, out);
    const tasks = (await loadCatalog([out])).tasks.filter((t) => NEEDS_DEPS.test(t.id));
    const runsDir = await Deno.makeTempDir({ prefix: "bench_import_runs_" });
    for (const t of tasks) await installTaskDependencies(t, runsDir);
    const store = new SqliteStore(join(runsDir, "history.db"));
    const summary = await executeRun(fixturePlan(tasks, runsDir, ["reference", "starter"]), {
      store,
      signal: new AbortController().signal,
      onEvent: () => {},
    });
    await store.close();
    const got = summary.attempts.map((a) =>
      `${a.task_id} ${a.model} ${a.outcome} ${a.tests_passed}/${a.tests_total}`
    ).sort();
    assert.deepEqual(got, [
      "cpp_aider_polyglot_digit_sum reference passed 3/3",
      "cpp_aider_polyglot_digit_sum starter failed 0/3",
      "java_aider_polyglot_digit_sum reference passed 3/3",
      "java_aider_polyglot_digit_sum starter failed 0/3",
      "javascript_aider_polyglot_digit_sum reference passed 3/3",
      "javascript_aider_polyglot_digit_sum starter failed 0/3",
    ]);
  });
});
