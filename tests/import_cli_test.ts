// `deno task bench import` as a user runs it (a separate process): the fixture polyglot
// checkout imported, then picked by `source:` and `dir:` in a dry run.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { runCli } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

const POLYGLOT = fileURLToPath(new URL("./fixtures/importers/polyglot", import.meta.url));
const GRADABLE = [
  "cpp_aider_polyglot_digit_sum",
  "go_aider_polyglot_digit_sum",
  "go_aider_polyglot_shape_area",
  "python_aider_polyglot_clock_angle",
  "rust_aider_polyglot_digit_sum",
];

/** The attempt folders a dry run's stdout names (one prompt.txt per line). */
const promptTasks = (stdout: string) =>
  stdout.trim().split("\n").map((l) => l.split("/").at(-2)!.split("__")[0]);

describe("bench import", SLOW_SUITE, () => {
  it("imports the polyglot fixture, idempotently, and source:/dir: select it", async () => {
    const tmp = await Deno.makeTempDir({ prefix: "bench_import_cli_" });
    const out = join(tmp, "poly");
    const first = await runCli(["bench", "import", "aider-polyglot", POLYGLOT, "--out", out]);
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.trim().split("\n");
    assert.ok(lines.includes("wrote      go_aider_polyglot_shape_area"));
    assert.ok(lines.includes('skipped    ruby/hello: unknown language "ruby"'));
    assert.equal(lines.at(-1), `8 written, 0 unchanged, 3 skipped into ${out}`);
    const again = await runCli(["bench", "import", "aider-polyglot", POLYGLOT, "--out", out]);
    assert.equal(
      again.stdout.trim().split("\n").at(-1),
      `0 written, 8 unchanged, 3 skipped into ${out}`,
    );

    for (const sel of ["source:aider-polyglot", "dir:poly"]) {
      const dry = await runCli([
        "bench",
        "--tasks-dir",
        out,
        "--tasks",
        sel,
        "--dry-run",
        "--models",
        "reference",
        "--output-dir",
        join(tmp, "runs"),
      ]);
      assert.equal(dry.code, 0, dry.stderr);
      // The project's own catalog is loaded too; neither selector picks from it.
      assert.deepEqual(promptTasks(dry.stdout).filter((t) => GRADABLE.includes(t)), GRADABLE);
      assert.deepEqual(promptTasks(dry.stdout).filter((t) => !t.includes("_aider_polyglot_")), []);
    }
  });

  it("a bad format or path is one line and exit 2", async () => {
    const bad = await runCli(["bench", "import", "polyglot", POLYGLOT, "--out", "/tmp/x"]);
    assert.deepEqual([bad.code, bad.stdout, bad.stderr], [
      2,
      "",
      'error: unknown import format "polyglot" (did you mean aider-polyglot?) ' +
      "(one of aider-polyglot, exercism, humaneval, mbpp)\n",
    ]);
    const missing = await runCli([
      "bench",
      "import",
      "mbpp",
      "/nonexistent.jsonl",
      "--out",
      "/tmp/x",
    ]);
    assert.deepEqual([missing.code, missing.stderr], [
      2,
      "error: /nonexistent.jsonl: no such file or folder to import\n",
    ]);
  });
});
