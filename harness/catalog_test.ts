import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES } from "../tests/helpers.ts";
import { loadCatalog, SelectionError, selectTasks } from "./catalog.ts";
import { closeMatches } from "../lib/util.ts";
import { matchesAny } from "./glob.ts";

async function copyFixture(id: string, to: string, edit?: (meta: Record<string, unknown>) => void) {
  await new Deno.Command("cp", { args: ["-r", join(FIXTURES, id), join(to, id)] }).output();
  if (edit) {
    const p = join(to, id, "metadata.json");
    const meta = JSON.parse(await Deno.readTextFile(p));
    edit(meta);
    await Deno.writeTextFile(p, JSON.stringify(meta));
  }
}

describe("catalog", () => {
  it("loads the fixture tasks with hashes and file lists", async () => {
    const { tasks, problems } = await loadCatalog([FIXTURES]);
    assert.deepEqual(problems, []);
    const go = tasks.find((t) => t.id === "fx_go")!;
    assert.deepEqual(go.workspaceFiles, ["calc.go", "go.mod"]);
    assert.deepEqual(go.testFiles, ["calc_test.go"]);
    assert.match(go.contentHash, /^[0-9a-f]{64}$/);
  });

  it("reports each malformed task in one line naming file and field, and keeps the rest", async () => {
    const dir = await Deno.makeTempDir();
    await copyFixture("fx_python", dir);
    await copyFixture("fx_go", dir, (m) => (m.language = "cobol"));
    await copyFixture("fx_rust", dir, (m) => (m.id = "other_name"));
    await copyFixture(
      "fx_cpp",
      dir,
      (m) => ((m.evaluation as Record<string, unknown>).timeout_s = "soon"),
    );
    await Deno.mkdir(join(dir, "empty_task"));
    const { tasks, problems } = await loadCatalog([dir]);
    assert.deepEqual(tasks.map((t) => t.id), ["fx_python"]);
    const lines = problems.map((p) => p.message.replace(dir, "DIR"));
    assert.equal(lines.length, 4);
    assert.match(lines[0], /^DIR\/empty_task\/metadata\.json: missing$/);
    assert.match(lines[1], /fx_cpp\/metadata\.json: evaluation\.timeout_s: /);
    assert.match(lines[2], /fx_go\/metadata\.json: language: /);
    assert.match(
      lines[3],
      /fx_rust\/metadata\.json: id: "other_name" does not equal the folder name$/,
    );
    assert.ok(lines.every((l) => !l.includes("\n")));
  });

  it("selects by id, language, tag and category, as a union", async () => {
    const { tasks } = await loadCatalog([FIXTURES]);
    const ids = (sel: string, extra: string[] = []) =>
      selectTasks(tasks, sel, extra).map((t) => t.id);
    assert.deepEqual(ids("lang:go,fx_cpp"), ["fx_cpp", "fx_go"]);
    assert.deepEqual(ids("", ["fx_html"]), ["fx_html"]);
    assert.equal(ids("all").length, tasks.length);
    assert.equal(ids("tag:fixture").length, tasks.length);
    assert.deepEqual(ids("category:bugfix,lang:rust"), ["fx_rust"]);
  });

  it("refuses unknown ids with close matches, and unknown selectors", async () => {
    const { tasks } = await loadCatalog([FIXTURES]);
    assert.throws(() => selectTasks(tasks, "fx_pyton", []), {
      name: "Error",
      message: 'unknown task "fx_pyton" (did you mean fx_python?)',
    });
    assert.throws(() => selectTasks(tasks, "lang:cobol", []), SelectionError);
    assert.throws(() => selectTasks(tasks, "tag:nothing-has-this", []), /no task matches/);
    assert.deepEqual(closeMatches("go_lru", ["go_expert_lru_cache", "rust_x"]), []);
  });
});

describe("editable globs", () => {
  it("keeps * within a segment and lets ** span folders", () => {
    assert.ok(matchesAny("src/lib.rs", ["src/**/*.rs"]));
    assert.ok(matchesAny("src/a/b/c.rs", ["src/**/*.rs"]));
    assert.ok(!matchesAny("tests/x.rs", ["src/**/*.rs"]));
    assert.ok(!matchesAny("sub/a.py", ["*.py"]));
    assert.ok(matchesAny("a.mjs", ["*.{js,mjs}"]));
    assert.ok(!matchesAny("aXpy", ["a.py"]));
  });
});
