// Imported tasks through the whole engine, real toolchains in the real sandbox: for every
// Python (polyglot, HumanEval, MBPP), Go and Rust task imported from the fixtures, the
// reference solution passes every test and the stub passes none.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { loadCatalog } from "../harness/catalog.ts";
import { IMPORTERS } from "../harness/importers/registry.ts";
import { executeRun } from "../harness/run.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { fixturePlan } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/importers", import.meta.url));
const GRADED_HERE = /^(python|go|rust)_/;

describe("imported tasks on the engine", SLOW_SUITE, () => {
  it("reference passes and the stub fails for every Python, Go and Rust import", async () => {
    const out = await Deno.makeTempDir({ prefix: "bench_import_" });
    await IMPORTERS["aider-polyglot"](join(FIXTURES, "polyglot"), out);
    await IMPORTERS.humaneval(join(FIXTURES, "humaneval.jsonl.gz"), out);
    await IMPORTERS.mbpp(join(FIXTURES, "mbpp.jsonl"), out);
    const tasks = (await loadCatalog([out])).tasks.filter((t) => GRADED_HERE.test(t.id));
    const runsDir = await Deno.makeTempDir({ prefix: "bench_import_runs_" });
    const store = new SqliteStore(join(runsDir, "history.db"));
    const summary = await executeRun(fixturePlan(tasks, runsDir, ["reference", "starter"]), {
      store,
      signal: new AbortController().signal,
      onEvent: () => {},
    });
    await store.close();
    // Go's table test counts its four subtests; a Go stub's panic ends the test binary, so
    // how many tests a starter reports varies.
    const goTotal = 4;
    const got = summary.attempts.map((a) =>
      `${a.task_id} ${a.model} ${a.outcome} ${a.tests_passed}/${a.tests_total}`
    ).sort();
    const goStarters = got.filter((g) => /^go_.* starter /.test(g));
    assert.deepEqual(goStarters.map((g) => g.replace(/\/\d+$/, "/n")), [
      "go_aider_polyglot_digit_sum starter failed 0/n",
      "go_aider_polyglot_shape_area starter failed 0/n",
    ]);
    assert.deepEqual(got.filter((g) => !goStarters.includes(g)), [
      `go_aider_polyglot_digit_sum reference passed ${goTotal}/${goTotal}`,
      "go_aider_polyglot_shape_area reference passed 2/2",
      "python_aider_polyglot_clock_angle reference passed 4/4",
      "python_aider_polyglot_clock_angle starter failed 0/4",
      // A check() that loops runs whole.
      "python_humaneval_0 reference passed 1/1",
      "python_humaneval_0 starter failed 0/1",
      "python_humaneval_1 reference passed 3/3",
      "python_humaneval_1 starter failed 0/3",
      "python_mbpp_11 reference passed 3/3",
      "python_mbpp_11 starter failed 0/3",
      "python_mbpp_12 reference passed 2/2",
      "python_mbpp_12 starter failed 0/2",
      // Every #[ignore]d test runs (--include-ignored), as Aider's benchmark runs them.
      "rust_aider_polyglot_digit_sum reference passed 3/3",
      "rust_aider_polyglot_digit_sum starter failed 0/3",
    ]);
  });
});
