// The shipped catalog, validated through the same pipeline as a benchmark (what
// `deno task validate-tasks` does): every task loads, every starter fails as `failed`,
// every reference passes — which includes reporting exactly the test ids recorded in the task's
// tests.expected.json (grading fails a reference whose ids disagree with the file). Also: the
// README's catalog table lists exactly these tasks.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadCatalog } from "../harness/catalog.ts";
import { loadExpected } from "../harness/grading/expected.ts";
import type { AttemptResult } from "../harness/record.ts";
import { executeRun } from "../harness/run.ts";
import { taskProblems } from "../harness/validate.ts";
import { PROJECT_ROOT } from "../lib/config.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { fixturePlan } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

const catalog = await loadCatalog([join(PROJECT_ROOT, "tasks")]);

describe("task catalog", SLOW_SUITE, () => {
  const results = new Map<string, AttemptResult>();

  before(async () => {
    const runsDir = await Deno.makeTempDir({ prefix: "bench_catalog_" });
    const store = new SqliteStore(join(runsDir, "history.db"));
    const plan = fixturePlan(catalog.tasks, runsDir, ["starter", "reference"]);
    const summary = await executeRun(plan, { store, signal: new AbortController().signal });
    for (const a of summary.attempts) results.set(`${a.task_id} ${a.model}`, a);
    await store.close();
  });

  it("every task folder is well-formed", () => {
    assert.deepEqual(catalog.problems, []);
    assert.equal(catalog.tasks.length, 31);
  });

  it("every task records its expected test ids", async () => {
    for (const task of catalog.tasks) {
      const expected = await loadExpected(task.dir);
      assert.ok(expected && "ids" in expected && expected.ids.length >= 8, task.id);
    }
  });

  it("the README's catalog table lists exactly the shipped tasks", async () => {
    const readme = await Deno.readTextFile(join(PROJECT_ROOT, "README.md"));
    // Other sections have tables of field names in the same shape; only this one lists tasks.
    const section = readme.split(/^## /m).find((s) => s.startsWith("Task catalog"));
    assert.ok(section, "README has a Task catalog section");
    const listed = [...section.matchAll(/^\| `([a-z0-9_]+)`\s+\|/gm)].map((m) => m[1]).sort();
    assert.deepEqual(listed, catalog.tasks.map((t) => t.id).sort());
  });

  for (const task of catalog.tasks) {
    it(`${task.id}: starter fails, reference passes`, () => {
      const starter = results.get(`${task.id} starter`)!;
      const reference = results.get(`${task.id} reference`)!;
      assert.deepEqual(taskProblems(starter, reference), []);
      assert.ok(reference.tests_total! >= 8, `${reference.tests_total} tests`);
    });
  }
});
