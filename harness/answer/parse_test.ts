import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseAnswer, pathFromInfo, pathFromLine } from "./parse.ts";

const F = "```";

describe("answer parser", () => {
  it("reads a path on its own line before a fence, in every decoration", () => {
    for (
      const line of [
        "lru.py",
        "**lru.py**",
        "`lru.py`",
        "### lru.py",
        "File: `lru.py`",
        "**`lru.py`**:",
      ]
    ) {
      const { edits } = parseAnswer(`Here you go.\n\n${line}\n${F}python\nx = 1\n${F}\n`);
      assert.deepEqual(edits, [{ kind: "file", path: "lru.py", content: "x = 1\n" }], line);
    }
  });

  it("reads a path in the fence info string", () => {
    assert.equal(pathFromInfo("python path/to/file.py"), "path/to/file.py");
    assert.equal(pathFromInfo("rust:src/lib.rs"), "src/lib.rs");
    assert.equal(pathFromInfo('go title="lru.go"'), "lru.go");
    assert.equal(pathFromInfo("python"), null);
  });

  it("reads a file: marker on the first line and drops it from the content", () => {
    const answer =
      `${F}go\n// file: lru.go\npackage lru\n${F}\n${F}html\n<!-- file: index.html -->\n<p>hi</p>\n${F}\n${F}\n# file: a.py\nprint(1)\n${F}`;
    const { edits } = parseAnswer(answer);
    assert.deepEqual(edits, [
      { kind: "file", path: "lru.go", content: "package lru\n" },
      { kind: "file", path: "index.html", content: "<p>hi</p>\n" },
      { kind: "file", path: "a.py", content: "print(1)\n" },
    ]);
  });

  it("reads fenced and bare unified diffs, several files in one", () => {
    const diff = [
      "--- a/a.py",
      "+++ b/a.py",
      "@@ -1,2 +1,2 @@",
      " def f():",
      "-    return 0",
      "+    return 1",
      "--- /dev/null",
      "+++ b/new.py",
      "@@ -0,0 +1 @@",
      "+x = 2",
    ].join("\n");
    for (const answer of [`${F}diff\n${diff}\n${F}`, `Change:\n${diff}\n\nDone.`]) {
      const { edits } = parseAnswer(answer);
      assert.equal(edits.length, 2);
      assert.deepEqual(edits[0], {
        kind: "diff",
        path: "a.py",
        isNew: false,
        isDelete: false,
        hunks: [{ oldStart: 1, lines: [" def f():", "-    return 0", "+    return 1"] }],
      });
      assert.equal(edits[1].path, "new.py");
      assert.equal(edits[1].kind === "diff" && edits[1].isNew, true);
    }
  });

  it("reads SEARCH/REPLACE blocks under a path line, inside and outside a fence", () => {
    const block = "<<<<<<< SEARCH\nreturn 0\n=======\nreturn 1\n>>>>>>> REPLACE";
    for (const answer of [`a.py\n${F}python\n${block}\n${F}`, `a.py\n${block}\n`]) {
      assert.deepEqual(parseAnswer(answer).edits, [
        { kind: "search_replace", path: "a.py", search: "return 0", replace: "return 1" },
      ]);
    }
  });

  it("keeps blocks that name no file apart, and ignores prose", () => {
    const parsed = parseAnswer(
      `I think the answer is:\n${F}python\ndef f(): return 1\n${F}\nThanks.`,
    );
    assert.deepEqual(parsed.edits, []);
    assert.deepEqual(parsed.unnamedBlocks, [{ info: "python", content: "def f(): return 1\n" }]);
  });

  it("honours longer fences that contain shorter ones", () => {
    const { edits } = parseAnswer("````markdown README.md\n```\ncode\n```\n````\n");
    assert.deepEqual(edits, [{ kind: "file", path: "README.md", content: "```\ncode\n```\n" }]);
  });

  it("does not take a sentence for a path", () => {
    assert.equal(pathFromLine("Here is the updated file:"), null);
    assert.equal(pathFromLine("python"), null);
    assert.equal(pathFromLine("## `src/lib.rs`"), "src/lib.rs");
  });
});
