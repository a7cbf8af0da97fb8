import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type ExerciseConfig,
  mapExample,
  readExerciseConfig,
  taskIdPart,
} from "./exercism_read.ts";
import { SkipItem } from "./write.ts";

const config = (solution: string[], example: string[]): ExerciseConfig => ({
  solution,
  test: ["t"],
  example,
  blurb: null,
});

const skipReason = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof SkipItem);
    return e.message;
  }
  assert.fail("no SkipItem");
};

describe("exercism example mapping", () => {
  it("pairs one example with one stub, whatever their names", () => {
    const m = mapExample(
      [".meta/example.rs", "src/lib.rs"],
      config(["src/lib.rs"], [".meta/example.rs"]),
    );
    assert.deepEqual([...m], [[".meta/example.rs", "src/lib.rs"]]);
  });

  it("reads example paths given relative to .meta/ (older track configs)", () => {
    const m = mapExample([".meta/example.py", "x.py"], config(["x.py"], ["example.py"]));
    assert.deepEqual([...m], [[".meta/example.py", "x.py"]]);
  });

  it("pairs several files by name, then by extension", () => {
    const java = mapExample(
      [".meta/src/reference/java/A.java", ".meta/src/reference/java/B.java"],
      config(["src/main/java/B.java", "src/main/java/A.java"], [
        ".meta/src/reference/java/A.java",
        ".meta/src/reference/java/B.java",
      ]),
    );
    assert.deepEqual([...java.values()], ["src/main/java/A.java", "src/main/java/B.java"]);
    const cpp = mapExample(
      [".meta/example.cpp", ".meta/example.h"],
      config(["x.cpp", "x.h"], [".meta/example.cpp", ".meta/example.h"]),
    );
    assert.deepEqual([...cpp], [[".meta/example.cpp", "x.cpp"], [".meta/example.h", "x.h"]]);
  });

  it("finds .meta/proof.* when the config lists no example", () => {
    const m = mapExample([".meta/proof.ci.js", "a.js"], config(["a.js"], []));
    assert.deepEqual([...m], [[".meta/proof.ci.js", "a.js"]]);
  });

  it("skips with the reason when there is no example or the pairing is ambiguous", () => {
    assert.equal(
      skipReason(() => mapExample(["a.py"], config(["a.py"], []))),
      "no example or proof solution",
    );
    assert.equal(
      skipReason(() =>
        mapExample([".meta/example.py"], config(["a.py", "b.py"], [".meta/example.py"]))
      ),
      "cannot tell which solution file .meta/example.py replaces",
    );
    assert.equal(
      skipReason(() => mapExample([], config(["a.py"], [".meta/gone.py"]))),
      "example .meta/gone.py is missing",
    );
  });
});

describe("exercism config", () => {
  it("refuses paths that would escape the workspace or act as globs", async () => {
    const dir = await Deno.makeTempDir();
    await Deno.mkdir(join(dir, ".meta"));
    for (const bad of ["../x.py", "*.py", "/etc/passwd", "a/./b.py"]) {
      await Deno.writeTextFile(
        join(dir, ".meta/config.json"),
        JSON.stringify({ files: { solution: [bad], test: ["t.py"] } }),
      );
      await assert.rejects(
        readExerciseConfig(dir),
        (e: Error) =>
          e instanceof SkipItem &&
          e.message === ".meta/config.json: files.solution is not a list of relative paths",
      );
    }
  });

  it("task id parts are lower case with everything else as _", () => {
    assert.equal(taskIdPart("Two-Fer.v2"), "two_fer_v2");
    assert.equal(taskIdPart("aider-polyglot"), "aider_polyglot");
  });
});
