import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fixtureTasks } from "../../tests/helpers.ts";
import { SLOW_SUITE } from "../../tests/slow.ts";
import { sha256Hex } from "../../lib/util.ts";
import { gradeSandbox } from "../grade.ts";
import { layOutSolution, layOutWorkspace } from "./layout.ts";
import { runInSandbox } from "./sandbox.ts";
import { goBuildFlags, goCacheDir, sharedGoCache } from "./go_cache.ts";

describe("go cache - build flags", () => {
  it("keeps only the flags that change how std is compiled", () => {
    assert.deepEqual(
      goBuildFlags([
        "go",
        "test",
        "-race",
        "-json",
        "-count=1",
        "-tags",
        "a b",
        "--trimpath",
        "./...",
      ]),
      ["-race", "-tags=a b", "-trimpath"],
    );
    assert.deepEqual(goBuildFlags(["go", "test", "-json", "-run", "X", "./..."]), []);
  });
});

/** path → sha256 of every file under `dir`. */
async function snapshot(dir: string, out = new Map<string, string>(), rel = "") {
  for await (const e of Deno.readDir(join(dir, rel))) {
    const p = join(rel, e.name);
    if (e.isDirectory) await snapshot(dir, out, p);
    else out.set(p, await sha256Hex(await Deno.readFile(join(dir, p))));
  }
  return out;
}

// Model code that tries to poison the shared cache: a new entry, and an existing one
// rewritten in place the way Go itself rewrites action entries.
const POISON = `package calc

import (
	"os"
	"path/filepath"
)

// Every write must succeed (the attempt's layer is writable), or the test run panics.
func init() {
	c := os.Getenv("GOCACHE")
	if err := os.WriteFile(filepath.Join(c, "00", "poison-a"), []byte("x"), 0o644); err != nil {
		panic(err)
	}
	names, _ := filepath.Glob(filepath.Join(c, "0*", "*-a"))
	if len(names) < 10 {
		panic("the shared entries are not visible")
	}
	for _, n := range names {
		f, err := os.OpenFile(n, os.O_WRONLY, 0)
		if err != nil {
			panic(err)
		}
		f.WriteString("poisoned")
		f.Close()
	}
}
`;

describe("go cache - shared per toolchain", SLOW_SUITE, () => {
  it("is keyed by the flags and never written by an attempt", async () => {
    const runsDir = await Deno.makeTempDir({ prefix: "bench_gocache_" });
    const opts = { runsDir, projectRoot: ".", unsafeNoSandbox: false };
    assert.notEqual(await goCacheDir(runsDir, []), await goCacheDir(runsDir, ["-race"]));
    const [task] = await fixtureTasks(["fx_go"]);
    const shared = await sharedGoCache(task.meta.evaluation.command, opts);
    assert.equal(shared, join((await goCacheDir(runsDir, []))!, "go"));
    const before = await snapshot(shared!);
    assert.ok(before.size > 500, `std is in the warmed cache (${before.size} files)`);
    const sandbox = join(runsDir, "attempt");
    await layOutWorkspace(task, sandbox);
    await layOutSolution(task, sandbox);
    await Deno.writeTextFile(join(sandbox, "workspace", "poison.go"), POISON);
    const { grade } = await gradeSandbox(task, sandbox, opts);
    assert.deepEqual([grade.outcome, grade.testsPassed], ["passed", 2]);
    assert.deepEqual(await snapshot(shared!), before);
    // The overlay is mounted, not a copy made (the copy is only the fallback).
    const mounts = await runInSandbox({
      sandboxDir: sandbox,
      cwd: ".",
      argv: ["sh", "-c", "grep -c ' /cache/go overlay ' /proc/mounts"],
      timeoutMs: 30_000,
      memoryMb: 256,
      outputKb: 16,
      goCacheSeed: shared!,
    });
    assert.equal(mounts.stdout.trim(), "1");
    await Deno.remove(runsDir, { recursive: true });
  });
});
