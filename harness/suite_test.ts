// Expected ids were computed with python3: hashlib.sha256(json.dumps(obj,
// separators=(",", ":")).encode()).hexdigest()[:12] over the same canonical object.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "../lib/config.ts";
import { loadCatalog, selectTasks, type Task } from "./catalog.ts";
import { PROMPT_TEMPLATE_HASH } from "./prompt.ts";
import { canonicalSuite, describeSuite, runMode, suiteId, suiteName } from "./suite.ts";

const IDENTITY = {
  task_hashes: { py_y: "h1", go_x: "h2" },
  include_tests: false,
  prompt_template_hash: "ptpl",
};

describe("suite", () => {
  it("hashes tasks sorted by id, include_tests, the template hash and the mode", async () => {
    assert.equal(
      canonicalSuite(IDENTITY),
      '{"mode":"one-shot","include_tests":false,"prompt_template_hash":"ptpl",' +
        '"tasks":[["go_x","h2"],["py_y","h1"]]}',
    );
    assert.equal(await suiteId(IDENTITY), "7bd372a8d9cf");
    assert.equal(await suiteId({ ...IDENTITY, include_tests: true }), "69efed621a7d");
  });
  it("gives a new id when a task's content, the template or the mode changes", async () => {
    const base = await suiteId(IDENTITY);
    const changed = [
      { ...IDENTITY, task_hashes: { py_y: "h1", go_x: "h3" } },
      { ...IDENTITY, prompt_template_hash: "other" },
      { ...IDENTITY, mode: "agent" },
    ];
    for (const c of changed) assert.notEqual(await suiteId(c), base);
    assert.equal(await suiteId({ ...IDENTITY, mode: "one-shot" }), base);
  });
  it("takes the mode from a run's settings: agent runs are their own suite", async () => {
    const limits = {
      max_turns: 30,
      max_test_runs: 5,
      attempt_timeout_s: 600,
      max_attempt_tokens: null,
    };
    assert.equal(runMode({ agent: limits }), "agent");
    assert.equal(runMode({ agent: null }), "one-shot");
    assert.equal(runMode({}), "one-shot");
    assert.notEqual(
      await suiteId({ ...IDENTITY, mode: runMode({ agent: limits }) }),
      await suiteId({ ...IDENTITY, mode: runMode({}) }),
    );
  });
  it("names the whole catalog, else the selector, with the task count", () => {
    const catalog = { go_x: "h2", py_y: "h1", rs_z: "h4" };
    assert.equal(suiteName({ ...catalog }, "all", catalog), "catalog (3 tasks)");
    assert.equal(suiteName({ go_x: "h2" }, "lang:go", catalog), "lang:go (1 task)");
    assert.equal(suiteName({ go_x: "h2", py_y: "h1" }, undefined, catalog), "custom (2 tasks)");
    // same ids but an edited task is not the built-in catalog any more
    assert.equal(suiteName({ ...catalog, rs_z: "edited" }, "all", catalog), "all (3 tasks)");
  });
  it("describes a run's suite", async () => {
    assert.deepEqual(await describeSuite(IDENTITY, "tag:x", {}), {
      suite_id: "7bd372a8d9cf",
      name: "tag:x (2 tasks)",
      tasks: 2,
    });
  });
  it("names the built-in catalog and a language selection of it", async () => {
    const { tasks } = await loadCatalog([join(PROJECT_ROOT, "tasks")]);
    const hashes = (ts: Task[]) => Object.fromEntries(ts.map((t) => [t.id, t.contentHash]));
    const catalog = hashes(tasks);
    const identity = (ts: Task[]) => ({
      task_hashes: hashes(ts),
      include_tests: false,
      prompt_template_hash: PROMPT_TEMPLATE_HASH,
    });
    const all = await describeSuite(identity(tasks), "all", catalog);
    assert.equal(all.name, "catalog (31 tasks)");
    const python = selectTasks(tasks, "lang:python", []);
    const py = await describeSuite(identity(python), "lang:python", catalog);
    assert.equal(py.name, "lang:python (9 tasks)");
    assert.notEqual(py.suite_id, all.suite_id);
    assert.match(all.suite_id, /^[0-9a-f]{12}$/);
  });
});

Deno.test("suite - --tries runs are their own mode; one try is one-shot", async () => {
  assert.deepEqual(
    [runMode({}), runMode({ tries: 1 }), runMode({ tries: 2 }), runMode({ tries: 5 })],
    ["one-shot", "one-shot", "tries=2", "tries=5"],
  );
  assert.notEqual(
    await suiteId({ ...IDENTITY, mode: runMode({ tries: 2 }) }),
    await suiteId({ ...IDENTITY, mode: runMode({ tries: 1 }) }),
  );
});
