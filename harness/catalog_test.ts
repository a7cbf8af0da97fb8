import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES } from "../tests/helpers.ts";
import { loadCatalog, SelectionError, selectTasks } from "./catalog.ts";
import { closeMatches } from "../lib/util.ts";
import { matchesAny } from "./glob.ts";
import { layOutWorkspace } from "./sandbox/layout.ts";

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

  it("refuses a symlink anywhere in a task, naming it, and keeps the other tasks", async () => {
    const dir = await Deno.makeTempDir();
    const outside = await Deno.makeTempDir();
    await Deno.writeTextFile(join(outside, "secret.txt"), "host file\n");
    await copyFixture("fx_python", dir);
    for (const id of ["fx_go", "fx_rust", "fx_cpp", "fx_javascript"]) await copyFixture(id, dir);
    await Deno.remove(join(dir, "fx_go", "workspace"), { recursive: true });
    await Deno.symlink(outside, join(dir, "fx_go", "workspace"));
    await Deno.remove(join(dir, "fx_rust", "tests"), { recursive: true });
    await Deno.symlink(outside, join(dir, "fx_rust", "tests"));
    await Deno.symlink(join(outside, "secret.txt"), join(dir, "fx_cpp", "solution", "x.hpp"));
    await Deno.remove(join(dir, "fx_javascript", "instructions.md"));
    await Deno.symlink(join(outside, "secret.txt"), join(dir, "fx_javascript", "instructions.md"));
    await Deno.symlink(join(dir, "fx_python"), join(dir, "linked_task"));
    const { tasks, problems } = await loadCatalog([dir]);
    assert.deepEqual(tasks.map((t) => t.id), ["fx_python"]);
    assert.deepEqual(problems.map((p) => p.message.replace(dir, "DIR")), [
      "DIR/fx_cpp/solution/x.hpp: is a symlink (refused)",
      "DIR/fx_go/workspace: is a symlink (refused)",
      "DIR/fx_javascript/instructions.md: is a symlink (refused)",
      "DIR/fx_rust/tests: is a symlink (refused)",
      "DIR/linked_task: is a symlink (refused)",
    ]);
  });

  it("refuses a FIFO as instructions.md or metadata.json at once, without opening it", async () => {
    const dir = await Deno.makeTempDir();
    await copyFixture("fx_python", dir);
    await copyFixture("fx_go", dir);
    for (const [id, file] of [["fx_python", "instructions.md"], ["fx_go", "metadata.json"]]) {
      await Deno.remove(join(dir, id, file));
      const mk = await new Deno.Command("mkfifo", { args: [join(dir, id, file)] }).output();
      assert.ok(mk.success);
    }
    const t0 = performance.now();
    const { tasks, problems } = await loadCatalog([dir]);
    assert.ok(performance.now() - t0 < 1000, "catalog loading blocked");
    assert.deepEqual(tasks, []);
    assert.deepEqual(problems.map((p) => p.message.replace(dir, "DIR")), [
      "DIR/fx_go/metadata.json: is not a regular file",
      "DIR/fx_python/instructions.md: is not a regular file",
    ]);
  });

  it("refuses an over-large metadata.json without reading it", async () => {
    const dir = await Deno.makeTempDir();
    await copyFixture("fx_python", dir);
    await Deno.writeTextFile(join(dir, "fx_python", "metadata.json"), " ".repeat(2 << 20));
    const { problems } = await loadCatalog([dir]);
    assert.deepEqual(problems.map((p) => p.message.replace(dir, "DIR")), [
      "DIR/fx_python/metadata.json: too large (2097152 bytes > 1048576)",
    ]);
  });

  it("copies into the sandbox only what is still regular (a symlink added later is refused)", async () => {
    const dir = await Deno.makeTempDir();
    await copyFixture("fx_python", dir);
    const { tasks: [task] } = await loadCatalog([dir]);
    await Deno.symlink("/etc/passwd", join(dir, "fx_python", "workspace", "leak.txt"));
    const sandbox = join(await Deno.makeTempDir(), "sandbox");
    await assert.rejects(layOutWorkspace(task, sandbox), {
      message: `${join(dir, "fx_python", "workspace", "leak.txt")}: is a symlink (refused)`,
    });
  });

  it("selects by id, language, tag and category, as a union", async () => {
    const { tasks } = await loadCatalog([FIXTURES]);
    const ids = (sel: string | undefined, extra: string[] = []) =>
      selectTasks(tasks, sel, extra).map((t) => t.id);
    assert.deepEqual(ids("lang:go,fx_cpp"), ["fx_cpp", "fx_go"]);
    assert.deepEqual(ids(undefined, ["fx_html"]), ["fx_html"]);
    assert.equal(ids(undefined).length, tasks.length);
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
    for (const sel of [" ", ",", "fx_go,", "fx_go,,fx_cpp"]) {
      assert.throws(() => selectTasks(tasks, sel, []), SelectionError, JSON.stringify(sel));
    }
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

describe("catalog - shared fixtures and dependencies", () => {
  it("skips _shared/, refuses a missing shared folder and a malformed dependency", async () => {
    const dir = await Deno.makeTempDir();
    await Deno.mkdir(join(dir, "_shared", "catch2_ab"), { recursive: true });
    await Deno.writeTextFile(join(dir, "_shared", "catch2_ab", "catch.hpp"), "// header\n");
    await copyFixture("fx_cpp", dir, (m) => (m.shared = ["catch2_ab"]));
    await copyFixture("fx_go", dir, (m) => (m.shared = ["nope"]));
    await copyFixture("fx_python", dir, (m) => (m.dependencies = { maven: ["junit"] }));
    await copyFixture("fx_rust", dir, (m) => (m.dependencies = { npm: { "left-pad": "1.3.0" } }));
    const { tasks, problems } = await loadCatalog([dir]);
    assert.deepEqual(tasks.map((t) => t.id), ["fx_cpp", "fx_rust"]);
    assert.deepEqual(tasks[1].meta.dependencies, { npm: { "left-pad": "1.3.0" } });
    // The shared header counts in the task's hash.
    await Deno.writeTextFile(join(dir, "_shared", "catch2_ab", "catch.hpp"), "// changed\n");
    const again = (await loadCatalog([dir])).tasks[0];
    assert.notEqual(again.contentHash, tasks[0].contentHash);
    assert.deepEqual(problems.map((p) => p.message.replace(dir, "<dir>")), [
      "<dir>/fx_go/metadata.json: shared: no folder _shared/nope in the catalog",
      "<dir>/fx_python/metadata.json: dependencies.maven.0: must be group:artifact:version",
    ]);
  });
});
