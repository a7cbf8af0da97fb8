// --install-deps: a Python task's requirements.txt is installed in a separate networked
// sandbox and the grading sandbox (still without network) imports it; without a reachable
// package index the flag is refused in one line before anything runs.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

const CATALOG = fileURLToPath(new URL("./fixtures/deps_catalog", import.meta.url));
const args = (out: string) => [
  "bench",
  "--tasks-dir",
  CATALOG,
  "--output-dir",
  out,
  "--task",
  "fx_deps",
  "--models",
  "reference",
];

describe("--install-deps", SLOW_SUITE, () => {
  it("is refused in one line when the package index is unreachable", async () => {
    const out = await Deno.makeTempDir();
    const r = await runCli([...args(out), "--install-deps"], {
      ...Deno.env.toObject(),
      PIP_INDEX_URL: "http://127.0.0.1:9/simple",
      PIP_FIND_LINKS: "",
      PIP_DEFAULT_TIMEOUT: "2",
      PIP_RETRIES: "0",
    });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^error: --install-deps needs network access to the Python package index/m,
    );
    await assert.rejects(Deno.stat(join(out, "latest_summary.json")));
  });

  it("installs requirements.txt so the tests can import it; without it they cannot", async () => {
    const out = await Deno.makeTempDir();
    const without = await runCli(args(out));
    assert.equal(without.code, 0, without.stderr);
    const first = JSON.parse(await Deno.readTextFile(join(out, "latest_summary.json")));
    // six is missing (build_error) or another version (failed) on the host's Python.
    assert.ok(["build_error", "failed"].includes(first.attempts[0].outcome));

    const withDeps = await runCli([...args(out), "--install-deps"]);
    assert.equal(withDeps.code, 0, withDeps.stderr);
    const second = JSON.parse(await Deno.readTextFile(join(out, "latest_summary.json")));
    assert.equal(second.attempts[0].outcome, "passed");
    assert.equal(second.attempts[0].tests_total, 2);
  });
});
