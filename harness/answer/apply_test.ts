import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { applyAnswer, applyHunks, applySearchReplace, normalisePath, PatchError } from "./apply.ts";
import { parseAnswer } from "./parse.ts";

async function workspace(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir();
  for (const [p, c] of Object.entries(files)) {
    await Deno.mkdir(join(dir, p, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, p), c);
  }
  return dir;
}

const F = "```";

describe("edit application", () => {
  it("applies a hunk whose line numbers are off, and one with loose whitespace", () => {
    const text = "a\nb\nc\nd\ne\n";
    assert.equal(applyHunks(text, [{ oldStart: 1, lines: [" c", "-d", "+D"] }]), "a\nb\nc\nD\ne\n");
    assert.equal(
      applyHunks(text, [{ oldStart: null, lines: ["  c  ", "-d", "+D"] }]),
      "a\nb\nc\nD\ne\n",
    );
  });

  it("refuses a hunk that matches nowhere", () => {
    assert.throws(() => applyHunks("a\n", [{ oldStart: 1, lines: ["-zzz", "+y"] }]), PatchError);
  });

  it("replaces SEARCH text, tolerating trailing spaces", () => {
    assert.equal(applySearchReplace("x = 1\ny = 2\n", "y = 2", "y = 3"), "x = 1\ny = 3\n");
    assert.equal(applySearchReplace("x = 1   \ny\n", "x = 1\ny", "z"), "z\n");
    assert.throws(() => applySearchReplace("x\n", "nope", "y"), PatchError);
  });

  it("normalises paths and refuses escapes", () => {
    assert.equal(normalisePath("./a.py", ["*.py"]), "a.py");
    assert.equal(normalisePath("workspace/a.py", ["*.py"]), "a.py");
    assert.equal(normalisePath("../a.py", ["*.py"]), null);
    assert.equal(normalisePath("/etc/passwd", ["*.py"]), null);
  });

  it("applies editable edits, refuses the rest, and records patch.diff", async () => {
    const dir = await workspace({ "a.py": "def f():\n    return 0\n", "tests_keep.py": "x\n" });
    const answer = `a.py\n${F}python\ndef f():\n    return 1\n${F}\n\n` +
      `tests_keep.py\n${F}python\nhacked\n${F}\n../escape.py\n${F}python\nboom\n${F}\n`;
    const report = await applyAnswer(dir, parseAnswer(answer), ["a.py"]);
    assert.deepEqual(report.applied, ["a.py"]);
    assert.deepEqual(report.refused, [
      { path: "tests_keep.py", reason: "not editable" },
      { path: "../escape.py", reason: "outside the workspace" },
    ]);
    assert.equal(await Deno.readTextFile(join(dir, "tests_keep.py")), "x\n");
    await assert.rejects(Deno.stat(join(dir, "..", "escape.py")));
    assert.match(
      report.patch,
      /^--- a\/a\.py\n\+\+\+ b\/a\.py\n@@ -1,2 \+1,2 @@\n def f\(\):\n- {4}return 0\n\+ {4}return 1\n$/,
    );
  });

  it("sends a lone unnamed block to the task's only editable file", async () => {
    const dir = await workspace({ "m.py": "x = 0\n", "other.txt": "keep\n" });
    const report = await applyAnswer(dir, parseAnswer(`${F}python\nx = 1\n${F}`), ["*.py"]);
    assert.deepEqual(report.applied, ["m.py"]);
    assert.equal(await Deno.readTextFile(join(dir, "m.py")), "x = 1\n");
  });

  it("does not guess between two editable files", async () => {
    const dir = await workspace({ "a.py": "a\n", "b.py": "b\n" });
    const report = await applyAnswer(dir, parseAnswer(`${F}python\nx = 1\n${F}`), ["*.py"]);
    assert.deepEqual(report.applied, []);
    assert.equal(report.patch, "");
  });

  it("reports a diff against a missing file as a failure", async () => {
    const dir = await workspace({ "a.py": "a\n" });
    const answer = `${F}diff\n--- a/b.py\n+++ b/b.py\n@@ -1 +1 @@\n-a\n+b\n${F}`;
    const report = await applyAnswer(dir, parseAnswer(answer), ["*.py"]);
    assert.deepEqual(report.failed, [{ path: "b.py", reason: "file does not exist" }]);
  });
});
