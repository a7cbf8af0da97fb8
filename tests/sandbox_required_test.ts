// Without bubblewrap the harness refuses to grade unless --unsafe-no-sandbox is given.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { whichSync } from "../harness/sandbox/toolchains.ts";
import { FIXTURES, runCli } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

/** A PATH with the tools a Python task needs, but no bwrap. */
async function pathWithoutBwrap(): Promise<string> {
  const bin = await Deno.makeTempDir({ prefix: "nobwrap_" });
  for (
    const tool of [
      "sh",
      "prlimit",
      "git",
      "cp",
      "awk",
      "cat",
      "mkdir",
      "rmdir",
      "kill",
      "seq",
      "sleep",
      "grep",
    ]
  ) {
    const real = whichSync(tool);
    if (real) await Deno.symlink(real, join(bin, tool));
  }
  const py = new Deno.Command("python3", { args: ["-c", "import sys; print(sys.executable)"] })
    .outputSync();
  await Deno.symlink(new TextDecoder().decode(py.stdout).trim(), join(bin, "python3"));
  return bin;
}

describe("sandbox requirement", SLOW_SUITE, () => {
  it("refuses to grade without bwrap, and grades with --unsafe-no-sandbox", async () => {
    const PATH = await pathWithoutBwrap();
    const out = await Deno.makeTempDir();
    const args = [
      "bench",
      "--tasks-dir",
      FIXTURES,
      "--output-dir",
      out,
      "--task",
      "fx_python",
      "--models",
      "reference",
    ];
    const refused = await runCli(args, { PATH });
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /^error: bubblewrap \(bwrap\) is not installed: install it .* or pass --unsafe-no-sandbox/m,
    );
    await assert.rejects(Deno.stat(join(out, "latest_summary.json")));

    const unsafe = await runCli([...args, "--unsafe-no-sandbox"], { PATH });
    assert.equal(unsafe.code, 0, unsafe.stderr);
    const summary = JSON.parse(await Deno.readTextFile(join(out, "latest_summary.json")));
    assert.equal(summary.attempts[0].outcome, "passed");
    assert.equal(summary.settings.unsafe_no_sandbox, true);
  });
});
