import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { closeMatches, type SelectableTask, selectIds } from "./wire_selector.ts";

const TASKS: SelectableTask[] = [
  { id: "py_a", language: "python", category: "bugfix", tags: ["parsing"], dir: "/p/tasks" },
  {
    id: "go_b",
    language: "go",
    category: "expert",
    tags: ["concurrency"],
    source: "aider-polyglot",
    dir: "/p/imported/polyglot",
  },
  { id: "go_c", language: "go", category: "tool", tags: [], source: "humaneval", dir: "/q/he" },
];
const ALL = { ok: true, ids: ["py_a", "go_b", "go_c"] };
const GRAMMAR = "(use all, ids, lang:, tag:, category:, source: or dir:)";

describe("task selector grammar", () => {
  it("no selector, or all, picks every task; explicit ids alone pick those", () => {
    assert.deepEqual(selectIds(TASKS, undefined), ALL);
    assert.deepEqual(selectIds(TASKS, "all"), ALL);
    assert.deepEqual(selectIds(TASKS, undefined, ["go_c"]), { ok: true, ids: ["go_c"] });
  });

  it("a comma is a union of ids, languages, tags and categories, in catalog order", () => {
    assert.deepEqual(selectIds(TASKS, "go_c, lang:python"), { ok: true, ids: ["py_a", "go_c"] });
    assert.deepEqual(selectIds(TASKS, "tag:concurrency,category:tool", ["py_a"]), ALL);
    assert.deepEqual(selectIds(TASKS, "language:go"), { ok: true, ids: ["go_b", "go_c"] });
  });

  it("source: picks imported tasks by source name, dir: one catalog folder by its path", () => {
    assert.deepEqual(selectIds(TASKS, "source:aider-polyglot"), { ok: true, ids: ["go_b"] });
    for (const d of ["imported/polyglot", "./imported/polyglot/", "/p/imported/polyglot"]) {
      assert.deepEqual(selectIds(TASKS, `dir:${d}`), { ok: true, ids: ["go_b"] });
    }
    assert.deepEqual(selectIds(TASKS, "dir:tasks,source:humaneval"), {
      ok: true,
      ids: ["py_a", "go_c"],
    });
    assert.deepEqual(selectIds(TASKS, "source:mbpp"), {
      ok: false,
      error: 'no task has source "mbpp" (aider-polyglot, humaneval)',
    });
    // A path part is not a folder: "polyglot" matches, "glot" does not.
    assert.deepEqual(selectIds(TASKS, "dir:glot"), {
      ok: false,
      error: 'no task has dir "glot" (/p/imported/polyglot, /p/tasks, /q/he)',
    });
  });

  it("an empty selector or an empty term is an error, never the whole catalog", () => {
    for (const sel of ["", " ", "\t"]) {
      assert.deepEqual(selectIds(TASKS, sel), {
        ok: false,
        error: `empty task selector ${GRAMMAR}`,
      });
    }
    for (const sel of [",", " , ", "py_a,", ",py_a", "py_a,,go_b"]) {
      assert.deepEqual(selectIds(TASKS, sel), {
        ok: false,
        error: `empty term in task selector "${sel}" ${GRAMMAR}`,
      });
    }
    assert.deepEqual(selectIds(TASKS, undefined, [" "]), { ok: false, error: "empty task id" });
    assert.deepEqual(selectIds(TASKS, "lang:"), {
      ok: false,
      error: `"lang:" names nothing ${GRAMMAR}`,
    });
  });

  it("names what is unknown or matches nothing, with close ids", () => {
    const err = (sel: string) => selectIds(TASKS, sel);
    assert.deepEqual(err("go_bb"), {
      ok: false,
      error: 'unknown task "go_bb" (did you mean go_b, go_c?)',
    });
    assert.deepEqual(err("lang:cobol"), {
      ok: false,
      error: 'unknown language "cobol" (one of python, javascript, go, rust, cpp, java, html)',
    });
    assert.deepEqual(err("category:misc"), {
      ok: false,
      error: 'unknown category "misc" (one of expert, feature, tool, bugfix)',
    });
    assert.deepEqual(err("size:big"), {
      ok: false,
      error: `unknown task selector "size:big" ${GRAMMAR}`,
    });
    assert.deepEqual(err("tag:none, category:feature"), {
      ok: false,
      error: 'no task matches "tag:none,category:feature"',
    });
    assert.deepEqual(selectIds(TASKS, "go_b,tag:none"), { ok: true, ids: ["go_b"] });
  });

  it("suggests close names only", () => {
    assert.deepEqual(closeMatches("go_lru", ["go_expert_lru_cache", "rust_x"]), []);
    assert.deepEqual(closeMatches("pyhton", ["python", "go"]), ["python"]);
  });
});
